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

  it("werift's SCTP association still has what the deferred stream reset patches", async () => {
    const { a, b, sent, received } = await connectedPair()
    expect([a.deferStreamResets(), b.deferStreamResets()]).toEqual([true, true])
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
