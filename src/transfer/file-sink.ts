import { cleanLabel } from '../shared/text'
import { FILE_MAX_NAME } from './protocol'
/**
 * Where a receiver stores incoming bytes. The transfer layer calls write() strictly in order,
 * one at a time (each awaited), then either finish() once or abort() once. write() takes
 * ownership of `chunk` (a worker-backed sink transfers its buffer); resolving means stored.
 */
export interface FileSink {
  write(chunk: Uint8Array<ArrayBuffer>): Promise<void>
  /**
   * Optional: a sink that hashes what it stores (the OPFS sink does, in its worker) resolves
   * with the SHA-256 of every byte written, 64 lowercase hex digits. The transfer layer then
   * does not hash on its own; it calls this at most once, after every write resolved and
   * before finish().
   */
  sha256?(): Promise<string>
  /** Resolves with the whole file; the sink is finished afterwards. */
  finish(): Promise<Blob>
  /** Drops what was written; never rejects. */
  abort(): Promise<void>
}

export interface SinkMeta {
  /** Display name announced by the sender (already cleaned of path separators). */
  readonly name: string
  readonly size: number
  /** Blob type to use: the announced mime if it is safe to open, else application/octet-stream. */
  readonly mime: string
}

export type CreateSink = (meta: SinkMeta) => Promise<FileSink>

/** Keeps chunks in memory: for small files and tests. */
export function memorySink(meta: SinkMeta): FileSink {
  let chunks: Uint8Array<ArrayBuffer>[] = []
  return {
    async write(chunk) {
      chunks.push(chunk)
    },
    async finish() {
      const blob = new Blob(chunks, { type: meta.mime })
      chunks = []
      return blob
    },
    async abort() {
      chunks = []
    },
  }
}

export const createMemorySink: CreateSink = async (meta) => memorySink(meta)

/**
 * The most a receiving browser keeps in memory when it has no file storage of its own (no OPFS:
 * WebKitGTK, Safari and Firefox in private windows, old iPhones): 250 MB (decimal, as sizes are
 * shown: "250 MB"), well under what an iPhone lets one tab hold, so a call does not lose its
 * page for a file.
 */
export const MEMORY_SINK_LIMIT = 250_000_000

/** The file is larger than this browser can keep (`limit` bytes in memory, no file storage). */
export class SinkTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`too large to keep in memory (over ${limit} bytes)`)
    this.name = 'SinkTooLarge'
  }
}

/**
 * memorySink for files of at most `limit` bytes; for a larger one it throws SinkTooLarge before
 * a byte arrives (the transfer fails with 'too-large', and both sides say why). The announced
 * size is enough: the transfer layer takes no byte past it.
 */
export function boundedMemorySink(meta: SinkMeta, limit = MEMORY_SINK_LIMIT): FileSink {
  if (meta.size > limit) throw new SinkTooLarge(limit)
  return memorySink(meta)
}

/**
 * Types a received blob may keep. Others become application/octet-stream: a blob: URL with a
 * type like text/html or image/svg+xml runs script in the app's origin if a user opens it.
 */
const SAFE_MIME =
  /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain|application\/pdf)$/

export function safeMime(mime: string): string {
  const base = mime.split(';')[0]?.trim().toLowerCase() ?? ''
  return SAFE_MIME.test(base) ? base : 'application/octet-stream'
}

/**
 * A display/download name: no path separators, no control or text-reordering characters
 * (shared/text.ts: "invoice\u202Egnp.exe" must not show as "invoiceexe.png"), never empty.
 */
export function safeFileName(name: string): string {
  const cleaned = cleanLabel(name.replace(/[/\\]/g, '_'), FILE_MAX_NAME)
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned
}
