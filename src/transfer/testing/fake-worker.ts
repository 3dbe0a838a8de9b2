import { MessageChannel } from 'node:worker_threads'
import type { WorkerLike } from '../worker-protocol'
import type { SyncAccessHandle, WorkerDirectory, WorkerFileHandle } from '../worker-server'
import { serveTransferWorker } from '../worker-server'

/**
 * The transfer worker's code served on one end of a real MessageChannel (buffers really are
 * transferred and detached), the other end handed out as the "Worker". `fail()` fires an
 * 'error' as a Worker that could not load would.
 */
export function fakeTransferWorker(
  root: WorkerDirectory,
): WorkerLike & { fail(): void; close(): void } {
  const { port1, port2 } = new MessageChannel()
  serveTransferWorker(
    port2 as unknown as Parameters<typeof serveTransferWorker>[0],
    async () => root,
  )
  port2.start()
  const errors = new EventTarget()
  return {
    postMessage: (message, transfer) =>
      port1.postMessage(message, transfer as unknown as ArrayBuffer[]),
    addEventListener(type, listener) {
      if (type === 'error') errors.addEventListener('error', listener)
      else {
        port1.addEventListener('message', listener as (e: unknown) => void)
        port1.start()
      }
    },
    fail: () => errors.dispatchEvent(new Event('error')),
    close() {
      port1.close()
      port2.close()
    },
  }
}

/** An OPFS directory in memory, whose files offer createSyncAccessHandle (as in a worker). */
export class FakeWorkerDir implements WorkerDirectory {
  readonly dirs = new Map<string, FakeWorkerDir>()
  readonly files = new Map<string, Uint8Array>()
  /** Files whose access handle is open (the real one locks the file). */
  readonly open = new Set<string>()
  /** Make write() throw once this many bytes are in a file (a full disk). */
  failAfter = Number.POSITIVE_INFINITY

  async getDirectoryHandle(name: string): Promise<FakeWorkerDir> {
    const dir = this.dirs.get(name) ?? new FakeWorkerDir()
    dir.failAfter = this.failAfter
    this.dirs.set(name, dir)
    return dir
  }

  async getFileHandle(name: string): Promise<WorkerFileHandle & { getFile(): Promise<Blob> }> {
    if (!this.files.has(name)) this.files.set(name, new Uint8Array(0))
    return {
      createSyncAccessHandle: async () => this.access(name),
      getFile: async () => new Blob([(this.files.get(name) ?? new Uint8Array(0)).slice()]),
    }
  }

  private access(name: string): SyncAccessHandle {
    if (this.open.has(name)) throw new DOMException('locked', 'NoModificationAllowedError')
    this.open.add(name)
    return {
      write: (data, { at }) => {
        const old = this.files.get(name) ?? new Uint8Array(0)
        if (at + data.byteLength > this.failAfter)
          throw new DOMException('full', 'QuotaExceededError')
        const next = new Uint8Array(Math.max(old.byteLength, at + data.byteLength))
        next.set(old)
        next.set(data, at)
        this.files.set(name, next)
        return data.byteLength
      },
      flush: () => {},
      close: () => void this.open.delete(name),
    }
  }

  async removeEntry(name: string): Promise<void> {
    this.files.delete(name)
  }

  async *keys(): AsyncIterable<string> {
    yield* this.files.keys()
  }
}
