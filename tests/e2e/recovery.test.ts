/**
 * A call survives the network going away: two Chromiums in their own network namespaces
 * (netns.ts). A link taken down for 10 and 25 s comes back by itself, nothing scanned again
 * (40 s outages came back the same way; the test keeps CI short).
 * A phone that moves to another address (its old one gone) comes back through Reconnect: one
 * new code exchange, and the same call — video, names, chat typed meanwhile — carries on; so does
 * a file transfer, even after a minute without any path, and a call with the terminal peer
 * (werift), which prints its reconnect code and takes the reply as a pasted line.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LINK_LINE, type PeerProcess, spawnPeer } from '../../src/cli/testing/spawn-peer'
import { auditScreen } from './audit'
import { type AppPage, launchChromium, openPage, type PageOptions } from './driver'
import { NETNS_APP_PORT } from './env'
import { smallCameraFile } from './fake-camera'
import { randomFile } from './files'
import { type TwoHosts, twoHosts } from './netns'
import {
  connectWithReply,
  expectMessage,
  expectNotice,
  expectTransferCard,
  expectVideoAdvancing,
  inviteFromCall,
  joinWithCode,
  messageCount,
  notices,
  savedFileSha256,
  sendChat,
  startCall,
  tap,
  transferCards,
} from './steps'
import { waitFor } from './wait'

/** The call screen's banner while the other side's connection is down (by name: Budi's). */
const INTERRUPTED = '’s connection dropped — waiting to reconnect…'
/** Once ICE gives up on the old path (16–18 s here, sooner under load), the notice says so. */
const PATH_LOST = 'The network between you and Budi changed.'
/** A reconnect link as the terminal peer prints it (its reply). */
const RECONNECT_LINE = /^(https?:\/\/\S+\?reconnect#\S+)$/m

/** Served on every address of this machine, so both namespaces reach it through their link. */
const PORT = NETNS_APP_PORT

describe('the network drops mid-call', { timeout: 240_000 }, () => {
  let net: TwoHosts
  let server: Awaited<ReturnType<typeof preview>>
  const browsers: Browser[] = []
  const terminals: PeerProcess[] = []
  const dir = mkdtempSync(join(tmpdir(), 'tatap-recovery-'))

  beforeAll(async () => {
    net = twoHosts()
    server = await preview({
      preview: { port: PORT, strictPort: true, host: '0.0.0.0', open: false },
      logLevel: 'warn',
    })
  })

  // Each test's browsers go when it ends: calls left running would slow the next test down
  // (two cores; three Chromiums with video are already a load).
  afterEach(async () => {
    // A test that failed mid-outage leaves no link down for the next one.
    net?.a.linkUp()
    net?.b.linkUp()
    for (const terminal of terminals.splice(0)) terminal.kill()
    await Promise.all(browsers.splice(0).map((b) => b.close()))
  })

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()))
    await server?.close()
    net?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Each move (a retry too) goes to an address of its own: the namespaces live for the file,
   *  and moving to the address a host already has changes nothing. */
  let lastHost = 8
  const newAddressForB = () => `${net.b.subnet}.${++lastHost}`

  async function pageOn(host: TwoHosts['a'], options: PageOptions = {}): Promise<AppPage> {
    const origin = `http://${host.gateway}:${PORT}`
    // The app comes over plain http from a non-loopback address here: let it use the camera.
    const browser = await launchChromium({
      executable: host.chromium,
      args: [`--unsafely-treat-insecure-origin-as-secure=${origin}`],
      fakeVideoFile: smallCameraFile(),
    })
    browsers.push(browser)
    return openPage(browser, options)
  }

  /** How much of `file` the page has received, in percent (its progress bar's value). */
  async function receivedPercent(page: AppPage, file: string): Promise<number> {
    return Number(await page.attribute('progressbar', file, 'value'))
  }

  /** Waits until the page says the connection is interrupted, or that the path was lost. */
  function expectTrouble(page: AppPage): Promise<void> {
    return waitFor(
      () => notices(page),
      (shown) => shown.includes(INTERRUPTED) || shown.includes(PATH_LOST),
      15_000,
    ).then(() => undefined)
  }

  /**
   * Reconnect as two people do it: the offerer of their connection shows the reconnect code,
   * the other (a phone, tapping) pastes it and shows a reply, the offerer pastes that. Returns
   * when the reply was applied.
   */
  async function reconnectByCodes(
    shows: AppPage,
    showsName: string,
    phone: AppPage,
    phoneName: string,
    /** Runs while the phone shows its reply (e.g. an audit of that screen). */
    whileReplyShown: () => Promise<void> = async () => {},
  ): Promise<number> {
    await shows.click('button', `Reconnect with ${phoneName}`)
    await shows.waitFor('textbox', 'Reconnect code', 'visible', 15_000)
    const code = await shows.readOnlyValue('Reconnect code')
    expect(code).toMatch(/[?&]reconnect#/)
    await tap(phone, `Reconnect with ${showsName}`)
    await phone.fill('Reconnect code', code)
    await tap(phone, 'Continue call')
    await phone.waitFor('textbox', 'Reply code', 'visible', 15_000)
    await whileReplyShown()
    await shows.fill('Reply code', await phone.readOnlyValue('Reply code'))
    const applied = Date.now()
    await shows.click('button', 'Continue call')
    return applied
  }

  it('10 and 25 s outages (past ICE giving up at 16–18 s): the call comes back by itself, with what was typed meanwhile', async () => {
    const [ana, budi] = await Promise.all([pageOn(net.a), pageOn(net.b)])
    const invite = await startCall(ana, 'Ana', `http://${net.a.gateway}:${PORT}/?lan`)
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    await connectWithReply(ana, reply)
    await expectVideoAdvancing(ana, 'Budi')
    await expectVideoAdvancing(budi, 'Ana')

    for (const seconds of [10, 25]) {
      net.a.linkDown()
      await expectTrouble(ana)
      const text = `typed during a ${seconds} s outage`
      await sendChat(budi, text)
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
      net.a.linkUp()
      await expectVideoAdvancing(ana, 'Budi')
      await expectVideoAdvancing(budi, 'Ana')
      await expectMessage(ana, text)
      expect(await messageCount(ana, text)).toBe(1)
      // Nothing left to do for anyone: no notice of trouble, no Reconnect.
      await expectNotice(ana, INTERRUPTED, true)
      await expectNotice(ana, PATH_LOST, true, 30_000)
      expect(await budi.isVisible('button', 'Reconnect with Ana')).toBe(false)
    }
    expect(ana.errors).toEqual([])
    expect(budi.errors).toEqual([])
  })

  it('a phone moves to another network: Reconnect, one new code exchange, and the same call carries on', async () => {
    const [ana, budi] = await Promise.all([pageOn(net.a), pageOn(net.b, { viewport: 'phone' })])
    const invite = await startCall(ana, 'Ana', `http://${net.a.gateway}:${PORT}/?lan`)
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    await connectWithReply(ana, reply)
    await expectVideoAdvancing(ana, 'Budi')
    await expectVideoAdvancing(budi, 'Ana')

    // Budi's phone walks to another network: its old address is gone for good.
    net.b.moveTo(newAddressForB())
    const text = 'typed on the new network'
    await sendChat(budi, text, tap)
    // ICE gives up on the old path (16–18 s here); both sides then offer Reconnect.
    await ana.waitFor('button', 'Reconnect with Budi', 'visible', 45_000)
    await budi.waitFor('button', 'Reconnect with Ana', 'visible', 45_000)
    // What the phone shows meanwhile is usable by everyone: the notice, then the reply step.
    const audits = [await auditScreen(budi, 'path lost')]
    const applied = await reconnectByCodes(ana, 'Ana', budi, 'Budi', async () => {
      audits.push(await auditScreen(budi, 'reconnect reply'))
    })
    expect(
      audits.flatMap((a) => [
        ...a.violations.map((v) => `${a.screen} [${v.scheme}] ${v.rule}: ${v.targets.join(' | ')}`),
        ...a.smallTargets.map((t) => `${a.screen} target under 44×44: ${t}`),
      ]),
    ).toEqual([])
    await expectNotice(ana, 'Reconnected with Budi.')
    await expectNotice(budi, 'Reconnected with Ana.')
    await expectVideoAdvancing(ana, 'Budi')
    await expectVideoAdvancing(budi, 'Ana')
    console.log(`reconnect: video both ways ${Date.now() - applied} ms after the reply was applied`)
    await expectMessage(ana, text)
    expect(await messageCount(ana, text)).toBe(1)
    expect(await ana.isVisible('button', 'Reconnect with Budi')).toBe(false)
    expect(ana.errors).toEqual([])
    expect(budi.errors).toEqual([])
  })

  it('a minute without a path, then Reconnect: a 50 MiB file carries on from where it stopped and verifies', async () => {
    const [ana, budi] = await Promise.all([pageOn(net.a), pageOn(net.b, { viewport: 'phone' })])
    const invite = await startCall(ana, 'Ana', `http://${net.a.gateway}:${PORT}/?lan`)
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    await connectWithReply(ana, reply)
    await expectVideoAdvancing(budi, 'Ana')

    const file = randomFile(dir, 'across-reconnect', 50)
    await ana.chooseFiles('Send file', [file.path])
    await budi.waitFor('button', `Accept ${file.name}`, 'visible', 15_000)
    await tap(budi, `Accept ${file.name}`)
    const received = () => receivedPercent(budi, file.name)
    await waitFor(received, (percent) => percent >= 10, 60_000)

    net.b.moveTo(newAddressForB())
    const moved = Date.now()
    await ana.waitFor('button', 'Reconnect with Budi', 'visible', 45_000)
    // What Budi had received when the path went (nothing arrives on the old one any more).
    const before = await received()
    expect(before).toBeLessThan(100)
    // The people take a minute to notice and find each other's codes.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, moved + 60_000 - Date.now())))
    expect(await received()).toBe(before)
    expect(await ana.isVisible('button', 'Reconnect with Budi')).toBe(true)

    const applied = await reconnectByCodes(ana, 'Ana', budi, 'Budi')
    await expectNotice(ana, 'Reconnected with Budi.')
    // The same transfer goes on from where it was: its bar moves on from `before`, never back.
    const after = await waitFor(received, (percent) => percent > before, 60_000)
    expect(after).toBeGreaterThan(before)
    await expectTransferCard(ana, file.name, ['To Budi:', 'Sent and verified'], 120_000)
    await budi.waitFor('link', `Save ${file.name}`, 'visible', 30_000)
    console.log(
      `reconnect: transfer at ${before} % when the path went, ${after} % next, verified ${Date.now() - applied} ms after the reply was applied`,
    )
    expect(await savedFileSha256(budi, file.name)).toBe(file.sha)
    expect(await transferCards(budi, file.name)).toHaveLength(1)
    expect(ana.errors).toEqual([])
    expect(budi.errors).toEqual([])
  })

  it('a phone in a call with a terminal peer moves: the terminal prints a reconnect code, takes the reply, and the same chat carries on', async () => {
    const tono = spawnPeer(
      ['chat', '--host', '--name', 'Tono', '--app', `http://${net.a.gateway}:${PORT}/`],
      dir,
      { netns: net.a.name },
    )
    terminals.push(tono)
    const invite = (await tono.waitFor(LINK_LINE, 60_000))[1] ?? ''
    const budi = await pageOn(net.b, { viewport: 'phone' })
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    tono.writeLine(reply)
    await tono.waitFor(/^Connected to Budi$/m, 30_000)
    await budi.waitFor('button', 'Leave call', 'visible', 30_000)

    net.b.moveTo(newAddressForB())
    const moved = Date.now()
    await sendChat(budi, 'typed on the new network', tap)
    const code = (await tono.waitFor(RECONNECT_LINE, 90_000))[1] ?? ''
    console.log(
      `reconnect: the terminal printed its reconnect code ${Date.now() - moved} ms after the phone moved`,
    )
    await tap(budi, 'Reconnect with Tono')
    await budi.fill('Reconnect code', code)
    await tap(budi, 'Continue call')
    await budi.waitFor('textbox', 'Reply code', 'visible', 15_000)
    const applied = Date.now()
    tono.writeLine(await budi.readOnlyValue('Reply code'))
    await tono.waitFor(/^Reconnected with Budi\.$/m, 30_000)
    await expectNotice(budi, 'Reconnected with Tono.')
    await tono.waitFor(/^\[\d\d:\d\d\] Budi: typed on the new network$/m, 30_000)
    console.log(
      `reconnect: the phone's chat reached the terminal ${Date.now() - applied} ms after the reply was pasted`,
    )
    expect(tono.stdout().split('Budi: typed on the new network').length).toBe(2)
    tono.writeLine('welcome back')
    await expectMessage(budi, 'welcome back', tap, 30_000)
    expect(budi.errors).toEqual([])
  })

  it('in a room, the one who moved reconnects with one person; the room brings back the rest', async () => {
    const [ana, budi] = await Promise.all([pageOn(net.a), pageOn(net.b, { viewport: 'phone' })])
    // Citra stays on this machine's own network, which reaches both namespaces.
    const citraBrowser = await launchChromium({
      args: [`--unsafely-treat-insecure-origin-as-secure=http://${net.a.gateway}:${PORT}`],
      fakeVideoFile: smallCameraFile(),
    })
    browsers.push(citraBrowser)
    const citra = await openPage(citraBrowser)
    const invite = await startCall(ana, 'Ana', `http://${net.a.gateway}:${PORT}/?lan`)
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    await connectWithReply(ana, reply)
    await budi.waitFor('button', 'Leave call', 'visible', 60_000)
    await ana.waitFor('button', 'Leave call', 'visible', 60_000)
    const second = await inviteFromCall(ana)
    const citraReply = await joinWithCode(
      citra,
      'Citra',
      second,
      `http://${net.a.gateway}:${PORT}/?lan`,
    )
    await connectWithReply(ana, citraReply)
    await expectVideoAdvancing(budi, 'Citra')
    await expectVideoAdvancing(citra, 'Budi')

    net.b.moveTo(newAddressForB())
    const moved = Date.now()
    await ana.waitFor('button', 'Reconnect with Budi', 'visible', 90_000)
    console.log(`room: Ana offered Reconnect ${Date.now() - moved} ms after Budi moved`)
    // Only Ana and Budi exchange codes; Citra does nothing (her path to Budi fails too, or
    // may come back by itself: Budi's checks from the new address reach her).
    const applied = await reconnectByCodes(ana, 'Ana', budi, 'Budi')
    await expectNotice(ana, 'Reconnected with Budi.')
    // Chat first: it needs the Budi–Citra connection back, not the video's bitrate to recover.
    const text = 'through the room'
    await sendChat(citra, text)
    await expectMessage(budi, text, tap, 30_000)
    console.log(
      `room: Budi–Citra chat back ${Date.now() - applied} ms after Ana applied Budi's reply`,
    )
    expect(await messageCount(budi, text)).toBe(1)
    // Video after a long outage restarts from the lowest bitrate (measured 4–35 s here).
    await expectVideoAdvancing(budi, 'Citra', 60_000)
    await expectVideoAdvancing(citra, 'Budi', 60_000)
    console.log(
      `room: Budi–Citra video back ${Date.now() - applied} ms after Ana applied Budi's reply`,
    )
    expect(await citra.isVisible('button', 'Reconnect with Budi')).toBe(false)
    expect(await budi.isVisible('button', 'Reconnect with Citra')).toBe(false)
    for (const page of [ana, budi, citra]) expect(page.errors).toEqual([])
  })
})
