import { CodecError, decodeSignal, encodeSignal, inviteLink, type Signal } from '../codec'
import type { Strings } from '../i18n/en'
import { codecErrorText } from '../i18n/sentences'

/**
 * The codes people exchange, read once: a pasted, scanned or opened code becomes a decoded
 * `Signal` or a sentence saying what is wrong with it and what to do.
 */
export type Read = { ok: true; signal: Signal } | { ok: false; problem: string }

/** An invite the way the guest holds it: the text shown in the box and what it decoded to. */
export interface InviteInput {
  text: string
  read: Read | null
}

export function readCode(t: Strings, text: string, replyTo?: Signal): Read {
  try {
    return { ok: true, signal: decodeSignal(text, replyTo ? { replyTo } : {}) }
  } catch (err) {
    if (err instanceof CodecError) return { ok: false, problem: codecErrorText(t, err.reason) }
    return { ok: false, problem: t.errNotACode }
  }
}

/** Guest side: an invite, refusing a reply (or anything else) with the sentence to show. */
export function readInvite(t: Strings, text: string): Read {
  const read = readCode(t, text)
  if (read.ok && read.signal.type !== 'offer') return { ok: false, problem: t.errReplyNotInvite }
  return read
}

/** Host side: the reply to `offer`. */
export function readReply(t: Strings, text: string, offer: Signal): Read {
  const read = readCode(t, text, offer)
  if (read.ok && read.signal.type !== 'answer') return { ok: false, problem: t.errInviteNotReply }
  return read
}

/** The link a phone's camera app opens: this app's address with the code as the fragment. */
export function linkFor(baseUrl: string, signal: Signal, replyTo?: Signal): string {
  return inviteLink(baseUrl, encodeSignal(signal, replyTo ? { replyTo } : {}))
}
