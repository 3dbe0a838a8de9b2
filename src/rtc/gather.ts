/**
 * "Gather completely" without waiting forever: resolves at the browser's `complete` event, or
 * `afterHostMs` after the first host candidate, or `maxMs` after the call — whichever is first.
 * Measured: no ICE servers → complete in ~134 ms; an unreachable STUN server → 39.9 s to
 * `complete`, so the cap after host candidates is what keeps the invite quick to show.
 *
 * With no ICE servers, every candidate a code can carry is a UDP host candidate, and both
 * browsers gather those for every network before any TCP candidate (measured: Chromium's TCP
 * candidates come 100–120 ms after its UDP ones, Firefox's within 1 ms). Codes drop TCP
 * candidates (browsers only gather `tcptype active`), so the first TCP candidate of a
 * server-less peer ends the wait ('hosts-done'): in Chromium 10–80 ms (median ~30) before
 * `complete` on the 2-core bench machine.
 */
export interface GatherTimings {
  afterHostMs: number
  maxMs: number
}

export const DEFAULT_GATHER_TIMINGS: GatherTimings = { afterHostMs: 900, maxMs: 4000 }

export type GatherablePeer = Pick<RTCPeerConnection, 'iceGatheringState'> &
  EventTarget & {
    /** The browser's; a peer without it (the terminal's) is taken to have servers. */
    getConfiguration?(): { readonly iceServers?: readonly unknown[] }
  }

export type GatherEnd = 'complete' | 'hosts-done' | 'capped'

/** A TCP candidate line ("candidate:… 1 tcp …"): gathered after every UDP one (see above). */
const TCP_CANDIDATE = /^candidate:\S+ \d+ tcp /i

export function waitForIceGathering(
  pc: GatherablePeer,
  timings: GatherTimings = DEFAULT_GATHER_TIMINGS,
): Promise<GatherEnd> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve('complete')
  const serverless = pc.getConfiguration?.().iceServers?.length === 0
  return new Promise((resolve) => {
    const timers: ReturnType<typeof setTimeout>[] = []
    const finish = (how: GatherEnd) => {
      for (const timer of timers) clearTimeout(timer)
      pc.removeEventListener('icegatheringstatechange', onState)
      pc.removeEventListener('icecandidate', onCandidate)
      resolve(how)
    }
    const onState = () => {
      if (pc.iceGatheringState === 'complete') finish('complete')
    }
    let sawHost = false
    const onCandidate = (event: Event) => {
      const candidate = (event as RTCPeerConnectionIceEvent).candidate
      if (candidate === null) return finish('complete')
      if (serverless && TCP_CANDIDATE.test(candidate.candidate)) return finish('hosts-done')
      if (!sawHost && / typ host/.test(candidate.candidate)) {
        sawHost = true
        timers.push(setTimeout(() => finish('capped'), timings.afterHostMs))
      }
    }
    pc.addEventListener('icegatheringstatechange', onState)
    pc.addEventListener('icecandidate', onCandidate)
    timers.push(setTimeout(() => finish('capped'), timings.maxMs))
  })
}

/**
 * The same after an ICE restart's description was set: the browser may still say 'complete'
 * from the last round until the new one starts (measured in Chromium: a restart offer taken at
 * once carried no candidates), so this first waits for the state to change, at most `maxMs`.
 */
export async function waitForRestartGathering(
  pc: GatherablePeer,
  timings: GatherTimings = DEFAULT_GATHER_TIMINGS,
): Promise<GatherEnd> {
  if (pc.iceGatheringState === 'complete') {
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        pc.removeEventListener('icegatheringstatechange', done)
        resolve()
      }
      const timer = setTimeout(done, timings.maxMs)
      pc.addEventListener('icegatheringstatechange', done)
    })
  }
  return waitForIceGathering(pc, timings)
}

/**
 * Whether a description's host candidates all hide their address behind an mDNS name
 * ("<uuid>.local"), as Chromium's do until the page may use the camera or microphone. False
 * when it has none at all (then gathering again would not find more).
 */
export function hidesHostAddresses(sdp: string): boolean {
  const hosts = sdp.match(/^a=candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ host/gm) ?? []
  return hosts.length > 0 && hosts.every((line) => /\.local \d+ typ host$/i.test(line))
}
