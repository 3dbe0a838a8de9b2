import { type DataChannelLike, tryClose, trySend } from '../shared/channel'
import { initialProgress, RateMeter } from './progress'
import { encodeFrame, type FailReason, type FileFrame } from './protocol'
import { isFinal, type Transfer, type TransferState } from './types'

export interface MachineDeps {
  now: () => number
  /** Called after the snapshot changed in a way the UI should see. */
  changed: () => void
}

/** Progress-only changes are reported at most this often; state changes always. */
export const PROGRESS_EMIT_MS = 100

/** Snapshot bookkeeping and the final-state rules shared by both directions. */
export abstract class TransferMachine {
  snapshot: Transfer
  private readonly meter: RateMeter
  private lastEmit = Number.NEGATIVE_INFINITY
  protected unlisten: () => void = () => {}

  constructor(
    init: Omit<Transfer, 'progress'>,
    readonly channel: DataChannelLike,
    protected readonly deps: MachineDeps,
  ) {
    this.snapshot = { ...init, progress: initialProgress(init.size) }
    this.meter = new RateMeter(init.size, deps.now)
  }

  get id(): string {
    return this.snapshot.id
  }
  get status(): TransferState['status'] {
    return this.snapshot.state.status
  }
  get final(): boolean {
    return isFinal(this.snapshot.state)
  }

  abstract cancel(): void

  /** The connection is gone (the member left or was lost): fails unless already final. */
  lose(): void {
    this.fail('connection-lost')
  }

  protected setState(state: TransferState): void {
    this.snapshot = { ...this.snapshot, state }
    this.deps.changed()
  }

  protected setProgress(bytes: number, force = false): void {
    this.snapshot = { ...this.snapshot, progress: this.meter.update(bytes) }
    const t = this.deps.now()
    if (force || t - this.lastEmit >= PROGRESS_EMIT_MS) {
      this.lastEmit = t
      this.deps.changed()
    }
  }

  protected send(frame: FileFrame): boolean {
    return trySend(this.channel, encodeFrame(frame))
  }

  /** Enters a final state once: stops listening, closes the channel, runs onEnd. */
  protected end(state: TransferState): void {
    if (this.final) return
    this.unlisten()
    this.setState(state)
    tryClose(this.channel)
    this.onEnd(state)
  }

  /** A local failure: tells the peer (except for a lost connection), then ends. */
  protected fail(reason: FailReason): void {
    if (this.final) return
    if (reason !== 'connection-lost') this.send({ t: 'fail', reason })
    this.end({ status: 'failed', reason, by: 'me' })
  }

  protected onEnd(_state: TransferState): void {}
}
