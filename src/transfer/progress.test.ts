import { describe, expect, it } from 'vitest'
import { initialProgress, RATE_WINDOW_MS, RateMeter } from './progress'

describe('RateMeter', () => {
  it('has no rate until time passes', () => {
    const m = new RateMeter(1000, () => 0)
    expect(m.update(10)).toEqual({ bytes: 10, total: 1000, bytesPerSecond: 0, secondsLeft: null })
    expect(initialProgress(0).secondsLeft).toBe(0)
  })

  it('averages over the sliding window and estimates time left', () => {
    let t = 0
    const m = new RateMeter(10_000_000, () => t)
    let p = m.update(0)
    for (let i = 1; i <= 50; i++) {
      t = i * 100
      p = m.update(i * 100_000) // 1 MB/s
    }
    expect(p.bytesPerSecond).toBeCloseTo(1_000_000, -3)
    expect(p.secondsLeft).toBeCloseTo(5, 1)
    // Speed drops to 100 kB/s; after a full window only the new speed counts.
    const base = 5_000_000
    for (let i = 1; i <= RATE_WINDOW_MS / 100 + 1; i++) {
      t = 5000 + i * 100
      p = m.update(base + i * 10_000)
    }
    expect(p.bytesPerSecond).toBeCloseTo(100_000, -3)
  })

  it('merges samples closer than the spacing so the list stays small', () => {
    let t = 0
    const m = new RateMeter(1e12, () => t)
    for (let i = 0; i < 100_000; i++) {
      t = i
      m.update(i * 10)
    }
    expect((m as unknown as { samples: unknown[] }).samples.length).toBeLessThanOrEqual(
      RATE_WINDOW_MS / 100 + 3,
    )
    expect(m.progress(999_990).bytesPerSecond).toBeCloseTo(10_000, -2)
  })
})
