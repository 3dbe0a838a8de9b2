import { toError } from './errors'
import type { Hello } from './messages'
import { PeerSession, type SessionOptions } from './session'

export type MediaSlot = 'mic' | 'camera'

/**
 * A browser peer session that also carries audio and video. Tracks are added only once the
 * control channel is open and the other side's hello says it takes media, so the bootstrap code
 * stays tiny and a terminal peer is never sent media. The first track of a slot adds a
 * transceiver (one in-band renegotiation); later changes — switching camera, turning it off
 * (null) and on — use replaceTrack and need no renegotiation. A screen share is its own stream.
 */
export class MediaSession extends PeerSession<RTCPeerConnection> {
  private readonly wanted = new Map<
    MediaSlot,
    { track: MediaStreamTrack | null; stream: MediaStream }
  >()
  private readonly senders = new Map<MediaSlot, RTCRtpSender>()
  private screenSender: RTCRtpSender | null = null
  private wantedScreen: { track: MediaStreamTrack; stream: MediaStream } | null = null

  constructor(pc: RTCPeerConnection, options: SessionOptions) {
    super(pc, options)
    pc.addEventListener('track', (event) => {
      this.emit('stream', event.streams[0] ?? new MediaStream([event.track]))
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

  protected override onHello(hello: Hello): void {
    if (!hello.media) return
    for (const slot of this.wanted.keys()) void this.syncSlot(slot)
    this.syncScreen()
  }

  private sendsMedia(): boolean {
    return this.isLive && this.remote?.media === true && this.pc.signalingState !== 'closed'
  }

  private async syncSlot(slot: MediaSlot): Promise<void> {
    const want = this.wanted.get(slot)
    if (!want || !this.sendsMedia()) return
    const sender = this.senders.get(slot)
    try {
      if (sender) await sender.replaceTrack(want.track)
      else if (want.track) this.senders.set(slot, this.pc.addTrack(want.track, want.stream))
    } catch (err) {
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
}
