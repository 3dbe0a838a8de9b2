import { toError } from './errors'
import type { MediaKind } from './messages'
import type { PeerPort } from './port'

/**
 * In-band renegotiation over the already-open control channel, with a single offerer.
 *
 * Contract: after `start()`, every `negotiationneeded` on the impolite side (the host) becomes an
 * offer sent through `sendDescription`; on the polite side (the guest) it becomes a request,
 * `sendRequest(kinds)`, naming the kinds of media it wants new m-lines for. The impolite side
 * answers a request by adding a receive-only transceiver per kind (the guest's new track is then
 * associated with that m-line, JSEP §5.10) or, with no kinds, by simply offering again — the
 * polite answer carries its direction changes (e.g. a stopped screen share). Remote descriptions
 * and candidates handed to `receive*` are applied; candidates that arrive before any remote
 * description wait for it. Errors go to `onError`, never thrown.
 *
 * Why not the textbook perfect negotiation with rollback: measured in Chromium 156, when both
 * sides start a screen share at the same instant, the polite side's rollback leaves its receiver
 * of the other's camera frozen for the rest of the call. With one offerer there is never glare,
 * so never a rollback, and both sides can still change their media at any time.
 */
export type NegotiablePeer = Pick<
  PeerPort,
  | 'signalingState'
  | 'localDescription'
  | 'remoteDescription'
  | 'setLocalDescription'
  | 'setRemoteDescription'
  | 'addIceCandidate'
  | 'addTransceiver'
  | 'getTransceivers'
  | 'restartIce'
> &
  EventTarget

export interface NegotiatorOptions {
  polite: boolean
  sendDescription: (description: { type: 'offer' | 'answer'; sdp: string }) => void
  sendRequest: (kinds: MediaKind[]) => void
  sendCandidate: (candidate: RTCIceCandidateInit | null) => void
  onError: (error: Error) => void
}

/** At most this many new m-lines per request: a bound against a confused or hostile peer. */
const MAX_KINDS_PER_REQUEST = 4
/**
 * At most this many m-lines in all (a call needs six: audio, camera and screen each way); beyond
 * it a request adds none, so a peer asking again and again cannot grow the offer past what the
 * control channel carries (measured: 100 requests once made a 1 MB offer).
 */
export const MAX_TRANSCEIVERS = 12
/** Candidates kept while no remote description exists; more are dropped (a bound, not a limit
 *  a real peer reaches: browsers gather a handful per network interface). */
const MAX_EARLY_CANDIDATES = 64

export class Negotiator {
  private makingOffer = false
  private offerRequested = false
  private started = false
  /** Remote candidates that arrived before a remote description existed, in arrival order. */
  private readonly earlyCandidates: Array<RTCIceCandidateInit | null> = []
  private readonly pc: NegotiablePeer
  private readonly options: NegotiatorOptions

  constructor(pc: NegotiablePeer, options: NegotiatorOptions) {
    this.pc = pc
    this.options = options
    pc.addEventListener('negotiationneeded', () => this.onNegotiationNeeded())
    pc.addEventListener('icecandidate', (event) => {
      if (!this.started) return
      const candidate = (event as RTCPeerConnectionIceEvent).candidate
      this.options.sendCandidate(candidate ? candidate.toJSON() : null)
    })
  }

  /** Called when the control channel opens; negotiation before that is the bootstrap's job. */
  start(): void {
    this.started = true
  }

  private onNegotiationNeeded(): void {
    if (!this.started) return
    if (this.options.polite) this.options.sendRequest(this.kindsWithoutMLine())
    else void this.offer()
  }

  /** Kinds of our tracks that wait for an m-line (added by addTrack, not yet negotiated). */
  private kindsWithoutMLine(): MediaKind[] {
    return (this.pc.getTransceivers?.() ?? [])
      .filter((t) => t.mid === null && t.sender.track !== null && t.currentDirection !== 'stopped')
      .map((t) => t.sender.track?.kind)
      .filter((kind): kind is MediaKind => kind === 'audio' || kind === 'video')
  }

  private async offer(): Promise<void> {
    if (this.makingOffer || this.pc.signalingState !== 'stable') {
      this.offerRequested = true
      return
    }
    this.offerRequested = false
    try {
      this.makingOffer = true
      await this.pc.setLocalDescription()
      const local = this.pc.localDescription
      if (local?.type === 'offer') this.options.sendDescription({ type: 'offer', sdp: local.sdp })
    } catch (err) {
      this.options.onError(toError(err, 'failed to create an offer'))
    } finally {
      this.makingOffer = false
    }
  }

