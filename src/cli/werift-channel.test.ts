import { describe, expect, it } from 'vitest'
import { RTCPeerConnection } from 'werift'
import { createMemorySink, makeFileTransfers } from '../transfer'
import { WeriftChannel, type WeriftDataChannel } from './werift-channel'

type State = WeriftDataChannel['readyState']

/** werift's event objects: subscribe(fn) → { unSubscribe }. */
class Signal<T extends unknown[]> {
  private readonly fns = new Set<(...args: T) => void>()
  subscribe(fn: (...args: T) => void) {
    this.fns.add(fn)
    return { unSubscribe: () => this.fns.delete(fn) }
  }
  execute(...args: T): void {
    for (const fn of [...this.fns]) fn(...args)
  }
  get size(): number {
    return this.fns.size
  }
}

class FakeInner implements WeriftDataChannel {
  readonly label = 'file:abc'
  readyState: State = 'connecting'
  bufferedAmount = 0
  bufferedAmountLowThreshold = 0
  readonly stateChanged = new Signal<[State]>()
  readonly onMessage = new Signal<[string | Buffer]>()
  readonly bufferedAmountLow = new Signal<unknown[]>()
  readonly sent: Array<Buffer | string> = []
  closeCalls = 0
  send(data: Buffer | string): void {
    this.sent.push(data)
  }
  close(): void {
    this.closeCalls++
  }
  set(state: State): void {
    this.readyState = state
    this.stateChanged.execute(state)
  }
}

function record(channel: EventTarget): string[] {
  const seen: string[] = []
  for (const type of ['open', 'message', 'close', 'bufferedamountlow']) {
    channel.addEventListener(type, (e) => {
      const data = (e as MessageEvent).data
      seen.push(type === 'message' ? `message:${typeof data === 'string' ? data : 'binary'}` : type)
    })
  }
  return seen
}

describe('WeriftChannel', () => {
  it('turns werift events into DOM events; binary arrives as an ArrayBuffer of its own bytes', () => {
    const inner = new FakeInner()
    const channel = new WeriftChannel(inner)
    const seen = record(channel)
    let binary: unknown
    channel.addEventListener('message', (e) => {
      binary = (e as MessageEvent).data
    })
    inner.set('open')
    inner.onMessage.execute('{"t":"offer"}')
    const pooled = Buffer.from('xxhelloxx').subarray(2, 7)
    inner.onMessage.execute(pooled)
    inner.bufferedAmountLow.execute()
    inner.set('closed')
    expect(seen).toEqual([
      'open',
      'message:{"t":"offer"}',
      'message:binary',
      'bufferedamountlow',
      'close',
    ])
    expect(binary).toBeInstanceOf(ArrayBuffer)
    expect(new TextDecoder().decode(binary as ArrayBuffer)).toBe('hello')
    expect(inner.onMessage.size).toBe(0)
  })

  it('binaryType "blob" gives Blobs', async () => {
    const inner = new FakeInner()
    const channel = new WeriftChannel(inner)
    channel.binaryType = 'blob'
    let data: unknown
    channel.addEventListener('message', (e) => {
      data = (e as MessageEvent).data
    })
    inner.onMessage.execute(Buffer.from('abc'))
    expect(data).toBeInstanceOf(Blob)
    expect(await (data as Blob).text()).toBe('abc')
  })

  it('passes state, label and buffer settings through; sends text and binary without copying', () => {
    const inner = new FakeInner()
    const channel = new WeriftChannel(inner)
    expect(channel.label).toBe('file:abc')
    expect(channel.readyState).toBe('connecting')
    expect(() => channel.send('early')).toThrow(/connecting/)
    inner.set('open')
    channel.bufferedAmountLowThreshold = 256
    expect(inner.bufferedAmountLowThreshold).toBe(256)
    inner.bufferedAmount = 99
    expect(channel.bufferedAmount).toBe(99)
    const whole = new Uint8Array([1, 2, 3, 4]).buffer
    channel.send('text')
    channel.send(whole)
    channel.send(new Uint8Array(whole, 1, 2))
    expect(inner.sent[0]).toBe('text')
    expect((inner.sent[1] as Buffer).buffer).toBe(whole)
    expect([...(inner.sent[2] as Buffer)]).toEqual([2, 3])
  })

  it('close() is graceful: "closing" at once, werift close only once the buffer drained', async () => {
    const inner = new FakeInner()
    const channel = new WeriftChannel(inner)
    inner.set('open')
    inner.bufferedAmount = 65_536
    channel.close()
    channel.close()
    expect(channel.readyState).toBe('closing')
    expect(() => channel.send('late')).toThrow(/closing/)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(inner.closeCalls).toBe(0)
    inner.bufferedAmount = 0
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(inner.closeCalls).toBe(1)
  })

  it('close() before open (e.g. inside the datachannel event) waits for the open', async () => {
    const inner = new FakeInner()
    const channel = new WeriftChannel(inner)
    channel.close()
    expect(channel.readyState).toBe('closing')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(inner.closeCalls).toBe(0)
    inner.set('open')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(inner.closeCalls).toBe(1)
  })

  it('carries a file through the transfer layer between two real werift peers', async () => {
    const a = new RTCPeerConnection({})
    const b = new RTCPeerConnection({})
    try {
      const sender = makeFileTransfers({
        openChannel: (label) => new WeriftChannel(a.createDataChannel(label, { ordered: true })),
        createSink: createMemorySink,
      })
      const receiver = makeFileTransfers({
        openChannel: () => {
          throw new Error('receiver opens nothing')
        },
        createSink: createMemorySink,
      })
      b.onDataChannel.subscribe((inner) => receiver.acceptChannel(new WeriftChannel(inner)))
      receiver.on('change', () => {
        for (const t of receiver.transfers())
          if (t.state.status === 'offered') receiver.accept(t.id)
      })
      const control = a.createDataChannel('control', { ordered: true })
      await a.setLocalDescription(await a.createOffer())
      await b.setRemoteDescription(a.localDescription as NonNullable<typeof a.localDescription>)
      await b.setLocalDescription(await b.createAnswer())
      await a.setRemoteDescription(b.localDescription as NonNullable<typeof b.localDescription>)
      await new Promise<void>((resolve) =>
        control.stateChanged.subscribe((s) => s === 'open' && resolve()),
      )
      const data = new Uint8Array(300_000).map((_, i) => (i * 7) % 256)
      sender.send([new Blob([data])].map((blob) => Object.assign(blob, { name: 'x.bin' })))
      const done = await new Promise<Blob>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no transfer within 15 s')), 15_000)
        receiver.on('change', () => {
          const t = receiver.transfers()[0]
          if (t?.state.status === 'done' && t.state.blob) {
            clearTimeout(timer)
            resolve(t.state.blob)
          }
          if (t?.state.status === 'failed') reject(new Error(`failed: ${t.state.reason}`))
        })
      })
      // Buffer.equals: a deep toEqual of 300 000 elements takes seconds.
      expect(Buffer.from(await done.arrayBuffer()).equals(data)).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(sender.transfers()[0]?.state.status).toBe('done')
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  }, 20_000)
})
