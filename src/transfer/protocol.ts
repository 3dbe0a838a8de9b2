/**
 * Tatap transfer wire protocol, version 1 — the one place that defines it (docs/protocol.md
 * restates it for other implementations).
 *
 * Every channel is ordered and reliable. Control frames are JSON text messages holding one object
 * with a string field `t`; binary messages carry file bytes only. Receivers ignore unknown fields;
 * an unknown `t` is ignored on the chat channel and is a protocol error on a file channel.
 * Closing a channel is graceful: messages sent before `close()` are delivered before the close.
 */

/** Label of the chat channel (one per peer connection). */
export const CHAT_LABEL = 'chat'
/** A file channel is labelled FILE_LABEL_PREFIX + transfer id; the sender creates it. */
export const FILE_LABEL_PREFIX = 'file:'

/** Message and transfer ids: 1–64 chars of [A-Za-z0-9_-] (a UUID fits). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** Chat text: 1..4000 UTF-16 code units, not whitespace only. */
export const CHAT_MAX_TEXT = 4000
/** Longer author names are cut to this many UTF-16 code units on receipt. */
export const CHAT_MAX_AUTHOR = 64
/** File names longer than this are cut on receipt; mime strings longer than this are dropped. */
export const FILE_MAX_NAME = 255
export const FILE_MAX_MIME = 255

/**
 * File chunk size the sender uses when it does not know the peer's max-message-size: 64 KiB.
 * Every browser accepts messages of this size (peers without `a=max-message-size` assume
 * 64 KiB). When the peer's limit is known the sender uses it, up to FILE_MAX_CHUNK (the
 * interop-safe maximum); see files.ts chunkSizeFor. Receivers accept any size up to FILE_MAX_CHUNK.
 */
export const FILE_CHUNK = 64 * 1024
export const FILE_MAX_CHUNK = 256 * 1024
/** Sender backpressure: send only while channel.bufferedAmount + chunk <= HIGH; when above,
 *  wait for 'bufferedamountlow' (bufferedAmountLowThreshold = LOW). */
export const FILE_HIGH_WATER = 1024 * 1024
export const FILE_LOW_WATER = 256 * 1024
/**
 * Receiver flow control. The sender never sends byte offset >= acked + FILE_WINDOW, where
 * `acked` is the largest `n` of the receiver's `ack` frames (0 before any). The receiver stores
 * bytes in order and sends `{t:'ack', n}` (n = bytes stored so far) whenever n - lastAckedN >=
 * FILE_ACK_STEP. So the receiver never buffers more than FILE_WINDOW bytes in memory.
 * Deadlock-free because FILE_ACK_STEP <= FILE_WINDOW - FILE_MAX_CHUNK.
 */
export const FILE_WINDOW = 8 * 1024 * 1024
export const FILE_ACK_STEP = 1024 * 1024

/** Frames on the `chat` channel (text). */
export type ChatFrame =
  /** A message; resent until acked, so the receiver must dedupe by id. sentAt: epoch ms. */
  | { t: 'msg'; id: string; author: string; text: string; sentAt: number }
  /** Receipt for a msg id; sent for every msg received, duplicates included. */
  | { t: 'ack'; id: string }

/** Why a file transfer failed. Every reason except 'connection-lost' may travel in a `fail`. */
export const FAIL_REASONS = [
  'connection-lost', // channel closed or errored before the transfer finished
  'mismatch', // received bytes differ from the announced size or sha256
  'protocol', // the peer sent a frame the protocol does not allow here
  'read-error', // the sender could not read the file
  'write-error', // the receiver could not store the file
  'too-large', // the receiver has no file storage and the file is over what it keeps in memory
] as const
export type FailReason = (typeof FAIL_REASONS)[number]
type SendableReason = Exclude<FailReason, 'connection-lost'>
const SENDABLE_REASONS = FAIL_REASONS.filter((r): r is SendableReason => r !== 'connection-lost')

