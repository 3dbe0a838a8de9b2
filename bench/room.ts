/**
 * Room benchmarks: one headless Chromium per member (fake camera and microphone), on loopback,
 * against the production build. A room grows from 2 to 6 members, each newcomer invited by the
 * host; at each size N it prints:
 *
 * - join → every video: from the inviter pressing Connect on the newcomer's reply until the
 *   newcomer has been shown a frame of every other member's video (N ≥ 3: the others come
 *   through introductions), split into when the last stream was attached to its tile (the
 *   connections and introductions are done) and each stream's first frame after that (the
 *   sender's new encoder and the newcomer's decoder);
 * - uplink per member: RTP bytes each member sends per second over all its connections, audio
 *   and video, once the room has settled (the app caps each camera copy: rtc/send-caps.ts);
 * - camera copies: the size each copy is encoded at (the app scales it to the tile the viewer
 *   shows it in) and the frames per second each one really gets (capped at 15 from N = 4; less
 *   when the machine cannot keep up);
 * - chat fan-out: from the newest member pressing Send until every other member's chat shows it;
 * - CPU per member: CPU time each member's whole browser used per second of wall time, over the
 *   same window as the uplink.
 *
 * Several rounds; medians with their spread. Everything shares this machine's 2 cores, so the
 * larger rooms measure the machine as much as the app. Benchmarks print; they never assert.
 */
import { createSocket } from 'node:dgram'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { type AppPage, launchChromium, openPage } from '../tests/e2e/driver'
import type { Recorded } from '../tests/e2e/page-script'
import {
  connectWithReply,
  inviteFromCall,
  joinWithCode,
  openChat,
  startCall,
} from '../tests/e2e/steps'
import { cpuMeter, envCount, envPort, saveStunServers, spread } from './measure'

const PORT = envPort('TATAP_BENCH_ROOM_PORT', 4199)
/**
 * TATAP_BENCH_ROOM_STUN=unanswered: every member uses a STUN server that never answers (a
 * network that blocks it, as some cafés and offices do), so each gathering not trickled waits
 * for its cap. Otherwise members use no ICE servers (`?lan`).
 */
const UNANSWERED_STUN = process.env.TATAP_BENCH_ROOM_STUN === 'unanswered'
const URL = `http://127.0.0.1:${PORT}/${UNANSWERED_STUN ? '' : '?lan'}`
/** TATAP_BENCH_ROOM_MAX (2–6, default 6) and TATAP_BENCH_ROOM_ROUNDS (default 3) make it shorter. */
const NAMES = ['Ana', 'Budi', 'Citra', 'Dewi', 'Eka', 'Fajar'].slice(
  0,
  Math.min(6, Math.max(2, envCount('TATAP_BENCH_ROOM_MAX', 6))),
)
const ROUNDS = envCount('TATAP_BENCH_ROOM_ROUNDS', 3)
/** After a join: time for the others' connections to the newcomer to reach their bitrate. */
const SETTLE_MS = 10_000
const WINDOW_MS = 5_000
/** The longest a newcomer may take to see every video before the round is abandoned. */
const JOIN_PATIENCE_MS = 60_000

interface Member {
  name: string
  browser: Browser
  page: AppPage
  cpu: () => Promise<number>
}

/** Figures of one room size over the rounds. */
interface Figures {
  joinToVideos: number[]
  /** Connect → the last of the others' streams attached to its tile (connections done). */
  lastAttached: number[]
  /** Per other member: stream attached → its first frame shown. */
  attachedToFrame: number[]
  uplinkKbps: number[]
  /** Each camera copy's encoded size, "640×360". */
  copySizes: string[]
  /** Each camera copy's encoded frames per second. */
  copyFramerates: number[]
  chatFanOut: number[]
  cpuPerSecond: number[]
}

