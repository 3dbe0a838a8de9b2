import type { DataChannelLike } from '../shared/channel'
import { Emitter } from '../shared/emitter'
import { asDtlsServer, bootstrapDescription, trickleCandidates } from './bootstrap'
import { ChannelInbox } from './channel-inbox'
import { ControlChannel } from './control-channel'
import { SessionError } from './errors'
import { DEFAULT_GATHER_TIMINGS, type GatherTimings } from './gather'
import { IceRecovery } from './ice-recovery'
import {
  CONTROL_LABEL,
  type ControlMessage,
  type GestureMessage,
  type Hello,
  isGesture,
  type MediaState,
  PROTOCOL_VERSION,
  type RoomMessage,
} from './messages'
import { Negotiator } from './negotiator'
import { type PeerFailure, type PeerPhase, PhaseTracker } from './phase'
import { type OfferOrAnswer, type PeerPort, sdpFingerprint } from './port'
import {
  type BootstrapOptions,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type SessionEvents,
  type SessionOptions,
} from './session-options'

export type { BootstrapOptions, SessionEvents, SessionOptions } from './session-options'

/**
 * One peer connection: a data-channel-only bootstrap (offer → answer, each with its candidates
 * gathered, small enough for a QR code or relayed by a room member; an introduced pair's may
 * carry media too and trickle its candidates, see BootstrapOptions), then everything else in
 * band on the ordered `control` channel (messages.ts): hello, media state, renegotiation,
 * candidates, room messages, bye.
 *
 * Phases (phase.ts): new → gathering → waiting → connecting → connected ⇄ interrupted, ending in
 * failed or ended; both final phases stick. The connect deadline runs from the answer being
 * applied (offerer) until the control channel opens. The control channel (control-channel.ts)
 * and getting a failed path back (ice-recovery.ts) are machines of their own.
 */
export class PeerSession<P extends PeerPort = PeerPort> extends Emitter<SessionEvents> {
  readonly role: 'offerer' | 'answerer'
  protected readonly pc: P
  private readonly options: SessionOptions
  private readonly negotiator: Negotiator
  private readonly control: ControlChannel
  private readonly recovery: IceRecovery
  private readonly inbox = new ChannelInbox()
  private readonly phases: PhaseTracker
  private remoteHello: Hello | null = null
  /**
   * The other side's DTLS fingerprint, from the bootstrap description we applied. Kept here, not
   * read back from `pc.remoteDescription`: Chromium shows that attribute only once its
   * setRemoteDescription has resolved through its signaling thread (up to 2.1 s measured in a
   * room on the bench's two cores), and meanwhile the connection may open and the other side's
   * hello arrive. An inviter that read no fingerprint then introduced the newcomer to nobody.
   */
  private bootstrapRemoteFingerprint: string | null = null

  constructor(pc: P, options: SessionOptions) {
    super()
    this.pc = pc
    this.role = options.role
    this.options = options
    this.phases = new PhaseTracker((phase) => {
      if (this.phases.isFinal) this.control.stop()
      this.emit('phase', phase)
    })
    this.negotiator = new Negotiator(pc, {
      polite: options.role === 'answerer',
      sendDescription: (description) => this.send({ t: 'description', description }),
      sendRequest: (kinds) => this.send({ t: 'negotiate', kinds }),
      sendCandidate: (candidate) => this.send({ t: 'candidate', candidate }),
      onError: (error) => this.emit('error', error),
    })
    this.control = new ControlChannel({
      open: () => this.onControlOpen(),
      message: (message) => this.onControlMessage(message),
      lost: () => this.fail('lost'),
      flood: () => this.cutOff(),
      error: (error) => this.emit('error', error),
    })
    this.recovery = new IceRecovery({
      pc,
      role: options.role,
      negotiator: this.negotiator,
      gatherTimings: this.gatherTimings,
      canRestart: () => options.hello.restarts === true && this.remoteHello?.restarts === true,
      remoteFingerprint: () => this.bootstrapRemoteFingerprint,
      isLive: () => this.isLive,
      isOver: () => this.phases.isFinal,
      send: (message) => this.send(message),
      restartReady: (offer) => this.emit('restart', offer),
      restartNeeded: (needed) => this.emit('restartNeeded', needed),
      lost: () => this.fail('lost'),
    })
    pc.addEventListener('connectionstatechange', () => this.onConnectionState())
    pc.addEventListener('datachannel', (event) => {
      const channel = (event as Event & { channel: DataChannelLike }).channel
      if (channel.label !== CONTROL_LABEL) this.inbox.receive(channel)
      else if (this.role === 'answerer' && !this.control.attached) this.attachControl(channel)
      else channel.close()
    })
  }

