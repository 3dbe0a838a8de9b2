/**
 * What tests and benchmarks measure that a person cannot see, read from what the driver's one
 * instrumentation (`instrument` in page-script.ts) recorded under `window.__tatap`: the streams
 * getUserMedia handed out, the app's RTCPeerConnections and data channels; and the app's own
 * User Timing marks (`tatap:NAME`).
 */
import type { AppPage } from './driver'
import type { Recorded } from './page-script'

/** Camera and microphone tracks (or only those of `kind`) the page obtained that still run. */
export function liveCaptureTracks(page: AppPage, kind?: 'audio' | 'video'): Promise<number> {
  return page.evaluate(
    (kind) =>
      (window as unknown as Recorded).__tatap.streams
        .flatMap((s) => s.getTracks())
        .filter((t) => t.readyState === 'live' && (kind === null || t.kind === kind)).length,
    kind ?? null,
  )
}

/** Label of the track of `kind` the page sends (e.g. the fake camera `fake_device_1`); '' if none. */
export function sentTrackLabel(page: AppPage, kind: 'audio' | 'video'): Promise<string> {
  return page.evaluate(
    (kind) =>
      (window as unknown as Recorded).__tatap.peers
        .filter((pc) => pc.connectionState !== 'closed')
        .flatMap((pc) => pc.getSenders())
        .map((s) => s.track)
        .find((t) => t?.kind === kind)?.label ?? '',
    kind,
  )
}

/** Audio energy the page has received so far on all its inbound audio (WebRTC stats). */
export function receivedAudioEnergy(page: AppPage): Promise<number> {
  return page.evaluate(async () => {
    let energy = 0
    for (const pc of (window as unknown as Recorded).__tatap.peers) {
      const stats = await pc.getStats()
      stats.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') {
          energy += report.totalAudioEnergy ?? 0
        }
      })
    }
    return energy
  }, null)
}

/** Closes every open data channel labelled `label` in the page, as a network fault would. */
export function cutChannels(page: AppPage, label: string): Promise<number> {
  return page.evaluate((label) => {
    const open = (window as unknown as Recorded).__tatap.channels.filter(
      (c) => c.label === label && c.readyState === 'open',
    )
    for (const channel of open) channel.close()
    return open.length
  }, label)
}

/** The ICE servers each RTCPeerConnection of the page was configured with, in order. */
export function iceServersOfPeers(page: AppPage): Promise<RTCIceServer[][]> {
  return page.evaluate(
    () =>
      (window as unknown as Recorded).__tatap.peers.map(
        (pc) => pc.getConfiguration().iceServers ?? [],
      ),
    null,
  )
}

/** The local SDP of the app's latest peer connection (what went into the code, unencoded). */
export function localSdp(page: AppPage): Promise<string> {
  return page.evaluate(
    () => (window as unknown as Recorded).__tatap.peers.at(-1)?.localDescription?.sdp ?? '',
    null,
  )
}

export interface CandidatePair {
  local: string
  remote: string
}

/** The ICE candidate pair the app's latest connection uses: "type protocol address:port". */
export function selectedPair(page: AppPage): Promise<CandidatePair | null> {
  return page.evaluate(async () => {
    const pc = (window as unknown as Recorded).__tatap.peers.at(-1)
    if (!pc) return null
    const stats = await pc.getStats()
    type Entry = Record<string, unknown> & { type: string; id: string }
    const entries: Entry[] = []
    stats.forEach((entry: Entry) => {
      entries.push(entry)
    })
    const transport = entries.find((e) => e.type === 'transport' && e.selectedCandidatePairId)
    // Firefox has no transport.selectedCandidatePairId; it flags the pair itself.
    const pair = transport
      ? stats.get(String(transport.selectedCandidatePairId))
      : entries.find((e) => e.type === 'candidate-pair' && e.selected === true)
    if (!pair) return null
    const describe = (id: unknown) => {
      const c = stats.get(String(id)) as Record<string, unknown> | undefined
      return c ? `${c.candidateType} ${c.protocol} ${c.address}:${c.port}` : 'unknown'
    }
    return { local: describe(pair.localCandidateId), remote: describe(pair.remoteCandidateId) }
  }, null)
}

