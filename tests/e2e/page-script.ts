/**
 * What the e2e driver runs inside pages: the one test instrumentation (`instrument`), the way a
 * Node function becomes page source (`pageCall`), and the check behind a finger's tap
 * (`uncoveredAt`). Every function here is serialised into the page: it may use only its
 * arguments and browser globals.
 */

/** One Content-Security-Policy violation as the page saw it. */
export interface Violation {
  directive: string
  blocked: string
  sample: string
}

/** What `instrument` records, under `window.__tatap`. */
export interface Recording {
  /** Every stream getUserMedia handed the page (to check the camera is really released). */
  streams: MediaStream[]
  /** Every RTCPeerConnection the page made, in order (SDP, stats, senders, configuration). */
  peers: RTCPeerConnection[]
  /** Per peer (same index): the media kinds (m= lines) of its first negotiated local description,
   *  the bootstrap; null until negotiated. */
  bootstrapKinds: Array<string[] | null>
  /** Per peer (same index): each frame rate the page capped its camera sender at, in order
   *  (rtc/send-caps.ts; only the camera's sender gets caps); the first one is what the
   *  connection's first frames were sent at. */
  cameraFramerates: number[][]
  /** Per peer (same index): remote candidates added to it before it first connected, which
   *  only a trickled bootstrap does (a code carries its candidates in the description). */
  candidatesBeforeConnected: number[]
  /** Every data channel the page created or received (to cut one on purpose). */
  channels: RTCDataChannel[]
  /** Every Content-Security-Policy violation the page reported. */
  violations: Violation[]
  /** Every screen wake lock the page was granted (released or not): whether the screen stays on. */
  wakeLocks: WakeLockSentinel[]
}

/** The page's window as tests read it: `(window as unknown as Recorded).__tatap`. */
export interface Recorded {
  __tatap: Recording
}

/**
 * Test instrumentation, run in every page before its own scripts: one recorder of what a test
 * checks but a person cannot see. The one place tests wrap RTCPeerConnection, createDataChannel,
 * getUserMedia and navigator.wakeLock.request; nothing else patches them.
 */
export function instrument(): void {
  const win = window as unknown as Partial<Recorded> & {
    RTCPeerConnection?: typeof RTCPeerConnection
  }
  if (win.__tatap) return
  const seen: Recording = {
    streams: [],
    peers: [],
    bootstrapKinds: [],
    cameraFramerates: [],
    candidatesBeforeConnected: [],
    channels: [],
    violations: [],
    wakeLocks: [],
  }
  win.__tatap = seen
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.violations.push({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      sample: event.sample,
    })
  })
  const Original = win.RTCPeerConnection
  if (Original) {
    win.RTCPeerConnection = new Proxy(Original, {
      construct: (target, args: ConstructorParameters<typeof RTCPeerConnection>) => {
        const pc = new target(...args)
        const index = seen.peers.push(pc) - 1
        seen.bootstrapKinds[index] = null
        pc.addEventListener('signalingstatechange', () => {
          const local = pc.localDescription
          if (pc.signalingState !== 'stable' || !local || seen.bootstrapKinds[index]) return
          seen.bootstrapKinds[index] = [...local.sdp.matchAll(/^m=(\w+)/gm)].map((m) => m[1] ?? '')
        })
        seen.candidatesBeforeConnected[index] = 0
        let connected = false
        pc.addEventListener('connectionstatechange', () => {
          connected ||= pc.connectionState === 'connected'
        })
        const addIceCandidate = pc.addIceCandidate.bind(pc)
        pc.addIceCandidate = (candidate?: RTCIceCandidateInit | null) => {
          if (!connected && candidate?.candidate) {
            seen.candidatesBeforeConnected[index] = (seen.candidatesBeforeConnected[index] ?? 0) + 1
          }
          return addIceCandidate(candidate ?? undefined)
        }
        const rates: number[] = []
        seen.cameraFramerates[index] = rates
        const addTrack = pc.addTrack.bind(pc)
        pc.addTrack = (track: MediaStreamTrack, ...streams: MediaStream[]) => {
          const sender = addTrack(track, ...streams)
          const set = sender.setParameters.bind(sender)
          sender.setParameters = (parameters: RTCRtpSendParameters) => {
            const rate = parameters.encodings[0]?.maxFramerate
            if (track.kind === 'video' && rate !== undefined) rates.push(rate)
            return set(parameters)
          }
          return sender
        }
        pc.addEventListener('datachannel', (event) => seen.channels.push(event.channel))
        const create = pc.createDataChannel.bind(pc)
        pc.createDataChannel = (label: string, init?: RTCDataChannelInit) => {
          const channel = create(label, init)
          seen.channels.push(channel)
          return channel
        }
        return pc
      },
    })
  }
  const wakeLock = 'wakeLock' in navigator ? navigator.wakeLock : null
  if (wakeLock) {
    const request = wakeLock.request.bind(wakeLock)
    wakeLock.request = async (type) => {
      const sentinel = await request(type)
      seen.wakeLocks.push(sentinel)
      return sentinel
    }
  }
  const devices = navigator.mediaDevices
  if (!devices) return
  const original = devices.getUserMedia.bind(devices)
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints)
    seen.streams.push(stream)
    return stream
  }
}

/**
 * A page function as source text calling it with `arg` (JSON). Under tsx, esbuild's keepNames
 * wraps named inner functions in a `__name(…)` helper that does not exist in the page, so each
 * call brings a no-op one along.
 */
export function pageCall(fn: (arg: never) => unknown, arg: unknown): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}) })()`
}

/** Why a finger could not press `el` (off screen, no size, covered), or null if it could. */
export function uncoveredAt(el: Element): string | null {
  const box = el.getBoundingClientRect()
  const x = box.left + box.width / 2
  const y = box.top + box.height / 2
  if (box.width === 0 || box.height === 0) return 'it has no size'
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) {
    return `its centre (${Math.round(x)}, ${Math.round(y)}) is off screen (${innerWidth}×${innerHeight})`
  }
  const top = document.elementFromPoint(x, y)
  if (top && (top === el || el.contains(top))) return null
  const what = top ? `${top.tagName.toLowerCase()}.${[...top.classList].join('.')}` : 'nothing'
  return `it is covered by ${what} ${top?.getAttribute('aria-label') ?? top?.textContent?.slice(0, 40) ?? ''}`
}

/** In the page: the value of the option labelled `label` of a <select>, or null. */
export function optionValue(el: Element, label: string): string | null {
  const options = [...(el as HTMLSelectElement).options]
  return options.find((o) => o.label === label || o.text.trim() === label)?.value ?? null
}
