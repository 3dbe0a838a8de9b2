/**
 * A fake RTCPeerConnection for negotiation tests: models the JSEP signaling state machine
 * (stable / have-local-offer / have-remote-offer, implicit rollback of a local offer when a
 * remote offer is applied) and `negotiationneeded`, which fires again while local changes are
 * not yet covered by a completed offer/answer. Operations are asynchronous and run one at a time
 * in call order, like the browser's operations chain.
 */
export class FakePeer extends EventTarget {
  signalingState: RTCSignalingState = 'stable'
  localDescription: RTCSessionDescription | null = null
  remoteDescription: RTCSessionDescription | null = null
  readonly candidates: Array<RTCIceCandidateInit | undefined> = []
  /** Local changes made (e.g. tracks added) and how many a completed exchange has covered. */
  wanted = 0
  negotiated = 0
  private offered = 0
  private serial = 0
  private readonly name: string
  private chain: Promise<unknown> = Promise.resolve()

  constructor(name: string) {
    super()
    this.name = name
  }

  /** Transceivers are not modelled: the polite side asks for offers without kinds. */
  getTransceivers(): RTCRtpTransceiver[] {
    return []
  }

  /** Like the browser: a new transceiver is a local change that needs negotiation. */
  addTransceiver(): RTCRtpTransceiver {
    this.change()
    return {} as RTCRtpTransceiver
  }

  /** A local change that needs negotiation (like addTrack). */
  change(): void {
    this.wanted++
    this.fireNegotiationNeededSoon()
  }

  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
    return this.enqueue(() => this.applyLocal(description))
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.enqueue(() => this.applyRemote(description))
  }

  addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void> {
    return this.enqueue(async () => {
      if (!this.remoteDescription)
        throw new DOMException('no remote description', 'InvalidStateError')
      this.candidates.push(candidate)
    })
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const result = this.chain.then(tick).then(operation)
    this.chain = result.catch(() => undefined)
    return result
  }

  private async applyLocal(description?: RTCLocalSessionDescriptionInit): Promise<void> {
    if (description?.type === 'rollback') {
      this.signalingState = 'stable'
      return
    }
    if (this.signalingState === 'stable' || this.signalingState === 'have-local-offer') {
      this.offered = this.wanted
      this.localDescription = desc('offer', `${this.name}:offer:${++this.serial}:${this.offered}`)
      this.signalingState = 'have-local-offer'
    } else if (this.signalingState === 'have-remote-offer') {
      this.localDescription = desc('answer', `${this.name}:answer:${++this.serial}`)
      this.signalingState = 'stable'
      // An answer carries the answerer's changes made so far (directions, tracks on offered lines).
      this.negotiated = this.wanted
      this.fireNegotiationNeededSoon()
    } else {
      throw new DOMException('wrong state', 'InvalidStateError')
    }
  }

  private async applyRemote(description: RTCSessionDescriptionInit): Promise<void> {
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.signalingState = 'stable'
      if (this.signalingState !== 'stable') throw new DOMException('glare', 'InvalidStateError')
      this.signalingState = 'have-remote-offer'
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') {
        throw new DOMException('answer in wrong state', 'InvalidStateError')
      }
      this.signalingState = 'stable'
      this.negotiated = this.offered
      this.fireNegotiationNeededSoon()
    }
    this.remoteDescription = desc(description.type ?? 'offer', description.sdp ?? '')
  }

  private fireNegotiationNeededSoon(): void {
    setTimeout(() => {
      if (this.signalingState === 'stable' && this.negotiated < this.wanted) {
        this.dispatchEvent(new Event('negotiationneeded'))
      }
    }, 0)
  }
}

function desc(type: RTCSdpType, sdp: string): RTCSessionDescription {
  return { type, sdp, toJSON: () => ({ type, sdp }) } as RTCSessionDescription
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 3))
}
