/**
 * Rooms in real browsers: five people, one Firefox and one terminal peer among them, each
 * newcomer scanning once — through the first host, or through anyone already in the call.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LINK_LINE, type PeerProcess, spawnPeer } from '../../src/cli/testing/spawn-peer'
import { cameraCaps, ROOM_FRAMERATE } from '../../src/rtc/send-caps'
import { type AppPage, launchChromium, launchFirefox, openPage } from './driver'
import { writeSmallCamera } from './fake-camera'
import {
  bootstrapKinds,
  cameraEncodings,
  decodedVideoFrames,
  firstCameraFramerates,
  markVideos,
  receivedFramerates,
  replacedVideos,
  tileHeightOf,
  trickledCandidates,
} from './probes'
import {
  click,
  connectWithReply,
  expectMessage,
  expectNotice,
  expectVideoAdvancing,
  hasVideoOf,
  inviteFromCall,
  inviteIntoCall,
  joinWithCode,
  messageCount,
  savedFileSha256,
  sendChat,
  startCall,
  tap,
  touchSwipe,
  waitFor,
} from './steps'

/**
 * Four cameras each way keep two cores saturated (load average ~20 measured): what takes a second
 * on a quiet machine may take many here, so the room waits long for what a person would see.
 */
const PATIENT_MS = 60_000

let chromium: PlaywrightBrowser
let firefox: PuppeteerBrowser
let scratch: string
const peers: PeerProcess[] = []
const pages: AppPage[] = []

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tatap-room-'))
  // Every member encodes one copy per other member: a small camera keeps five on two cores.
  const camera = join(scratch, 'camera.y4m')
  writeSmallCamera(camera)
  ;[chromium, firefox] = await Promise.all([
    launchChromium({ fakeVideoFile: camera }),
    launchFirefox({
      prefs: {
        // Its fake camera runs at the default 30 frames a second unless told: 10, as the file.
        'media.navigator.video.default_fps': 10,
        // Firefox hides its addresses behind mDNS names unless the page captures the camera or
        // holds its permission; with the fake camera and no permission prompt it keeps hiding
        // them in a call (measured). The terminal peer (werift) can reach those names only by
        // multicast DNS, which this machine does not carry, and Firefox sends it no checks from
        // hidden addresses (measured): so Citra is a Firefox whose camera was really allowed.
        'media.peerconnection.ice.obfuscate_host_addresses': false,
      },
    }),
  ])
})

/** Each test (and each retry) starts with no call running: pages and peers go after it. */
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.kill()
  await Promise.all(pages.splice(0).map((p) => p.close().catch(() => undefined)))
})

afterAll(async () => {
  await Promise.all([chromium?.close(), firefox?.close()])
  rmSync(scratch, { recursive: true, force: true })
})

/** `viewer` (called `name`) sees `other`'s video advancing; a failure names both. */
async function seesVideoOf(name: string, viewer: AppPage, other: string): Promise<void> {
  await expectVideoAdvancing(viewer, other, PATIENT_MS).catch((err: unknown) => {
    throw new Error(`${name} does not see ${other}: ${String(err)}`)
  })
}

async function page(
  browser: PlaywrightBrowser | PuppeteerBrowser,
  viewport?: 'phone',
): Promise<AppPage> {
  const opened = await openPage(browser, viewport ? { viewport } : {})
  pages.push(opened)
  return opened
}

/** A terminal peer joins through `inviter`'s invite from inside its call. */
async function terminalJoins(
  inviter: AppPage,
  name: string,
  command = 'chat',
): Promise<PeerProcess> {
  const invite = await inviteFromCall(inviter)
  const peer = spawnPeer([command, '--invite', invite, '--name', name, '--dir', scratch])
  peers.push(peer)
  const reply = (await peer.waitFor(LINK_LINE))[1] as string
  await connectWithReply(inviter, reply)
  await peer.waitFor(/^Connected to /m, PATIENT_MS)
  return peer
}

