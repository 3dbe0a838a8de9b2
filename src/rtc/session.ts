import type { DataChannelLike } from '../shared/channel'
import { Emitter } from '../shared/emitter'
import { toError } from './errors'
import {
  DEFAULT_GATHER_TIMINGS,
  type GatherTimings,
  waitForIceGathering,
  waitForRestartGathering,
} from './gather'
import { sdpUfrag, spliceIce } from './ice-restart'
import {
  CONTROL_LABEL,
  type ControlMessage,
  type Hello,
  type MediaState,
  PROTOCOL_VERSION,
  parseControlMessage,
  type RoomMessage,
} from './messages'
import { Negotiator } from './negotiator'
import type { PeerFailure, PeerPhase } from './phase'
import { type OfferOrAnswer, type PeerPort, sdpFingerprint } from './port'
import { readdRemoteCandidates } from './recovery'

export interface SessionOptions {
  /**
   * The offerer makes the bootstrap offer, creates the control channel and makes every in-band
   * offer afterwards; the answerer asks for one when it needs new m-lines (negotiator.ts).
   */
  role: 'offerer' | 'answerer'
  /** What this side says about itself in its hello. */
  hello: Hello
  gatherTimings?: GatherTimings
  /** Once the answer is applied, how long ICE + DTLS + SCTP may take before 'timeout'. */
  connectTimeoutMs?: number
  /**
   * When the connection itself is closed, once the final phase was told: at once unless given.
   * Chromium's `RTCPeerConnection.close()` blocks the page for 0.5–0.8 s with media (measured),
   * so the app closes it after the screen shows the call is over.
   */
  closeLater?: (close: () => void) => void
}

/**
 * How a bootstrap is made. `media`: the other side takes audio and video before its hello (an
 * introducer vouched so, messages.ts Hello.earlyMedia), so the offer or answer carries this
 * side's microphone and camera and the first frames need no renegotiation. Codes never do: a
 * code carries a data channel only.
 */
export interface BootstrapOptions {
  media?: boolean
  /**
   * Trickle (an introduced pair both of whose ends said so, messages.ts Hello.trickle): the
   * offer or answer is returned as soon as it is set, and each candidate this side gathers
   * afterwards goes to this function, for the room to relay after it. The other side's come in
   * through `addRemoteCandidate`. Without it the description waits until the candidates are
   * gathered, and carries them all (a code has no other way).
   */
  trickle?: (candidate: RTCIceCandidateInit) => void
}