  get phase(): PeerPhase {
    return this.phases.current
  }

  /** The other side's hello, once it arrived. */
  get remote(): Hello | null {
    return this.remoteHello
  }

  /** True from the control channel opening until the session ends. */
  get isLive(): boolean {
    return this.phases.isLive
  }

  /** Offerer: the bootstrap offer (data channel only, unless `media`), candidates gathered
   *  (unless `trickle`). */
  async createOffer(options: BootstrapOptions = {}): Promise<OfferOrAnswer> {
    this.attachControl(this.pc.createDataChannel(CONTROL_LABEL, { ordered: true }))
    this.phases.set({ status: 'gathering' })
    if (options.media) this.addBootstrapMedia()
    if (options.trickle) trickleCandidates(this.pc, options.trickle)
    await this.pc.setLocalDescription()
    return this.bootstrapLocal('offer', options)
  }

  /** Answerer: applies the bootstrap offer and returns the answer, candidates gathered (unless
   *  `trickle`); we answer as the DTLS server (asDtlsServer). Throws SessionError 'rejected' when the browser refuses the offer. */
  async acceptOffer(offer: OfferOrAnswer, options: BootstrapOptions = {}): Promise<OfferOrAnswer> {
    this.phases.set({ status: 'gathering' })
    if (options.trickle) trickleCandidates(this.pc, options.trickle)
    try {
      this.bootstrapRemoteFingerprint = sdpFingerprint(offer.sdp)
      await this.pc.setRemoteDescription(asDtlsServer(offer))
      await this.negotiator.addEarlyCandidates()
      if (options.media) this.addBootstrapMedia()
      await this.pc.setLocalDescription()
    } catch (err) {
      this.fail('rejected')
      throw new SessionError('rejected', 'the offer could not be applied', { cause: err })
    }
    return this.bootstrapLocal('answer', options)
  }

  /** Offerer: applies the answer; connecting starts now, bounded by the connect timeout.
   *  Throws SessionError 'rejected' when the browser refuses the answer. */
  async acceptAnswer(answer: OfferOrAnswer): Promise<void> {
    const before = this.bootstrapRemoteFingerprint
    try {
      this.bootstrapRemoteFingerprint = sdpFingerprint(answer.sdp)
      await this.pc.setRemoteDescription(answer)
    } catch (err) {
      this.bootstrapRemoteFingerprint = before
      throw new SessionError('rejected', 'the answer could not be applied', { cause: err })
    }
    await this.negotiator.addEarlyCandidates()
    if (this.phase.status === 'waiting') this.phases.set({ status: 'connecting' })
    this.phases.armDeadline(this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, () =>
      this.fail('timeout'),
    )
  }

  /** A candidate of the other side's trickled bootstrap (kept until its description is set). */
  addRemoteCandidate(candidate: RTCIceCandidateInit): void {
    void this.negotiator.receiveCandidate(candidate)
  }

  /** The sha-256 DTLS fingerprint the other side announced (what DTLS will hold it to). */
  remoteFingerprint(): string | null {
    return this.bootstrapRemoteFingerprint
  }

  /** Ours, as announced in our local description. */
  localFingerprint(): string | null {
    const local = this.pc.localDescription
    return local ? sdpFingerprint(local.sdp) : null
  }