describe('a room of five, each newcomer scanning once', { timeout: 300_000 }, () => {
  it('A hosts; B joins A; B invites C (Firefox); A invites D; all see all, chat, a file to everyone; A leaves; E (terminal) joins via C', async () => {
    const [ana, budi, dewi] = [await page(chromium), await page(chromium), await page(chromium)]
    const citra = await page(firefox)
    const reply = await joinWithCode(budi, 'Budi', await startCall(ana, 'Ana'))
    await connectWithReply(ana, reply)
    await budi.waitFor('button', 'Leave call', 'visible', 30_000)
    await inviteIntoCall(budi, citra, 'Citra')
    await inviteIntoCall(ana, dewi, 'Dewi')

    const everyone = { Ana: ana, Budi: budi, Citra: citra, Dewi: dewi }
    // Each of the twelve, watched at the same time (one after the other, the last waited for
    // the eleven before it: 20–25 s of a busy machine).
    await Promise.all(
      Object.entries(everyone).flatMap(([name, viewer]) =>
        Object.keys(everyone)
          .filter((other) => other !== name)
          .map((other) => seesVideoOf(name, viewer, other)),
      ),
    )

    // Dewi's connection to Ana began with codes: a data channel only. Those to Budi and Citra
    // were introduced and carried microphone and camera from their first offer and answer.
    const data = ['application']
    const media = ['application', 'audio', 'video']
    expect((await bootstrapKinds(dewi)).sort()).toEqual([data, media, media])
    // Their first frames already went at the caps of a room of four, not a two-person call's
    // 30 per second: a join is when every device here is busiest (Budi's newest is to Dewi).
    expect((await firstCameraFramerates(dewi)).slice(1)).toEqual([ROOM_FRAMERATE, ROOM_FRAMERATE])
    expect((await firstCameraFramerates(budi)).at(-1)).toBe(ROOM_FRAMERATE)
    // Their offers and answers went before gathering, the candidates after them (Citra's from
    // Firefox); the code carried Ana's in its description.
    const trickled = await trickledCandidates(dewi)
    expect(trickled[0]).toBe(0)
    expect(trickled.slice(1).every((count) => count > 0)).toBe(true)

    // Four people: each camera copy is capped for the room (send-caps.ts), and arrives so.
    const caps = cameraCaps(4)
    for (const sender of [ana, budi, dewi]) {
      const encodings = await cameraEncodings(sender)
      expect(encodings).toHaveLength(3)
      for (const encoding of encodings) {
        expect(encoding.maxBitrate).toBe(caps.maxBitrate)
        expect(encoding.maxFramerate).toBe(ROOM_FRAMERATE)
      }
    }
    // And no copy is larger than the tile its viewer shows it in: each viewer tells each sender,
    // also one whose tile was laid out before the introduced connection existed.
    const senders = [
      ['Ana', ana],
      ['Budi', budi],
      ['Dewi', dewi],
    ] as const
    await Promise.all(
      senders.map(([name, sender]) => {
        const viewers = Object.entries(everyone).filter(([other]) => other !== name)
        const scales = async () => {
          const encodings = await cameraEncodings(sender)
          const sent = encodings.map((e) => e.scaleResolutionDownBy).sort()
          const camera = encodings[0]?.cameraHeight
          const heights = await Promise.all(viewers.map(([, viewer]) => tileHeightOf(viewer, name)))
          const shown = heights
            .map((height) => cameraCaps(4, height, camera).scaleResolutionDownBy)
            .sort()
          return { name, sent, shown }
        }
        return waitFor(scales, ({ sent, shown }) => sent.join() === shown.join(), 10_000)
      }),
    )
    const rates = await receivedFramerates(budi)
    expect(rates.length).toBeGreaterThanOrEqual(2)
    expect(Math.max(...rates)).toBeLessThanOrEqual(ROOM_FRAMERATE + 1)

    // The videos stay the same elements while the room changes around them (someone mutes,
    // a message comes): made again, each would flash black and show nothing for a while.
    const marked = await Promise.all([ana, budi, dewi].map((viewer) => markVideos(viewer)))
    expect(marked.every((count) => count >= 4)).toBe(true)
    await citra.click('button', 'Mute microphone')
    await Promise.all(
      [ana, budi, dewi].map((viewer) =>
        viewer.waitFor('img', 'Citra is muted', 'visible', PATIENT_MS),
      ),
    )

    // A chat from Citra reaches each of the others exactly once.
    await sendChat(citra, 'Halo semua, dari Citra')
    await Promise.all(
      [ana, budi, dewi].map((viewer) =>
        expectMessage(viewer, 'Halo semua, dari Citra', click, PATIENT_MS),
      ),
    )
    const counts = await Promise.all(
      [ana, budi, dewi].map((viewer) => messageCount(viewer, 'Halo semua, dari Citra')),
    )
    expect(counts).toEqual([1, 1, 1])
    for (const viewer of [ana, budi, dewi]) expect(await replacedVideos(viewer)).toEqual([])

    // Pinned, Citra takes Ana's stage, and her tile there follows her: she unmutes, the mark goes.
    await ana.click('button', 'Pin Citra')
    await ana.waitFor('button', 'Unpin Citra')
    const onStage = () =>
      ana.evaluate(
        () => document.querySelector('.member.main video')?.getAttribute('aria-label') ?? '',
        null,
      )
    expect(await onStage()).toBe('Video of Citra')
    await citra.click('button', 'Unmute microphone')
    await ana.waitFor('img', 'Citra is muted', 'gone', PATIENT_MS)
    await ana.click('button', 'Unpin Citra')
    await ana.waitFor('button', 'Pin Citra')
    expect(await onStage()).toBe('')

    // A file from Dewi to everyone, verified at each (it crawls at ~150 kB/s here: kept small).
    const bytes = randomBytes(256 * 1024)
    const path = join(scratch, 'notulen.bin')
    writeFileSync(path, bytes)
    await dewi.chooseFiles('Send file', [path])
    // Each accepts as the offer arrives (one after the other, the second transfer waited for the
    // first: 40 s of the test on a busy machine).
    await Promise.all(
      [ana, budi].map(async (viewer) => {
        await viewer.waitFor('button', 'Accept notulen.bin', 'visible', PATIENT_MS)
        await viewer.click('button', 'Accept notulen.bin')
        await viewer.waitFor('link', 'Save notulen.bin', 'visible', PATIENT_MS)
      }),
    )
    for (const viewer of [ana, budi]) {
      expect(await savedFileSha256(viewer, 'notulen.bin')).toBe(sha256(bytes))
    }

    // Firefox is offered it too and says no; Dewi reads that. Firefox receiving files is covered
    // by firefox.test.ts. Here, with five members' video on two cores, Firefox receiving it failed
    // 4 times in 5: its page's timers ran 0.7–1.9 s late for the whole transfer and all three of
    // its connections dropped (measured with a timer probe in the page).
    await citra.waitFor('button', 'Accept notulen.bin', 'visible', PATIENT_MS)
    await citra.click('button', 'Decline notulen.bin')
    await waitFor(
      () => dewi.evaluate(() => document.body.textContent ?? '', null),
      (text) => text.includes('Declined by the other side'),
      PATIENT_MS,
    )
    // The first host leaves; the others keep each other.
    await ana.click('button', 'Leave call')
    await Promise.all(
      [budi, citra, dewi].map((viewer) =>
        expectNotice(viewer, 'Ana left the call', false, PATIENT_MS),
      ),
    )
    await Promise.all([
      expectVideoAdvancing(budi, 'Citra', PATIENT_MS),
      expectVideoAdvancing(citra, 'Dewi', PATIENT_MS),
      expectVideoAdvancing(dewi, 'Budi', PATIENT_MS),
    ])
    await sendChat(budi, 'Masih di sini')
    await Promise.all([
      expectMessage(citra, 'Masih di sini', click, PATIENT_MS),
      expectMessage(dewi, 'Masih di sini', click, PATIENT_MS),
    ])

    // A terminal peer joins through Citra (Firefox) and is introduced to Budi and Dewi.
    const eko = await terminalJoins(citra, 'Eko')
    await eko.waitFor(/^Connected to Budi$/m, PATIENT_MS)
    await eko.waitFor(/^Connected to Dewi$/m, PATIENT_MS)
    await Promise.all(
      [budi, dewi].map((viewer) => waitFor(() => hasVideoOf(viewer, 'Eko'), Boolean, PATIENT_MS)),
    )
    eko.writeLine('Halo dari terminal')
    await Promise.all(
      [budi, citra, dewi].map((viewer) =>
        expectMessage(viewer, 'Halo dari terminal', click, PATIENT_MS),
      ),
    )
    await sendChat(dewi, 'Selamat datang, Eko')
    await eko.waitFor(/\] Dewi: Selamat datang, Eko$/m, PATIENT_MS)
    for (const p of [budi, citra, dewi]) expect(p.errors).toEqual([])
  })

  it('someone with the camera off when a newcomer is introduced: the newcomer’s camera reaches them, and theirs once turned on', async () => {
    // Budi is on a phone (390×844, touch) and taps.
    const [ana, budi, citra] = [
      await page(chromium),
      await page(chromium, 'phone'),
      await page(chromium),
    ]
    const reply = await joinWithCode(budi, 'Budi', await startCall(ana, 'Ana'), undefined, tap)
    await connectWithReply(ana, reply)
    await budi.waitFor('button', 'Leave call', 'visible', 30_000)
    await tap(budi, 'Turn camera off')
    await inviteIntoCall(ana, citra, 'Citra')
    await seesVideoOf('Budi', budi, 'Citra')
    // Budi–Citra was introduced; who offers follows their random ids. Budi offering: no video
    // m-line, so Citra's camera cannot ride the bootstrap and follows the hello. Budi answering:
    // his video m-line stays receive-only until he turns the camera on.
    const budiOffered = !(await bootstrapKinds(budi))[1]?.includes('video')
    console.log(`camera off: Budi ${budiOffered ? 'offered' : 'answered'} to Citra`)
    await tap(budi, 'Turn camera on')
    await seesVideoOf('Citra', citra, 'Budi')
    await seesVideoOf('Ana', ana, 'Budi')
    for (const p of [ana, budi, citra]) expect(p.errors).toEqual([])
  })

  it('on a phone, five people page four tiles at a time: Next page, Previous page, a finger swipe; nobody off the page is sent', async () => {
    const host = await page(chromium)
    const phone = await page(chromium, 'phone')
    const reply = await joinWithCode(phone, 'Putri', await startCall(host, 'Hana'), undefined, tap)
    await connectWithReply(host, reply)
    await phone.waitFor('button', 'Leave call', 'visible', 30_000)
    for (const name of ['Tono', 'Tini', 'Tari']) await terminalJoins(host, name, 'receive')
    const names = ['Hana', 'Tono', 'Tini', 'Tari']
    // Five tiles (you and four others): you and three others on the first page.
    const shown = () =>
      phone.evaluate(
        (all) =>
          all.filter((name) => document.querySelector(`video[aria-label="Video of ${name}"]`)),
        names,
      )
    /** Video frames the phone decodes in the next `ms`. */
    const framesIn = async (ms: number) => {
      const before = await decodedVideoFrames(phone)
      await new Promise((resolve) => setTimeout(resolve, ms))
      return (await decodedVideoFrames(phone)) - before
    }
    const first = await waitFor(shown, (list) => list.length === 3, 20_000)
    expect(first).toContain('Hana')
    await expectVideoAdvancing(phone, 'Hana')
    await phone.waitFor('button', 'Next page')
    await tap(phone, 'Next page')
    const second = await waitFor(shown, (list) => list.length === 1, 10_000)
    expect(new Set([...first, ...second])).toEqual(new Set(names))

    // Hana (the only camera here) is off the page: her copy for this phone stops (getStats).
    await waitFor(
      () => framesIn(1000),
      (frames) => frames === 0,
      10_000,
    )
    // Paging back brings it back within about a second (the figure is printed).
    await tap(phone, 'Previous page')
    const back = Date.now()
    const start = await decodedVideoFrames(phone)
    await waitFor(
      () => decodedVideoFrames(phone),
      (frames) => frames > start + 2,
      5_000,
    )
    console.log(`[room.test] off-page video back ${Date.now() - back} ms after Previous page`)
    await waitFor(shown, (list) => list.join() === first.join(), 10_000)

    // A real finger swipe, right to left across the grid, turns the page — and is never Back.
    await touchSwipe(phone, 300, 340, 60)
    await waitFor(shown, (list) => list.join() === second.join(), 10_000)
    expect(await phone.isVisible('alertdialog', 'Leave the call?')).toBe(false)
    expect(await phone.isVisible('button', 'Leave call')).toBe(true)
  })
})

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}