export async function runRoomBench(): Promise<void> {
  const servers = UNANSWERED_STUN ? 'a STUN server that never answers' : 'no ICE servers'
  console.log(`\n## Rooms (one headless Chromium per member, fake camera, loopback, ${servers})\n`)
  const server = await preview({
    preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'silent',
  })
  // A UDP port that never answers: the STUN server of a network that blocks it.
  const blackhole = UNANSWERED_STUN ? createSocket('udp4') : null
  if (blackhole) await new Promise<void>((resolve) => blackhole.bind(0, '127.0.0.1', resolve))
  const stun = blackhole ? `stun:127.0.0.1:${blackhole.address().port}` : null
  const bySize = new Map<number, Figures>()
  const figures = (n: number): Figures => {
    const existing = bySize.get(n)
    if (existing) return existing
    const made: Figures = {
      joinToVideos: [],
      lastAttached: [],
      attachedToFrame: [],
      uplinkKbps: [],
      copySizes: [],
      copyFramerates: [],
      chatFanOut: [],
      cpuPerSecond: [],
    }
    bySize.set(n, made)
    return made
  }
  try {
    for (let round = 0; round < ROUNDS; round++) await growRoom(round, figures, stun)
  } finally {
    blackhole?.close()
    await server.close()
  }
  for (const [n, f] of [...bySize.entries()].sort(([a], [b]) => a - b)) {
    const parts = [
      n >= 2 && f.joinToVideos.length > 0
        ? `join → every video ${spread(f.joinToVideos, 0, ' ms')} (every stream attached ${spread(f.lastAttached, 0, ' ms')}; ` +
          `a stream's first frame after it attached ${spread(f.attachedToFrame, 0, ' ms')})`
        : '',
      `uplink per member ${spread(f.uplinkKbps, 0, ' kbit/s')}`,
      f.copySizes.length > 0
        ? `camera copies sent at ${counted(f.copySizes)}, ${spread(f.copyFramerates, 0, ' fps')}`
        : '',
      `chat fan-out ${spread(f.chatFanOut, 0, ' ms')}`,
      `CPU per member ${spread(f.cpuPerSecond, 2, ' s/s')}`,
    ].filter(Boolean)
    console.log(`N = ${n}: ${parts.join('; ')}`)
  }
}

async function growRoom(
  round: number,
  figures: (n: number) => Figures,
  stun: string | null,
): Promise<void> {
  const members: Member[] = []
  try {
    await grow(round, members, figures, stun)
  } catch (err) {
    // A page too starved to answer (larger rooms on two cores): the round ends; figures stay.
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    console.log(`round ${round + 1}, N = ${members.length}: stopped (${first})`)
  } finally {
    await Promise.all(members.map((m) => m.browser.close()))
  }
}

async function grow(
  round: number,
  members: Member[],
  figures: (n: number) => Figures,
  stun: string | null,
): Promise<void> {
  const host = await member(NAMES[0] as string, stun)
  members.push(host)
  let invite = await startCall(host.page, host.name, URL)
  for (const name of NAMES.slice(1)) {
    const newcomer = await member(name, stun)
    members.push(newcomer)
    if (members.length > 2) invite = await inviteFromCall(host.page)
    const reply = await joinWithCode(newcomer.page, name, invite, URL)
    const others = members.filter((m) => m !== newcomer).map((m) => m.name)
    await watchVideos(newcomer.page, others)
    const pressed = clickTime(host.page)
    await connectWithReply(host.page, reply)
    const applied = await pressed
    const times = await videosShown(newcomer.page)
    const n = members.length
    if (times === null) {
      console.log(`round ${round + 1}, N = ${n}: not every video within ${JOIN_PATIENCE_MS} ms`)
      console.log(`  ${newcomer.name} sees: ${(await videosNow(newcomer.page, others)).join('; ')}`)
      // What each page's connections did: which ones exist, their states, and how many control
      // messages went each way (an introduction never sent shows as a count that stayed put).
      for (const m of members) {
        console.log(`  ${m.name}: ${(await connectionsNow(m.page)).join('; ')}`)
        if (m.page.errors.length > 0)
          console.log(`  ${m.name}'s errors: ${m.page.errors.join(' | ')}`)
      }
      return
    }
    const shown = Math.max(...times.map((t) => t.shown))
    figures(n).joinToVideos.push(shown - applied)
    figures(n).lastAttached.push(Math.max(...times.map((t) => t.attached)) - applied)
    figures(n).attachedToFrame.push(...times.map((t) => t.shown - t.attached))

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    const { uplink, cpu } = await uplinkAndCpu(members)
    figures(n).uplinkKbps.push(...uplink)
    figures(n).cpuPerSecond.push(...cpu)
    for (const m of members) {
      for (const copy of await cameraCopies(m.page)) {
        figures(n).copySizes.push(copy.size)
        figures(n).copyFramerates.push(copy.framesPerSecond)
      }
    }
    figures(n).chatFanOut.push(await chatFanOut(newcomer, members, `ping ${round}-${n}`))
    console.log(
      `round ${round + 1}, N = ${n}: every video ${(shown - applied).toFixed(0)} ms after Connect ` +
        `(${others.map((name, i) => `${name} ${videoTimeline(times[i], applied)}`).join(', ')}); uplink ${uplink.map((k) => k.toFixed(0)).join(', ')} kbit/s; CPU ${cpu.map((c) => c.toFixed(2)).join(', ')} s/s`,
    )
  }
}

