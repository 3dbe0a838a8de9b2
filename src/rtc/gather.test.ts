import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { waitForIceGathering, waitForRestartGathering } from './gather'

class FakeGatherer extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'gathering'
  candidate(line: string | null): void {
    const event = new Event('icecandidate') as Event & { candidate: unknown }
    event.candidate = line === null ? null : { candidate: line }
    this.dispatchEvent(event)
  }
  complete(): void {
    this.iceGatheringState = 'complete'
    this.dispatchEvent(new Event('icegatheringstatechange'))
  }
}

const HOST = 'candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host'
const timings = { afterHostMs: 900, maxMs: 4000 }

describe('waitForIceGathering', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('resolves at the complete event', async () => {
    const pc = new FakeGatherer()
    const done = waitForIceGathering(pc, timings)
    pc.candidate(HOST)
    pc.complete()
    await expect(done).resolves.toBe('complete')
  })

  it('stops waiting shortly after host candidates when a STUN server never answers', async () => {
    const pc = new FakeGatherer()
    let result: string | null = null
    void waitForIceGathering(pc, timings).then((r) => {
      result = r
    })
    pc.candidate(HOST)
    await vi.advanceTimersByTimeAsync(899)
    expect(result).toBeNull()
    await vi.advanceTimersByTimeAsync(1)
    expect(result).toBe('capped')
  })

  it('gives up at the overall cap when no candidate ever comes', async () => {
    const pc = new FakeGatherer()
    const done = waitForIceGathering(pc, timings)
    await vi.advanceTimersByTimeAsync(4000)
    await expect(done).resolves.toBe('capped')
  })

  it('resolves at once when gathering is already complete', async () => {
    const pc = new FakeGatherer()
    pc.iceGatheringState = 'complete'
    await expect(waitForIceGathering(pc, timings)).resolves.toBe('complete')
  })
})

describe('waitForRestartGathering', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it("does not take the last round's 'complete' for the new one: waits for it to start and end", async () => {
    const pc = new FakeGatherer()
    pc.iceGatheringState = 'complete'
    let result: string | null = null
    void waitForRestartGathering(pc, timings).then((r) => {
      result = r
    })
    await vi.advanceTimersByTimeAsync(100)
    expect(result).toBeNull()
    pc.iceGatheringState = 'gathering'
    pc.dispatchEvent(new Event('icegatheringstatechange'))
    pc.candidate(HOST)
    await vi.advanceTimersByTimeAsync(10)
    expect(result).toBeNull()
    pc.complete()
    await vi.advanceTimersByTimeAsync(0)
    expect(result).toBe('complete')
  })

  it('gives up waiting for a round that never starts after maxMs, then goes on', async () => {
    const pc = new FakeGatherer()
    pc.iceGatheringState = 'complete'
    const done = waitForRestartGathering(pc, timings)
    await vi.advanceTimersByTimeAsync(timings.maxMs)
    await expect(done).resolves.toBe('complete')
  })
})
