import { describe, expect, it } from 'vitest'
import { type FakeNetwork, makeFakeNetwork, settle, until } from '../shared/testing/fake-channel'
import { CHAT_BURST, type Conversation, makeConversation } from './conversation'
import type { ConversationPeer } from './peer-conversation'
import { encodeFrame } from './protocol'
import { file, recordingSinks } from './testing/harness'

interface Member {
  name: string
  conversation: Conversation
}

/**
 * Members connected pairwise by fake links; the member whose name sorts first opens the chat,
 * like the offerer of a real connection.
 */
function room(names: string[]) {
  const members = new Map<string, Member>()
  const nets: FakeNetwork[] = []
  const live = new Map<string, boolean>()
  /** Who cut off whom: 'Ana|Budi' means Ana cut Budi off. */
  const cutOff: string[] = []
  for (const name of names) {
    const sinks = recordingSinks()
    members.set(name, {
      name,
      conversation: makeConversation({ createSink: sinks.create, selfName: () => name }),
    })
  }
  const connect = (a: string, b: string): FakeNetwork => {
    const net = makeFakeNetwork()
    nets.push(net)
    const key = [a, b].sort().join('|')
    live.set(key, true)
    const peer = (self: 'A' | 'B', other: string): ConversationPeer => ({
      id: other,
      name: other,
      opensChat: self === 'A',
      isLive: () => live.get(key) === true,
      openChannel: self === 'A' ? net.openA : net.openB,
      maxMessageSize: () => null,
      cutOff: () => {
        cutOff.push(`${self === 'A' ? a : b}|${other}`)
        live.set(key, false)
      },
      onChannel: (listener) => {
        if (self === 'A') net.onIncomingA = listener
        else net.onIncomingB = listener
        return () => undefined
      },
    })
    members.get(a)?.conversation.addPeer(peer('A', b))
    members.get(b)?.conversation.addPeer(peer('B', a))
    return net
  }
  const links = new Map<string, FakeNetwork>()
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] as string
      const b = names[j] as string
      links.set(`${a}|${b}`, connect(a, b))
    }
  }
  const get = (name: string): Conversation => {
    const member = members.get(name)
    if (!member) throw new Error(name)
    return member.conversation
  }
  return {
    get,
    links,
    live,
    cutOff,
    settle: () => settle(nets.flatMap((n) => n.links)),
  }
}

const texts = (c: Conversation) => c.messages().map((m) => `${m.from}:${m.text}`)

