/**
 * Why a code or SDP was refused. The UI turns each reason into a sentence with what to do.
 *
 * - empty: nothing to decode (blank text, or a link with nothing after '#').
 * - not-a-code: text that is not a Tatap code or link (foreign characters, far too long).
 * - corrupted: a code with a changed, extra or foreign character (checksum or structure fails).
 * - truncated: a code that ends too early (part of it was not copied or scanned).
 * - unsupported-version: an intact code from a newer (or unknown) format version.
 * - invalid-sdp: an SDP (or `replyTo` signal) lacking what a code needs: ICE credentials,
 *   a sha-256 fingerprint, a DTLS role that fits the signal type, a valid mid.
 * - wrong-offer: an intact answer that replies to a different offer than `replyTo`.
 */
export type CodecErrorReason =
  | 'empty'
  | 'not-a-code'
  | 'corrupted'
  | 'truncated'
  | 'unsupported-version'
  | 'invalid-sdp'
  | 'wrong-offer'

/** The only exception the codec throws for bad input. */
export class CodecError extends Error {
  readonly reason: CodecErrorReason

  constructor(reason: CodecErrorReason, message: string) {
    super(message)
    this.name = 'CodecError'
    this.reason = reason
  }
}

export function fail(reason: CodecErrorReason, message: string): never {
  throw new CodecError(reason, message)
}
