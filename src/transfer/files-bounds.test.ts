import { describe, expect, it } from 'vitest'
import type { FakeChannel } from '../shared/testing/fake-channel'
import { READ_BLOCK } from './block-reader'
import { FILE_HIGH_WATER, FILE_WINDOW } from './protocol'
import { countingSource, file, find, makeHarness, untilStatus } from './testing/harness'

describe('file transfer bounds', () => {
  it('respects backpressure: bufferedAmount never exceeds the high water mark', async () => {
    const h = makeHarness({ link: { bytesPerTick: 100_000 } })
    const [id] = h.alice.send([file(4_000_000)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.accept(id)
    await untilStatus(h.alice, id, 'done')
    const sender = h.net.links[0]?.a
    expect(sender?.maxBufferedAmount).toBeGreaterThan(FILE_HIGH_WATER / 2)
    expect(sender?.maxBufferedAmount).toBeLessThanOrEqual(FILE_HIGH_WATER)
  })

  it('20 MB with a slow sink: one read in flight, receiver backlog within the window', async () => {
    let delivered = 0
    let maxBacklog = 0
    const h = makeHarness({
      sink: { writeDelayMs: 0 },
      link: {
        bytesPerTick: 2 * 1024 * 1024,
        onDeliver: (data) => {
          if (typeof data === 'string') return
          delivered += data.byteLength
          maxBacklog = Math.max(maxBacklog, delivered - (h.bobSinks[0]?.written ?? 0))
        },
      },
    })
    const size = 20 * 1024 * 1024
    const { source, stats } = countingSource(file(size))
    const [id] = h.alice.send([source]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.accept(id)
    await untilStatus(h.alice, id, 'done', 8000)
    expect(find(h.bob, id).progress.bytes).toBe(size)
    // Large blocks, read one ahead: never two reads at once, each byte read once.
    expect(stats.maxInFlight).toBe(1)
    expect(stats.reads).toBe(size / READ_BLOCK)
    expect(h.net.links[0]?.a.maxBufferedAmount).toBeLessThanOrEqual(FILE_HIGH_WATER)
    // The window, not the link speed, was the limit here: the sink is slower than the link.
    expect(maxBacklog).toBeGreaterThan(FILE_HIGH_WATER)
    expect(maxBacklog).toBeLessThanOrEqual(FILE_WINDOW)
  }, 10_000)

  it('streams at most `concurrency` files at once; the rest wait queued', async () => {
    const h = makeHarness({ files: { concurrency: 2 }, link: { bytesPerTick: 64 * 1024 } })
    let maxActive = 0
    h.alice.on('change', () => {
      const active = h.alice.transfers().filter((t) => t.state.status === 'transferring').length
      maxActive = Math.max(maxActive, active)
    })
    const ids = h.alice.send([1, 2, 3, 4, 5].map((i) => file(2_000_000 + i)))
    await untilStatus(h.bob, ids[4] as string, 'offered')
    for (const id of ids) h.bob.accept(id)
    for (const id of ids) await untilStatus(h.alice, id, 'done')
    expect(maxActive).toBe(2)
    for (const id of ids) {
      expect(h.history.get(`alice:${id}`)).toEqual([
        'waiting-for-accept',
        'queued',
        'transferring',
        'verifying',
        'done',
      ])
    }
    const labels = h.net.links.map((l) => (l.a as FakeChannel).label)
    expect(new Set(labels).size).toBe(5)
  })
})