export interface SessionEvents extends Record<string, unknown> {
  phase: PeerPhase
  /** The other side said who it is: the first message it sends on the control channel. */
  hello: Hello
  /** The other side's microphone/camera/screen state changed. */
  media: MediaState
  /** A room-level message (introductions, relayed signals); the room layer handles them. */
  message: RoomMessage
  /** A remote media stream appeared or changed (browser media sessions only). */
  stream: MediaStream
  /**
   * Offerer: an ICE restart offer is ready, candidates gathered (after the path failed), to be
   * handed on where the in-band copy cannot go: a room member, a Reconnect code.
   */
  restart: OfferOrAnswer
  /** `needsRestart` changed (see there). */
  restartNeeded: boolean
  /** Answerer: the offerer applied our answer to its ICE restart, and said so on the new path. */
  restarted: undefined
  /** Something went wrong that does not end the session (logged, never shown as is). */
  error: Error
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000
/** Channels the other side may open before anyone on this side takes them; more are closed. */
export const MAX_EARLY_CHANNELS = 16
/**
 * After ICE reports the path failed, how long the session stays 'interrupted', trying to get it
 * back (recovery.ts), before it is 'lost'. Measured here: ICE fails 16–18 s into an outage; the
 * data channels survived 45 s outages and came back with everything sent meanwhile.
 */
export const RECOVERY_GRACE_MS = 120_000
/** While interrupted after a failure, both sides offer the other's candidates again this often. */
export const RECOVERY_RETRY_MS = 5_000
/**
 * Control messages the other side may send within CONTROL_WINDOW_MS. A call sends a few dozen
 * (candidates, descriptions, media states, view hints); far more is a flood, and the session
 * ends with 'flood' rather than serve it until memory runs out.
 */
export const CONTROL_BURST = 500
export const CONTROL_WINDOW_MS = 10_000
/**
 * After the bye has left our send buffer (bufferedAmount 0), how long before the connection is
 * torn down: closing the peer connection drops whatever SCTP has not yet put on the wire, and
 * the other side would read a lost connection instead of a goodbye.
 */
export const BYE_LINGER_MS = 200
/** Upper bound for the bye's buffer to drain before lingering anyway. */
export const BYE_DRAIN_MAX_MS = 1000
const DRAIN_POLL_MS = 10

/**
 * One peer connection: a data-channel-only bootstrap (offer → answer, each with its candidates
 * gathered, small enough for a QR code or relayed by a room member; an introduced pair's may
 * carry media too and trickle its candidates, see BootstrapOptions), then everything else in
 * band on the ordered `control` channel (messages.ts): hello, media state, renegotiation,
 * candidates, room messages, bye.
 *
 * Phases (phase.ts): new → gathering → waiting → connecting → connected ⇄ interrupted, ending in
 * failed or ended; both final phases stick. The connect timer runs from the answer being
 * applied (offerer) until the control channel opens.
 */
export class PeerSession<P extends PeerPort = PeerPort> extends Emitter<SessionEvents> {
  readonly role: 'offerer' | 'answerer'
  protected readonly pc: P
  private readonly options: SessionOptions
  private readonly negotiator: Negotiator
  private control: DataChannelLike | null = null
  private channelTaker: ((channel: DataChannelLike) => void) | null = null
  private readonly earlyChannels: DataChannelLike[] = []
  /** Control messages that arrived before our 'open' event (bounded by CONTROL_BURST). */
  private readonly beforeOpen: unknown[] = []
  /**
   * Answerer: what we send waits here until the offerer's first message (its hello) arrived.
   * Chromium lost the message a side sent on a channel it had just received (at 'datachannel')
   * in 7 of 1 110 two-connection probes: it never reached the channel's creator, and nobody saw
   * an error; 0 of 400 when sent after the creator's first message came. A lost hello left the
   * host at "Connecting…" for good. The offerer speaks first on open, always.
   */
  private heldUntilHeard: ControlMessage[] | null = null
  private currentPhase: PeerPhase = { status: 'new' }
  private everConnected = false
  private connectTimer: ReturnType<typeof setTimeout> | null = null
  private recovery: {
    grace: ReturnType<typeof setTimeout>
    retries: ReturnType<typeof setInterval>
  } | null = null
  private remoteHello: Hello | null = null
  /**
   * The other side's DTLS fingerprint, from the bootstrap description we applied. Kept here, not
   * read back from `pc.remoteDescription`: Chromium shows that attribute only once its
   * setRemoteDescription has resolved through its signaling thread (up to 2.1 s measured in a
   * room on the bench's two cores), and meanwhile the connection may open and the other side's
   * hello arrive. An inviter that read no fingerprint then introduced the newcomer to nobody.
   */
  private bootstrapRemoteFingerprint: string | null = null
  /** Since the path failed: the other side's ICE ufrag then (a restart changes it). */
  private failedWithUfrag: string | null = null
  /** Offerer: our ICE restart offer while it waits for its answer (gathered once ready). */
  private restarting: { offer: OfferOrAnswer | null } | null = null
  private windowStart = 0
  private windowCount = 0

