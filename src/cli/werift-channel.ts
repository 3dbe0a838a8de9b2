import type { DataChannelLike } from '../transfer'

/** The part of werift's RTCDataChannel the adapter uses (its own event objects, not DOM events). */
export interface WeriftDataChannel {
  readonly label: string
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed'
  readonly bufferedAmount: number
  bufferedAmountLowThreshold: number
  readonly stateChanged: Subscribable<[WeriftDataChannel['readyState']]>
  readonly onMessage: Subscribable<[string | Buffer]>
  readonly bufferedAmountLow: Subscribable<unknown[]>
  send(data: Buffer | string): void
  close(): void
}

interface Subscribable<T extends unknown[]> {
  subscribe(execute: (...args: T) => void): { unSubscribe: () => void }
}

/** How often close() re-checks that werift handed every queued message to SCTP. */
const DRAIN_POLL_MS = 10
/** close() gives up waiting for the buffer to drain after this long and closes anyway. */
const DRAIN_MAX_MS = 30_000

/**
 * werift's RTCDataChannel as the transfer layer's DataChannelLike: an EventTarget dispatching
 * 'open', 'message' (MessageEvent; text as string, binary as ArrayBuffer — or Blob when
 * binaryType is 'blob'), 'close' and 'bufferedamountlow'.
 *
 * close() is graceful as docs/protocol.md requires: werift resets the stream at once, so the
 * adapter reports 'closing' and calls werift's close() only once the channel is open and
 * bufferedAmount is 0 (every message has its SCTP TSNs, which the reset request covers), and
 * never synchronously: closing inside werift's 'datachannel' dispatch would reset the stream
 * before werift's open acknowledgement goes out ("channel not found" on the other side).
 *
 * Create it synchronously where werift hands the channel over (its 'datachannel' event): it
 * subscribes at construction, so no message can arrive unseen.
 */
export class WeriftChannel extends EventTarget implements DataChannelLike {
  binaryType: BinaryType = 'arraybuffer'
  private closeRequested = false
  private readonly stops: Array<() => void> = []

  constructor(readonly inner: WeriftDataChannel) {
    super()
    const on = <T extends unknown[]>(source: Subscribable<T>, run: (...args: T) => void) => {
      this.stops.push(source.subscribe(run).unSubscribe)
    }
    on(inner.stateChanged, (state) => {
      if (state === 'open') this.dispatchEvent(new Event('open'))
      if (state === 'closed') {
        for (const stop of this.stops.splice(0)) stop()
        this.dispatchEvent(new Event('close'))
      }
    })
    on(inner.onMessage, (data) => {
      this.dispatchEvent(new MessageEvent('message', { data: this.toEventData(data) }))
    })
    on(inner.bufferedAmountLow, () => this.dispatchEvent(new Event('bufferedamountlow')))
  }

  get label(): string {
    return this.inner.label
  }

  get readyState(): DataChannelLike['readyState'] {
    const state = this.inner.readyState
    return this.closeRequested && (state === 'open' || state === 'connecting') ? 'closing' : state
  }

  get bufferedAmount(): number {
    return this.inner.bufferedAmount
  }

  get bufferedAmountLowThreshold(): number {
    return this.inner.bufferedAmountLowThreshold
  }

  set bufferedAmountLowThreshold(value: number) {
    this.inner.bufferedAmountLowThreshold = value
  }

  /** Throws, like a browser, unless the channel is open. Binary data is not copied. */
  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 'open') throw new Error(`data channel is ${this.readyState}`)
    if (typeof data === 'string') this.inner.send(data)
    else if (data instanceof ArrayBuffer) this.inner.send(Buffer.from(data))
    else this.inner.send(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  }

  close(): void {
    if (this.closeRequested) return
    this.closeRequested = true
    const deadline = Date.now() + DRAIN_MAX_MS
    const attempt = (): void => {
      const state = this.inner.readyState
      if (state === 'closing' || state === 'closed') return
      const busy = state === 'connecting' || this.inner.bufferedAmount > 0
      if (busy && Date.now() < deadline) setTimeout(attempt, DRAIN_POLL_MS)
      else this.inner.close()
    }
    setTimeout(attempt, 0)
  }

  private toEventData(data: string | Buffer): string | ArrayBuffer | Blob {
    if (typeof data === 'string') return data
    const whole =
      data.byteOffset === 0 &&
      data.byteLength === data.buffer.byteLength &&
      data.buffer instanceof ArrayBuffer
    // A Buffer may be a view into Node's shared pool: hand out only its own bytes.
    const buffer = whole ? (data.buffer as ArrayBuffer) : new Uint8Array(data).buffer
    return this.binaryType === 'blob' ? new Blob([buffer]) : buffer
  }
}
