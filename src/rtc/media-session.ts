import { toError } from './errors'
import type { Hello } from './messages'
import { cameraCaps } from './send-caps'
import { PeerSession, type SessionOptions } from './session'

export type MediaSlot = 'mic' | 'camera'

/** What this device sends right now: microphone and camera (null: none), in one stream. */
export interface LocalTracks {
  mic: MediaStreamTrack | null
  camera: MediaStreamTrack | null
  stream: MediaStream
}

export interface MediaSessionOptions extends SessionOptions {
  /** This device's tracks, for a bootstrap that carries media (BootstrapOptions); null: none. */
  localTracks?: () => LocalTracks | null
  /**
   * People in the room as this session is made, this device and the other side included (2 if
   * not given); `setRoomSize` follows changes. A bootstrap that carries media sends its first
   * frames at these caps, not at a two-person call's full 720p and 30 fps.
   */
  roomSize?: number
  /** The least time between two `view` messages (VIEW_EVERY_MS if not given). */
  viewEveryMs?: number
}

/** A tile resizes on every change of the grid; its size goes at most this often. */
export const VIEW_EVERY_MS = 2000

/**
 * A browser peer session that also carries audio and video. Tracks are added once the control
 * channel is open and the other side's hello says it takes media, so the bootstrap code stays
 * tiny and a terminal peer is never sent media; or already in the bootstrap of an introduced
 * pair whose introducer vouched that the other side takes them (BootstrapOptions), whose streams
 * are told once the hello arrived. The first track of a slot adds a transceiver (one in-band
 * renegotiation, unless the bootstrap carried it); later changes — switching camera, turning it
 * off (null) and on — use replaceTrack and need no renegotiation. A screen share is its own
 * stream.
 *
 * The camera's bitrate and resolution follow the room size and the tile the other side shows us
 * in (send-caps.ts); audio goes first.
 */
export class MediaSession extends PeerSession<RTCPeerConnection> {
  private readonly wanted = new Map<
    MediaSlot,
    { track: MediaStreamTrack | null; stream: MediaStream }
  >()
  private readonly senders = new Map<MediaSlot, RTCRtpSender>()
  /**
   * The track each slot's sender was last given (addTrack or replaceTrack), set before the
   * browser confirms it: `sender.track` changes only once replaceTrack resolves, so a quick
   * off-and-on would otherwise look like nothing to do.
   */
  private readonly given = new Map<MediaSlot, MediaStreamTrack | null>()
  /**
   * The encoding values each sender was last handed (or found to have already). The same values
   * again skip `getParameters`: in Chromium a synchronous call that waits for WebRTC's own
   * threads, which held a page 55-257 ms per call, 0.6 s in all, while a fourth person joined on
   * the bench machine; caps are re-applied whenever negotiation settles or the room changes.
   */
  private readonly encodingSet = new WeakMap<RTCRtpSender, Partial<RTCRtpEncodingParameters>>()
  private screenSender: RTCRtpSender | null = null
  private wantedScreen: { track: MediaStreamTrack; stream: MediaStream } | null = null
  private roomSize: number
  private viewHeight: number | null = null
  /** The height to tell the other side when it may go; null: nothing new to tell. */
  private viewToSend: number | null = null
  private lastView: { height: number; at: number } | null = null
  private viewTimer: ReturnType<typeof setTimeout> | null = null
  /** Streams that came in the bootstrap, before the hello, while nobody followed this session
   *  yet (null once someone does: they go out as they come). */
  private earlyStreams: MediaStream[] | null = []