  constructor(pc: P, options: SessionOptions) {
    super()
    this.pc = pc
    this.role = options.role
    this.options = options
    this.negotiator = new Negotiator(pc, {
      polite: options.role === 'answerer',
      sendDescription: (description) => this.send({ t: 'description', description }),
      sendRequest: (kinds) => this.send({ t: 'negotiate', kinds }),
      sendCandidate: (candidate) => this.send({ t: 'candidate', candidate }),
      onError: (error) => this.emit('error', error),
    })
    pc.addEventListener('connectionstatechange', () => this.onConnectionState())
    pc.addEventListener('datachannel', (event) => {
      const channel = (event as Event & { channel: DataChannelLike }).channel
      if (channel.label === CONTROL_LABEL && this.role === 'answerer' && !this.control) {
        this.attachControl(channel)
      } else if (channel.label !== CONTROL_LABEL) {
        this.receiveChannel(channel)
      } else {
        channel.close()
      }
    })
  }

  get phase(): PeerPhase {
    return this.currentPhase
  }

  /** The other side's hello, once it arrived. */
  get remote(): Hello | null {
    return this.remoteHello
  }

  /** True from the control channel opening until the session ends. */
  get isLive(): boolean {
    return this.currentPhase.status === 'connected' || this.currentPhase.status === 'interrupted'
  }

  /** Offerer: the bootstrap offer (data channel only, unless `media`), candidates gathered
   *  (unless `trickle`). */
  async createOffer(options: BootstrapOptions = {}): Promise<OfferOrAnswer> {
    this.attachControl(this.pc.createDataChannel(CONTROL_LABEL, { ordered: true }))
    this.setPhase({ status: 'gathering' })
    if (options.media) this.addBootstrapMedia()
    if (options.trickle) this.trickleBootstrap(options.trickle)
    await this.pc.setLocalDescription()
    return this.bootstrapLocal('offer', options)
  }

  /** Answerer: applies the bootstrap offer and returns the answer, candidates gathered (unless
   *  `trickle`). */
  async acceptOffer(offer: OfferOrAnswer, options: BootstrapOptions = {}): Promise<OfferOrAnswer> {
    this.setPhase({ status: 'gathering' })
    if (options.trickle) this.trickleBootstrap(options.trickle)
    try {
      this.bootstrapRemoteFingerprint = sdpFingerprint(offer.sdp)
      await this.pc.setRemoteDescription(offer)
      await this.negotiator.addEarlyCandidates()
      if (options.media) this.addBootstrapMedia()
      await this.pc.setLocalDescription()
    } catch (err) {
      this.fail('rejected')
      throw toError(err, 'the offer could not be applied')
    }
    return this.bootstrapLocal('answer', options)
  }

  /** Offerer: applies the answer; connecting starts now, bounded by the connect timeout. */
  async acceptAnswer(answer: OfferOrAnswer): Promise<void> {
    const before = this.bootstrapRemoteFingerprint
    try {
      this.bootstrapRemoteFingerprint = sdpFingerprint(answer.sdp)
      await this.pc.setRemoteDescription(answer)
    } catch (err) {
      this.bootstrapRemoteFingerprint = before
      throw toError(err, 'the answer could not be applied')
    }
    await this.negotiator.addEarlyCandidates()
    if (this.currentPhase.status === 'waiting') this.setPhase({ status: 'connecting' })
    this.armConnectTimer()
  }

  /** A candidate of the other side's trickled bootstrap (kept until its description is set). */
  addRemoteCandidate(candidate: RTCIceCandidateInit): void {
    void this.negotiator.receiveCandidate(candidate)
  }

  /** The sha-256 DTLS fingerprint the other side announced (what DTLS will hold it to). */
  remoteFingerprint(): string | null {
    return this.bootstrapRemoteFingerprint
  }

  /**
   * The path failed and no ICE restart has completed since: the offerer's restart waits for its
   * answer, or (other side) none was applied yet. ICE alone can read "connected" meanwhile on one
   * side — the moved side's checks from its new address get answered while the other side's
   * path stays down — so this, not the ICE state, says whether Reconnect is still needed.
   */
  get needsRestart(): boolean {
    return this.failedWithUfrag !== null
  }

