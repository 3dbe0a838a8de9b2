import { Emitter } from './emitter'
import { toError } from './errors'
import { DEFAULT_GATHER_TIMINGS, type GatherTimings, waitForIceGathering } from './gather'
import {
  CONTROL_LABEL,
  type ControlMessage,
  PROTOCOL_VERSION,
  parseControlMessage,
} from './messages'
import { Negotiator } from './negotiator'
import type { PeerFailure, PeerPhase } from './phase'

/** The SDP pair of the out-of-band bootstrap; same shape as the codec's `Signal`. */
export interface SessionDescription {
  type: 'offer' | 'answer'
  sdp: string
}

export interface PeerDeps {
  /** Injected so the logic can run against fakes; in the app: `(c) => new RTCPeerConnection(c)`. */
  createPeerConnection: (config: RTCConfiguration) => RTCPeerConnection
  iceServers: RTCIceServer[]
  gatherTimings?: GatherTimings
  /** After the host applies a reply, how long ICE + DTLS may take before we call it failed. */
  connectTimeoutMs?: number
}

export interface MediaState {
  mic: boolean
  cam: boolean
  screenStreamId: string | null
}

export interface PeerEvents extends Record<string, unknown> {
  phase: PeerPhase
  /** The other side said who it is (first message on the control channel). */
  hello: { name: string; media: boolean }
  /** A remote stream appeared or gained a track. */
  stream: MediaStream
  media: MediaState
  /** A data channel the other side opened (chat, files); the control channel is not reported. */
  channel: RTCDataChannel
  error: Error
}

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000

/**
 * One peer connection of a room: the QR/link bootstrap (data channel only), then everything else
 * in band over the `control` channel. The host (impolite) makes every offer; the guest (polite)
 * asks for one when it needs it (see Negotiator). Local media is added only once the control channel is open, so the bootstrap code stays
 * tiny.
 */
export class PeerSession extends Emitter<PeerEvents> {
  readonly role: 'host' | 'guest'
  readonly pc: RTCPeerConnection
  private readonly deps: PeerDeps
  private readonly negotiator: Negotiator
  private control: RTCDataChannel | null = null
  private currentPhase: PeerPhase = { status: 'new' }
  private everConnected = false
  private connectTimer: ReturnType<typeof setTimeout> | null = null
  private readonly wanted = new Map<
    'mic' | 'camera',
    { track: MediaStreamTrack | null; stream: MediaStream }
  >()
  private readonly senders = new Map<'mic' | 'camera', RTCRtpSender>()
  private screenSender: RTCRtpSender | null = null
  /** False once the other side said it takes no audio/video (a terminal peer). */
  private remoteTakesMedia = true
  /** Media is offered only after the other side's hello says it takes any. */
  private heardHello = false

  constructor(role: 'host' | 'guest', deps: PeerDeps) {
    super()
    this.role = role
    this.deps = deps
    this.pc = deps.createPeerConnection({ iceServers: deps.iceServers, bundlePolicy: 'max-bundle' })
    this.negotiator = new Negotiator(this.pc, {
      polite: role === 'guest',
      sendDescription: (description) => this.send({ t: 'description', description }),
      sendRequest: (kinds) => this.send({ t: 'negotiate', kinds }),
      sendCandidate: (candidate) => this.send({ t: 'candidate', candidate }),
      onError: (error) => this.emit('error', error),
    })
    this.pc.addEventListener('connectionstatechange', () => this.onConnectionState())
    this.pc.addEventListener('track', (event) => this.onTrack(event))
    this.pc.addEventListener('datachannel', (event) => {
      if (event.channel.label === CONTROL_LABEL) this.attachControl(event.channel)
      else this.emit('channel', event.channel)
    })
  }

  get phase(): PeerPhase {
    return this.currentPhase
  }

