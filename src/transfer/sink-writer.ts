import type { FileSink } from './file-sink'

/**
 * Feeds a FileSink in order while the channel keeps delivering: push() never waits; chunks
 * queue in memory until the sink has taken them. The caller bounds the queue (the sender
 * respects FILE_WINDOW, see protocol.ts) by checking `queuedBytes`. Chunks that queued up while
 * a write was in flight go to the sink together, up to WRITE_BATCH bytes: each OPFS write is a
 * round trip to the browser's storage process, so fewer, larger writes are much faster.
 */
export const WRITE_BATCH = 1024 * 1024

export class SinkWriter {
  private queue: Uint8Array<ArrayBuffer>[] = []
  private running: Promise<void> | null = null
  private failed: unknown = null
  private stopped = false
  queuedBytes = 0
  writtenBytes = 0

  constructor(
    private readonly sink: FileSink,
    /** After each completed write, with the running total of bytes stored. */
    private readonly onWritten: (writtenBytes: number) => void,
    /** Once, when a write rejects; later pushes are dropped. */
    private readonly onError: (err: unknown) => void,
  ) {}

  push(chunk: Uint8Array<ArrayBuffer>): void {
    if (this.stopped) return
    this.queue.push(chunk)
    this.queuedBytes += chunk.byteLength
    this.running ??= this.pump()
  }

  private async pump(): Promise<void> {
    try {
      for (let batch = this.takeBatch(); batch; batch = this.takeBatch()) {
        // write() may take the buffer (a worker sink transfers it): measure it first.
        const size = batch.byteLength
        await this.sink.write(batch)
        if (this.stopped) return
        this.queuedBytes -= size
        this.writtenBytes += size
        this.onWritten(this.writtenBytes)
      }
    } catch (err) {
      if (this.stopped) return
      this.stopped = true
      this.failed = err ?? new Error('write failed')
      this.queue = []
      this.onError(this.failed)
    } finally {
      this.running = null
    }
  }

  /** The next queued chunks, joined into one buffer of at most WRITE_BATCH bytes (or one chunk). */
  private takeBatch(): Uint8Array<ArrayBuffer> | undefined {
    const first = this.queue.shift()
    if (!first || this.queue.length === 0) return first
    const parts = [first]
    let size = first.byteLength
    while (this.queue.length > 0 && size + (this.queue[0]?.byteLength ?? 0) <= WRITE_BATCH) {
      const next = this.queue.shift() as Uint8Array<ArrayBuffer>
      parts.push(next)
      size += next.byteLength
    }
    if (parts.length === 1) return first
    const joined = new Uint8Array(size)
    let offset = 0
    for (const part of parts) {
      joined.set(part, offset)
      offset += part.byteLength
    }
    return joined
  }

  /** Resolves once every pushed chunk is written; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running
    if (this.failed !== null) throw this.failed
  }

  /** Waits until all chunks are written, then finishes the sink. */
  async finish(): Promise<Blob> {
    await this.flush()
    this.stopped = true
    return this.sink.finish()
  }

  /** Drops queued chunks, lets a write in progress settle, then aborts the sink. */
  async abort(): Promise<void> {
    this.stopped = true
    this.queue = []
    this.queuedBytes = 0
    const running = this.running
    if (running) await running.catch(() => {})
    await this.sink.abort().catch(() => {})
  }
}
