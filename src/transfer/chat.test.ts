import { describe, expect, it } from 'vitest'
import { FakeLink, settle } from '../shared/testing/fake-channel'
import { CHAT_HIGH_WATER, type Chat, ChatError, makeChat } from './chat'
import { CHAT_LABEL, CHAT_MAX_TEXT } from './protocol'

function makePair() {
  let n = 0
  const alice = makeChat({ selfName: () => 'Alice', now: () => 1000, newId: () => `a${n++}` })
  const bob = makeChat({ selfName: () => 'Bob', now: () => 2000, newId: () => `b${n++}` })
  const links: FakeLink[] = []
  const connect = (): FakeLink => {
    const link = new FakeLink(CHAT_LABEL)
    links.push(link)
    alice.attach(link.a)
    bob.attach(link.b)
    link.open()
    return link
  }
  return { alice, bob, links, connect, settle: () => settle(links) }
}

const texts = (chat: Chat, from: 'me' | 'peer') =>
  chat
    .messages()
    .filter((m) => m.from === from)
    .map((m) => m.text)

describe('chat', () => {
  it('delivers both ways and marks messages delivered', async () => {
    const p = makePair()
    p.connect()
    const sent = p.alice.send('hi bob')
    expect(sent).toMatchObject({ from: 'me', author: 'Alice', text: 'hi bob', sentAt: 1000 })
    p.bob.send('hi alice')
    await p.settle()
    expect(p.bob.messages()).toEqual([
      { id: 'b1', from: 'me', author: 'Bob', text: 'hi alice', sentAt: 2000, status: 'delivered' },
      {
        id: 'a0',
        from: 'peer',
        author: 'Alice',
        text: 'hi bob',
        sentAt: 1000,
        status: 'delivered',
      },
    ])
    expect(p.alice.messages().map((m) => m.status)).toEqual(['delivered', 'delivered'])
  })

  it('queues while no channel, then delivers once in order on attach', async () => {
    const p = makePair()
    p.alice.send('one')
    p.alice.send('two')
    p.bob.send('uno')
    expect(p.alice.messages().map((m) => m.status)).toEqual(['queued', 'queued'])
    p.connect()
    p.alice.send('three')
    await p.settle()
    expect(texts(p.bob, 'peer')).toEqual(['one', 'two', 'three'])
    expect(texts(p.alice, 'peer')).toEqual(['uno'])
  })

  it('resends unacked messages across a drop and reattach, without duplicates', async () => {
    const p = makePair()
    const first = p.connect()
    p.alice.send('before')
    await p.settle()
    p.alice.send('lost in flight') // handed to the channel, never delivered
    p.bob.send('also lost')
    expect(p.alice.messages().at(-1)?.status).toBe('sent')
    first.drop()
    p.alice.send('while down')
    expect(p.alice.messages().at(-1)?.status).toBe('queued')
    p.connect()
    await p.settle()
    expect(texts(p.bob, 'peer')).toEqual(['before', 'lost in flight', 'while down'])
    expect(texts(p.alice, 'peer')).toEqual(['also lost'])
    expect(p.alice.messages().every((m) => m.status === 'delivered')).toBe(true)
  })

  it('drops duplicate ids but acks them again', async () => {
    const p = makePair()
    const link = p.connect()
    const frame = JSON.stringify({ t: 'msg', id: 'x1', author: 'Eve', text: 'dup', sentAt: 5 })
    link.a.send(frame)
    link.a.send(frame)
    await p.settle()
    expect(texts(p.bob, 'peer')).toEqual(['dup'])
    const acks = link.b.sent.filter((d) => typeof d === 'string' && d.includes('"ack"'))
    expect(acks).toHaveLength(2)
  })

  it('ignores malformed frames without throwing', async () => {
    const p = makePair()
    const link = p.connect()
    const bad = [
      'not json',
      '[]',
      'null',
      '{"t":"msg"}',
      '{"t":"msg","id":"ok","author":"E","text":"","sentAt":1}',
      '{"t":"msg","id":"ok","author":"E","text":"   ","sentAt":1}',
      `{"t":"msg","id":"ok","author":"E","text":"${'x'.repeat(CHAT_MAX_TEXT + 1)}","sentAt":1}`,
      '{"t":"msg","id":"bad id!","author":"E","text":"t","sentAt":1}',
      '{"t":"msg","id":"ok","author":5,"text":"t","sentAt":1}',
      '{"t":"msg","id":"ok","author":"E","text":"t","sentAt":"now"}',
      '{"t":"ack","id":"unknown"}',
      '{"t":"wat","id":"x"}',
    ]
    for (const b of bad) link.a.send(b)
    link.a.send(new Uint8Array([1, 2, 3]).buffer)
    link.a.send(
      JSON.stringify({ t: 'msg', id: 'ok2', author: 'E'.repeat(100), text: 'fine', sentAt: 1 }),
    )
    await p.settle()
    expect(p.bob.messages()).toHaveLength(1)
    expect(p.bob.messages()[0]?.author).toBe('E'.repeat(64))
  })

  it('rejects empty and too long text with a reason', () => {
    const chat = makeChat({ selfName: () => 'me' })
    const reason = (text: string) => {
      try {
        chat.send(text)
      } catch (err) {
        return err instanceof ChatError ? err.reason : 'other'
      }
      return null
    }
    expect(reason('')).toBe('empty')
    expect(reason(' \n ')).toBe('empty')
    expect(reason('x'.repeat(CHAT_MAX_TEXT + 1))).toBe('too-long')
    expect(reason('x'.repeat(CHAT_MAX_TEXT))).toBeNull()
    expect(chat.messages()).toHaveLength(1)
  })

  it('emits change events and stops after dispose', async () => {
    const p = makePair()
    let changes = 0
    const off = p.bob.on('change', () => changes++)
    p.connect()
    p.alice.send('a')
    await p.settle()
    expect(changes).toBeGreaterThan(0)
    off()
    const before = changes
    p.alice.send('b')
    await p.settle()
    expect(changes).toBe(before)
    p.alice.dispose()
    p.bob.send('c')
    await p.settle()
    expect(texts(p.alice, 'peer')).toEqual([])
  })

  it('paces its sends by the channel buffer, and still delivers everything once, in order', async () => {
    let n = 0
    const alice = makeChat({ selfName: () => 'Alice', newId: () => `a${n++}` })
    const bob = makeChat({ selfName: () => 'Bob' })
    // A slow link: 8 KiB per tick, as a congested connection.
    const link = new FakeLink(CHAT_LABEL, { bytesPerTick: 8 * 1024 })
    alice.attach(link.a)
    bob.attach(link.b)
    link.open()
    const line = 'x'.repeat(3000)
    for (let i = 0; i < 2000; i++) alice.send(`${i} ${line}`)
    expect(link.a.maxBufferedAmount).toBeLessThanOrEqual(CHAT_HIGH_WATER + 4000)
    await settle([link])
    expect(link.a.maxBufferedAmount).toBeLessThanOrEqual(CHAT_HIGH_WATER + 4000)
    const got = texts(bob, 'peer').map((t) => Number(t.split(' ')[0]))
    expect(got).toEqual(Array.from({ length: 2000 }, (_, i) => i))
    expect(alice.messages().every((m) => m.status === 'delivered')).toBe(true)
  })

  it('waits for a connecting channel to open before sending', async () => {
    const chat = makeChat({ selfName: () => 'me' })
    const link = new FakeLink(CHAT_LABEL)
    chat.attach(link.a)
    chat.send('hello')
    expect(link.a.sent).toHaveLength(0)
    link.open()
    expect(link.a.sent).toHaveLength(1)
    expect(chat.messages()[0]?.status).toBe('sent')
  })
})
