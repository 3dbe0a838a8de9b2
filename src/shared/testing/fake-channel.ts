import type { DataChannelLike, OpenChannel } from '../channel'

/**
 * In-memory data channel pair for tests. Messages queue in the sender's outbox (counted in
 * bufferedAmount) and move to the peer asynchronously, at most `bytesPerTick` bytes per
 * setTimeout tick, in order. 'bufferedamountlow' fires when bufferedAmount drops from above
 * bufferedAmountLowThreshold to at or below it. With `latencyMs`, a message that left the
 * buffer is still in flight for that long (as with SCTP: bufferedAmount 0 does not mean
 * received). close() is graceful: queued and in-flight messages arrive first, then both ends
 * close. drop() loses the link at once, with whatever was queued or in flight.
 */
export interface FakeLinkOptions {
  /** Default 256 KiB. */
  bytesPerTick?: number
  /** Default 0. */
  tickMs?: number
  /** Time from leaving the sender's buffer to arriving; default 0 (same tick). */
  latencyMs?: number
  /** send() throws TypeError above this, like a browser; default 256 KiB. */
  maxMessageSize?: number
  /** May replace a message in flight (e.g. corrupt it). */
  tamper?: (data: string | ArrayBuffer, from: FakeChannel) => string | ArrayBuffer
  /** Sees each message as it is delivered to `to`. */
  onDeliver?: (data: string | ArrayBuffer, to: FakeChannel) => void
}

type Payload = string | ArrayBuffer
const encoder = new TextEncoder()
const sizeOf = (data: Payload): number =>
  typeof data === 'string' ? encoder.encode(data).length : data.byteLength

export class FakeChannel extends EventTarget implements DataChannelLike {
  readyState: DataChannelLike['readyState'] = 'connecting'
  binaryType: BinaryType = 'blob'
  bufferedAmount = 0
  bufferedAmountLowThreshold = 0
  /** Highest bufferedAmount ever reached. */
  maxBufferedAmount = 0
  /** Every message passed to send(), in order (binary as copies). */
  readonly sent: Payload[] = []
  readonly outbox: Payload[] = []
  peer!: FakeChannel

  constructor(
    readonly label: string,
    private readonly link: FakeLink,
  ) {
    super()
  }

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 'open') throw new DOMException('channel not open', 'InvalidStateError')
    let payload: Payload
    if (typeof data === 'string') payload = data
    else if (data instanceof ArrayBuffer) payload = data.slice(0)
    else payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer
    const size = sizeOf(payload)
    if (size > this.link.maxMessageSize) throw new TypeError('message too large')
    this.sent.push(payload)
    this.outbox.push(payload)
    this.bufferedAmount += size
    this.maxBufferedAmount = Math.max(this.maxBufferedAmount, this.bufferedAmount)
    this.link.schedule()
  }

  close(): void {
    if (this.readyState === 'closing' || this.readyState === 'closed') return
    this.readyState = 'closing'
    this.link.closing = true
    this.link.schedule()
  }

  /** Test hook: fire an event as the browser would. */
  fire(type: string, init?: MessageEventInit): void {
    this.dispatchEvent(init ? new MessageEvent(type, init) : new Event(type))
  }
}

export class FakeLink {
  readonly a: FakeChannel
  readonly b: FakeChannel
  readonly maxMessageSize: number
  closing = false
  private scheduled = false
  private inFlight = 0
  private dropped = false
  private held = false

  constructor(
    label: string,
    private readonly options: FakeLinkOptions = {},
  ) {
    this.maxMessageSize = options.maxMessageSize ?? 256 * 1024
    this.a = new FakeChannel(label, this)
    this.b = new FakeChannel(label, this)
    this.a.peer = this.b
    this.b.peer = this.a
  }

  /**
   * Opens both ends now, firing 'open' on each. With `aOpenEventDelayMs`, end A is open (it
   * receives) at once but hears its 'open' event that much later, as werift may deliver.
   */
  open(aOpenEventDelayMs = 0): void {
    for (const ch of [this.a, this.b]) {
      if (ch.readyState !== 'connecting') continue
      ch.readyState = 'open'
    }
    if (aOpenEventDelayMs > 0) setTimeout(() => this.a.fire('open'), aOpenEventDelayMs)
    else this.a.fire('open')
    this.b.fire('open')
  }