/**
 * Text frames on a `file:<id>` channel. Sequence (S = sender, R = receiver):
 *   S: offer → R: accept | decline → S: binary chunks (R: ack …) → S: done → R: verified | mismatch
 * `cancel` (user stopped it) and `fail` (local error) may be sent by either side at any time;
 * R may send `mismatch` as soon as more bytes than `size` arrive. After sending or receiving a
 * final frame (decline, verified, mismatch, cancel, fail) a side closes the channel and ignores
 * anything further. A close before a final frame means 'connection-lost'.
 */
export type FileFrame =
  /** id equals the label's suffix; size in bytes (safe integer >= 0); mime may be ''. */
  | { t: 'offer'; id: string; name: string; size: number; mime: string }
  | { t: 'accept' }
  | { t: 'decline' }
  /** n: bytes the receiver has stored so far (see FILE_WINDOW). */
  | { t: 'ack'; n: number }
  /** sha256 of all bytes, 64 lowercase hex digits. */
  | { t: 'done'; sha256: string }
  | { t: 'verified' }
  | { t: 'mismatch' }
  | { t: 'cancel' }
  /** An unknown reason is read as 'protocol'. */
  | { t: 'fail'; reason: SendableReason }

const MAX_TEXT_FRAME = 64 * 1024
const HEX64 = /^[0-9a-f]{64}$/

export function encodeFrame(frame: ChatFrame | FileFrame): string {
  return JSON.stringify(frame)
}

function parseObject(data: unknown): Record<string, unknown> | null {
  if (typeof data !== 'string' || data.length > MAX_TEXT_FRAME) return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  return value as Record<string, unknown>
}

const isId = (v: unknown): v is string => typeof v === 'string' && ID_PATTERN.test(v)
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0

/** A valid chat frame, or null for anything else (malformed, unknown `t`, out-of-range text). */
export function parseChatFrame(data: unknown): ChatFrame | null {
  const o = parseObject(data)
  if (!o || !isId(o.id)) return null
  if (o.t === 'ack') return { t: 'ack', id: o.id }
  if (o.t !== 'msg') return null
  const { author, text, sentAt } = o
  if (typeof author !== 'string' || typeof text !== 'string') return null
  if (validateChatText(text) !== null) return null
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt)) return null
  return { t: 'msg', id: o.id, author: author.slice(0, CHAT_MAX_AUTHOR), text, sentAt }
}

export type ChatTextProblem = 'empty' | 'too-long'
export function validateChatText(text: string): ChatTextProblem | null {
  if (text.trim() === '') return 'empty'
  if (text.length > CHAT_MAX_TEXT) return 'too-long'
  return null
}

/** A valid file-channel text frame, or null (the caller treats null as a protocol error). */
export function parseFileFrame(data: unknown): FileFrame | null {
  const o = parseObject(data)
  if (!o) return null
  switch (o.t) {
    case 'offer': {
      const { id, name, size, mime } = o
      if (!isId(id) || typeof name !== 'string' || !isCount(size)) return null
      const m = typeof mime === 'string' && mime.length <= FILE_MAX_MIME ? mime : ''
      return { t: 'offer', id, name: name.slice(0, FILE_MAX_NAME), size, mime: m }
    }
    case 'ack':
      return isCount(o.n) ? { t: 'ack', n: o.n } : null
    case 'done':
      return typeof o.sha256 === 'string' && HEX64.test(o.sha256)
        ? { t: 'done', sha256: o.sha256 }
        : null
    case 'fail': {
      const known = SENDABLE_REASONS.find((x) => x === o.reason)
      return { t: 'fail', reason: known ?? 'protocol' }
    }
    case 'accept':
    case 'decline':
    case 'verified':
    case 'mismatch':
    case 'cancel':
      return { t: o.t }
    default:
      return null
  }
}

export function fileLabel(id: string): string {
  return FILE_LABEL_PREFIX + id
}

/** The transfer id in a file channel label, or null if the label is not a file label. */
export function fileIdFromLabel(label: string): string | null {
  if (!label.startsWith(FILE_LABEL_PREFIX)) return null
  const id = label.slice(FILE_LABEL_PREFIX.length)
  return ID_PATTERN.test(id) ? id : null
}
