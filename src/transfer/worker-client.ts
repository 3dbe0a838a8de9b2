import type { CreateHasher, StreamHasher } from './hasher'
import {
  ownedBuffer,
  type WorkerLike,
  type WorkerReply,
  type WorkerRequest,
} from './worker-protocol'

type Call = WorkerRequest extends infer R
  ? R extends { rid: number }
    ? Omit<R, 'rid'>
    : never
  : never
type Post = Exclude<WorkerRequest, { rid: number }>

/**
 * The page's end of the transfer worker: numbers sessions and requests, matches replies, and
 * once the worker fails (an 'error' event: it could not load, or threw) rejects every pending
 * and later call — callers then fall back to doing the work on this thread.
 */
export class WorkerClient {
  private nextId = 1
  private nextRid = 1
  private readonly pending = new Map<
    number,
    { resolve: (v: string | null) => void; reject: (e: Error) => void }
  >()
  dead = false

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (event) => this.onReply((event as MessageEvent).data))
    worker.addEventListener('error', () => this.die())
  }

  session(): number {
    return this.nextId++
  }

  /** Posts a request that gets a reply; resolves with its value. */
  call(request: Call, transfer: Transferable[] = []): Promise<string | null> {
    if (this.dead) return Promise.reject(new Error('transfer worker is gone'))
    const rid = this.nextRid++
    return new Promise((resolve, reject) => {
      this.pending.set(rid, { resolve, reject })
      this.worker.postMessage({ ...request, rid } as WorkerRequest, transfer)
    })
  }

  /** Posts a request that gets no reply. */
  post(request: Post, transfer: Transferable[] = []): void {
    if (!this.dead) this.worker.postMessage(request, transfer)
  }

  private onReply(reply: WorkerReply): void {
    const waiter = this.pending.get(reply.rid)
    if (!waiter) return
    this.pending.delete(reply.rid)
    if (reply.ok) waiter.resolve(reply.value)
    else waiter.reject(new Error(reply.error))
  }

  private die(): void {
    this.dead = true
    for (const waiter of this.pending.values()) waiter.reject(new Error('transfer worker failed'))
    this.pending.clear()
  }
}

/**
 * A StreamHasher running in the transfer worker. update() transfers the bytes' buffer to the
 * worker (the caller has already sent them; see hasher.ts for the ownership contract).
 */
export function workerHasher(client: WorkerClient): StreamHasher {
  const id = client.session()
  let open = true
  client.post({ op: 'hash-open', id })
  return {
    update(bytes) {
      if (!open) return
      const owned = ownedBuffer(bytes)
      client.post({ op: 'hash-update', id, bytes: owned }, [owned.buffer])
    },
    async digest() {
      if (!open) throw new Error('hasher closed')
      open = false
      const hex = await client.call({ op: 'hash-digest', id })
      if (typeof hex !== 'string') throw new Error('no digest')
      return hex
    },
    close() {
      if (!open) return
      open = false
      client.post({ op: 'drop', id })
    },
  }
}

/** Hashes in `client`'s worker while it lives; on this thread when there is none. */
export function preferWorker(
  client: () => WorkerClient | null,
  fallback: CreateHasher,
): CreateHasher {
  return () => {
    const c = client()
    return c && !c.dead ? workerHasher(c) : fallback()
  }
}
