import type { FileSink } from './file-sink'

/**
 * Feeds a FileSink in order while the channel keeps delivering: push() never waits; chunks
 * queue in memory until the sink has taken them. The caller bounds the queue (the sender
 * respects FILE_WINDOW, see protocol.ts) by checking `queuedBytes`.
 */
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
      for (let chunk = this.queue.shift(); chunk; chunk = this.queue.shift()) {
        await this.sink.write(chunk)
        if (this.stopped) return
        this.queuedBytes -= chunk.byteLength
        this.writtenBytes += chunk.byteLength
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