  /** Host: makes the invite — a data-channel-only offer with its candidates gathered. */
  async createInvite(): Promise<SessionDescription> {
    this.attachControl(this.pc.createDataChannel(CONTROL_LABEL, { ordered: true }))
    this.setPhase({ status: 'gathering' })
    await this.pc.setLocalDescription()
    return this.gatheredLocal('offer')
  }

  /** Guest: applies the host's invite and makes the reply. */
  async acceptInvite(offer: SessionDescription): Promise<SessionDescription> {
    this.setPhase({ status: 'gathering' })
    try {
      await this.pc.setRemoteDescription(offer)
    } catch (err) {
      this.fail('rejected')
      throw toError(err, 'the browser refused the invite')
    }
    await this.pc.setLocalDescription()
    return this.gatheredLocal('answer')
  }

  /** Host: applies the guest's reply; connecting starts now. */
  async acceptReply(answer: SessionDescription): Promise<void> {
    try {
      await this.pc.setRemoteDescription(answer)
    } catch (err) {
      throw toError(err, 'the browser refused the reply')
    }
    if (this.currentPhase.status === 'waiting') this.setPhase({ status: 'connecting' })
    this.armConnectTimer()
  }

  /**
   * Sets what we send in one media slot. The first track of a slot adds a transceiver (one
   * renegotiation, in band); later changes — switching camera, turning it off (null) and on —
   * use replaceTrack and need no renegotiation. Tracks are sent once the control channel is open
   * and the other side's hello says it takes media.
   */
  setTrack(slot: 'mic' | 'camera', track: MediaStreamTrack | null, stream: MediaStream): void {
    if (!this.remoteTakesMedia) return
    this.wanted.set(slot, { track, stream })
    if (this.isOpen() && this.heardHello) void this.syncSlot(slot)
  }

  /** Starts sending a screen share as its own stream (renegotiates); null stops it. */
  setScreen(track: MediaStreamTrack | null, stream: MediaStream | null): void {
    if (!this.remoteTakesMedia || !this.heardHello) return
    if (this.screenSender) {
      if (this.pc.signalingState !== 'closed') this.pc.removeTrack(this.screenSender)
      this.screenSender = null
    }
    if (track && stream && this.pc.signalingState !== 'closed') {
      this.screenSender = this.pc.addTrack(track, stream)
    }
  }

  sendMediaState(state: MediaState): void {
    this.send({ t: 'media', ...state })
  }

  /** Opens an extra ordered, reliable channel (chat, file) over the existing SCTP association. */
  openChannel(label: string): RTCDataChannel {
    return this.pc.createDataChannel(label, { ordered: true })
  }

  /** Leaves on purpose: tells the other side, then closes. */
  leave(): void {
    if (this.control?.readyState === 'open') this.send({ t: 'bye' })
    const control = this.control
    // Give the bye a moment to leave the SCTP buffer before tearing the connection down.
    setTimeout(() => this.close({ status: 'ended', by: 'me' }), control ? 150 : 0)
    this.setPhase({ status: 'ended', by: 'me' })
  }

  close(final: PeerPhase = { status: 'ended', by: 'me' }): void {
    this.clearConnectTimer()
    if (this.pc.signalingState !== 'closed') this.pc.close()
    this.setPhase(final)
  }

  private async gatheredLocal(type: 'offer' | 'answer'): Promise<SessionDescription> {
    await waitForIceGathering(this.pc, this.deps.gatherTimings ?? DEFAULT_GATHER_TIMINGS)
    const local = this.pc.localDescription
    if (!local || local.type !== type) throw new Error(`no local ${type} after gathering`)
    this.setPhase({ status: 'waiting' })
    return { type, sdp: local.sdp }
  }

  private attachControl(channel: RTCDataChannel): void {
    this.control = channel
    channel.addEventListener('open', () => this.onControlOpen())
    channel.addEventListener('message', (event) => this.onControlMessage(event.data))
    channel.addEventListener('close', () => {
      if (this.currentPhase.status !== 'ended' && this.everConnected) this.fail('lost')
    })
  }

