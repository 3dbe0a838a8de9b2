import type { GatherTimings } from './gather'
import type { GestureMessage, Hello, MediaState, RoomMessage } from './messages'
import type { PeerPhase } from './phase'
import type { OfferOrAnswer } from './port'

/** What a PeerSession (session.ts) is made with, how it makes a bootstrap, and what it tells. */

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
  /** A hand raised or lowered, a reaction, a recording started or stopped (call/gestures.ts). */
  gesture: GestureMessage
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

/** Once the answer is applied, how long ICE + DTLS + SCTP may take unless told otherwise. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000
