import type { PeerSession } from '../rtc/session'
import { type CallStats, makeStatsSampler, type StatsEntry } from '../rtc/stats'

export interface StatsWatch {
  /** Starts sampling a member's connection every interval. */
  watch(id: string, session: PeerSession): void
  unwatch(id: string): void
  /** The latest sample of each watched member. */
  stats(): ReadonlyMap<string, CallStats>
  dispose(): void
}

/**
 * Samples getStats of each member's connection every `intervalMs` (path, round trip, bitrates,
 * video) and calls `changed` after each new sample. A closing connection has no stats; its
 * sample is skipped. A member's next sample waits for its last one: getStats is answered by
 * WebRTC's threads, which may take seconds while people join (2.1 s measured at N = 4), and
 * asking again meanwhile only adds to their queue.
 */
export function makeStatsWatch(intervalMs: number, changed: () => void): StatsWatch {
  const watched = new Map<
    string,
    { session: PeerSession; sample: ReturnType<typeof makeStatsSampler>; reading: boolean }
  >()
  let latest = new Map<string, CallStats>()

  const read = async (id: string): Promise<void> => {
    const entry = watched.get(id)
    if (!entry || entry.reading) return
    entry.reading = true
    try {
      const report = await entry.session.getStats()
      if (watched.get(id) !== entry) return
      latest = new Map(latest).set(id, entry.sample(report.values() as Iterable<StatsEntry>))
      changed()
    } catch {
      // The next sample, or unwatch, settles it.
    } finally {
      entry.reading = false
    }
  }

  const timer = setInterval(() => {
    for (const id of watched.keys()) void read(id)
  }, intervalMs)

  return {
    watch(id, session) {
      watched.set(id, { session, sample: makeStatsSampler(), reading: false })
      void read(id)
    },
    unwatch(id) {
      watched.delete(id)
      if (!latest.has(id)) return
      latest = new Map(latest)
      latest.delete(id)
      changed()
    },
    stats: () => latest,
    dispose() {
      clearInterval(timer)
      watched.clear()
    },
  }
}
