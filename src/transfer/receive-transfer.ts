import { type DataChannelLike, listen, tryClose, trySend } from '../shared/channel'
import { type CreateSink, type FileSink, SinkTooLarge, safeFileName, safeMime } from './file-sink'
import type { CreateHasher, StreamHasher } from './hasher'
import {
  encodeFrame,
  FILE_ACK_STEP,
  FILE_MAX_CHUNK,
  FILE_WINDOW,
  type FileFrame,
  fileIdFromLabel,
  parseFileFrame,
} from './protocol'
import { SinkWriter } from './sink-writer'
import { type MachineDeps, TransferMachine } from './transfer-base'
import type { TransferState } from './types'

type Offer = Extract<FileFrame, { t: 'offer' }>

/**
 * Waits for the first frame on an incoming `file:<id>` channel. A valid offer whose id matches
 * the label goes to onOffer; anything else gets `{t:'fail', reason:'protocol'}` and a close.
 * Returns a function that stops waiting (and closes the channel).
 */
export function awaitOffer(channel: DataChannelLike, onOffer: (offer: Offer) => void): () => void {
  channel.binaryType = 'arraybuffer'
  const id = fileIdFromLabel(channel.label)
  const reject = (): void => {
    stop()
    trySend(channel, encodeFrame({ t: 'fail', reason: 'protocol' }))
    tryClose(channel)
  }
  const stop = listen(
    channel,
    {
      message: (e) => {
        const frame = parseFileFrame((e as MessageEvent).data)
        if (frame?.t !== 'offer' || frame.id !== id) return reject()
        stop()
        onOffer(frame)
      },
      close: () => stop(),
    },
    reject,
  )
  if (id === null) reject()
  return () => {
    stop()
    tryClose(channel)
  }
}

function toBytes(data: unknown): Uint8Array<ArrayBuffer> | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  }
  return null
}

/**
 * Receiving side of one `file:<id>` channel. Hands each chunk to a SinkWriter (writes stay in
 * order, the channel is never blocked), acks stored bytes every FILE_ACK_STEP, and treats more
 * than FILE_WINDOW unstored bytes as a protocol error. The bytes are hashed by the sink where it
 * can (FileSink.sha256: the OPFS sink hashes in its worker), else here as they arrive.
 */
export class IncomingTransfer extends TransferMachine {
  /** Null when the sink hashes what it writes. */
  private hash: StreamHasher | null = null
  private received = 0
  private lastAck = 0
  private writer: SinkWriter | null = null
  private sink: FileSink | null = null
  /** All bytes arrived and matched: a close from now on cannot spoil the file. */
  private intact = false

  constructor(
    offer: Offer,
    channel: DataChannelLike,
    deps: MachineDeps,
    private readonly createSink: CreateSink,
    /** Must keep no reference to the bytes it is given (see inThreadHasher). */
    private readonly createHasher: CreateHasher,
  ) {
    super(
      {
        id: offer.id,
        direction: 'receive',
        name: safeFileName(offer.name),
        size: offer.size,
        mime: offer.mime,
        state: { status: 'offered' },
      },
      channel,
      deps,
    )
    this.unlisten = listen(
      channel,
      {
        message: (e) => this.onMessage((e as MessageEvent).data),
        close: () => this.lose(),
        error: () => this.lose(),
      },
      () => this.fail('protocol'),
    )
    if (channel.readyState !== 'open') this.fail('connection-lost')
  }

  accept(): void {
    if (this.status !== 'offered') return
    this.setState({ status: 'transferring' })
    const { name, size, mime } = this.snapshot
    this.createSink({ name, size, mime: safeMime(mime) }).then(
      (sink) => {
        if (!sink.sha256) this.hash = this.createHasher()
        this.sink = sink
        this.writer = new SinkWriter(
          sink,
          (n) => this.onWritten(n),
          () => this.fail('write-error'),
        )
        if (this.final) void this.writer.abort()
        else if (!this.send({ t: 'accept' })) this.fail('connection-lost')
      },
      (err: unknown) => this.fail(err instanceof SinkTooLarge ? 'too-large' : 'write-error'),
    )
  }

  decline(): void {
    if (this.status !== 'offered') return
    this.send({ t: 'decline' })
    this.end({ status: 'declined', by: 'me' })
  }

  cancel(): void {
    if (this.status === 'offered') this.decline()
    else if (!this.final) {
      this.send({ t: 'cancel' })
      this.end({ status: 'cancelled', by: 'me' })
    }
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') {
      this.onChunk(data)
      return
    }
    const frame = parseFileFrame(data)
    if (frame?.t === 'done' && this.status === 'transferring' && this.writer) {
      void this.verify(frame.sha256)
    } else if (frame?.t === 'cancel') this.end({ status: 'cancelled', by: 'peer' })
    else if (frame?.t === 'fail') this.end({ status: 'failed', reason: frame.reason, by: 'peer' })
    else this.fail('protocol')
  }

  private onChunk(data: unknown): void {
    const bytes = toBytes(data)
    const writer = this.writer
    if (!bytes || !writer || this.status !== 'transferring' || bytes.byteLength > FILE_MAX_CHUNK) {
      this.fail('protocol')
    } else if (this.received + bytes.byteLength > this.snapshot.size) {
      this.mismatch()
    } else {
      this.hash?.update(bytes)
      this.received += bytes.byteLength
      writer.push(bytes)
      if (writer.queuedBytes > FILE_WINDOW) this.fail('protocol')
      else this.setProgress(this.received)
    }
  }

  private onWritten(n: number): void {
    if (this.status !== 'transferring' || n - this.lastAck < FILE_ACK_STEP) return
    this.lastAck = n
    this.send({ t: 'ack', n })
  }

  private async verify(expected: string): Promise<void> {
    this.setProgress(this.received, true)
    this.setState({ status: 'verifying' })
    const { writer, sink } = this
    if (!writer || !sink) return
    if (this.received !== this.snapshot.size) {
      this.mismatch()
      return
    }
    let actual: string
    try {
      actual = this.hash ? await this.hash.digest() : await this.sinkDigest(writer, sink)
    } catch {
      this.fail('write-error')
      return
    }
    if (this.final) return
    if (actual !== expected) {
      this.mismatch()
      return
    }
    this.intact = true
    let blob: Blob
    try {
      blob = await writer.finish()
    } catch {
      this.fail('write-error')
      return
    }
    if (this.final) return
    this.send({ t: 'verified' })
    this.end({ status: 'done', blob })
  }

  /** The sink's hash of every byte, once all of them are written. */
  private async sinkDigest(writer: SinkWriter, sink: FileSink): Promise<string> {
    await writer.flush()
    if (!sink.sha256) throw new Error('sink does not hash')
    return sink.sha256()
  }

  /** A receiver holding every byte, verified, completes even if the sender is gone. */
  override lose(): void {
    if (!this.intact) this.fail('connection-lost')
  }

  private mismatch(): void {
    if (this.final) return
    this.send({ t: 'mismatch' })
    this.end({ status: 'failed', reason: 'mismatch', by: 'me' })
  }

  protected override onEnd(state: TransferState): void {
    this.hash?.close()
    if (state.status !== 'done') void this.writer?.abort()
  }
}
