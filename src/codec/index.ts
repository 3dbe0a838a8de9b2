/**
 * Tatap signal codec: a WebRTC offer/answer <-> a short code for a QR code, link or chat.
 *
 * Layers, top to bottom:
 * - encodeSignal / decodeSignal / inviteLink / extractCode / qrSegments (this file, link.ts,
 *   qr-segments.ts): the API the app uses.
 * - SDP <-> fields (sdp-parse.ts, sdp-build.ts, candidates.ts, address.ts): what a code carries.
 * - fields <-> bytes <-> text (frame.ts as format.ts describes it, credentials.ts, bytes.ts,
 *   checksum.ts, alphabet.ts).
 *
 * Pure TypeScript: no DOM, no Node APIs. Every refusal is a CodecError with a reason.
 */
import { bytesToText, textToBytes } from './alphabet'
import { CodecError, type CodecErrorReason, fail } from './errors'
import type { SignalType } from './fields'
import { TAG_UNBOUND } from './format'
import { readFrame, writeFrame } from './frame'
import { MIN_CODE_CHARS, readCodeText } from './link'
import { buildSdp } from './sdp-build'
import { parseSdp } from './sdp-parse'
import { offerTag } from './tag'

export { CODE_ALPHABET } from './alphabet'
export { CodecError, type CodecErrorReason } from './errors'
export { extractCode, inviteLink } from './link'
export { type QrSegment, qrSegments } from './qr-segments'

export interface Signal {
  type: SignalType
  sdp: string
}

export interface EncodeOptions {
  /** For an answer: the offer it answers. Binds the answer to that offer (see DecodeOptions). */
  replyTo?: Signal
}

export interface DecodeOptions {
  /** The offer we sent: an answer bound to another offer is refused with 'wrong-offer'. */
  replyTo?: Signal
}

/**
 * Signal -> code (CODE_ALPHABET characters only). Keeps the ICE credentials, the sha-256
 * fingerprint, the DTLS role, the data-channel mid and up to 8 usable candidates.
 * Throws CodecError 'invalid-sdp' (for `signal` or `options.replyTo`).
 */
export function encodeSignal(signal: Signal, options: EncodeOptions = {}): string {
  return guard('invalid-sdp', () => {
    const fields = parseSdp(signal.type, signal.sdp)
    if (fields.type === 'offer')
      tags.set(signal, offerTag(fields.ufrag, fields.pwd, fields.fingerprint))
    if (fields.type === 'answer' && options.replyTo) fields.tag = tagOf(options.replyTo)
    return bytesToText(writeFrame(fields))
  })
}

/**
 * Code or link (whitespace anywhere, any letter case) -> signal with a data-channel-only SDP.
 * Throws CodecError: 'empty', 'not-a-code', 'corrupted', 'truncated', 'unsupported-version',
 * 'wrong-offer' (a bound answer to another offer than `options.replyTo`), or 'invalid-sdp'
 * (`options.replyTo` unreadable).
 */
export function decodeSignal(input: string, options: DecodeOptions = {}): Signal {
  return guard('not-a-code', () => {
    const { text, foreign, linked } = readCodeText(input)
    if (foreign > 0) {
      const looksDamaged = foreign <= 2 && text.length >= MIN_CODE_CHARS
      fail(looksDamaged ? 'corrupted' : 'not-a-code', 'the text holds characters a code never has')
    }
    const fields = readFrame(textToBytes(text.slice(0, text.length - (text.length % 3))), {
      mayBeWords: !linked,
    })
    if (text.length % 3 !== 0) fail('corrupted', 'the code has a character too many or too few')
    if (fields.type === 'answer' && fields.tag !== TAG_UNBOUND && options.replyTo) {
      if (fields.tag !== tagOf(options.replyTo))
        fail('wrong-offer', 'this reply is for another invite')
    }
    const signal: Signal = { type: fields.type, sdp: buildSdp(fields) }
    if (fields.type === 'offer')
      tags.set(signal, offerTag(fields.ufrag, fields.pwd, fields.fingerprint))
    return signal
  })
}

/**
 * Offer tags of the signals this module made or encoded, so binding a reply to an offer does not
 * parse that offer's SDP again (a signal is treated as immutable once it passed through here).
 */
const tags = new WeakMap<Signal, number>()

function tagOf(offer: Signal): number {
  const known = tags.get(offer)
  if (known !== undefined) return known
  const f = parseSdp(offer.type, offer.sdp)
  return offerTag(f.ufrag, f.pwd, f.fingerprint)
}

/** Lets CodecError through and turns anything else (a bug, or a hostile object) into one. */
function guard<T>(reason: CodecErrorReason, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof CodecError) throw error
    throw new CodecError(reason, `unreadable input: ${String(error)}`)
  }
}