  /**
   * Impolite side, once the path failed: an offer with fresh ICE credentials (an ICE restart),
   * sent in band like any offer — it arrives if the association comes back by itself; otherwise
   * the session hands it on another way (a room relay, a Reconnect code). An offer still waiting
   * for its answer is rolled back first: that answer may never come. Resolves false where the
   * peer connection cannot restart or the offer could not be made.
   */
  async restart(): Promise<boolean> {
    if (this.options.polite || !this.pc.restartIce) return false
    try {
      this.makingOffer = true
      if (this.pc.signalingState === 'have-local-offer') {
        await this.pc.setLocalDescription({ type: 'rollback' })
      }
      this.pc.restartIce()
      await this.pc.setLocalDescription()
      const local = this.pc.localDescription
      if (local?.type !== 'offer') return false
      this.options.sendDescription({ type: 'offer', sdp: local.sdp })
      return true
    } catch (err) {
      this.options.onError(toError(err, 'failed to make an ICE restart offer'))
      return false
    } finally {
      this.makingOffer = false
    }
  }

  /** Impolite side: the other side needs negotiation (see the class contract). */
  receiveRequest(kinds: readonly MediaKind[]): void {
    if (this.options.polite) return
    const missing = this.withoutNewMLines(kinds)
    // Every track asked for joins an m-line we offer anyway (the camera and microphone of a new
    // call, both sides adding theirs at once): one exchange carries both directions.
    if (kinds.length > 0 && missing.length === 0) return
    const room = MAX_TRANSCEIVERS - (this.pc.getTransceivers?.().length ?? 0)
    const wanted = this.pc.addTransceiver
      ? missing.slice(0, Math.max(0, Math.min(room, MAX_KINDS_PER_REQUEST)))
      : []
    try {
      for (const kind of wanted) this.pc.addTransceiver?.(kind, { direction: 'recvonly' })
    } catch (err) {
      this.options.onError(toError(err, 'failed to add a transceiver'))
    }
    // A new transceiver fires negotiationneeded by itself; a bare request needs an explicit offer.
    if (wanted.length === 0) void this.offer()
  }

  /**
   * The requested kinds left once each of our new m-lines that can receive (never through an
   * answer yet: about to be offered, or offered and unanswered) takes one of its kind. The other
   * side's track without an m-line joins such an m-line when it applies the offer (JSEP §5.10,
   * "associate" a transceiver made by addTrack), so it needs no m-line of its own. If the other
   * side asked twice for the same m-line, its track still without one asks again once the
   * exchange is done (negotiationneeded fires while a change is not negotiated).
   */
  private withoutNewMLines(kinds: readonly MediaKind[]): MediaKind[] {
    const spare = (this.pc.getTransceivers?.() ?? [])
      .filter(
        (t) =>
          t.currentDirection === null && (t.direction === 'sendrecv' || t.direction === 'recvonly'),
      )
      .map((t) => t.receiver.track.kind)
    return kinds.filter((kind) => {
      const at = spare.indexOf(kind)
      if (at < 0) return true
      spare.splice(at, 1)
      return false
    })
  }

  async receiveDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    try {
      if (description.type === 'offer') {
        if (!this.options.polite) return
        await this.pc.setRemoteDescription(description)
        await this.addEarlyCandidates()
        await this.pc.setLocalDescription()
        const local = this.pc.localDescription
        if (local?.type === 'answer')
          this.options.sendDescription({ type: 'answer', sdp: local.sdp })
      } else {
        // An answer only makes sense to the offerer, and only while its offer is pending.
        if (this.options.polite || this.pc.signalingState !== 'have-local-offer') return
        await this.pc.setRemoteDescription(description)
        await this.addEarlyCandidates()
        if (this.offerRequested) void this.offer()
      }
    } catch (err) {
      this.options.onError(toError(err, 'failed to apply the remote description'))
    }
  }

  async receiveCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    if (!this.pc.remoteDescription) {
      if (this.earlyCandidates.length < MAX_EARLY_CANDIDATES) this.earlyCandidates.push(candidate)
      return
    }
    try {
      await this.pc.addIceCandidate(candidate ?? undefined)
    } catch (err) {
      this.options.onError(toError(err, 'failed to add a remote candidate'))
    }
  }

  /** Adds the candidates kept while no remote description existed (once one is set). */
  async addEarlyCandidates(): Promise<void> {
    for (const candidate of this.earlyCandidates.splice(0)) await this.receiveCandidate(candidate)
  }
}