  constructor(
    pc: RTCPeerConnection,
    private readonly mediaOptions: MediaSessionOptions,
  ) {
    super(pc, mediaOptions)
    this.roomSize = Math.max(2, mediaOptions.roomSize ?? 2)
    pc.addEventListener('track', (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track])
      if (this.earlyStreams === null) this.emit('stream', stream)
      else if (!this.earlyStreams.includes(stream)) this.earlyStreams.push(stream)
    })
    pc.addEventListener('signalingstatechange', () => {
      if (pc.signalingState === 'stable') void this.applyCaps()
    })
  }

  /** Sets what we send in one slot; null sends nothing (the slot stays negotiated). */
  setTrack(slot: MediaSlot, track: MediaStreamTrack | null, stream: MediaStream): void {
    this.wanted.set(slot, { track, stream })
    if (this.sendsMedia()) void this.syncSlot(slot)
  }

  /** Starts sending a screen share as its own stream (renegotiates); null stops it. */
  setScreen(track: MediaStreamTrack | null, stream: MediaStream | null): void {
    this.wantedScreen = track && stream ? { track, stream } : null
    if (this.sendsMedia()) this.syncScreen()
  }

  /** People in the room, this device included: more people, less video per connection. */
  override setRoomSize(size: number): void {
    if (size === this.roomSize) return
    this.roomSize = size
    void this.applyCaps()
  }

  /**
   * Tells the other side how large we show its camera (device pixels), so it sends no more
   * pixels than that; 0: we show it nowhere now (its tile is off the page, the app is in the
   * background), so it sends none. The latest height always arrives: one asked for before the
   * other side's hello goes when the hello arrives, and one asked for sooner than `viewEveryMs`
   * after the last goes when that time is up (a growing room resizes every tile several times a
   * second) — except hiding and showing again, which go at once: they are not resizes.
   */
  sendView(height: number): void {
    this.viewToSend = Math.max(0, Math.round(height))
    this.flushView()
  }

  private flushView(): void {
    const height = this.viewToSend
    if (height === null) return
    if (this.lastView?.height === height) {
      this.viewToSend = null
      return
    }
    const shownOrHidden = height === 0 || this.lastView?.height === 0
    if (shownOrHidden && this.viewTimer !== null) {
      clearTimeout(this.viewTimer)
      this.viewTimer = null
    }
    if (this.viewTimer !== null) return
    const every = this.mediaOptions.viewEveryMs ?? VIEW_EVERY_MS
    const wait = this.lastView && !shownOrHidden ? this.lastView.at + every - Date.now() : 0
    if (wait > 0) {
      this.viewTimer = setTimeout(() => {
        this.viewTimer = null
        this.flushView()
      }, wait)
      return
    }
    // Before the other side's hello, onHello sends it.
    if (!this.remote || !this.send({ t: 'view', height })) return
    this.viewToSend = null
    this.lastView = { height, at: Date.now() }
  }

  protected override addBootstrapMedia(): void {
    const local = this.mediaOptions.localTracks?.()
    if (!local) return
    const answering = this.pc.signalingState === 'have-remote-offer'
    for (const [slot, track] of [
      ['mic', local.mic],
      ['camera', local.camera],
    ] as const) {
      if (!track || this.senders.has(slot)) continue
      // Answering, only onto an m-line the offer has: a new one would need a renegotiation
      // that nobody asks for before the control channel opens. It goes after the hello instead.
      if (answering && !this.offersLineFor(track.kind)) continue
      this.wanted.set(slot, { track, stream: local.stream })
      this.senders.set(slot, this.pc.addTrack(track, local.stream))
      this.given.set(slot, track)
    }
  }

  /** The remote offer has an m-line of this kind that nothing of ours sends on yet. */
  private offersLineFor(kind: string): boolean {
    return this.pc
      .getTransceivers()
      .some((t) => t.mid !== null && t.receiver.track.kind === kind && t.sender.track === null)
  }

  /**
   * Someone follows this session's streams from now on, before its hello (the room, for a pair
   * whose introduction was confirmed: the video shows as soon as it comes). Streams that came
   * already go out now.
   */
  override followStreams(): void {
    const early = this.earlyStreams ?? []
    this.earlyStreams = null
    for (const stream of early) this.emit('stream', stream)
  }

  protected override onHello(hello: Hello): void {
    this.followStreams()
    this.flushView()
    if (!hello.media) return
    for (const slot of this.wanted.keys()) void this.syncSlot(slot)
    this.syncScreen()
  }

  protected override onView(height: number): void {
    this.viewHeight = height
    void this.applyCaps()
  }

  private sendsMedia(): boolean {
    return this.isLive && this.remote?.media === true && this.pc.signalingState !== 'closed'
  }

  private async syncSlot(slot: MediaSlot): Promise<void> {
    const want = this.wanted.get(slot)
    if (!want || !this.sendsMedia()) return
    const sender = this.senders.get(slot)
    // Both attach and the hello sync every slot. A sender that has the track already is left
    // alone: replaceTrack waits for WebRTC's worker thread (0.2-1.1 s each while people join).
    if (this.given.has(slot) && this.given.get(slot) === want.track) return
    this.given.set(slot, want.track)
    try {
      if (sender) await sender.replaceTrack(want.track)
      else if (want.track) this.senders.set(slot, this.pc.addTrack(want.track, want.stream))
      // Another camera may give another size.
      if (slot === 'camera' && want.track) void this.applyCaps()
    } catch (err) {
      this.given.delete(slot)
      this.emit('error', toError(err, `failed to send the ${slot}`))
    }
  }

  private syncScreen(): void {
    const current = this.screenSender?.track ?? null
    if (current === (this.wantedScreen?.track ?? null)) return
    if (this.screenSender) {
      this.pc.removeTrack(this.screenSender)
      this.screenSender = null
    }
    if (this.wantedScreen) {
      this.screenSender = this.pc.addTrack(this.wantedScreen.track, this.wantedScreen.stream)
    }
  }

  /** Camera caps for the room size, the view and the camera's real size; audio at high priority.
   *  Encodings appear only once a sender is negotiated, so this runs again whenever negotiation
   *  settles (and when the camera changes). */
  private async applyCaps(): Promise<void> {
    const camera = this.given.get('camera') ?? null
    const caps = cameraCaps(this.roomSize, this.viewHeight, camera?.getSettings?.().height)
    await this.setEncoding(this.senders.get('camera'), {
      active: caps.active,
      maxBitrate: caps.maxBitrate,
      scaleResolutionDownBy: caps.scaleResolutionDownBy,
      maxFramerate: caps.maxFramerate,
      priority: 'medium',
      networkPriority: 'medium',
    })
    await this.setEncoding(this.senders.get('mic'), { priority: 'high', networkPriority: 'high' })
  }

  private async setEncoding(
    sender: RTCRtpSender | undefined,
    wanted: Partial<RTCRtpEncodingParameters>,
  ): Promise<void> {
    if (!sender || this.pc.signalingState === 'closed') return
    const last = this.encodingSet.get(sender)
    if (last && sameEncoding(last, wanted)) return
    const parameters = sender.getParameters()
    const first = parameters.encodings?.[0]
    if (!first) return
    this.encodingSet.set(sender, wanted)
    if (sameEncoding(first, wanted)) return
    Object.assign(first, wanted)
    try {
      await sender.setParameters(parameters)
    } catch (err) {
      if (this.encodingSet.get(sender) === wanted) this.encodingSet.delete(sender)
      this.emit('error', toError(err, 'failed to set the sending parameters'))
    }
  }
}

/** Whether `encoding` has every value of `wanted`. */
function sameEncoding(
  encoding: Partial<RTCRtpEncodingParameters>,
  wanted: Partial<RTCRtpEncodingParameters>,
): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => (encoding as Record<string, unknown>)[key] === value,
  )
}