  /** The other side's current ICE ufrag: it changes with every ICE restart applied. */
  remoteUfrag(): string | null {
    return sdpUfrag(this.pc.remoteDescription?.sdp ?? '')
  }

  /** Ours, as announced in our local description. */
  localFingerprint(): string | null {
    const local = this.pc.localDescription
    return local ? sdpFingerprint(local.sdp) : null
  }

  /**
   * Offerer: the pending ICE restart offer, candidates gathered; null when none is pending — it
   * was answered, or another offer took its place. It stays pending when the path comes back by
   * itself on this side (measured: the moved side's checks from its new address reached the
   * other side, which answered them, yet its own side stayed disconnected until the restart).
   */
  get restartOffer(): OfferOrAnswer | null {
    const offer = this.restarting?.offer
    if (!offer || this.pc.signalingState !== 'have-local-offer') return null
    return sdpUfrag(this.pc.localDescription?.sdp ?? '') === sdpUfrag(offer.sdp) ? offer : null
  }

  /**
   * A restart offer or answer read from a code, as this connection can apply it: the description
   * it holds from the other side with the code's fresh ICE credentials and candidates
   * (ice-restart.ts). Throws when nothing is connected yet.
   */
  restartFromCode(code: OfferOrAnswer): OfferOrAnswer {
    const held = this.pc.remoteDescription
    if (!held) throw new Error('there is no connection here to restart')
    return { type: code.type, sdp: spliceIce(held.sdp, code.sdp) }
  }

  /**
   * Answerer: applies an ICE restart offer that came another way than in band (a room relay, a
   * Reconnect code) and resolves our answer, candidates gathered. Throws for anything but an
   * offer from the certificate this connection already holds. An offer with the credentials
   * already applied (it came in band too, or twice) is answered again with the same answer.
   * Every restart gives the connection another RECOVERY_GRACE_MS.
   */
  async acceptRestartOffer(offer: OfferOrAnswer): Promise<OfferOrAnswer> {
    if (this.role !== 'answerer' || !this.isLive || offer.type !== 'offer') {
      throw new Error('there is no connection here that this offer restarts')
    }
    const ufrag = sdpUfrag(offer.sdp)
    if (!ufrag) throw new Error('the offer has no ICE credentials')
    // A restart never changes who is at the other end.
    if (sdpFingerprint(offer.sdp) !== this.remoteFingerprint()) {
      throw new Error('the offer is from another certificate than this connection holds')
    }
    const timings = this.options.gatherTimings ?? DEFAULT_GATHER_TIMINGS
    if (ufrag !== sdpUfrag(this.pc.remoteDescription?.sdp ?? '')) {
      await this.pc.setRemoteDescription(offer)
      await this.pc.setLocalDescription()
      this.extendGrace()
      this.checkRestartDone()
      await waitForRestartGathering(this.pc, timings)
    } else {
      await waitForIceGathering(this.pc, timings)
    }
    const local = this.pc.localDescription
    if (local?.type !== 'answer') throw new Error('no answer after the restart offer')
    return { type: 'answer', sdp: local.sdp }
  }

  /**
   * Offerer: applies the answer to our pending ICE restart offer (from a room relay or a
   * Reconnect code). Resolves false, changing nothing, for any answer when no restart waits
   * (e.g. the in-band answer came first) and for one from another certificate.
   */
  async acceptRestartAnswer(answer: OfferOrAnswer): Promise<boolean> {
    if (!this.restartOffer || answer.type !== 'answer') return false
    if (!sdpUfrag(answer.sdp) || sdpFingerprint(answer.sdp) !== this.remoteFingerprint()) {
      return false
    }
    await this.pc.setRemoteDescription(answer)
    this.extendGrace()
    this.checkRestartDone()
    // It arrives once the new path carries the association: the other side's sign that the
    // restart it answered went through.
    this.send({ t: 'restarted' })
    return true
  }

