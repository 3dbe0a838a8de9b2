import type { SignalPayload } from '../rtc/messages'

/** Signals kept at most, and for how long (ms), while their introduction is not here yet. */
export const EARLY_SIGNALS_MAX = 32
export const EARLY_SIGNAL_MS = 10_000

/**
 * Signals that came before the introduction they belong to: messages on different connections
 * keep no order between them, so a peer's offer (relayed by one member) may overtake its
 * introduction (sent by another). They are kept briefly, a bounded few, and handed over when the
 * introduction comes.
 */
export class EarlySignals {
  private kept: Array<{ via: string; from: string; signal: SignalPayload; at: number }> = []

  constructor(private readonly now: () => number = Date.now) {}

  keep(via: string, from: string, signal: SignalPayload): void {
    if (this.kept.length < EARLY_SIGNALS_MAX) this.kept.push({ via, from, signal, at: this.now() })
  }

  /** The signals from `from` kept so far, in order; stale ones of others go. */
  take(from: string): Array<{ via: string; signal: SignalPayload }> {
    const at = this.now()
    const mine = this.kept.filter((k) => k.from === from)
    this.kept = this.kept.filter((k) => k.from !== from && at - k.at < EARLY_SIGNAL_MS)
    return mine
  }
}