/** "+attached ms / +shown ms" after Connect, for one member's video. */
function videoTimeline(times: VideoTimes | undefined, applied: number): string {
  if (!times) return '?'
  return `+${(times.attached - applied).toFixed(0)}/+${(times.shown - applied).toFixed(0)} ms`
}

/** A member in a browser of its own; `stun`: the one STUN server its app uses, if any. */
async function member(name: string, stun: string | null): Promise<Member> {
  const browser = await launchChromium()
  const page = await openPage(browser)
  if (stun) {
    // The app's own ICE settings (Settings → STUN servers), saved before the app starts.
    await page.goto(URL)
    await saveStunServers(page, [stun])
  }
  return { name, browser, page, cpu: await cpuMeter(browser) }
}

/** When one member's video reached the newcomer (wall clock): stream attached, frame shown. */
interface VideoTimes {
  attached: number
  shown: number
}

/**
 * Starts noting, in the page, when each named member's video gets its stream (the connection
 * and its introduction are done) and when it first shows a frame (the sender's encoder and
 * this page's decoder are going).
 */
function watchVideos(page: AppPage, names: readonly string[]): Promise<void> {
  return page.evaluate((names) => {
    const win = window as unknown as {
      __benchVideos?: Promise<VideoTimes[]>
      __benchWatched?: Map<string, HTMLVideoElement>
    }
    const watched = new Map<string, HTMLVideoElement>()
    win.__benchWatched = watched
    const now = () => performance.timeOrigin + performance.now()
    win.__benchVideos = Promise.all(
      names.map(
        (name) =>
          new Promise<VideoTimes>((resolve) => {
            const poll = () => {
              const video = document.querySelector<HTMLVideoElement>(
                `video[aria-label="Video of ${name}"]`,
              )
              if (video?.srcObject) {
                const attached = now()
                watched.set(name, video)
                video.requestVideoFrameCallback(() => resolve({ attached, shown: now() }))
              } else setTimeout(poll, 5)
            }
            poll()
          }),
      ),
    )
  }, names)
}

/**
 * Why a join was not seen in time, per member's video in the newcomer's page: no tile, no
 * stream, or a stream whose element plays (currentTime) or not; and whether the element the
 * watch saw attached is still the one on screen.
 */
function videosNow(page: AppPage, names: readonly string[]): Promise<string[]> {
  return page.evaluate(
    (names) =>
      names.map((name) => {
        const video = document.querySelector<HTMLVideoElement>(
          `video[aria-label="Video of ${name}"]`,
        )
        if (!video) return `${name}: no video`
        if (!video.srcObject) return `${name}: no stream`
        const watched = (
          window as unknown as { __benchWatched?: Map<string, HTMLVideoElement> }
        ).__benchWatched?.get(name)
        const same = watched === video ? 'the element watched' : 'not the element watched'
        return `${name}: at ${video.currentTime.toFixed(1)} s, ${video.videoWidth}×${video.videoHeight}, ${same}`
      }),
    names,
  )
}

/**
 * Each peer connection a page made, in order: signaling, connection and ICE state, which
 * descriptions it holds, its media m-lines (mid:direction/current direction) and its data
 * channels with the messages sent and received; then the page's status lines.
 */
function connectionsNow(page: AppPage): Promise<string[]> {
  return page.evaluate(async () => {
    const peers = (window as unknown as Recorded).__tatap.peers
    const lines = await Promise.all(
      peers.map(async (pc, i) => {
        const mLines = pc
          .getTransceivers()
          .map((t) => `${t.mid}:${t.direction}/${t.currentDirection}`)
          .join(',')
        const channels: string[] = []
        for (const entry of (await pc.getStats()).values()) {
          const e = entry as { type: string; label?: string; state?: string } & Record<
            string,
            unknown
          >
          if (e.type === 'data-channel') {
            channels.push(`${e.label} ${e.state} sent ${e.messagesSent} got ${e.messagesReceived}`)
          }
        }
        return (
          `pc${i} ${pc.signalingState}/${pc.connectionState}/${pc.iceConnectionState} ` +
          `local ${pc.localDescription?.type ?? '-'} remote ${pc.remoteDescription?.type ?? '-'} [${mLines}] ` +
          `channels: ${channels.join(', ')}`
        )
      }),
    )
    const statuses = [...document.querySelectorAll('[role=status], [role=alert]')]
      .map((e) => e.textContent?.trim())
      .filter(Boolean)
    return [...lines, `says: ${statuses.join(' | ')}`]
  }, null)
}

