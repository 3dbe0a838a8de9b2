import type { DataChannelLike } from '../shared/channel'
import { toError } from './errors'
import { type ControlMessage, parseControlMessage } from './messages'

/**
 * Control messages the other side may send within CONTROL_WINDOW_MS. A call sends a few dozen
 * (candidates, descriptions, media states, view hints); far more is a flood, and the session
 * ends with 'flood' rather than serve it until memory runs out.
 */
export const CONTROL_BURST = 500
export const CONTROL_WINDOW_MS = 10_000
/**
 * Signals a room member relays to us from others (`signal` with `from`) within CONTROL_WINDOW_MS,
 * counted apart from its own messages: they are another member's doing, and the relay holds
 * each origin to its own bound (call/relay.ts: 64 per destination, up to 7 origins = 448). More
 * than this, and it is the relay itself that floods.
 */
export const RELAYED_BURST = 600
/**
 * After the bye has left our send buffer (bufferedAmount 0), how long before the connection is
 * torn down: closing the peer connection drops whatever SCTP has not yet put on the wire, and
 * the other side would read a lost connection instead of a goodbye.
 */
export const BYE_LINGER_MS = 200
/** Upper bound for the bye's buffer to drain before lingering anyway. */
export const BYE_DRAIN_MAX_MS = 1000
const DRAIN_POLL_MS = 10

/** What the control channel tells its session. Called synchronously, never after `stop()`. */
export interface ControlHooks {
  /** The channel opened (once). Messages that came before are handed over right after. */
  open(): void
  /** A well-formed message from the other side, in order; malformed ones are dropped. */
  message(message: ControlMessage): void
  /** The channel closed after it had been open. */
  lost(): void
  /** The other side sent more than CONTROL_BURST messages (or RELAYED_BURST relayed signals)
   *  within CONTROL_WINDOW_MS. */
  flood(): void
  error(error: Error): void
}

/**
 * The ordered `control` data channel of one connection (messages.ts; docs/protocol.md,
 * "Control"): JSON in and out, a flood bound on what comes in, and two orderings browsers need.
 *
 * - werift may deliver the other side's first message before our 'open' event, when sending
 *   does not work yet: such messages wait for it.
 * - With `holdUntilHeard` (the answerer), what we send waits until the other side's first
 *   message arrived. Chromium lost the message a side sent on a channel it had just received
 *   (at 'datachannel') in 7 of 1 110 two-connection probes: it never reached the channel's
 *   creator, and nobody saw an error; 0 of 400 when sent after the creator's first message came.
 *   A lost hello left the host at "Connecting…" for good. The offerer speaks first on open.
 */
export class ControlChannel {
  private channel: DataChannelLike | null = null
  private opened = false
  private stopped = false
  private readonly beforeOpen: unknown[] = []
  private held: ControlMessage[] | null = null
  private windowStart = 0
  private windowCount = 0
  private relayedCount = 0

  constructor(private readonly hooks: ControlHooks) {}

  /** Whether a channel was attached (the answerer takes the first `control` channel only). */
  get attached(): boolean {
    return this.channel !== null
  }

  attach(channel: DataChannelLike, options: { holdUntilHeard: boolean }): void {
    this.channel = channel
    if (options.holdUntilHeard) this.held = []
    channel.addEventListener('open', () => this.onOpen())
    channel.addEventListener('message', (event) => this.receive((event as MessageEvent).data))
    channel.addEventListener('close', () => {
      if (!this.stopped && this.opened) this.hooks.lost()
    })
    if (channel.readyState === 'open') this.onOpen()
  }

  /** Sends one message; false when the channel is not open (or sending failed). A message held
   *  until the other side is heard counts as sent. */
  send(message: ControlMessage): boolean {
    if (this.channel?.readyState !== 'open') return false
    if (this.held) {
      this.held.push(message)
      return true
    }
    try {
      this.channel.send(JSON.stringify(message))
      return true
    } catch (err) {
      this.hooks.error(toError(err, 'failed to send on the control channel'))
      return false
    }
  }

  /** The session is over: nothing more is heard (the connection may linger a moment). */
  stop(): void {
    this.stopped = true
  }

  /** Resolves once what we sent has left the buffer (at most BYE_DRAIN_MAX_MS), and
   *  BYE_LINGER_MS more. */
  async drain(): Promise<void> {
    const deadline = Date.now() + BYE_DRAIN_MAX_MS
    while ((this.channel?.bufferedAmount ?? 0) > 0 && Date.now() < deadline) {
      await sleep(DRAIN_POLL_MS)
    }
    await sleep(BYE_LINGER_MS)
  }

  private onOpen(): void {
    if (this.opened) return
    this.opened = true
    this.hooks.open()
    // Counted when they came; handed over now, in order.
    for (const data of this.beforeOpen.splice(0)) this.deliver(data, false)
  }

  private receive(data: unknown): void {
    if (this.stopped) return
    if (!this.opened) {
      if (this.count(false)) this.beforeOpen.push(data)
      return
    }
    this.deliver(data, true)
  }

  /** Parses and hands over one message (`counting` it in the flood window, unless it was
   *  counted when it came before 'open'); the other side has spoken, so what we held goes. */
  private deliver(data: unknown, counting: boolean): void {
    if (this.stopped) return
    const held = this.held
    if (held) {
      this.held = null
      for (const message of held) this.send(message)
    }
    const message = parseControlMessage(data)
    const relayed = message?.t === 'signal' && message.from !== undefined
    if (counting && !this.count(relayed)) return
    if (message) this.hooks.message(message)
  }

  /** Counts one message in the flood window; false (and `flood`) once over its bound. */
  private count(relayed: boolean): boolean {
    const at = Date.now()
    if (at - this.windowStart > CONTROL_WINDOW_MS) {
      this.windowStart = at
      this.windowCount = 0
      this.relayedCount = 0
    }
    const over = relayed ? ++this.relayedCount > RELAYED_BURST : ++this.windowCount > CONTROL_BURST
    if (over) this.hooks.flood()
    return !over
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
