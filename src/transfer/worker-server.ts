import { loadSha256, type Sha256Engine } from './hasher'
import type { WorkerReply, WorkerRequest, WorkerScopeLike } from './worker-protocol'

/** The subset of the OPFS API the worker uses (FileSystemDirectoryHandle fits). */
export interface WorkerDirectory {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<WorkerDirectory>
  getFileHandle(name: string, options: { create: boolean }): Promise<WorkerFileHandle>
}
export interface WorkerFileHandle {
  /** Workers only (Chromium ≥ 102, Firefox ≥ 111, Safari ≥ 15.2): synchronous, unbuffered I/O. */
  createSyncAccessHandle?: () => Promise<SyncAccessHandle>
  createWritable?: () => Promise<{
    write(data: Uint8Array<ArrayBuffer>): Promise<void>
    close(): Promise<void>
    abort(): Promise<void>
  }>
}
export interface SyncAccessHandle {
  /** Returns how many bytes were written. */
  write(data: Uint8Array, options: { at: number }): number
  flush(): void
  close(): void
}

/** How a sink session stores bytes, whichever API the browser offers. */
interface Store {
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void> | void
  close(): Promise<void> | void
  abort(): Promise<void> | void
}

interface Session {
  /** Operations of one session run one after another, in posting order. */
  queue: Promise<unknown>
  hash: Promise<Sha256Engine>
  store: Store | null
}

async function openStore(root: WorkerDirectory, dirName: string, name: string): Promise<Store> {
  const dir = await root.getDirectoryHandle(dirName, { create: true })
  const handle = await dir.getFileHandle(name, { create: true })
  if (typeof handle.createSyncAccessHandle === 'function') {
    const access = await handle.createSyncAccessHandle()
    let at = 0
    return {
      write(bytes) {
        for (let done = 0; done < bytes.byteLength; ) {
          const n = access.write(bytes.subarray(done), { at: at + done })
          if (!(n > 0)) throw new Error('write made no progress')
          done += n
        }
        at += bytes.byteLength
      },
      close() {
        access.flush()
        access.close()
      },
      abort: () => access.close(),
    }
  }
  if (typeof handle.createWritable === 'function') {
    const writable = await handle.createWritable()
    return {
      write: (bytes) => writable.write(bytes),
      close: () => writable.close(),
      abort: () => writable.abort(),
    }
  }
  throw new Error('no way to write OPFS files here')
}

/**
 * Serves WorkerRequests arriving on `scope` (the worker's global scope, or a MessagePort in
 * tests). `getRoot` is the OPFS root (navigator.storage.getDirectory in a worker).
 */
export function serveTransferWorker(
  scope: WorkerScopeLike,
  getRoot: () => Promise<WorkerDirectory>,
): void {
  const sessions = new Map<number, Session>()
  const reply = (message: WorkerReply): void => scope.postMessage(message)

  const sessionOf = (id: number): Session => {
    let session = sessions.get(id)
    if (!session) {
      const hash = loadSha256()
      hash.catch(() => {})
      session = { queue: Promise.resolve(), hash, store: null }
      sessions.set(id, session)
    }
    return session
  }

  /** Runs `step` after the session's earlier steps; replies with its outcome if `rid` is set. */
  const run = (
    id: number,
    rid: number | null,
    step: (s: Session) => Promise<string | null> | string | null,
  ): void => {
    const session = sessionOf(id)
    const done = session.queue.then(() => step(session))
    session.queue = done.catch(() => {})
    if (rid === null) return
    done.then(
      (value) => reply({ rid, ok: true, value }),
      (err: unknown) => reply({ rid, ok: false, error: String(err) }),
    )
  }

  const handle = (m: WorkerRequest): void => {
    switch (m.op) {
      case 'hash-open':
        sessionOf(m.id)
        return
      case 'hash-update':
        run(m.id, null, async (s) => {
          ;(await s.hash).update(m.bytes)
          return null
        })
        return
      case 'hash-digest':
        run(m.id, m.rid, async (s) => {
          sessions.delete(m.id)
          return (await s.hash).hex()
        })
        return
      case 'sink-open':
        run(m.id, m.rid, async (s) => {
          s.store = await openStore(await getRoot(), m.dir, m.name)
          return null
        })
        return
      case 'sink-write':
        run(m.id, m.rid, async (s) => {
          if (!s.store) throw new Error('sink is not open')
          ;(await s.hash).update(m.bytes)
          await s.store.write(m.bytes)
          return null
        })
        return
      case 'sink-digest':
        run(m.id, m.rid, async (s) => (await s.hash).hex())
        return
      case 'sink-close':
        run(m.id, m.rid, async (s) => {
          sessions.delete(m.id)
          await s.store?.close()
          return null
        })
        return
      case 'sink-abort':
        run(m.id, m.rid, async (s) => {
          sessions.delete(m.id)
          await s.store?.abort()
          return null
        })
        return
      case 'drop':
        sessions.delete(m.id)
        return
    }
  }

  scope.addEventListener('message', (event) => handle((event as MessageEvent).data))
}