  /**
   * Data channels the other side opens (chat, files; never the control channel) go to `listener`.
   * One taker: channels that arrived before it subscribed (the other side may open one the moment
   * it has our hello, before this side has even read its hello) are handed over first. Returns
   * the unsubscribe function.
   */
  onChannel(listener: (channel: DataChannelLike) => void): () => void {
    this.channelTaker = listener
    for (const channel of this.earlyChannels.splice(0)) listener(channel)
    return () => {
      if (this.channelTaker === listener) this.channelTaker = null
    }
  }

  private receiveChannel(channel: DataChannelLike): void {
    if (this.channelTaker) this.channelTaker(channel)
    else if (this.earlyChannels.length < MAX_EARLY_CHANNELS) this.earlyChannels.push(channel)
    else channel.close()
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

  /** Sends a room-level message; false when the control channel is not open. */
  sendRoomMessage(message: RoomMessage): boolean {
    return this.send(message)
  }

  /**
   * Leaves on purpose: the phase is 'ended by me' at once; the bye is sent, given time to leave
   * (BYE_DRAIN_MAX_MS, BYE_LINGER_MS), then the connection closes. Resolves once closed.
   */
  async leave(): Promise<void> {
    if (this.isFinal()) return this.close(this.currentPhase)
    const sent = this.send({ t: 'bye' })
    this.setPhase({ status: 'ended', by: 'me' })
    this.clearConnectTimer()
    if (sent) await this.drainControl()
    this.close()
  }

  /** Closes the connection now (idempotent); `final` is the phase if none is final yet. */
  close(final: PeerPhase = { status: 'ended', by: 'me' }): void {
    this.clearConnectTimer()
    this.stopRecovery()
    // The phase first: closing makes the channels close, which must not read as a lost link.
    this.setPhase(final)
    const closeConnection = () => {
      if (this.pc.signalingState !== 'closed') this.pc.close()
    }
    if (this.options.closeLater) this.options.closeLater(closeConnection)
    else closeConnection()
  }

  protected send(message: ControlMessage): boolean {
    if (this.control?.readyState !== 'open') return false
    if (this.heldUntilHeard) {
      this.heldUntilHeard.push(message)
      return true
    }
    try {
      this.control.send(JSON.stringify(message))
      return true
    } catch (err) {
      this.emit('error', toError(err, 'failed to send on the control channel'))
      return false
    }
  }

  /** Adds what this side sends into the bootstrap being made (see BootstrapOptions); media
   *  sessions add their microphone and camera. */
  protected addBootstrapMedia(): void {}

  /** Called once the other side's hello arrived, after its listeners ran (they start following
   *  this session); media sessions start sending here. */
  protected onHello(_hello: Hello): void {}

  /** The other side shows our camera this many device pixels high (media sessions adapt). */
  protected onView(_height: number): void {}

  /** Our bootstrap description once set, and (unless trickled) its candidates gathered. */
  private async bootstrapLocal(
    type: 'offer' | 'answer',
    options: BootstrapOptions,
  ): Promise<OfferOrAnswer> {
    if (!options.trickle) {
      await waitForIceGathering(this.pc, this.options.gatherTimings ?? DEFAULT_GATHER_TIMINGS)
    }
    const local = this.pc.localDescription
    if (!local || local.type !== type) throw new Error(`no local ${type} after gathering`)
    this.setPhase({ status: 'waiting' })
    return { type, sdp: local.sdp }
  }

  /** Hands each candidate of the bootstrap's gathering to `send`, until gathering completes. */
  private trickleBootstrap(send: (candidate: RTCIceCandidateInit) => void): void {
    const onCandidate = (event: Event) => {
      const candidate = (event as RTCPeerConnectionIceEvent).candidate
      if (candidate) send(candidate.toJSON())
      else this.pc.removeEventListener('icecandidate', onCandidate)
    }
    this.pc.addEventListener('icecandidate', onCandidate)
  }

  private attachControl(channel: DataChannelLike): void {
    this.control = channel
    if (this.role === 'answerer') this.heldUntilHeard = []
    channel.addEventListener('open', () => this.onControlOpen())
    channel.addEventListener('message', (event) => {
      this.onControlMessage((event as MessageEvent).data)
    })
    channel.addEventListener('close', () => {
      if (!this.isFinal() && this.everConnected) this.fail('lost')
    })
    if (channel.readyState === 'open') this.onControlOpen()
  }

  private onControlOpen(): void {
    if (this.everConnected) return
    this.everConnected = true
    this.clearConnectTimer()
    this.negotiator.start()
    this.send({ t: 'hello', v: PROTOCOL_VERSION, ...this.options.hello })
    this.setPhase({ status: 'connected' })
    for (const data of this.beforeOpen.splice(0)) this.onControlMessage(data)
  }

  /** Ends the connection because the other side floods us (see CONTROL_BURST). */
  cutOff(): void {
    this.fail('flood')
  }

  private onControlMessage(data: unknown): void {
    // Over is over: the connection may stay open a moment longer (closeLater), heard by nobody.
    if (this.isFinal()) return
    const at = Date.now()
    if (at - this.windowStart > CONTROL_WINDOW_MS) {
      this.windowStart = at
      this.windowCount = 0
    }
    if (++this.windowCount > CONTROL_BURST) {
      this.cutOff()
      return
    }
    if (!this.everConnected) {
      // werift may deliver the other side's hello before our 'open' event, when sending does not
      // work yet: such messages wait for it (onControlOpen).
      this.beforeOpen.push(data)
      return
    }
    const held = this.heldUntilHeard
    if (held) {
      this.heldUntilHeard = null
      for (const message of held) this.send(message)
    }
    const message = parseControlMessage(data)
    if (!message) return
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
          .then(() => this.checkRestartDone())
        return
      case 'negotiate':
        if (message.restart && this.role === 'offerer') void this.restartIce(true)
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
        this.emit('message', message)
    }
  }

