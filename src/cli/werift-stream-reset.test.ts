import { afterEach, describe, expect, it, vi } from 'vitest'
import { deferStreamResets, RESET_WAIT_MAX_MS, tsnAfter } from './werift-stream-reset'

interface FakeChunk {
  kind: 'reconfig' | 'data'
  tsn?: number
  stream?: number
  text?: string
  params?: Array<{ type: number; requestSequence: number; lastTsn: number; streams: number[] }>
}

/** A class shaped like werift 0.25's SCTP association, new for each test (the patch is per
 *  class): a reset request closes its streams at once; DATA on a closed stream is lost. */
function associationClass() {
  return class {
    lastReceivedTsn = 100
    readonly log: string[] = []
    private readonly open = new Set([1])
    async receiveReconfigParam(param: { type: number }): Promise<void> {
      const request = param as unknown as { requestSequence: number; streams: number[] }
      this.log.push(`reset ${request.requestSequence}`)
      for (const stream of request.streams) this.open.delete(stream)
    }
    async receiveChunk(chunk: unknown): Promise<void> {
      const c = chunk as FakeChunk
      if (c.kind === 'reconfig') {
        for (const param of c.params ?? []) await this.receiveReconfigParam(param)
        return
      }
      this.lastReceivedTsn = c.tsn ?? this.lastReceivedTsn
      this.log.push(`${this.open.has(c.stream ?? 0) ? 'message' : 'lost'} ${c.text}`)
    }
    /** One packet: its chunks in order, as werift's handleData takes them. */
    async packet(...chunks: FakeChunk[]): Promise<void> {
      for (const chunk of chunks) await this.receiveChunk(chunk)
    }
  }
}

const reset = (requestSequence: number, lastTsn: number): FakeChunk => ({
  kind: 'reconfig',
  params: [{ type: 13, requestSequence, lastTsn, streams: [1] }],
})
const data = (tsn: number, text: string): FakeChunk => ({ kind: 'data', tsn, stream: 1, text })

describe('deferStreamResets (werift closing a channel before its last message)', () => {
  afterEach(() => vi.useRealTimers())

  it('without it, a reset placed before the last DATA in a packet loses that message', async () => {
    const association = new (associationClass())()
    await association.packet(reset(7, 101), data(101, 'verified'))
    expect(association.log).toEqual(['reset 7', 'lost verified'])
  })

  it('a reset ahead of the DATA it covers waits for it: the message arrives, then the close', async () => {
    const association = new (associationClass())()
    expect(deferStreamResets(association)).toBe(true)
    await association.packet(reset(7, 101), data(101, 'verified'))
    await vi.waitFor(() => expect(association.log).toEqual(['message verified', 'reset 7']))
  })

  it('a reset whose DATA is all in is carried out at once', async () => {
    const association = new (associationClass())()
    deferStreamResets(association)
    await association.packet(data(101, 'verified'), reset(7, 101))
    expect(association.log).toEqual(['message verified', 'reset 7'])
  })

  it('a repeat of a waiting request is dropped; one whose DATA never comes still closes, later', async () => {
    vi.useFakeTimers()
    const association = new (associationClass())()
    deferStreamResets(association)
    await association.packet(reset(7, 105))
    await association.packet(reset(7, 105))
    await association.packet(data(101, 'one'))
    expect(association.log).toEqual(['message one'])
    await vi.advanceTimersByTimeAsync(RESET_WAIT_MAX_MS)
    expect(association.log).toEqual(['message one', 'reset 7'])
  })

  it('patches a class once; an object without those methods is left alone', async () => {
    const Association = associationClass()
    const [a, b] = [new Association(), new Association()]
    expect(deferStreamResets(a)).toBe(true)
    expect(deferStreamResets(b)).toBe(true)
    await b.packet(reset(3, 100))
    expect(b.log).toEqual(['reset 3'])
    expect(deferStreamResets({})).toBe(false)
    expect(deferStreamResets(undefined)).toBe(false)
  })
})

describe('tsnAfter', () => {
  it('orders 32-bit TSNs across the wrap', () => {
    expect(tsnAfter(101, 100)).toBe(true)
    expect(tsnAfter(100, 101)).toBe(false)
    expect(tsnAfter(100, 100)).toBe(false)
    expect(tsnAfter(1, 0xffff_ffff)).toBe(true)
    expect(tsnAfter(0xffff_ffff, 1)).toBe(false)
  })
})