  /**
   * The path failed and no ICE restart has completed since (ice-recovery.ts): this, not the ICE
   * state, says whether Reconnect is still needed.
   */
  get needsRestart(): boolean {
    return this.recovery.needsRestart
  }

  /** Offerer: the pending ICE restart offer, candidates gathered; null when none is pending. */
  get restartOffer(): OfferOrAnswer | null {
    return this.recovery.restartOffer
  }

  /**
   * ICE restarts that came another way than in band (a room relay; `fromCode`: a Reconnect
   * code). Answerer: applies the offer and resolves our answer. Offerer: applies the answer to
   * our pending offer; false when none waits (stale). Both throw SessionError for another
   * certificate than this connection holds, or no connection to restart (ice-recovery.ts).
   */
  acceptRestartOffer(offer: OfferOrAnswer, options: { fromCode?: boolean } = {}) {
    return this.recovery.acceptOffer(offer, options.fromCode === true)
  }

  acceptRestartAnswer(answer: OfferOrAnswer, options: { fromCode?: boolean } = {}) {
    return this.recovery.acceptAnswer(answer, options.fromCode === true)
  }

  /** Channels the other side opens (chat, files) go to `listener` (channel-inbox.ts). */
  onChannel(listener: (channel: DataChannelLike) => void): () => void {
    return this.inbox.take(listener)
  }

  /** Opens an ordered, reliable channel (chat, file) over the existing SCTP association. */
  openChannel(label: string): DataChannelLike {
    return this.pc.createDataChannel(label, { ordered: true })
  }

  /** The largest data-channel message the other side takes, once known (null: not yet). */
  maxMessageSize(): number | null {
    return this.pc.sctp?.maxMessageSize ?? null
  }

  getStats(): Promise<ReadonlyMap<string, unknown>> {
    return this.pc.getStats()
  }

  /** Sends our media state, so the other side can show a muted mark or an avatar. */
  sendMediaState(state: MediaState): void {
    this.send({ t: 'media', ...state })
  }

  /** Sends a hand, a reaction or a recording state; false when the control channel is not open. */
  sendGesture(message: GestureMessage): boolean {
    return this.send(message)
  }

  /** Sends a room-level message; false when the control channel is not open. */
  sendRoomMessage(message: RoomMessage): boolean {
    return this.send(message)
  }

  /** People in the call, this device included (told by the room as it changes): media sessions
   *  send less video per connection in larger rooms. */
  setRoomSize(_size: number): void {}

  /** Someone follows `stream` from now on (media sessions hold those before the hello). */
  followStreams(): void {}

  /**
   * Leaves on purpose: the phase is 'ended by me' at once; the bye is sent, given time to leave
   * (BYE_DRAIN_MAX_MS, BYE_LINGER_MS), then the connection closes. Resolves once closed. `now`
   * (the page is going away): closed right after the bye, in this task, with no lingering and no
   * `closeLater` — there may be no next task; closing sends the other side an SCTP abort, so it
   * learns at once even if the bye did not make it.
   */
  async leave(options: { now?: boolean } = {}): Promise<void> {
    if (this.phases.isFinal) return this.close(this.phase)
    const sent = this.send({ t: 'bye' })
    this.phases.set({ status: 'ended', by: 'me' })
    if (options.now) return this.close(this.phase, { now: true })
    if (sent) await this.control.drain()
    this.close()
  }

  /** Closes (idempotent); `final` is the phase if none is final yet; `closeLater` unless `now`. */
  close(final: PeerPhase = { status: 'ended', by: 'me' }, options: { now?: boolean } = {}): void {
    this.phases.clearDeadline()
    this.recovery.stop()
    // The phase first: closing makes the channels close, which must not read as a lost link.
    this.phases.set(final)
    const closeConnection = () => {
      if (this.pc.signalingState !== 'closed') this.pc.close()
    }
    if (this.options.closeLater && !options.now) this.options.closeLater(closeConnection)
    else closeConnection()
  }

  /** Ends the connection because the other side floods us (see CONTROL_BURST). */
  cutOff(): void {
    this.fail('flood')
  }

