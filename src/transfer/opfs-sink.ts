import { randomId } from '../shared/ids'
import { boundedMemorySink, type CreateSink, type FileSink, type SinkMeta } from './file-sink'
import { openWorkerSink } from './opfs-worker-sink'
import type { WorkerClient } from './worker-client'
import { sharedTransferWorker } from './worker-spawn'

/**
 * Disk-backed sink in the Origin Private File System. Where there is a transfer worker, it
 * hashes and writes the bytes (createSyncAccessHandle: Chromium, Firefox, Safari); else the
 * page writes through createWritable (Chromium, Firefox) and the transfer layer hashes; else
 * (no OPFS) the memory sink, up to `memoryLimit` bytes (MEMORY_SINK_LIMIT; larger files fail with
 * SinkTooLarge, never silently). Each transfer writes a temp file
 * `<epoch ms>-<random>.part` in the directory OPFS_DIR; finish() returns a Blob read from that
 * file, so memory stays flat for multi-GB files. The file lives until removeOpfsFile(blob) or
 * cleanupOpfs() deletes it — the Blob stops being readable after that.
 */
export const OPFS_DIR = 'tatap-incoming'

/** The subset of the File System API used here (FileSystemDirectoryHandle fits). */
export interface OpfsDirectory {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<OpfsDirectory>
  getFileHandle(name: string, options: { create: boolean }): Promise<OpfsFileHandle>
  removeEntry(name: string): Promise<void>
  keys(): AsyncIterable<string>
}
export interface OpfsFileHandle {
  createWritable?: () => Promise<OpfsWritable>
  getFile(): Promise<Blob>
}
export interface OpfsWritable {
  write(data: Uint8Array<ArrayBuffer>): Promise<void>
  close(): Promise<void>
  abort(): Promise<void>
}

export interface OpfsOptions {
  /** Defaults to navigator.storage.getDirectory. */
  getRoot?: () => Promise<OpfsDirectory>
  now?: () => number
  /** The worker that hashes and writes (worker-server.ts); null: write on this thread.
   *  Defaults to the page's shared transfer worker (none in Node). */
  worker?: () => WorkerClient | null
  /** Without OPFS, the largest file kept in memory (default MEMORY_SINK_LIMIT). */
  memoryLimit?: number
}

const defaultRoot = async (): Promise<OpfsDirectory> => {
  const storage = globalThis.navigator?.storage
  if (typeof storage?.getDirectory !== 'function') throw new Error('OPFS unavailable')
  return (await storage.getDirectory()) as unknown as OpfsDirectory
}

/** Temp files created by this page that are still in use (writing, or finished and not removed). */
const live = new Set<string>()
const blobFiles = new WeakMap<Blob, string>()

async function openDir(options: OpfsOptions): Promise<OpfsDirectory> {
  const root = await (options.getRoot ?? defaultRoot)()
  return root.getDirectoryHandle(OPFS_DIR, { create: true })
}

/** A CreateSink writing to OPFS, falling back to boundedMemorySink when OPFS is unusable. */
export function makeOpfsSink(options: OpfsOptions = {}): CreateSink {
  const now = options.now ?? Date.now
  const worker = options.worker ?? sharedTransferWorker
  return async (meta: SinkMeta): Promise<FileSink> => {
    let dir: OpfsDirectory
    let handle: OpfsFileHandle
    const name = `${now()}-${randomId()}.part`
    try {
      dir = await openDir(options)
      handle = await dir.getFileHandle(name, { create: true })
    } catch {
      return boundedMemorySink(meta, options.memoryLimit)
    }
    const remove = (): Promise<void> => {
      live.delete(name)
      return dir.removeEntry(name).catch(() => {})
    }
    const client = worker()
    if (client) {
      live.add(name)
      try {
        const sink = await openWorkerSink(client, dir, OPFS_DIR, name, meta, remove)
        return remember(sink, name)
      } catch {
        live.delete(name) // the worker could not write here: the page tries
      }
    }
    if (typeof handle.createWritable !== 'function') {
      await remove()
      return boundedMemorySink(meta, options.memoryLimit)
    }
    let writable: OpfsWritable
    try {
      writable = await handle.createWritable()
    } catch (err) {
      await remove()
      throw err
    }
    live.add(name)
    return remember(
      {
        write: (chunk) => writable.write(chunk),
        async finish() {
          await writable.close()
          const file = await handle.getFile()
          return file.slice(0, file.size, meta.mime)
        },
        async abort() {
          await writable.abort().catch(() => {})
          await remove()
        },
      },
      name,
    )
  }
}

/** Wraps finish() so that removeOpfsFile(blob) finds the temp file behind the blob. */
function remember(sink: FileSink, name: string): FileSink {
  return {
    ...sink,
    async finish() {
      const blob = await sink.finish()
      blobFiles.set(blob, name)
      return blob
    },
  }
}

/** Deletes the temp file behind a Blob from makeOpfsSink; does nothing for other blobs. */
export async function removeOpfsFile(blob: Blob, options: OpfsOptions = {}): Promise<void> {
  const name = blobFiles.get(blob)
  if (name === undefined) return
  blobFiles.delete(blob)
  live.delete(name)
  try {
    await (await openDir(options)).removeEntry(name)
  } catch {
    // already gone
  }
}

/**
 * Deletes temp files left by earlier sessions: every file in OPFS_DIR not in use by this page
 * and created more than olderThanMs ago (default 0; raise it if several tabs may receive at
 * once). Returns how many were deleted; 0 if OPFS is unavailable.
 */
export async function cleanupOpfs(
  options: OpfsOptions & { olderThanMs?: number } = {},
): Promise<number> {
  const now = (options.now ?? Date.now)()
  const olderThan = options.olderThanMs ?? 0
  let dir: OpfsDirectory
  try {
    dir = await openDir(options)
  } catch {
    return 0
  }
  const stale: string[] = []
  for await (const name of dir.keys()) {
    const created = Number(name.split('-', 1)[0])
    if (live.has(name)) continue
    if (!Number.isFinite(created) || now - created >= olderThan) stale.push(name)
  }
  let removed = 0
  for (const name of stale) {
    try {
      await dir.removeEntry(name)
      removed++
    } catch {
      // in use elsewhere or already gone
    }
  }
  return removed
}
