/**
 * Chromium and Firefox call each other through the UI, in both roles: invite and reply pasted,
 * video both ways, names, chat and files both ways, Leave call. Then the case Firefox makes
 * special: a guest with no camera (or one that refused it) whose host addresses stay hidden
 * behind mDNS names.
 *
 * Chromium via playwright-core, Firefox ESR via puppeteer-core over WebDriver BiDi; both against
 * the production build that the e2e global setup serves on loopback.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeSignal } from '../../src/codec/index'
import { type AppPage, type BrowserKind, launchChromium, launchFirefox } from './driver'
import { APP_URL } from './env'
import { pagesClosedAfterEachTest } from './lifecycle'
import { liveCaptureTracks, localSdp, markSpan, selectedPair } from './probes'
import {
  alertText,
  connectWithReply,
  expectMessage,
  expectNotice,
  expectTransferCard,
  expectVideoAdvancing,
  hasVideoOf,
  joinWithCode,
  savedFileSha256,
  sawProgressbar,
  sendChat,
  startCall,
  waitFor,
  watchProgressbar,
} from './steps'

let chromium: PlaywrightBrowser
let firefox: PuppeteerBrowser
/** Firefoxes with no camera or microphone, and with access to them refused: launched at the
 *  start, while the first tests run, and awaited by the tests that use them. */
let noDevices: Promise<PuppeteerBrowser>
let denying: Promise<PuppeteerBrowser>
let scratch: string

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tatap-firefox-'))
  noDevices = launchFirefox({ media: 'none' })
  denying = launchFirefox({ media: 'denied' })
  // A launch that fails is reported by the test that awaits it.
  for (const launch of [noDevices, denying]) launch.catch(() => undefined)
  ;[chromium, firefox] = await Promise.all([launchChromium(), launchFirefox()])
})

afterAll(async () => {
  const others = [noDevices, denying].map((launch) =>
    launch?.then((browser) => browser.close()).catch(() => undefined),
  )
  await Promise.all([chromium?.close(), firefox?.close(), ...others])
  rmSync(scratch, { recursive: true, force: true })
})

/** Every test's pages, closed after it. */
const openPage = pagesClosedAfterEachTest()

function browserOf(kind: BrowserKind) {
  return kind === 'Firefox' ? firefox : chromium
}

/** The ICE and DTLS lines of an SDP, wherever they sit (session or media level). */
function credentials(sdp: string) {
  const line = (name: string) => new RegExp(`^a=${name}:(.+)$`, 'm').exec(sdp)?.[1]?.trim()
  return {
    ufrag: line('ice-ufrag'),
    pwd: line('ice-pwd'),
    fingerprint: line('fingerprint')?.toLowerCase(),
  }
}

/**
 * Firefox's own SDP has the traits the codec must handle (docs/testing.md) — fingerprint at session
 * level, `UDP` in caps, hex credentials, mDNS host names — and the code carried them unchanged.
 */
function expectFirefoxSdpCarried(firefoxSdp: string, code: string): void {
  const sessionPart = firefoxSdp.slice(0, firefoxSdp.indexOf('\nm='))
  expect(sessionPart).toMatch(/^a=fingerprint:sha-256 [0-9A-F:]+\r?$/m)
  expect(firefoxSdp).toMatch(/^a=candidate:\S+ 1 UDP \d+ \S+ \d+ typ host/m)
  const own = credentials(firefoxSdp)
  expect(own.ufrag).toMatch(/^[0-9a-f]{8}$/)
  expect(own.pwd).toMatch(/^[0-9a-f]{32}$/)
  expect(credentials(decodeSignal(code).sdp)).toEqual(own)
}

/** Host candidates in a code: how many are mDNS names and how many addresses. */
function hostCandidates(code: string): { mdns: number; addresses: number } {
  const hosts = decodeSignal(code)
    .sdp.split(/\r?\n/)
    .filter((l) => l.startsWith('a=candidate') && / typ host/.test(l))
  const mdns = hosts.filter((l) => /\.local /.test(l)).length
  return { mdns, addresses: hosts.length - mdns }
}

