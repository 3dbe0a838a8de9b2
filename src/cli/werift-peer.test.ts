import { afterEach, describe, expect, it } from 'vitest'
import type { DataChannelLike } from '../shared/channel'
import { makeWeriftKeys, WeriftPeer } from './werift-peer'

const ufrag = (peer: WeriftPeer) =>
  /^a=ice-ufrag:(\S+)/m.exec(peer.localDescription?.sdp ?? '')?.[1]

/** Offer from `offerer`, answer from `answerer`, each description as werift finished it. */
async function exchange(offerer: WeriftPeer, answerer: WeriftPeer): Promise<void> {
  await offerer.setLocalDescription()
  await answerer.setRemoteDescription(
    offerer.localDescription as NonNullable<WeriftPeer['localDescription']>,
  )
  await answerer.setLocalDescription()
  await offerer.setRemoteDescription(
    answerer.localDescription as NonNullable<WeriftPeer['localDescription']>,
  )
}

function nextMessage(channel: DataChannelLike, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no message within ${timeoutMs} ms`)),
      timeoutMs,
    )
    channel.addEventListener(
      'message',
      (event) => {
        clearTimeout(timer)
        resolve(String((event as MessageEvent).data))
      },
      { once: true },
    )
  })
}

function opened(channel: DataChannelLike): Promise<void> {
  return channel.readyState === 'open'
    ? Promise.resolve()
    : new Promise((resolve) => channel.addEventListener('open', () => resolve(), { once: true }))
}

describe('WeriftPeer', () => {
  const peers: WeriftPeer[] = []
  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.close()
  })

  async function connectedPair(): Promise<{
    a: WeriftPeer
    b: WeriftPeer
    sent: DataChannelLike
    received: DataChannelLike
  }> {
    const [keysA, keysB] = await Promise.all([makeWeriftKeys(), makeWeriftKeys()])
    const a = new WeriftPeer({ stun: [], keys: keysA })
    const b = new WeriftPeer({ stun: [], keys: keysB })
    peers.push(a, b)
    const sent = a.createDataChannel('chat')
    const arrived = new Promise<DataChannelLike>((resolve) =>
      b.addEventListener('datachannel', (event) =>
        resolve((event as unknown as { channel: DataChannelLike }).channel),
      ),
    )
    await exchange(a, b)
    const received = await arrived
    await opened(sent)
    return { a, b, sent, received }
  }

  it("werift's SCTP association still has what the stream reset patches use", async () => {
    const { a, b, sent, received } = await connectedPair()
    expect([a.patchStreamResets(), b.patchStreamResets()]).toEqual([true, true])
    // A message and at once a close still arrive in that order, through the patched class.
    const closed = new Promise<void>((resolve) =>
      received.addEventListener('close', () => resolve(), { once: true }),
    )
    const message = nextMessage(received)
    sent.send('verified')
    sent.close()
    expect(await message).toBe('verified')
    await closed
  })

  /** A new channel from `peer` as soon as `closing` has closed (the next task, as the transfer
   *  layer opens the next file's channel). */
  function reopenOnClose(
    peer: WeriftPeer,
    closing: DataChannelLike,
    label: string,
  ): Promise<DataChannelLike> {
    return new Promise((resolve) =>
      closing.addEventListener(
        'close',
        () => setTimeout(() => resolve(peer.createDataChannel(label)), 0),
        { once: true },
      ),
    )
  }

  function nextChannel(peer: WeriftPeer): Promise<DataChannelLike> {
    return new Promise((resolve) =>
      peer.addEventListener(
        'datachannel',
        (event) => resolve((event as unknown as { channel: DataChannelLike }).channel),
        { once: true },
      ),
    )
  }

  function within<T>(promise: Promise<T>, what: string, ms = 3000): Promise<T> {
    return Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms),
      ),
    ])
  }

  /** The new channel opens on both sides, carries a message each way, and stays open. */
  async function expectCarries(
    next: Promise<DataChannelLike>,
    arrives: Promise<DataChannelLike>,
  ): Promise<void> {
    const mine = await within(next, 'no close of the old channel')
    const closes: string[] = []
    mine.addEventListener('close', () => closes.push('opener'))
    await within(
      new Promise<void>((resolve, reject) => {
        mine.addEventListener('open', () => resolve())
        mine.addEventListener('close', () => reject(new Error('the new channel closed unopened')))
      }),
      'the new channel did not open',
    )
    const theirs = await within(arrives, 'the new channel did not arrive')
    theirs.addEventListener('close', () => closes.push('other side'))
    const there = nextMessage(theirs, 3000)
    mine.send('offer')
    expect(await there).toBe('offer')
    const back = nextMessage(mine, 3000)
    theirs.send('accept')
    expect(await back).toBe('accept')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(closes).toEqual([])
    expect([mine.readyState, theirs.readyState]).toEqual(['open', 'open'])
  }

  it('a channel opened the moment the other side closed one arrives open and keeps its messages', async () => {
    const { a, b, sent, received } = await connectedPair()
    const next = reopenOnClose(a, sent, 'file:next')
    const arrives = nextChannel(b)
    received.close()
    await expectCarries(next, arrives)
  })

  it('both sides closing at once, then a channel opened at once: it arrives open and keeps its messages', async () => {
    const { a, b, sent, received } = await connectedPair()
    const next = reopenOnClose(a, sent, 'file:next')
    const arrives = nextChannel(b)
    sent.close()
    received.close()
    await expectCarries(next, arrives)
  })

  it('an ICE restart (either side offering) gives new credentials, and the same data channel carries on', async () => {
    const { a, b, sent, received } = await connectedPair()
    const first = nextMessage(received)
    sent.send('before')
    expect(await first).toBe('before')

    const before = [ufrag(a), ufrag(b)]
    a.restartIce()
    await exchange(a, b)
    expect(ufrag(a)).not.toBe(before[0])
    expect(ufrag(b)).not.toBe(before[1])
    const second = nextMessage(received)
    sent.send('after a restart offered by the opener')
    expect(await second).toBe('after a restart offered by the opener')

    // The other side offers the next one (in a room, whoever offered that pair's connection).
    b.restartIce()
    await exchange(b, a)
    const third = nextMessage(sent)
    received.send('after a restart offered by the other side')
    expect(await third).toBe('after a restart offered by the other side')
    expect(a.connectionState).toBe('connected')
    expect(b.connectionState).toBe('connected')
  }, 30_000)
})
