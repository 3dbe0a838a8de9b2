/**
 * Messages between the page and the transfer worker (transfer-worker.ts), which hashes outgoing
 * files and hashes + stores incoming ones, so neither runs on the page's main thread.
 *
 * One worker serves many sessions, each a hash (sender) or a sink (receiver) with a page-chosen
 * `id`. The worker handles the messages of one session strictly in the order they were posted.
 * Messages with an `rid` get exactly one Reply with that rid; the others get none. Byte buffers
 * travel as transferables (zero copy): the poster must not touch them afterwards.
 */
export type WorkerRequest =
  /** Starts a SHA-256 session. */
  | { op: 'hash-open'; id: number }
  | { op: 'hash-update'; id: number; bytes: Uint8Array<ArrayBuffer> }
  /** Replies with the hex digest of all updates; ends the session. */
  | { op: 'hash-digest'; id: number; rid: number }
  /** Creates `<dir>/<name>` in the origin private file system (OPFS) and opens it for writing
   *  (createSyncAccessHandle where the browser has it, else createWritable). */
  | { op: 'sink-open'; id: number; rid: number; dir: string; name: string }
  /** Hashes and appends the bytes; replies once they are written. */
  | { op: 'sink-write'; id: number; rid: number; bytes: Uint8Array<ArrayBuffer> }
  /** Replies with the hex SHA-256 of everything written (at most once per session). */
  | { op: 'sink-digest'; id: number; rid: number }
  /** Flushes and closes the file (the page then reads it through its own handle); ends it. */
  | { op: 'sink-close'; id: number; rid: number }
  /** Closes without flushing; ends the session. The page deletes the file. */
  | { op: 'sink-abort'; id: number; rid: number }
  /** Ends any session at once, no reply. */
  | { op: 'drop'; id: number }

export type WorkerReply =
  | { rid: number; ok: true; value: string | null }
  | { rid: number; ok: false; error: string }

/** The part of a Worker (or MessagePort) the page side uses. */
export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void
}

/** The part of a worker's global scope (or MessagePort) the worker side uses. */
export interface WorkerScopeLike {
  postMessage(message: WorkerReply): void
  addEventListener(type: 'message', listener: (event: Event) => void): void
}

/** Buffers to transfer with `bytes`: its own buffer when the view covers all of it. */
export function ownedBuffer(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice()
}
