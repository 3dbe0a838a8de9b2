import { CodecError, decodeSignal, encodeSignal, inviteLink, type Signal } from '../codec'
import type { Problem } from './problems'

/**
 * The codes people exchange, read once: a pasted, scanned or opened code becomes a decoded
 * `Signal` or the problem with it (problems.ts), which the surface words.
 */
export type Read = { ok: true; signal: Signal } | { ok: false; problem: Problem }

/** An invite the way the guest holds it: the text shown in the box and what it decoded to. */
export interface InviteInput {
  text: string
  read: Read | null
}

export function readCode(text: string, replyTo?: Signal): Read {
  try {
    return { ok: true, signal: decodeSignal(text, replyTo ? { replyTo } : {}) }
  } catch (err) {
    // The codec throws nothing else for bad input (its contract); anything else is a bug.
    const reason = err instanceof CodecError ? err.reason : 'not-a-code'
    return { ok: false, problem: { kind: 'code', reason } }
  }
}

/** Guest side: an invite, refusing a reply (or anything else). */
export function readInvite(text: string): Read {
  const read = readCode(text)
  if (read.ok && read.signal.type !== 'offer') {
    return { ok: false, problem: { kind: 'reply-not-invite' } }
  }
  return read
}

/** Host side: the reply to `offer`. */
export function readReply(text: string, offer: Signal): Read {
  const read = readCode(text, offer)
  if (read.ok && read.signal.type !== 'answer') {
    return { ok: false, problem: { kind: 'invite-not-reply' } }
  }
  return read
}

/** The link a phone's camera app opens: this app's address with the code as the fragment. */
export function linkFor(baseUrl: string, signal: Signal, replyTo?: Signal): string {
  return inviteLink(baseUrl, encodeSignal(signal, replyTo ? { replyTo } : {}))
}
