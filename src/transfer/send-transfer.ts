import { type DataChannelLike, listen, trySend } from '../shared/channel'
import { PrefetchReader } from './block-reader'
import type { CreateHasher, StreamHasher } from './hasher'
import {
  encodeFrame,
  FILE_HIGH_WATER,
  FILE_LOW_WATER,
  FILE_WINDOW,
  type FileFrame,
  fileLabel,
  parseFileFrame,
} from './protocol'
import type { Slots } from './slots'
import { type MachineDeps, TransferMachine } from './transfer-base'
import type { FileSource, TransferState, TransferStatus } from './types'

/** If a 'bufferedamountlow' event goes missing, the sender re-checks after this long. */
const WAKE_POLL_MS = 500

/** How the sender reads, hashes and cuts the file. */
export interface SendOptions {
  slots: Slots
  createHasher: CreateHasher
  /** Bytes per binary message, 1 … FILE_MAX_CHUNK (see files.ts chunkSizeFor); asked once,
   *  when streaming starts. */
  chunkSize: () => number
}

/**
 * Sending side of one `file:<id>` channel (created by us). A PrefetchReader reads the file in
 * large blocks, one block ahead; each block goes out in `chunkSize` messages, each sent only
 * when both the channel buffer (FILE_HIGH_WATER) and the receiver's window (FILE_WINDOW) have
 * room, so bufferedAmount never exceeds FILE_HIGH_WATER. A block is handed to the hasher once
 * all of it was sent (send() copies), so a worker hasher can take the buffer without a copy.
 */
export class OutgoingTransfer extends TransferMachine {
  private sent = 0
  private acked = 0
  private wake: (() => void) | null = null
  private release: () => void = () => {}
  private reader: PrefetchReader | null = null
  private hasher: StreamHasher | null = null

  constructor(
    id: string,
    private readonly file: FileSource,
    channel: DataChannelLike,
    deps: MachineDeps,
    private readonly options: SendOptions,
  ) {
    super(
      {
        id,
        direction: 'send',
        name: file.name,
        size: file.size,
        mime: file.type,
        state: { status: 'waiting-for-accept' },
      },
      channel,
      deps,
    )
  }

  start(): void {
    const ch = this.channel
    if (ch.label !== fileLabel(this.id)) throw new Error('channel label does not match transfer id')
    ch.binaryType = 'arraybuffer'
    ch.bufferedAmountLowThreshold = FILE_LOW_WATER
    this.unlisten = listen(
      ch,
      {
        open: () => this.offer(),
        message: (e) => this.onMessage((e as MessageEvent).data),
        bufferedamountlow: () => this.poke(),
        close: () => this.fail('connection-lost'),
        error: () => this.fail('connection-lost'),
      },
      () => this.fail('protocol'),
    )
    if (ch.readyState === 'open') this.offer()
    else if (ch.readyState !== 'connecting') this.fail('connection-lost')
  }

  cancel(): void {
    if (this.final) return
    this.send({ t: 'cancel' })
    this.end({ status: 'cancelled', by: 'me' })
  }

  private offer(): void {
    const { id, name, size, mime } = this.snapshot
    this.send({ t: 'offer', id, name, size, mime })
  }

  private onMessage(data: unknown): void {
    const frame = parseFileFrame(data)
    if (frame?.t === 'accept' && this.status === 'waiting-for-accept') {
      this.setState({ status: 'queued' })
      this.release = this.options.slots.take(() => void this.stream())
    } else if (frame?.t === 'ack' && frame.n <= this.sent) {
      this.acked = Math.max(this.acked, frame.n)
      this.poke()
    } else {
      const next = frame && senderEnd(frame, this.status)
      if (next) this.end(next)
      else this.fail('protocol')
    }
  }

  private poke(): void {
    this.wake?.()
    if (this.status === 'transferring') this.reportProgress()
  }

  private reportProgress(force = false): void {
    this.setProgress(Math.max(0, this.sent - this.channel.bufferedAmount), force)
  }

  /** Resolves on the next ack, drain, final state, or after WAKE_POLL_MS. */
  private waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.wake = null
        resolve()
      }
      const timer = setTimeout(done, WAKE_POLL_MS)
      this.wake = done
    })
  }

  private async stream(): Promise<void> {
    if (this.final) return
    this.setState({ status: 'transferring' })
    const reader = new PrefetchReader(this.file)
    const hasher = this.options.createHasher()
    this.reader = reader
    this.hasher = hasher
    const { size } = this.snapshot
    const chunk = this.options.chunkSize()
    let block: Uint8Array<ArrayBuffer> | null = null
    let pos = 0
    while (this.sent < size) {
      if (!block || pos === block.byteLength) {
        if (block) hasher.update(block)
        try {
          block = await reader.next()
        } catch {
          this.fail('read-error')
          return
        }
        if (this.final) return
        if (!block) {
          this.fail('read-error')
          return
        }
        pos = 0
      }
      const len = Math.min(chunk, block.byteLength - pos)
      const room =
        this.channel.bufferedAmount + len <= FILE_HIGH_WATER &&
        this.sent + len <= this.acked + FILE_WINDOW
      if (!room) {
        await this.waitForChange()
        if (this.final) return
        continue
      }
      try {
        this.channel.send(block.subarray(pos, pos + len))
      } catch {
        this.fail('connection-lost')
        return
      }
      pos += len
      this.sent += len
      this.reportProgress()
    }
    if (block) hasher.update(block)
    let digest: string
    try {
      digest = await hasher.digest()
    } catch {
      this.fail('read-error')
      return
    }
    if (this.final) return
    const done = encodeFrame({ t: 'done', sha256: digest })
    while (this.channel.bufferedAmount + done.length > FILE_HIGH_WATER) {
      await this.waitForChange()
      if (this.final) return
    }
    if (!trySend(this.channel, done)) {
      this.fail('connection-lost')
      return
    }
    this.setProgress(size, true)
    this.setState({ status: 'verifying' })
    this.release()
  }

  protected override onEnd(): void {
    this.wake?.()
    this.release()
    this.reader?.close()
    this.hasher?.close()
  }
}

/** The final state a peer's frame puts the sender in, or null if the frame is not allowed now. */
function senderEnd(frame: FileFrame, status: TransferStatus): TransferState | null {
  switch (frame.t) {
    case 'decline':
      return status === 'waiting-for-accept' ? { status: 'declined', by: 'peer' } : null
    case 'verified':
      return status === 'verifying' ? { status: 'done', blob: null } : null
    case 'mismatch':
      return status === 'transferring' || status === 'verifying'
        ? { status: 'failed', reason: 'mismatch', by: 'peer' }
        : null
    case 'cancel':
      return { status: 'cancelled', by: 'peer' }
    case 'fail':
      return { status: 'failed', reason: frame.reason, by: 'peer' }
    default:
      return null
  }
}
