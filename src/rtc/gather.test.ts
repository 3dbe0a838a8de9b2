import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hidesHostAddresses, waitForIceGathering, waitForRestartGathering } from './gather'

class FakeGatherer extends EventTarget {
  iceGatheringState: RTCIceGatheringState = 'gathering'
  constructor(private readonly iceServers?: readonly unknown[]) {
    super()
  }
  getConfiguration() {
    return this.iceServers ? { iceServers: this.iceServers } : {}
  }
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
const HOST_V6 = 'candidate:2 1 udp 2122265343 fd00::2 49806 typ host'
const TCP_ACTIVE = 'candidate:3 1 tcp 1518214911 192.168.1.5 9 typ host tcptype active'
const timings = { afterHostMs: 900, maxMs: 4000 }

/** Starts `wait`; the function returned reads how it ended so far (null: still waiting). */
function startWaiting(pc: FakeGatherer, wait: typeof waitForIceGathering): () => string | null {
  let result: string | null = null
  void wait(pc, timings).then((how) => {
    result = how
  })
  return () => result
}

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
    const result = startWaiting(pc, waitForIceGathering)
    pc.candidate(HOST)
    await vi.advanceTimersByTimeAsync(899)
    expect(result()).toBeNull()
    await vi.advanceTimersByTimeAsync(1)
    expect(result()).toBe('capped')
  })

  it('without ICE servers, stops at the first TCP candidate: every UDP host candidate is in', async () => {
    const pc = new FakeGatherer([])
    const result = startWaiting(pc, waitForIceGathering)
    pc.candidate(HOST)
    pc.candidate(HOST_V6)
    await vi.advanceTimersByTimeAsync(0)
    expect(result()).toBeNull()
    pc.candidate(TCP_ACTIVE)
    await vi.advanceTimersByTimeAsync(0)
    expect(result()).toBe('hosts-done')
  })

  it('with a STUN server, or not knowing, a TCP candidate does not end it: srflx may still come', async () => {
    for (const pc of [new FakeGatherer([{ urls: 'stun:stun.example:3478' }]), new FakeGatherer()]) {
      const result = startWaiting(pc, waitForIceGathering)
      pc.candidate(HOST)
      pc.candidate(TCP_ACTIVE)
      await vi.advanceTimersByTimeAsync(100)
      expect(result()).toBeNull()
      pc.complete()
      await vi.advanceTimersByTimeAsync(0)
      expect(result()).toBe('complete')
    }
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
    const result = startWaiting(pc, waitForRestartGathering)
    await vi.advanceTimersByTimeAsync(100)
    expect(result()).toBeNull()
    pc.iceGatheringState = 'gathering'
    pc.dispatchEvent(new Event('icegatheringstatechange'))
    pc.candidate(HOST)
    await vi.advanceTimersByTimeAsync(10)
    expect(result()).toBeNull()
    pc.complete()
    await vi.advanceTimersByTimeAsync(0)
    expect(result()).toBe('complete')
  })

  it('gives up waiting for a round that never starts after maxMs, then goes on', async () => {
    const pc = new FakeGatherer()
    pc.iceGatheringState = 'complete'
    const done = waitForRestartGathering(pc, timings)
    await vi.advanceTimersByTimeAsync(timings.maxMs)
    await expect(done).resolves.toBe('complete')
  })
})

describe('hidesHostAddresses', () => {
  const sdp = (...candidates: string[]) =>
    ['v=0', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', ...candidates.map((c) => `a=${c}`)]
      .join('\r\n')
      .concat('\r\n')
  const NAMED =
    'candidate:4 1 udp 2122260223 0b9a3c1e-55d2-4c1e-9c61-2f4b2f0a9d11.local 50001 typ host generation 0'
  const SRFLX = 'candidate:5 1 udp 1686052607 203.0.113.9 50002 typ srflx raddr 0.0.0.0 rport 0'

  it('is true when every host candidate is an mDNS name, whatever else was gathered', () => {
    expect(hidesHostAddresses(sdp(NAMED))).toBe(true)
    expect(hidesHostAddresses(sdp(NAMED, SRFLX))).toBe(true)
  })

  it('is false when a host candidate shows an address, or there is none at all', () => {
    expect(hidesHostAddresses(sdp(NAMED, HOST))).toBe(false)
    expect(hidesHostAddresses(sdp(HOST_V6))).toBe(false)
    expect(hidesHostAddresses(sdp(SRFLX))).toBe(false)
    expect(hidesHostAddresses(sdp())).toBe(false)
  })
})
