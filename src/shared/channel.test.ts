import { describe, expect, it } from 'vitest'
import { listen, tryClose, trySend } from './channel'
import { FakeLink, settle } from './testing/fake-channel'

describe('channel helpers', () => {
  it('tryClose() on a channel that throws on close does not throw', () => {
    const link = new FakeLink('x')
    link.open()
    link.a.close = () => {
      throw new DOMException('already closed', 'InvalidStateError')
    }
    expect(() => tryClose(link.a)).not.toThrow()
  })

  it('listen() contains handler exceptions and unsubscribes', async () => {
    const link = new FakeLink('x')
    const errors: unknown[] = []
    let calls = 0
    const off = listen(
      link.b,
      {
        message: () => {
          calls++
          throw new Error('boom')
        },
      },
      (e) => errors.push(e),
    )
    link.open()
    link.a.send('1')
    await settle([link])
    off()
    link.a.send('2')
    await settle([link])
    expect(calls).toBe(1)
    expect(errors).toHaveLength(1)
    expect(trySend(link.a, 'x')).toBe(true)
    link.a.close()
    expect(trySend(link.a, 'x')).toBe(false)
  })
})

describe('fake channel pair', () => {
  it('tracks bufferedAmount and fires bufferedamountlow on the way down', async () => {
    const link = new FakeLink('x', { bytesPerTick: 100 })
    link.open()
    link.a.bufferedAmountLowThreshold = 150
    let lows = 0
    link.a.addEventListener('bufferedamountlow', () => lows++)
    for (let i = 0; i < 5; i++) link.a.send(new ArrayBuffer(100))
    expect(link.a.bufferedAmount).toBe(500)
    await settle([link])
    expect(link.a.bufferedAmount).toBe(0)
    expect(lows).toBe(1)
    expect(link.a.maxBufferedAmount).toBe(500)
  })

  it('close is graceful and reaches both ends', async () => {
    const link = new FakeLink('x')
    link.open()
    const got: unknown[] = []
    const closed: string[] = []
    link.b.addEventListener('message', (e) => got.push((e as MessageEvent).data))
    link.a.addEventListener('close', () => closed.push('a'))
    link.b.addEventListener('close', () => closed.push('b'))
    link.a.send('last words')
    link.a.close()
    expect(link.a.readyState).toBe('closing')
    await settle([link])
    expect(got).toEqual(['last words'])
    expect(closed).toEqual(['a', 'b'])
    expect(() => link.a.send('late')).toThrow()
  })
})
