/** Normalises any caught value into an Error whose message says what we were doing. */
export function toError(value: unknown, doing: string): Error {
  if (value instanceof Error) return new Error(`${doing}: ${value.message}`, { cause: value })
  return new Error(`${doing}: ${String(value)}`)
}

/**
 * Why a session refused what it was handed. Each is something the person can act on, so the
 * layers above switch on it (call/problems.ts) rather than read the message:
 * - `rejected`: the browser refused the description (a damaged or incompatible code);
 * - `nothing-to-restart`: a restart offer or answer, but no connection here it could restart
 *   (never connected, already over, or this side does not take offers);
 * - `other-certificate`: a restart from another certificate than the connection holds — someone
 *   else's code; a restart never changes who is at the other end;
 * - `no-credentials`: a restart description without ICE credentials.
 */
export type SessionErrorReason =
  | 'rejected'
  | 'nothing-to-restart'
  | 'other-certificate'
  | 'no-credentials'

/** What `PeerSession` throws; `cause` keeps the browser's own error where there was one. */
export class SessionError extends Error {
  constructor(
    readonly reason: SessionErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'SessionError'
  }
}
