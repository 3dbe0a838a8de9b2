import type { DataChannelLike } from '../shared/channel'

/**
 * What a peer session needs from a peer connection: the part of the browser's
 * RTCPeerConnection that the terminal peer's werift adapter also provides. The browser's
 * RTCPeerConnection satisfies it as it is; media (tracks, transceivers) is a browser-only layer
 * on top (media-session.ts).
 *
 * Events (plain `Event`s unless noted): `connectionstatechange`, `icegatheringstatechange`,
 * `negotiationneeded`, `icecandidate` (`{ candidate: { candidate: string, toJSON() } | null }`),
 * `datachannel` (`{ channel: DataChannelLike }`). The adapter must deliver `datachannel`
 * synchronously with the channel's arrival, so no message can arrive before a listener exists.
 */
export interface PeerPort extends EventTarget {
  readonly signalingState: RTCSignalingState
  readonly connectionState: RTCPeerConnectionState
  readonly iceGatheringState: RTCIceGatheringState
  readonly localDescription: Description | null
  readonly remoteDescription: Description | null
  /** Without an argument: the offer or answer the current signaling state calls for (JSEP). */
  setLocalDescription(description?: { type: 'rollback' }): Promise<void>
  setRemoteDescription(description: Description): Promise<void>
  /** `undefined` marks the end of the remote candidates. */
  addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void>
  createDataChannel(label: string, init?: { ordered?: boolean }): DataChannelLike
  /** Browser stats report (or a map of the same shape). */
  getStats(): Promise<ReadonlyMap<string, unknown>>
  /** The SCTP transport, once negotiated: how large a data-channel message the peer takes. */
  readonly sctp?: { readonly maxMessageSize: number } | null
  close(): void
  /** Its ICE servers (gathering ends sooner without any); absent: taken to have some. */
  getConfiguration?(): { readonly iceServers?: readonly unknown[] }
  /** Marks the next offer as an ICE restart (fresh credentials); absent where unsupported. */
  restartIce?(): void
  /** Media m-lines: only a browser has them. The negotiator adds receive slots on request. */
  addTransceiver?(kind: 'audio' | 'video', init: { direction: 'recvonly' }): unknown
  getTransceivers?(): ReadonlyArray<{
    readonly mid: string | null
    readonly direction: string
    readonly currentDirection: string | null
    readonly sender: { readonly track: { readonly kind: string } | null }
    readonly receiver: { readonly track: { readonly kind: string } }
  }>
}

/** A description as a peer connection holds it. */
export interface Description {
  readonly type: RTCSdpType
  readonly sdp: string
}

/** An offer or an answer as it travels: the same shape as the codec's `Signal`. */
export interface OfferOrAnswer {
  type: 'offer' | 'answer'
  sdp: string
}

/** Creates the peer connection for one session; the app and the terminal inject their own. */
export type CreatePeer<P extends PeerPort = PeerPort> = () => P

/** The sha-256 fingerprint an SDP announces (session or media level), upper-case hex; or null. */
export function sdpFingerprint(sdp: string): string | null {
  const match = /^a=fingerprint:sha-256 ([0-9A-Fa-f:]+)\s*$/im.exec(sdp)
  return match?.[1]?.toUpperCase() ?? null
}