/** When the app last set its User Timing mark `tatap:NAME` (page clock, ms); NaN if never. */
export function markTime(page: AppPage, name: string): Promise<number> {
  return page.evaluate(
    (name) => performance.getEntriesByName(`tatap:${name}`).at(-1)?.startTime ?? Number.NaN,
    name,
  )
}

/** Milliseconds between the app's latest User Timing marks `tatap:FROM` and `tatap:TO`. */
export async function markSpan(page: AppPage, from: string, to: string): Promise<number> {
  return (await markTime(page, to)) - (await markTime(page, from))
}

/**
 * Starts watching, in the page, for the first frame presented by the first video whose label
 * starts with `labelPrefix` (e.g. "Video of", "Screen of"); read it with `firstFrameTime`.
 */
export function watchFirstFrame(page: AppPage, labelPrefix: string): Promise<void> {
  return page.evaluate((prefix) => {
    const win = window as unknown as { __tatapFirstFrame?: Promise<number> }
    win.__tatapFirstFrame = new Promise((resolve) => {
      const poll = () => {
        const video = document.querySelector<HTMLVideoElement>(`video[aria-label^="${prefix}"]`)
        if (video?.srcObject) video.requestVideoFrameCallback((now) => resolve(now))
        else setTimeout(poll, 2)
      }
      poll()
    })
  }, labelPrefix)
}

/** When the frame `watchFirstFrame` waits for was presented (page clock, ms); waits for it. */
export function firstFrameTime(page: AppPage): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __tatapFirstFrame: Promise<number> }).__tatapFirstFrame,
    null,
  )
}

/** The page clock's origin as wall-clock time (ms since 1970): page times + this = Date.now(). */
export function pageTimeOrigin(page: AppPage): Promise<number> {
  return page.evaluate(() => performance.timeOrigin, null)
}

/** Screen wake locks the page holds now (granted and not released): 1 keeps the screen on. */
export function heldWakeLocks(page: AppPage): Promise<number> {
  return page.evaluate(
    () => (window as unknown as Recorded).__tatap.wakeLocks.filter((s) => !s.released).length,
    null,
  )
}

/**
 * Hides the page (`hidden` true) or shows it again, as switching apps or tabs would — simulated:
 * headless Chromium 156 never hides a page (measured: another tab brought to the front, a tab
 * opened with window.open or Target.createTarget, a minimised window, Page.setWebLifecycleState
 * frozen/active — visibilityState stays 'visible', no visibilitychange). So this overrides
 * `document.visibilityState` / `document.hidden`, releases the page's screen wake locks as the
 * browser does on hide, and fires `visibilitychange`. What it cannot show: the browser's own
 * release timing, and the OS really dimming or keeping the screen.
 */
export function setPageHidden(page: AppPage, hidden: boolean): Promise<void> {
  return page.evaluate(async (hidden) => {
    const state = hidden ? 'hidden' : 'visible'
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
    if (hidden) {
      for (const lock of (window as unknown as Recorded).__tatap.wakeLocks) await lock.release()
    }
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)
}

export interface ShownNotification {
  title: string
  body: string
  tag: string
}

/** The notifications the page's service worker registration shows now, oldest first. */
export function shownNotifications(page: AppPage): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    const shown = await registration.getNotifications()
    return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag }))
  }, null)
}

/** The video in the page's picture-in-picture window: its label, or null for none. */
export function pictureInPictureVideo(page: AppPage): Promise<string | null> {
  return page.evaluate(
    () => document.pictureInPictureElement?.getAttribute('aria-label') ?? null,
    null,
  )
}

/**
 * Marks every `<video>` now on the page; `replacedVideos` then names those shown later that are
 * not the marked elements (made again: a black flash, and frames shown again from nothing).
 */
export function markVideos(page: AppPage): Promise<number> {
  return page.evaluate(() => {
    const videos = [...document.querySelectorAll('video')]
    for (const video of videos)
      (video as HTMLVideoElement & { __tatapMarked?: true }).__tatapMarked = true
    return videos.length
  }, null)
}