  private async drainControl(): Promise<void> {
    const deadline = Date.now() + BYE_DRAIN_MAX_MS
    while ((this.control?.bufferedAmount ?? 0) > 0 && Date.now() < deadline) {
      await sleep(DRAIN_POLL_MS)
    }
    await sleep(BYE_LINGER_MS)
  }

  private onConnectionState(): void {
    if (this.isFinal()) return
    const state = this.pc.connectionState
    // An offerer's ICE agent may hear the answerer's checks before the answer is applied; that
    // is not yet "connecting" for the person, who still has to scan the reply.
    const bothApplied = this.pc.remoteDescription !== null && this.pc.localDescription !== null
    if (state === 'connecting' && this.currentPhase.status === 'waiting' && bothApplied) {
      this.setPhase({ status: 'connecting' })
    } else if (state === 'disconnected' && this.everConnected) {
      const pathFailed = this.recovery !== null
      this.setPhase({ status: 'interrupted', pathFailed })
    } else if (state === 'connected' && this.currentPhase.status === 'interrupted') {
      this.stopRecovery()
      this.setPhase({ status: 'connected' })
      // ICE is back on this side, yet the restart has not completed: if the path truly works
      // both ways, finishing it in band takes a moment (the other side may still be down).
      if (this.needsRestart) {
        if (this.role === 'offerer') void this.restartIce(true)
        else this.send({ t: 'negotiate', kinds: [], restart: true })
      }
    } else if (state === 'failed') {
      if (!this.everConnected) {
        this.fail('no-route')
        return
      }
      this.startRecovery()
      this.setPhase({ status: 'interrupted', pathFailed: true })
      if (!this.canRestart) return
      this.markRestartNeeded()
      if (this.role === 'offerer') void this.restartIce()
    }
  }