  private onControlOpen(): void {
    this.everConnected = true
    this.clearConnectTimer()
    this.negotiator.start()
    this.setPhase({ status: 'connected' })
  }

  private onControlMessage(data: unknown): void {
    const message = parseControlMessage(data)
    if (!message) return
    switch (message.t) {
      case 'hello':
        this.remoteTakesMedia = message.media
        this.heardHello = true
        if (message.media) this.syncTracks()
        this.emit('hello', { name: message.name, media: message.media })
        break
      case 'description':
        void this.negotiator.receiveDescription(message.description)
        break
      case 'negotiate':
        this.negotiator.receiveRequest(message.kinds)
        break
      case 'candidate':
        void this.negotiator.receiveCandidate(message.candidate)
        break
      case 'media':
        this.emit('media', {
          mic: message.mic,
          cam: message.cam,
          screenStreamId: message.screenStreamId,
        })
        break
      case 'bye':
        this.close({ status: 'ended', by: 'peer' })
        break
    }
  }

  /** Sends a hello; the UI calls it once connected with the user's display name. */
  sayHello(name: string): void {
    this.send({ t: 'hello', v: PROTOCOL_VERSION, name, media: true })
  }

  private send(message: ControlMessage): void {
    if (this.control?.readyState !== 'open') return
    try {
      this.control.send(JSON.stringify(message))
    } catch (err) {
      this.emit('error', toError(err, 'failed to send on the control channel'))
    }
  }

  private isOpen(): boolean {
    return this.currentPhase.status === 'connected' || this.currentPhase.status === 'interrupted'
  }

  private syncTracks(): void {
    for (const slot of this.wanted.keys()) void this.syncSlot(slot)
  }

  private async syncSlot(slot: 'mic' | 'camera'): Promise<void> {
    const want = this.wanted.get(slot)
    if (!want || !this.remoteTakesMedia || this.pc.signalingState === 'closed') return
    const sender = this.senders.get(slot)
    try {
      if (sender) await sender.replaceTrack(want.track)
      else if (want.track) this.senders.set(slot, this.pc.addTrack(want.track, want.stream))
    } catch (err) {
      this.emit('error', toError(err, `failed to send the ${slot}`))
    }
  }

  private onTrack(event: RTCTrackEvent): void {
    const stream = event.streams[0] ?? new MediaStream([event.track])
    this.emit('stream', stream)
  }

  private onConnectionState(): void {
    const state = this.pc.connectionState
    if (this.currentPhase.status === 'ended' || this.currentPhase.status === 'failed') return
    // A host's ICE agent may hear the guest's checks before the reply is applied; that is not yet
    // "connecting" for the person, who still has to scan the reply.
    const bothApplied = this.pc.remoteDescription !== null && this.pc.localDescription !== null
    if (state === 'connecting' && this.currentPhase.status === 'waiting' && bothApplied) {
      this.setPhase({ status: 'connecting' })
    } else if (state === 'disconnected' && this.everConnected) {
      this.setPhase({ status: 'interrupted' })
    } else if (state === 'connected' && this.currentPhase.status === 'interrupted') {
      this.setPhase({ status: 'connected' })
    } else if (state === 'failed') {
      this.fail(this.everConnected ? 'lost' : 'no-route')
    }
  }

  private armConnectTimer(): void {
    this.clearConnectTimer()
    this.connectTimer = setTimeout(() => {
      if (!this.everConnected) this.fail('timeout')
    }, this.deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS)
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer)
    this.connectTimer = null
  }

  private fail(reason: PeerFailure): void {
    this.clearConnectTimer()
    if (this.pc.signalingState !== 'closed') this.pc.close()
    this.setPhase({ status: 'failed', reason })
  }

  private setPhase(phase: PeerPhase): void {
    const current = this.currentPhase
    if (current.status === 'ended' || (current.status === 'failed' && phase.status !== 'ended')) {
      return
    }
    this.currentPhase = phase
    this.emit('phase', phase)
  }
}