  protected send(message: ControlMessage): boolean {
    return this.control.send(message)
  }

  /** Adds what this side sends into the bootstrap being made (see BootstrapOptions); media
   *  sessions add their microphone and camera. */
  protected addBootstrapMedia(): void {}

  /** Called once the other side's hello arrived, after its listeners ran (they start following
   *  this session); media sessions start sending here. */
  protected onHello(_hello: Hello): void {}

  /** The other side shows our camera this many device pixels high (media sessions adapt). */
  protected onView(_height: number): void {}

  private get gatherTimings(): GatherTimings {
    return this.options.gatherTimings ?? DEFAULT_GATHER_TIMINGS
  }

  /** Our bootstrap description once set, and (unless trickled) its candidates gathered. */
  private async bootstrapLocal(
    type: 'offer' | 'answer',
    options: BootstrapOptions,
  ): Promise<OfferOrAnswer> {
    const local = await bootstrapDescription(
      this.pc,
      type,
      options.trickle ? null : this.gatherTimings,
    )
    if (!local) {
      this.fail('rejected')
      throw new SessionError('rejected', `no local ${type} after gathering`)
    }
    this.phases.set({ status: 'waiting' })
    return local
  }

  private attachControl(channel: DataChannelLike): void {
    this.control.attach(channel, { holdUntilHeard: this.role === 'answerer' })
  }

  private onControlOpen(): void {
    if (this.phases.isFinal) return
    this.negotiator.start()
    this.send({ t: 'hello', v: PROTOCOL_VERSION, ...this.options.hello })
    this.phases.set({ status: 'connected' })
  }

  private onControlMessage(message: ControlMessage): void {
    switch (message.t) {
      case 'hello': {
        if (this.remoteHello) return
        // The parser keeps exactly the hello's fields (optional ones only when true).
        const { t: _frame, v: _version, ...hello } = message
        this.remoteHello = hello
        this.emit('hello', this.remoteHello)
        this.onHello(this.remoteHello)
        return
      }
      case 'description':
        void this.negotiator
          .receiveDescription(message.description)
          .then(() => this.recovery.descriptionApplied())
        return
      case 'negotiate':
        if (message.restart) this.recovery.requested()
        else this.negotiator.receiveRequest(message.kinds)
        return
      case 'candidate':
        void this.negotiator.receiveCandidate(message.candidate)
        return
      case 'media':
        this.emit('media', {
          mic: message.mic,
          cam: message.cam,
          screenStreamId: message.screenStreamId,
        })
        return
      case 'bye':
        this.close({ status: 'ended', by: 'peer' })
        return
      case 'restarted':
        if (this.role === 'answerer') this.emit('restarted', undefined)
        return
      case 'view':
        this.onView(message.height)
        return
      default:
        if (isGesture(message)) this.emit('gesture', message)
        else this.emit('message', message)
    }
  }

  private onConnectionState(): void {
    if (this.phases.isFinal) return
    const state = this.pc.connectionState
    // An offerer's ICE agent may hear the answerer's checks before the answer is applied; that
    // is not yet "connecting" for the person, who still has to scan the reply.
    const bothApplied = this.pc.remoteDescription !== null && this.pc.localDescription !== null
    if (state === 'connecting' && this.phase.status === 'waiting' && bothApplied) {
      this.phases.set({ status: 'connecting' })
    } else if (state === 'disconnected' && this.phases.everOpened) {
      this.phases.set({ status: 'interrupted', pathFailed: this.recovery.recovering })
    } else if (state === 'connected' && this.phase.status === 'interrupted') {
      this.recovery.stop()
      this.phases.set({ status: 'connected' })
      this.recovery.continueRestart()
    } else if (state === 'failed') {
      if (!this.phases.everOpened) {
        this.fail('no-route')
        return
      }
      this.recovery.beginRecovery()
      this.phases.set({ status: 'interrupted', pathFailed: true })
      this.recovery.beginRestart()
    }
  }

  private fail(reason: PeerFailure): void {
    this.close({ status: 'failed', reason })
  }
}
