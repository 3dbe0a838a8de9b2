import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PeerSession } from '../rtc/session'
import { makeStatsWatch } from './stats-watch'

/** A session whose getStats answers only when the test says so, as a busy WebRTC would. */
function slowSession() {
  const pending: Array<() => void> = []
  let asked = 0
  const session = {
    getStats: () => {
      asked++
      return new Promise<ReadonlyMap<string, unknown>>((resolve) => {
        pending.push(() =>
          resolve(new Map([['t', { id: 't', type: 'transport', timestamp: Date.now() }]])),
        )
      })
    },
  } as unknown as PeerSession
  return {
    session,
    asked: () => asked,
    answerAll: async () => {
      for (const answer of pending.splice(0)) answer()
      await vi.advanceTimersByTimeAsync(0)
    },
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('makeStatsWatch', () => {
  it('asks a member for its next sample only once the last one came back', async () => {
    vi.useFakeTimers()
    let changes = 0
    const watch = makeStatsWatch(2000, () => changes++)
    const budi = slowSession()
    watch.watch('budi', budi.session)
    expect(budi.asked()).toBe(1)
    await vi.advanceTimersByTimeAsync(6000)
    expect(budi.asked()).toBe(1)
    await budi.answerAll()
    expect(changes).toBe(1)
    expect(watch.stats().has('budi')).toBe(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(budi.asked()).toBe(2)
    watch.dispose()
  })

  it('a slow member does not hold back the samples of the others', async () => {
    vi.useFakeTimers()
    const watch = makeStatsWatch(2000, () => {})
    const budi = slowSession()
    const citra = slowSession()
    watch.watch('budi', budi.session)
    watch.watch('citra', citra.session)
    await citra.answerAll()
    await vi.advanceTimersByTimeAsync(2000)
    expect(citra.asked()).toBe(2)
    expect(budi.asked()).toBe(1)
    watch.dispose()
  })

  it('a member unwatched while its sample is on the way leaves no stats behind', async () => {
    vi.useFakeTimers()
    const watch = makeStatsWatch(2000, () => {})
    const budi = slowSession()
    watch.watch('budi', budi.session)
    watch.unwatch('budi')
    await budi.answerAll()
    expect(watch.stats().has('budi')).toBe(false)
    watch.dispose()
  })
})