/** Labels of the videos on the page that `markVideos` did not mark. */
export function replacedVideos(page: AppPage): Promise<string[]> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll('video')]
        .filter((v) => !(v as HTMLVideoElement & { __tatapMarked?: true }).__tatapMarked)
        .map((v) => v.getAttribute('aria-label') ?? '?'),
    null,
  )
}

/** The first encoding of every camera sender of the page's open connections (screen excluded). */
export interface CameraEncoding {
  maxBitrate?: number | undefined
  maxFramerate?: number | undefined
  scaleResolutionDownBy?: number | undefined
  /** How tall the camera's frames are (what the scale is worked out from, send-caps.ts). */
  cameraHeight?: number | undefined
}

export function cameraEncodings(page: AppPage): Promise<CameraEncoding[]> {
  return page.evaluate(
    () =>
      (window as unknown as Recorded).__tatap.peers
        .filter((pc) => pc.connectionState !== 'closed')
        .flatMap((pc) => pc.getSenders())
        .filter((s) => s.track?.kind === 'video' && !/screen|window|tab/i.test(s.track.label))
        .map((s) => {
          const { maxBitrate, maxFramerate, scaleResolutionDownBy } =
            s.getParameters().encodings[0] ?? {}
          const cameraHeight = s.track?.getSettings().height
          return { maxBitrate, maxFramerate, scaleResolutionDownBy, cameraHeight }
        }),
    null,
  )
}

/** How tall the page shows `name`'s tile, in device pixels as the app tells that person's
 *  device (MemberTile), or null without such a tile. */
export function tileHeightOf(page: AppPage, name: string): Promise<number | null> {
  return page.evaluate((label) => {
    const box = document.querySelector(`video[aria-label="${label}"]`)?.closest('.member')
    return box ? Math.round(box.clientHeight * (globalThis.devicePixelRatio || 1)) : null
  }, `Video of ${name}`)
}

/** Per connection the page made, the first frame rate its camera was capped at (null: none). */
export function firstCameraFramerates(page: AppPage): Promise<Array<number | null>> {
  return page.evaluate(
    () => (window as unknown as Recorded).__tatap.cameraFramerates.map((rates) => rates[0] ?? null),
    null,
  )
}

/** Per connection the page made, how many remote candidates were trickled into it before it
 *  connected. */
export function trickledCandidates(page: AppPage): Promise<number[]> {
  return page.evaluate(
    () => (window as unknown as Recorded).__tatap.candidatesBeforeConnected,
    null,
  )
}

/** Per connection the page made, the media kinds its bootstrap negotiated, each list sorted. */
export function bootstrapKinds(page: AppPage): Promise<string[][]> {
  return page.evaluate(
    () =>
      (window as unknown as Recorded).__tatap.bootstrapKinds.map((kinds) =>
        [...(kinds ?? [])].sort(),
      ),
    null,
  )
}

/** Frames per second the page receives on each incoming video right now (inbound-rtp). */
export function receivedFramerates(page: AppPage): Promise<number[]> {
  return page.evaluate(async () => {
    const rates: number[] = []
    for (const pc of (window as unknown as Recorded).__tatap.peers) {
      if (pc.connectionState !== 'connected') continue
      ;(await pc.getStats()).forEach(
        (s: { type: string; kind?: string; framesPerSecond?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesPerSecond !== undefined)
            rates.push(s.framesPerSecond)
        },
      )
    }
    return rates
  }, null)
}

/** Video frames the page decoded so far, over all its open connections (inbound-rtp). */
export function decodedVideoFrames(page: AppPage): Promise<number> {
  return page.evaluate(async () => {
    let frames = 0
    for (const pc of (window as unknown as Recorded).__tatap.peers) {
      if (pc.connectionState === 'closed') continue
      for (const report of (await pc.getStats()).values()) {
        if (report.type === 'inbound-rtp' && report.kind === 'video') {
          frames += report.framesDecoded ?? 0
        }
      }
    }
    return frames
  }, null)
}
