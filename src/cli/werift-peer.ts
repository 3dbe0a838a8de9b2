import {
  createSelfSignedCertificate,
  HashAlgorithm,
  NamedCurveAlgorithm,
  SignatureAlgorithm,
  RTCPeerConnection as WeriftPeerConnection,
} from 'werift'
import type { Description, PeerPort } from '../rtc/port'
import { WeriftChannel } from './werift-channel'
import { type ChannelTransport, pairStreamResets } from './werift-stream-reset'

/** The part of werift's (internal) DTLS and ICE transports an ICE restart needs. */
interface RestartableTransport {
  readonly state: string
  readonly iceTransport: {
    readonly state: string
    readonly connection: { readonly nominated?: unknown }
    start(): Promise<void>
  }
}

/** werift's DTLS key pair: one per terminal peer, so every room member sees one fingerprint. */
export type WeriftKeys = Awaited<ReturnType<typeof createSelfSignedCertificate>>

export function makeWeriftKeys(): Promise<WeriftKeys> {
  return createSelfSignedCertificate(
    { hash: HashAlgorithm.sha256_4, signature: SignatureAlgorithm.ecdsa_3 },
    NamedCurveAlgorithm.secp256r1_23,
  )
}

/**
 * Seconds werift waits for STUN answers while gathering: the invite or reply is ready about
 * this long after the host candidates (rtc/gather.ts: "complete, or ~1 s after host candidates").
 */
const STUN_GATHER_CAP_S = 1
/** close() gives werift this long to shut down before the process moves on. */
const CLOSE_MAX_MS = 2000

/**
 * werift's RTCPeerConnection as the session's PeerPort (rtc/port.ts): the same events as a
 * browser's, DOM-style; channels adapted by WeriftChannel; `setLocalDescription()` without an
 * argument makes the offer or answer the signaling state calls for. werift resolves it once
 * gathering is complete (or capped), so the gathered description is ready at once.
 */
export class WeriftPeer extends EventTarget implements PeerPort {
  private readonly pc: WeriftPeerConnection
  private closing: Promise<void> | null = null

  constructor(options: { stun: readonly string[]; keys: WeriftKeys }) {
    super()
    const iceServers = options.stun.map((urls) => ({ urls }))
    this.pc = new WeriftPeerConnection({
      iceServers,
      dtls: { keys: options.keys },
      ...(iceServers.length > 0 ? { iceStunGatherTimeout: STUN_GATHER_CAP_S } : {}),
    })
    this.pc.connectionStateChange.subscribe(() => this.fire('connectionstatechange'))
    this.pc.iceGatheringStateChange.subscribe(() => this.fire('icegatheringstatechange'))
    this.pc.onIceCandidate.subscribe((candidate) => {
      const init = candidate?.toJSON()
      this.dispatchEvent(
        Object.assign(new Event('icecandidate'), {
          candidate: init ? { candidate: init.candidate ?? '', toJSON: () => init } : null,
        }),
      )
    })
    this.pc.onDataChannel.subscribe((inner) => {
      // Adapted synchronously, so no message arrives before the session listens.
      const channel = new WeriftChannel(inner)
      this.dispatchEvent(Object.assign(new Event('datachannel'), { channel }))
    })
  }

  get signalingState(): RTCSignalingState {
    return this.pc.signalingState as RTCSignalingState
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState as RTCPeerConnectionState
  }

  get iceGatheringState(): RTCIceGatheringState {
    return this.pc.iceGatheringState as RTCIceGatheringState
  }

  get localDescription(): Description | null {
    const d = this.pc.localDescription
    return d ? { type: d.type as RTCSdpType, sdp: d.sdp } : null
  }

  get remoteDescription(): Description | null {
    const d = this.pc.remoteDescription
    return d ? { type: d.type as RTCSdpType, sdp: d.sdp } : null
  }

  async setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    if (description) throw new Error('werift cannot roll back')
    const local =
      this.pc.signalingState === 'have-remote-offer'
        ? await this.pc.createAnswer()
        : await this.pc.createOffer()
    await this.pc.setLocalDescription(local)
    this.patchStreamResets()
    if (local.type === 'answer') this.resumeIceAfterRestart()
  }

  async setRemoteDescription(description: Description): Promise<void> {
    if (description.type !== 'offer' && description.type !== 'answer') {
      throw new Error(`werift takes offers and answers, not ${description.type}`)
    }
    await this.pc.setRemoteDescription({ type: description.type, sdp: description.sdp })
    this.patchStreamResets()
    if (description.type === 'answer') this.resumeIceAfterRestart()
  }

  /** The SCTP association exists once a description with the data channel is set: from then
   *  on a reset the other side sends waits for its last DATA, and a channel is closed and its
   *  stream id free only once the stream is reset both ways (werift-stream-reset.ts). */
  patchStreamResets(): boolean {
    const internals = this.pc as unknown as { sctpTransport?: ChannelTransport | null }
    return pairStreamResets(internals.sctpTransport)
  }

  /** The next offer restarts ICE: fresh credentials, new checks; DTLS and SCTP carry on. */
  restartIce(): void {
    this.pc.restartIce()
  }

  /**
   * werift 0.25 starts ICE checks only for a transport whose DTLS is not yet connected, so after
   * an ICE restart (new credentials on either side) nothing checks the new path and the call
   * stays on the dead one. Once a restart's answer is applied, this starts the checks itself
   * for each transport whose ICE lost its nominated pair while DTLS is up; DTLS and the SCTP
   * association, with every data channel, then go on over the new path. Tested in
   * werift-peer.test.ts, which fails if an upgrade changes these internals.
   */
  private resumeIceAfterRestart(): void {
    const internals = this.pc as unknown as { dtlsTransports?: readonly RestartableTransport[] }
    for (const transport of internals.dtlsTransports ?? []) {
      const ice = transport.iceTransport
      if (transport.state !== 'connected' || ice.connection.nominated || ice.state === 'checking')
        continue
      void ice.start().catch(() => undefined)
    }
  }

  async addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void> {
    if (!candidate?.candidate) return
    await this.pc.addIceCandidate({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? '0',
      sdpMLineIndex: candidate.sdpMLineIndex ?? 0,
    })
  }

  createDataChannel(label: string, init: { ordered?: boolean } = {}): WeriftChannel {
    return new WeriftChannel(this.pc.createDataChannel(label, { ordered: init.ordered ?? true }))
  }

  async getStats(): Promise<ReadonlyMap<string, unknown>> {
    return new Map()
  }

  /** Starts closing (bounded by CLOSE_MAX_MS); `closed()` resolves when done. */
  close(): void {
    this.closing ??= Promise.race([
      this.pc.close().catch(() => undefined),
      new Promise<void>((resolve) => setTimeout(resolve, CLOSE_MAX_MS).unref?.()),
    ])
  }

  closed(): Promise<void> {
    return this.closing ?? Promise.resolve()
  }

  private fire(type: string): void {
    this.dispatchEvent(new Event(type))
  }
}