/** When each watched video got its stream and showed its first frame, or null. */
async function videosShown(page: AppPage): Promise<VideoTimes[] | null> {
  return page.evaluate(
    (patience) =>
      Promise.race([
        (window as unknown as { __benchVideos: Promise<VideoTimes[]> }).__benchVideos,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), patience)),
      ]),
    JOIN_PATIENCE_MS,
  )
}

/** One outbound RTP stream of the page's open connections (audio or video). */
interface Outbound {
  kind: string
  bytesSent: number
  frameWidth: number | undefined
  frameHeight: number | undefined
  framesPerSecond: number | undefined
}

/** Every outbound RTP stream of the page's open connections, as getStats reads them now. */
function outboundStreams(page: AppPage): Promise<Outbound[]> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __tatap: { peers: RTCPeerConnection[] } }).__tatap.peers
    const streams: Outbound[] = []
    for (const pc of peers) {
      if (pc.connectionState === 'closed') continue
      const stats = await pc.getStats()
      stats.forEach((s: RTCOutboundRtpStreamStats & { kind?: string }) => {
        if (s.type !== 'outbound-rtp') return
        const { kind = '', bytesSent = 0, frameWidth, frameHeight, framesPerSecond } = s
        streams.push({ kind, bytesSent, frameWidth, frameHeight, framesPerSecond })
      })
    }
    return streams
  }, null)
}

/** RTP bytes sent by every connection of the page so far (audio and video). */
async function rtpBytesSent(page: AppPage): Promise<number> {
  return (await outboundStreams(page)).reduce((sum, s) => sum + s.bytesSent, 0)
}

/** Each video copy the page sends now: its encoded size and frames per second. */
async function cameraCopies(
  page: AppPage,
): Promise<Array<{ size: string; framesPerSecond: number }>> {
  return (await outboundStreams(page))
    .filter((s) => s.kind === 'video' && s.frameWidth)
    .map((s) => ({
      size: `${s.frameWidth}×${s.frameHeight}`,
      framesPerSecond: s.framesPerSecond ?? 0,
    }))
}

/** "640×360 (n=9), 480×270 (n=3)": each value with its count, the most frequent first. */
function counted(values: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => `${value} (n=${count})`)
    .join(', ')
}

/** Each member's uplink (kbit/s) and CPU seconds per second over WINDOW_MS. */
async function uplinkAndCpu(
  members: readonly Member[],
): Promise<{ uplink: number[]; cpu: number[] }> {
  const read = () =>
    Promise.all(
      members.map(async (m) => ({ bytes: await rtpBytesSent(m.page), cpu: await m.cpu() })),
    )
  const before = await read()
  const started = Date.now()
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS))
  const after = await read()
  const seconds = (Date.now() - started) / 1000
  return {
    uplink: after.map((a, i) => ((a.bytes - (before[i]?.bytes ?? 0)) * 8) / 1000 / seconds),
    cpu: after.map((a, i) => (a.cpu - (before[i]?.cpu ?? 0)) / seconds),
  }
}

/** From `from` pressing Send until every other member's chat shows `text` (ms, wall clock). */
async function chatFanOut(from: Member, members: readonly Member[], text: string): Promise<number> {
  const receivers = members.filter((m) => m !== from)
  await Promise.all(receivers.map((m) => openChat(m.page)))
  const seen = receivers.map((m) =>
    m.page.evaluate(
      (text) =>
        new Promise<number>((resolve) => {
          const look = () => {
            const log = document.querySelector('[role="log"][aria-label="Messages"]')
            if (log?.textContent?.includes(text)) {
              observer.disconnect()
              resolve(performance.timeOrigin + performance.now())
            }
          }
          const observer = new MutationObserver(look)
          observer.observe(document.body, { childList: true, subtree: true, characterData: true })
          look()
        }),
      text,
    ),
  )
  await openChat(from.page)
  await from.page.fill('Message', text)
  const pressed = clickTime(from.page)
  await from.page.click('button', 'Send message')
  const times = await Promise.all(seen)
  return Math.max(...times) - (await pressed)
}

/**
 * The moment of the page's next click (wall clock), taken in the page: not Node's clock, a round
 * trip away, nor before the driver's fill and click, which a starved page takes long to do.
 */
function clickTime(page: AppPage): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        document.addEventListener(
          'click',
          () => resolve(performance.timeOrigin + performance.now()),
          { capture: true, once: true },
        ),
      ),
    null,
  )
}