  /**
   * Offerer, the path failed: an ICE restart. The offer goes in band at once (the negotiator);
   * once its candidates are gathered it is kept (`restartOffer`) and told ('restart') for the
   * ways around a dead path. One restart at a time: another begins when this one was answered
   * and the path failed again. `again`: asked once more (ICE came back on one side, or the other
   * side asked): a pending offer is sent in band again, else a new restart is made.
   */
  private async restartIce(again = false): Promise<void> {
    if (!this.canRestart) return
    if (this.restarting && this.pc.signalingState === 'have-local-offer') {
      // One restart at a time; asked again, its offer goes in band once more.
      const pending = this.restartOffer
      if (again && pending) this.send({ t: 'description', description: pending })
      return
    }
    const restart: { offer: OfferOrAnswer | null } = { offer: null }
    this.restarting = restart
    if (!(await this.negotiator.restart())) {
      if (this.restarting === restart) this.restarting = null
      return
    }
    await waitForRestartGathering(this.pc, this.options.gatherTimings ?? DEFAULT_GATHER_TIMINGS)
    const local = this.pc.localDescription
    if (this.restarting !== restart || this.isFinal() || local?.type !== 'offer') return
    restart.offer = { type: 'offer', sdp: local.sdp }
    this.emit('restart', restart.offer)
    // Its answer may have come in band while the candidates were gathered.
    this.checkRestartDone()
  }

  /** Both sides said they take ICE restarts (Hello.restarts); else recovery only re-adds
   *  candidates, as with the terminal peer. */
  private get canRestart(): boolean {
    return this.options.hello.restarts === true && this.remoteHello?.restarts === true
  }

  private markRestartNeeded(): void {
    if (this.failedWithUfrag !== null) return
    this.failedWithUfrag = this.remoteUfrag() ?? ''
    this.emit('restartNeeded', true)
  }

  /** After a description was applied: a restart completed when the other side's ufrag changed
   *  (answerer: its restart offer applied) and no restart offer of ours waits (offerer). */
  private checkRestartDone(): void {
    if (this.failedWithUfrag === null || this.isFinal()) return
    const answered = (this.restarting?.offer ?? null) !== null && this.restartOffer === null
    const done = this.role === 'offerer' ? answered : this.remoteUfrag() !== this.failedWithUfrag
    if (!done) return
    this.failedWithUfrag = null
    this.restarting = null
    this.emit('restartNeeded', false)
  }

  /** A restart was applied: the connection gets another RECOVERY_GRACE_MS to come back. */
  private extendGrace(): void {
    if (!this.recovery) return
    clearTimeout(this.recovery.grace)
    this.recovery.grace = setTimeout(() => this.fail('lost'), RECOVERY_GRACE_MS)
  }

  /** The path failed after connecting: try to get it back for a while before calling it lost. */
  private startRecovery(): void {
    if (this.recovery) return
    let round = 0
    const retry = () => void readdRemoteCandidates(this.pc, ++round)
    this.recovery = {
      grace: setTimeout(() => this.fail('lost'), RECOVERY_GRACE_MS),
      retries: setInterval(retry, RECOVERY_RETRY_MS),
    }
    retry()
  }

  private stopRecovery(): void {
    if (!this.recovery) return
    clearTimeout(this.recovery.grace)
    clearInterval(this.recovery.retries)
    this.recovery = null
  }

  private armConnectTimer(): void {
    this.clearConnectTimer()
    this.connectTimer = setTimeout(() => {
      if (!this.everConnected) this.fail('timeout')
    }, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS)
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer)
    this.connectTimer = null
  }

  private fail(reason: PeerFailure): void {
    this.close({ status: 'failed', reason })
  }

  private isFinal(): boolean {
    return this.currentPhase.status === 'ended' || this.currentPhase.status === 'failed'
  }

  /** Final phases stick: nothing follows 'ended' or 'failed'. */
  private setPhase(phase: PeerPhase): void {
    if (this.isFinal()) return
    this.currentPhase = phase
    this.emit('phase', phase)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
