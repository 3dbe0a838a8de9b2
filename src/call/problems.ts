import type { CodecErrorReason } from '../codec'
import type { MediaProblem } from '../media/local-media'
import type { PeerFailure } from '../rtc/phase'

/**
 * Everything that can go wrong that a person sees, as data: the layers below report typed
 * reasons (codec, rtc, media), the call passes them up as a `Problem`, and only the surfaces turn
 * one into words (i18n/sentences.ts for the app's alerts in the language on screen, and the
 * terminal's printer in English). Nothing compares sentences.
 */
export type Problem =
  /** A code (invite, reply, reconnect) the codec refused. */
  | { kind: 'code'; reason: CodecErrorReason }
  /** A connection failed (phase.ts): before the call began, or the last one of a call. */
  | { kind: 'connection'; failure: PeerFailure }
  /** Camera or microphone: the call goes on without them. */
  | { kind: 'media'; problem: MediaProblem }
  /** The last other member sent far more than a person could, so we ended the connection. */
  | { kind: 'cut-off'; name: string }
  /** A reconnect code that is not from `name`, whose connection the panel restarts. */
  | { kind: 'reconnect-other-person'; name: string }
  /** We joined a room through `name`, who left before we were connected to anyone else. */
  | { kind: 'stranded'; name: string }
  | { kind: SimpleProblem }

export type SimpleProblem =
  /** A reply where an invite belongs. */
  | 'reply-not-invite'
  /** An invite where a reply belongs. */
  | 'invite-not-reply'
  /** A reply link opened where no call waits for it (no tab of this browser took it). */
  | 'reply-without-call'
  /** An invite opened while this device is in a call. */
  | 'invite-during-call'
  /** The browser refused a code that decoded fine (the other side's browser is incompatible). */
  | 'rejected'
  /** An invite when the call already holds MAX_ROOM_SIZE people. */
  | 'room-full'
  /** Reconnect: a reply where the other person's reconnect code belongs. */
  | 'reconnect-needs-their-code'
  /** Reconnect: a reply to an earlier reconnect code than the one shown. */
  | 'reconnect-stale'
  /** A reconnect link opened where no call waits for it. */
  | 'reconnect-without-call'
  /** The scanner could not open the camera. */
  | 'scan-camera'
  /** A picture given to the scanner holds no QR code. */
  | 'no-qr-in-image'
  /** The share sheet's files could not be kept on this device. */
  | 'share-failed'
  /** An internal failure nothing else describes (a bug): try again. */
  | 'generic'

/** Good to know, nothing to do (role=status): someone came or went, a code was handed on. */
export type Notice =
  | { kind: 'joined'; name: string }
  | { kind: 'left'; name: string }
  | { kind: 'lost'; name: string }
  | { kind: 'cut-off'; name: string }
  | { kind: 'reconnected'; name: string }
  /** A reply opened in this tab went to the tab whose call waited for it. */
  | { kind: 'reply-delivered' }
  /** A reconnect code opened in this tab went to the tab with the call. */
  | { kind: 'reconnect-delivered' }

/** A value or the problem why there is none. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem }

export const problem = (kind: SimpleProblem): Problem => ({ kind })