  /** Connection lost: queued messages vanish, both ends close (with 'error' first if asked). */
  drop(withError = false): void {
    this.dropped = true
    for (const ch of [this.a, this.b]) {
      if (ch.readyState === 'closed') continue
      ch.outbox.length = 0
      ch.bufferedAmount = 0
      ch.readyState = 'closed'
      if (withError) ch.fire('error')
      ch.fire('close')
    }
  }

  /**
   * While held, nothing moves: messages wait in the senders' buffers, as SCTP keeps them while
   * the path is down; releasing sends them on, in order.
   */
  hold(held: boolean): void {
    this.held = held
    if (!held) this.schedule()
  }

  get idle(): boolean {
    return (
      !this.scheduled &&
      this.inFlight === 0 &&
      this.a.outbox.length === 0 &&
      this.b.outbox.length === 0
    )
  }

  schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setTimeout(() => {
      this.scheduled = false
      this.tick()
    }, this.options.tickMs ?? 0)
  }

  private tick(): void {
    if (this.held) return
    const budget = this.options.bytesPerTick ?? 256 * 1024
    for (const from of [this.a, this.b]) {
      let moved = 0
      while (from.outbox.length > 0 && moved < budget && from.readyState !== 'closed') {
        const data = from.outbox.shift() as Payload
        const size = sizeOf(data)
        moved += size
        const before = from.bufferedAmount
        from.bufferedAmount -= size
        this.send(from, data)
        const low = from.bufferedAmountLowThreshold
        if (before > low && from.bufferedAmount <= low) from.fire('bufferedamountlow')
      }
    }
    if (this.a.outbox.length > 0 || this.b.outbox.length > 0) {
      this.schedule()
      return
    }
    this.closeIfDone()
  }

  private closeIfDone(): void {
    if (this.closing && this.inFlight === 0 && !this.scheduled) this.drop()
  }

  private send(from: FakeChannel, data: Payload): void {
    const latency = this.options.latencyMs ?? 0
    if (latency <= 0) {
      this.deliver(from, data)
      return
    }
    this.inFlight++
    setTimeout(() => {
      this.inFlight--
      if (this.dropped) return
      this.deliver(from, data)
      this.closeIfDone()
    }, latency)
  }

  private deliver(from: FakeChannel, original: Payload): void {
    const to = from.peer
    if (to.readyState !== 'open' && to.readyState !== 'closing') return
    const data = this.options.tamper ? this.options.tamper(original, from) : original
    this.options.onDeliver?.(data, to)
    const value =
      typeof data === 'string' || to.binaryType === 'arraybuffer' ? data : new Blob([data])
    to.fire('message', { data: value })
  }
}

export interface FakeNetwork {
  /** OpenChannel for side A/B: creates a link; the other side's onIncoming gets its end when
   *  the link opens (on the next tick), like a 'datachannel' event. */
  openA: OpenChannel
  openB: OpenChannel
  onIncomingA: (channel: FakeChannel) => void
  onIncomingB: (channel: FakeChannel) => void
  readonly links: FakeLink[]
  /** Resolves once no link has messages in flight for a few ticks in a row. */
  settle(): Promise<void>
}

export function makeFakeNetwork(options: FakeLinkOptions = {}): FakeNetwork {
  const links: FakeLink[] = []
  const open = (side: 'A' | 'B') => (label: string) => {
    const link = new FakeLink(label, options)
    links.push(link)
    setTimeout(() => {
      if (link.a.readyState !== 'connecting') return
      link.b.readyState = 'open'
      if (side === 'A') net.onIncomingB(link.b)
      else net.onIncomingA(link.b)
      link.a.readyState = 'open'
      link.a.fire('open')
      link.b.fire('open')
    }, 0)
    return link.a
  }
  const net: FakeNetwork = {
    openA: open('A'),
    openB: open('B'),
    onIncomingA: () => {},
    onIncomingB: () => {},
    links,
    settle: () => settle(links),
  }
  return net
}

/** Waits until every link is idle for 5 consecutive macrotask turns. */
export async function settle(links: readonly FakeLink[]): Promise<void> {
  let quiet = 0
  while (quiet < 5) {
    await new Promise((r) => setTimeout(r, 0))
    quiet = links.every((l) => l.idle) ? quiet + 1 : 0
  }
}

/** Polls `check` every macrotask turn until it returns true; rejects after timeoutMs. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('until: condition not met in time')
    await new Promise((r) => setTimeout(r, 0))
  }
}
