import { toError } from './errors'

/**
 * Perfect negotiation (W3C WebRTC 1.0 §10.7) over an already-open data channel.
 *
 * Contract: once `start()` is called, every `negotiationneeded` of the peer connection becomes an
 * offer sent through `send`; every description and candidate handed to `receive*` is applied.
 * The polite side rolls back its own offer on glare; the impolite side ignores the colliding
 * offer. Answers to offers we have since replaced are dropped by the browser's own state checks.
 * Errors are reported through `onError`, never thrown out of browser callbacks.
 */
export type NegotiablePeer = Pick<
  RTCPeerConnection,
  | 'signalingState'
  | 'localDescription'
  | 'setLocalDescription'
  | 'setRemoteDescription'
  | 'addIceCandidate'
> &
  EventTarget

export interface NegotiatorOptions {
  polite: boolean
  sendDescription: (description: { type: 'offer' | 'answer'; sdp: string }) => void
  sendCandidate: (candidate: RTCIceCandidateInit | null) => void
  onError: (error: Error) => void
}

export class Negotiator {
  private makingOffer = false
  private ignoreOffer = false
  private isSettingRemoteAnswerPending = false
  private started = false
  private readonly pc: NegotiablePeer
  private readonly options: NegotiatorOptions

  constructor(pc: NegotiablePeer, options: NegotiatorOptions) {
    this.pc = pc
    this.options = options
    pc.addEventListener('negotiationneeded', () => void this.onNegotiationNeeded())
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

  /** Offers now (used when something changed while the channel was not yet open). */
  renegotiate(): void {
    void this.onNegotiationNeeded()
  }

  private async onNegotiationNeeded(): Promise<void> {
    if (!this.started || this.makingOffer) return
    try {
      this.makingOffer = true
      await this.pc.setLocalDescription()
      const local = this.pc.localDescription
      if (local && local.type === 'offer')
        this.options.sendDescription({ type: 'offer', sdp: local.sdp })
    } catch (err) {
      this.options.onError(toError(err, 'failed to create an offer'))
    } finally {
      this.makingOffer = false
    }
  }

  async receiveDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    try {
      const readyForOffer =
        !this.makingOffer &&
        (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending)
      const offerCollision = description.type === 'offer' && !readyForOffer
      this.ignoreOffer = !this.options.polite && offerCollision
      if (this.ignoreOffer) return
      if (description.type === 'answer' && this.pc.signalingState !== 'have-local-offer') return
      this.isSettingRemoteAnswerPending = description.type === 'answer'
      await this.pc.setRemoteDescription(description)
      this.isSettingRemoteAnswerPending = false
      if (description.type === 'offer') {
        await this.pc.setLocalDescription()
        const local = this.pc.localDescription
        if (local) this.options.sendDescription({ type: 'answer', sdp: local.sdp })
      }
    } catch (err) {
      this.isSettingRemoteAnswerPending = false
      this.options.onError(toError(err, 'failed to apply the remote description'))
    }
  }

  async receiveCandidate(candidate: RTCIceCandidateInit | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined)
    } catch (err) {
      if (!this.ignoreOffer) this.options.onError(toError(err, 'failed to add a remote candidate'))
    }
  }
}