describe('conversation of a room', () => {
  it('a message reaches every member once, under the name its author said in the hello', async () => {
    const r = room(['Ana', 'Budi', 'Citra'])
    await r.settle()
    r.get('Budi').send('halo semua')
    r.get('Ana').send('hi')
    await r.settle()
    expect(texts(r.get('Citra')).sort()).toEqual(['Ana:hi', 'Budi:halo semua'])
    expect(texts(r.get('Ana')).sort()).toEqual(['Budi:halo semua', 'me:hi'])
    expect(
      r
        .get('Citra')
        .messages()
        .find((m) => m.from === 'Budi')?.author,
    ).toBe('Budi')
    expect(
      r
        .get('Ana')
        .messages()
        .find((m) => m.from === 'me')?.status,
    ).toBe('delivered')
  })

  it('keeps each unchanged message the same object, so a view redraws only what changed', async () => {
    const r = room(['Ana', 'Budi'])
    await r.settle()
    r.get('Budi').send('satu')
    await r.settle()
    const [first] = r.get('Ana').messages()
    r.get('Budi').send('dua')
    await r.settle()
    const shown = r.get('Ana').messages()
    expect(shown).toHaveLength(2)
    expect(shown[0]).toBe(first)
  })

  it("takes the author from the member, never from the message's own author field", async () => {
    const r = room(['Ana', 'Budi'])
    await r.settle()
    const net = r.links.get('Ana|Budi')
    const chat = net?.links.find((l) => l.a.label === 'chat')
    chat?.a.send(
      encodeFrame({ t: 'msg', id: 'spoof1', author: 'You', text: 'trust me', sentAt: 1 }),
    )
    await r.settle()
    const shown = r.get('Budi').messages()
    expect(shown).toHaveLength(1)
    expect(shown[0]?.author).toBe('Ana')
  })

  it('a member flooding the chat is cut off; the burst a person could send gets through', async () => {
    const r = room(['Ana', 'Budi'])
    await r.settle()
    const chat = r.links.get('Ana|Budi')?.links.find((l) => l.a.label === 'chat')
    const flood = (count: number, prefix: string) => {
      for (let i = 0; i < count; i++) {
        chat?.b.send(
          encodeFrame({
            t: 'msg',
            id: `${prefix}${i}`,
            author: 'x',
            text: `${prefix} ${i}`,
            sentAt: Date.now(),
          }),
        )
      }
    }
    flood(CHAT_BURST, 'burst')
    await r.settle()
    expect(r.get('Ana').messages()).toHaveLength(CHAT_BURST)
    expect(r.cutOff).toEqual([])
    // What it still sends until its connection is gone is not even looked at: a flood of
    // thousands must not redraw the chat thousands of times.
    let changes = 0
    r.get('Ana').on('change', () => changes++)
    flood(5000, 'flood')
    await r.settle()
    expect(r.cutOff).toEqual(['Ana|Budi'])
    expect(changes).toBeLessThan(50)
    expect(r.get('Ana').messages().length).toBeLessThan(CHAT_BURST + 50)
  })

  it("shows our clock's time for a message stamped impossibly far away", async () => {
    const r = room(['Ana', 'Budi'])
    await r.settle()
    const chat = r.links.get('Ana|Budi')?.links.find((l) => l.a.label === 'chat')
    chat?.b.send(
      encodeFrame({ t: 'msg', id: 'far', author: 'Budi', text: 'from the future', sentAt: 1e20 }),
    )
    await r.settle()
    const shown = r.get('Ana').messages()[0]?.sentAt ?? 0
    expect(Math.abs(shown - Date.now())).toBeLessThan(60_000)
  })

  it('an own message is delivered only when every member acknowledged it', async () => {
    const r = room(['Ana', 'Budi', 'Citra'])
    await r.settle()
    // Citra's chat link stalls: her acknowledgement cannot come back.
    const toCitra = r.links.get('Ana|Citra')?.links.find((l) => l.a.label === 'chat')
    toCitra?.drop()
    r.live.set('Ana|Citra', false)
    r.get('Ana').send('waiting for Citra')
    await r.settle()
    expect(r.get('Ana').messages()[0]?.status).not.toBe('delivered')
    expect(texts(r.get('Budi'))).toEqual(['Ana:waiting for Citra'])
    r.get('Ana').removePeer('Citra')
    expect(r.get('Ana').messages()[0]?.status).toBe('delivered')
  })

  it('sends a file to everyone, each recipient verifying its own copy', async () => {
    const r = room(['Ana', 'Budi', 'Citra'])
    await r.settle()
    const ids = r.get('Ana').sendFiles([file(300_000, 'photo.jpg')])
    expect(ids).toHaveLength(2)
    await until(
      () => r.get('Budi').transfers().length === 1 && r.get('Citra').transfers().length === 1,
    )
    for (const name of ['Budi', 'Citra']) {
      const [offer] = r.get(name).transfers()
      expect(offer?.peerName).toBe('Ana')
      if (offer) r.get(name).accept(offer.id)
    }
    await until(() =>
      r
        .get('Ana')
        .transfers()
        .every((t) => t.state.status === 'done'),
    )
    expect(
      r
        .get('Ana')
        .transfers()
        .map((t) => t.peerName)
        .sort(),
    ).toEqual(['Budi', 'Citra'])
  })

  it('sends a file to one member only when asked', async () => {
    const r = room(['Ana', 'Budi', 'Citra'])
    await r.settle()
    r.get('Ana').sendFiles([file(1000)], ['Citra'])
    await until(() => r.get('Citra').transfers().length === 1)
    await r.settle()
    expect(r.get('Budi').transfers()).toEqual([])
  })

  it('a member leaving mid-transfer fails only its transfer; the others finish', async () => {
    const r = room(['Ana', 'Budi', 'Citra'])
    await r.settle()
    r.get('Ana').sendFiles([file(3_000_000, 'big.bin')])
    await until(
      () => r.get('Budi').transfers().length === 1 && r.get('Citra').transfers().length === 1,
    )
    for (const name of ['Budi', 'Citra']) {
      const offer = r.get(name).transfers()[0]
      if (offer) r.get(name).accept(offer.id)
    }
    await until(() =>
      r
        .get('Ana')
        .transfers()
        .some((t) => t.progress.bytes > 0),
    )
    r.get('Ana').removePeer('Budi')
    await until(() =>
      r
        .get('Ana')
        .transfers()
        .every((t) => t.state.status !== 'transferring'),
    )
    await until(() =>
      r
        .get('Ana')
        .transfers()
        .some((t) => t.state.status === 'done'),
    )
    const byPeer = Object.fromEntries(
      r
        .get('Ana')
        .transfers()
        .map((t) => [t.peerName, t.state]),
    )
    expect(byPeer.Budi).toEqual({ status: 'failed', reason: 'connection-lost', by: 'me' })
    expect(byPeer.Citra?.status).toBe('done')
  })

  it('the offering side opens the chat again when it closes while the connection lives', async () => {
    const r = room(['Ana', 'Budi'])
    await r.settle()
    const net = r.links.get('Ana|Budi')
    net?.links.find((l) => l.a.label === 'chat')?.drop()
    r.get('Budi').send('after the cut')
    await until(() => texts(r.get('Ana')).includes('Budi:after the cut'))
    expect(net?.links.filter((l) => l.a.label === 'chat')).toHaveLength(2)
  })
})