function expectNoErrorsOrForeignRequests(...pages: AppPage[]): void {
  for (const page of pages) {
    expect(page.errors.join('\n'), `${page.kind} errors`).toBe('')
    for (const url of page.requests) {
      expect(/^(data|blob):/.test(url) || url.startsWith(APP_URL), url).toBe(true)
    }
  }
}

function randomFile(name: string): { path: string; sha256: string } {
  const bytes = randomBytes(2 * 1024 * 1024)
  const path = join(scratch, name)
  writeFileSync(path, bytes)
  return { path, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/**
 * `from` sends a file through Send file; `to` accepts it and saves exactly those bytes; both
 * cards name the other side and both showed progress.
 */
async function sendFileAcross(
  [from, fromName]: [AppPage, string],
  [to, toName]: [AppPage, string],
): Promise<void> {
  const name = `from-${from.kind.toLowerCase()}-${randomBytes(3).toString('hex')}.bin`
  const file = randomFile(name)
  await Promise.all([watchProgressbar(from, name), watchProgressbar(to, name)])
  await from.chooseFiles('Send file', [file.path])
  await to.click('button', `Accept ${name}`)
  await to.waitFor('link', `Save ${name}`, 'visible', 30_000)
  expect(await savedFileSha256(to, name)).toBe(file.sha256)
  await from.waitFor('button', `Cancel ${name}`, 'gone')
  await expectTransferCard(from, name, [`To ${toName}:`, 'Sent and verified'])
  await expectTransferCard(to, name, [`From ${fromName}:`, 'Received and verified'])
  expect(await sawProgressbar(from, name)).toBe(true)
  expect(await sawProgressbar(to, name)).toBe(true)
}

describe.each([
  { hostKind: 'Chromium', guestKind: 'Firefox' },
  { hostKind: 'Firefox', guestKind: 'Chromium' },
] as const)('$hostKind host ⇄ $guestKind guest, through the UI', ({ hostKind, guestKind }) => {
  it('pasted codes, video both ways with names, chat and a 2 MB file each way, Leave call', async () => {
    const [host, guest] = await Promise.all([
      openPage(browserOf(hostKind)),
      openPage(browserOf(guestKind)),
    ])
    // Connects by pasted codes; Firefox's own SDP went through the code intact.
    const invite = await startCall(host, 'Hana')
    expect(invite.startsWith(APP_URL)).toBe(true)
    const reply = await joinWithCode(guest, 'Gita', invite)
    const [firefoxSide, firefoxCode] = hostKind === 'Firefox' ? [host, invite] : [guest, reply]
    expectFirefoxSdpCarried(await localSdp(firefoxSide), firefoxCode)
    await connectWithReply(host, reply)
    await Promise.all([host.waitFor('button', 'Leave call'), guest.waitFor('button', 'Leave call')])
    // The labels carry the names each side said in its hello.
    await Promise.all([expectVideoAdvancing(host, 'Gita'), expectVideoAdvancing(guest, 'Hana')])
    console.log(
      `[firefox.test] ${hostKind} host ⇄ ${guestKind} guest: Firefox host candidates in its code`,
      hostCandidates(firefoxCode),
      '; pair at host',
      await selectedPair(host),
    )

    // Chat both ways; each message shows who wrote it.
    await sendChat(host, `Halo from ${hostKind}`)
    await expectMessage(guest, `Halo from ${hostKind}`)
    await sendChat(guest, `Hi back from ${guestKind} 👋`)
    await expectMessage(host, `Hi back from ${guestKind} 👋`)
    expect(await host.text('log', 'Messages')).toContain('Gita')
    expect(await guest.text('log', 'Messages')).toContain('Hana')

    // A random 2 MB file each way arrives with the same SHA-256.
    await sendFileAcross([host, 'Hana'], [guest, 'Gita'])
    await sendFileAcross([guest, 'Gita'], [host, 'Hana'])

    // Leave call ends it for both and releases the camera: the guest leaves in one pairing,
    // the host in the other.
    const [leaver, stayer, leaverName] =
      hostKind === 'Chromium' ? [guest, host, 'Gita'] : [host, guest, 'Hana']
    await leaver.click('button', 'Leave call')
    await leaver.waitFor('button', 'Start a call')
    await expectNotice(stayer, `${leaverName} left the call`)
    await stayer.waitFor('button', 'Start a call')
    for (const page of [host, guest]) {
      await waitFor(
        () => liveCaptureTracks(page),
        (n) => n === 0,
        5_000,
      )
    }
    expectNoErrorsOrForeignRequests(host, guest)
  }, 180_000)
})

/**
 * Firefox shows mDNS names instead of its addresses until camera permission is granted, and a
 * guest without a camera never grants it. Measured here: Chromium does not resolve Firefox's
 * names, yet the call connects, because Firefox's connectivity checks reach the host and Chromium
 * learns Firefox's real address from them (a peer-reflexive candidate).
 */
describe('a receive-only Firefox guest, its addresses hidden behind mDNS names', () => {
  /** Guest joins receive-only, is told why, and the host's video reaches it. */
  async function receiveOnlyCall(guestBrowser: PuppeteerBrowser, told: string, label: string) {
    const host = await openPage(chromium)
    const guest = await openPage(guestBrowser)
    const invite = await startCall(host, 'Hana')
    const reply = await joinWithCode(guest, 'Gita', invite)
    expect(await alertText(guest)).toContain(told)
    // No address of Firefox's own in its reply: mDNS names only.
    const hidden = hostCandidates(reply)
    expect(hidden.addresses).toBe(0)
    expect(hidden.mdns).toBeGreaterThan(0)

    await connectWithReply(host, reply)
    await expectVideoAdvancing(guest, 'Hana')
    await waitFor(
      () => hasVideoOf(host, 'Gita'),
      (shown) => shown,
      10_000,
    )
    const pairs = { atHost: await selectedPair(host), atGuest: await selectedPair(guest) }
    const openMs = await markSpan(host, 'reply-accepted', 'channel-open')
    console.log(
      `[firefox.test] ${label}: channel open ${openMs.toFixed(0)} ms after Connect; pairs`,
      pairs,
    )
    expect(pairs.atHost?.remote).toMatch(/^prflx /)

    await guest.click('button', 'Leave call')
    await expectNotice(host, 'Gita left the call')
    expect(host.errors).toEqual([])
  }

  it('with no camera or microphone: connects to a Chromium host and is told why', async () => {
    await receiveOnlyCall(await noDevices, 'No camera or microphone was found', 'no devices')
  })

  it('with camera access refused: connects to a Chromium host and is told why', async () => {
    await receiveOnlyCall(await denying, 'blocked', 'access refused')
  })

  it('with a Chromium host that has no camera either: only mDNS names, still connects', async () => {
    // Both sides hide: here Firefox resolves Chromium's name (multicast DNS on this network) and
    // Chromium again learns Firefox's address from its checks.
    const hostBrowser = await launchChromium({ noFakeDevices: true, denyPermissions: true })
    const host = await openPage(hostBrowser, { allowMedia: false })
    const guest = await openPage(await noDevices)
    try {
      const invite = await startCall(host, 'Hana')
      expect(hostCandidates(invite).addresses).toBe(0)
      const reply = await joinWithCode(guest, 'Gita', invite)
      expect(hostCandidates(reply).addresses).toBe(0)
      await connectWithReply(host, reply)
      await Promise.all([
        host.waitFor('button', 'Leave call'),
        guest.waitFor('button', 'Leave call'),
      ])
      await sendChat(guest, 'Can you read me?')
      await expectMessage(host, 'Can you read me?')
      console.log('[firefox.test] both hidden: pairs', {
        atHost: await selectedPair(host),
        atGuest: await selectedPair(guest),
      })
      await host.click('button', 'Leave call')
      await expectNotice(guest, 'Hana left the call')
    } finally {
      await hostBrowser.close()
    }
  })
})
