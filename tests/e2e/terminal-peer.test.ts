import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LINK_LINE, type PeerProcess, spawnPeer } from '../../src/cli/testing/spawn-peer'
import { CODE_ALPHABET, encodeSignal } from '../../src/codec'
import { fixture } from '../../src/codec/fixtures'
import { en } from '../../src/i18n/en'
import { type AppPage, launchChromium } from './driver'
import { APP_LAN_URL } from './env'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import {
  connectWithReply,
  expectMessage,
  expectNotice,
  joinWithCode,
  savedFileSha256,
  sawProgressbar,
  sendChat,
  startCall,
  watchProgressbar,
} from './steps'

/**
 * The terminal peer (src/cli, on werift) as a separate process: against itself, against the real
 * app in headless Chromium (through the app's UI), and with bad codes.
 */

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const CHAT_LINE = (name: string, text: string) =>
  new RegExp(`^\\[\\d\\d:\\d\\d\\] ${name}: ${text}$`, 'm')

const dir = mkdtempSync(join(tmpdir(), 'tatap-terminal-'))
const peers: PeerProcess[] = []
const peer = (args: string[], cwd = dir): PeerProcess => {
  const p = spawnPeer(args, cwd)
  peers.push(p)
  return p
}

afterEach(() => {
  for (const p of peers.splice(0)) p.kill()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const openPage = pagesClosedAfterEachTest()

/** A fresh folder of its own (a retry gets another one). */
function folder(name: string): string {
  return mkdtempSync(join(dir, `${name}-`))
}

/** A file of random bytes in `where`; returns its contents. */
function randomFile(where: string, name: string, size: number): Buffer {
  const data = randomBytes(size)
  writeFileSync(join(where, name), data)
  return data
}

describe('terminal peer ⇄ terminal peer', () => {
  it('a random 5 MB file each way with matching SHA-256, and a chat line each way', async () => {
    const a = folder('ana')
    const b = folder('budi')
    const fromAna = randomFile(a, 'from-ana.bin', 5_000_000)
    const fromBudi = randomFile(b, 'from-budi.bin', 5_000_000)
    const host = peer(['send', 'from-ana.bin', '--host', '--name', 'Ana', '--app', APP_LAN_URL], a)
    const invite = (await host.waitFor(LINK_LINE))[1] as string
    const guest = peer(['send', 'from-budi.bin', '--name', 'Budi', '--invite', invite], b)
    const reply = (await guest.waitFor(LINK_LINE))[1] as string
    host.writeLine(reply)
    await host.waitFor(/^Connected to Budi$/m)
    await guest.waitFor(/^Connected to Ana$/m)
    host.writeLine('Halo Budi, dari Ana')
    guest.writeLine('Halo Ana — dari Budi')
    await guest.waitFor(CHAT_LINE('Ana', 'Halo Budi, dari Ana'))
    await host.waitFor(CHAT_LINE('Budi', 'Halo Ana — dari Budi'))
    expect(await host.exited).toBe(0)
    expect(await guest.exited).toBe(0)
    expect(host.stdout()).toMatch(/^Sent from-ana\.bin .*Budi verified it \(SHA-256\)$/m)
    expect(guest.stdout()).toMatch(/^Received from-ana\.bin .*SHA-256 verified, saved as /m)
    expect(sha256(readFileSync(join(b, 'from-ana.bin')))).toBe(sha256(fromAna))
    expect(sha256(readFileSync(join(a, 'from-budi.bin')))).toBe(sha256(fromBudi))
  }, 120_000)
})

describe('terminal peer ⇄ terminal peer, leaving', () => {
  it('Ctrl+C says bye: the other side prints "NAME left" and exits 0', async () => {
    const host = peer(['chat', '--host', '--name', 'Ana'])
    const guest = peer([
      'receive',
      '--name',
      'Budi',
      '--invite',
      (await host.waitFor(LINK_LINE))[1] as string,
    ])
    host.writeLine((await guest.waitFor(LINK_LINE))[1] as string)
    await guest.waitFor(/^Connected to Ana$/m)
    await host.waitFor(/^Connected to Budi$/m)
    guest.interrupt()
    await host.waitFor(/^Budi left$/m)
    expect(await host.exited).toBe(0)
    // The npx wrapper gets the SIGINT too and ends by that signal (null); the peer said it left.
    expect([130, null]).toContain(await guest.exited)
    expect(guest.stdout()).toMatch(/^Leaving…$/m)
  }, 60_000)
})

describe('terminal peer as guest of the real app in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** The browser hosts; the terminal joins with the invite link; the host pastes the reply. */
  async function joinCall(
    name: string,
    args: string[],
    cwd: string,
  ): Promise<[AppPage, PeerProcess]> {
    const page = await openPage(browser)
    const invite = await startCall(page, name)
    const terminal = peer([...args, '--invite', invite, '--app', APP_LAN_URL], cwd)
    const reply = (await terminal.waitFor(LINK_LINE))[1] as string
    await connectWithReply(page, reply)
    await terminal.waitFor(new RegExp(`^Connected to ${name}$`, 'm'))
    await page.waitFor('button', 'Leave call')
    return [page, terminal]
  }

  it('the host leaving the call ends the terminal peer with "NAME left", exit 0', async () => {
    const [page, terminal] = await joinCall('Hana', ['receive', '--name', 'Tono'], folder('left'))
    await page.click('button', 'Leave call')
    await terminal.waitFor(/^Hana left$/m)
    expect(await terminal.exited).toBe(0)
  }, 60_000)

  it('chat and a file each way through the app UI, with matching SHA-256', async () => {
    const work = folder('browser')
    const toBrowser = randomFile(work, 't2b.bin', 3_000_000)
    const toTerminal = randomFile(work, 'b2t.bin', 3_000_000)
    const inbox = folder('inbox')
    const [page, terminal] = await joinCall(
      'Hana',
      ['send', 't2b.bin', '--ask', '--name', 'Tono', '--dir', inbox],
      work,
    )

    await sendChat(page, 'Halo Tono!')
    await terminal.waitFor(CHAT_LINE('Hana', 'Halo Tono!'))
    terminal.writeLine('Halo Hana, dari terminal')
    await expectMessage(page, 'Halo Hana, dari terminal')
    expect(await page.text('log', 'Messages')).toContain('Tono')

    // Browser → terminal, offered now and answered last: `send` leaves once its own files are
    // verified and nothing incoming is open, and the app drops its Save links when the peer leaves.
    await page.chooseFiles('Send file', [join(work, 'b2t.bin')])
    await terminal.waitFor(/^Accept b2t\.bin \(3\.0 MB\)\? \[y\/n\]$/m, 20_000)

    // Terminal → browser: its offer waits for Accept in the app; then the app's Save link.
    await watchProgressbar(page, 't2b.bin')
    await page.click('button', 'Accept t2b.bin')
    await page.waitFor('link', 'Save t2b.bin', 'visible', 60_000)
    expect(await sawProgressbar(page, 't2b.bin')).toBe(true)
    expect(await savedFileSha256(page, 't2b.bin')).toBe(sha256(toBrowser))
    await terminal.waitFor(/^Sent t2b\.bin .*Hana verified it \(SHA-256\)$/m)

    terminal.writeLine('y')
    await terminal.waitFor(/^Received b2t\.bin .*SHA-256 verified, saved as /m, 60_000)
    expect(sha256(readFileSync(join(inbox, 'b2t.bin')))).toBe(sha256(toTerminal))

    // Everything delivered both ways: the terminal peer says bye and exits 0; the app says so.
    expect(await terminal.exited).toBe(0)
    await expectNotice(page, en.leftTheCall('Tono'))
  }, 120_000)
})

describe('terminal peer as host of the real app in Chromium', () => {
  it('the app joins with the printed invite; chat both ways; input ending says bye', async () => {
    const browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
    try {
      const terminal = peer(['chat', '--host', '--name', 'Tono', '--app', APP_LAN_URL])
      const invite = (await terminal.waitFor(LINK_LINE))[1] as string
      const page = await openPage(browser)
      terminal.writeLine(await joinWithCode(page, 'Gita', invite))
      await terminal.waitFor(/^Connected to Gita$/m)
      terminal.writeLine('Selamat datang, Gita')
      await expectMessage(page, 'Selamat datang, Gita')
      await sendChat(page, 'Terima kasih')
      await terminal.waitFor(CHAT_LINE('Gita', 'Terima kasih'))
      terminal.endInput()
      expect(await terminal.exited).toBe(0)
      await expectNotice(page, en.leftTheCall('Tono'))
    } finally {
      await browser.close()
    }
  }, 60_000)
})

describe('terminal peer and bad codes', () => {
  const offer = encodeSignal({ type: 'offer', sdp: fixture('chromiumDcOffer').sdp })
  const damaged = (() => {
    const i = 40
    const next = CODE_ALPHABET.indexOf(offer.charAt(i)) + 1
    return (
      offer.slice(0, i) + CODE_ALPHABET.charAt(next % CODE_ALPHABET.length) + offer.slice(i + 1)
    )
  })()
  const answer = encodeSignal({ type: 'answer', sdp: fixture('chromiumDcAnswer').sdp })

  /** The sentence on stderr, exit code 2, and nothing that looks like a stack trace. */
  async function expectRefusal(p: PeerProcess, sentence: string): Promise<void> {
    expect(await p.exited).toBe(2)
    expect(p.stderr()).toContain(sentence)
    expect(`${p.stdout()}${p.stderr()}`).not.toMatch(/\n\s+at |Error:|CodecError/)
  }

  it('a damaged, a cut-off and a reply-instead-of-invite code: the app’s sentence, exit 2', async () => {
    await Promise.all([
      expectRefusal(peer(['receive', '--invite', damaged]), en.errCorrupted),
      expectRefusal(
        peer(['receive', '--invite', `https://x.test/#${offer.slice(0, -6)}`]),
        en.errTruncated,
      ),
      expectRefusal(peer(['receive', '--invite', answer]), en.errReplyNotInvite),
    ])
  }, 60_000)

  it('as host: pasted junk, and a reply meant for another invite, exit 2', async () => {
    const junk = peer(['receive', '--host'])
    await junk.waitFor(LINK_LINE)
    junk.writeLine('bonjour! ça va?')
    const wrong = peer(['receive', '--host'])
    await wrong.waitFor(LINK_LINE)
    wrong.writeLine(
      encodeSignal(
        { type: 'answer', sdp: fixture('chromiumDcAnswer').sdp },
        { replyTo: { type: 'offer', sdp: fixture('chromiumDcOffer').sdp } },
      ),
    )
    await expectRefusal(junk, en.errNotACode)
    await expectRefusal(wrong, en.errWrongOffer)
  }, 60_000)
})
