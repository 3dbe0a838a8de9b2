import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FakeLink, settle, until } from '../shared/testing/fake-channel'
import { makeFileTransfers } from './files'
import { FILE_ACK_STEP, FILE_MAX_CHUNK, FILE_WINDOW } from './protocol'
import { WRITE_BATCH } from './sink-writer'
import { bytes, recordingSinks, type SinkOptions } from './testing/harness'

/** Drives a receiver by hand, as another implementation of the protocol would. */
async function scriptedPeer(id = 'T1', label = `file:${id}`, sink: SinkOptions = {}) {
  const link = new FakeLink(label, { bytesPerTick: 4 * 1024 * 1024, maxMessageSize: 1 << 20 })
  const { sinks, create } = recordingSinks(sink)
  const rx = makeFileTransfers({
    openChannel: () => {
      throw new Error('unused')
    },
    createSink: create,
  })
  link.open()
  link.a.binaryType = 'arraybuffer'
  const frames: unknown[] = []
  link.a.addEventListener('message', (e) => {
    const data = (e as MessageEvent).data
    frames.push(typeof data === 'string' ? JSON.parse(data) : data)
  })
  rx.acceptChannel(link.b)
  const send = (frame: object | Uint8Array) =>
    link.a.send(frame instanceof Uint8Array ? frame : JSON.stringify(frame))
  const state = () => rx.transfers()[0]?.state
  const flush = () => settle([link])
  return { link, rx, sinks, frames, send, state, flush }
}

async function offerAndAccept(p: Awaited<ReturnType<typeof scriptedPeer>>, size: number) {
  p.send({ t: 'offer', id: 'T1', name: 'a.bin', size, mime: 'application/x-thing' })
  await until(() => p.state()?.status === 'offered')
  p.rx.accept('T1')
  await until(() => p.frames.some((f) => (f as { t?: string }).t === 'accept'))
}

describe('receiver against a scripted sender', () => {
  it('accepts any chunk boundaries and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        // The chunk lengths; the file is exactly their concatenation (none: an empty file).
        fc.array(
          fc.oneof(
            fc.integer({ min: 1, max: 16 }),
            fc.integer({ min: 1, max: 70_000 }),
            fc.constant(FILE_MAX_CHUNK),
          ),
          { maxLength: 12 },
        ),
        async (cuts) => {
          const size = cuts.reduce((a, b) => a + b, 0)
          const p = await scriptedPeer()
          await offerAndAccept(p, size)
          const data = bytes(size, size + 7)
          let off = 0
          for (const len of cuts) {
            p.send(data.slice(off, off + len))
            off += len
          }
          p.send({ t: 'done', sha256: bytesToHex(sha256(data)) })
          await until(() => p.state()?.status === 'done')
          await until(() => p.frames.length > 1)
          expect(p.frames.slice(1).filter((f) => (f as { t: string }).t !== 'ack')).toEqual([
            { t: 'verified' },
          ])
          const s = p.state()
          const blob = s?.status === 'done' ? s.blob : null
          const got = new Uint8Array(await (blob as Blob).arrayBuffer())
          expect(Buffer.compare(got, data)).toBe(0)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('acks stored bytes every FILE_ACK_STEP (a batched write may overshoot the step)', async () => {
    const p = await scriptedPeer()
    const size = 3 * FILE_ACK_STEP + 10
    await offerAndAccept(p, size)
    const data = bytes(size)
    for (let off = 0; off < size; off += 65_536) p.send(data.slice(off, off + 65_536))
    await p.flush()
    const acks = p.frames.filter((f) => (f as { t?: string }).t === 'ack') as { n: number }[]
    const points = [0, ...acks.map((a) => a.n)]
    expect(acks.length).toBeGreaterThanOrEqual(2)
    for (let i = 1; i < points.length; i++) {
      const gap = (points[i] ?? 0) - (points[i - 1] ?? 0)
      expect(gap).toBeGreaterThanOrEqual(FILE_ACK_STEP)
      expect(gap).toBeLessThanOrEqual(FILE_ACK_STEP + WRITE_BATCH)
    }
    expect(points.at(-1)).toBeGreaterThan(size - FILE_ACK_STEP - WRITE_BATCH)
  })

  it('more bytes than announced: mismatch at once, sink aborted', async () => {
    const p = await scriptedPeer()
    await offerAndAccept(p, 100)
    p.send(bytes(60))
    p.send(bytes(60))
    await until(() => p.state()?.status === 'failed')
    expect(p.state()).toEqual({ status: 'failed', reason: 'mismatch', by: 'me' })
    await p.flush()
    expect(p.frames.at(-1)).toEqual({ t: 'mismatch' })
    expect(p.sinks[0]?.aborted).toBe(true)
    expect(p.link.b.readyState).toBe('closed')
  })

  it('fewer bytes than announced at done: mismatch', async () => {
    const p = await scriptedPeer()
    await offerAndAccept(p, 100)
    const data = bytes(99)
    p.send(data)
    p.send({ t: 'done', sha256: bytesToHex(sha256(data)) })
    await until(() => p.state()?.status === 'failed')
    expect(p.state()).toMatchObject({ reason: 'mismatch' })
  })

  it('a sender ignoring the window is a protocol error', async () => {
    const p = await scriptedPeer('T1', 'file:T1', { stall: true })
    const size = FILE_WINDOW + 2 * FILE_MAX_CHUNK
    await offerAndAccept(p, size)
    const data = bytes(size)
    for (let off = 0; off < FILE_WINDOW; off += FILE_MAX_CHUNK) {
      p.send(data.slice(off, off + FILE_MAX_CHUNK))
    }
    await p.flush()
    expect(p.state()?.status).toBe('transferring')
    p.send(data.slice(FILE_WINDOW, FILE_WINDOW + 1))
    await until(() => p.state()?.status === 'failed')
    expect(p.state()).toEqual({ status: 'failed', reason: 'protocol', by: 'me' })
  })

  it.each([
    [
      'a chunk before accept',
      async (p: Awaited<ReturnType<typeof scriptedPeer>>) => {
        p.send({ t: 'offer', id: 'T1', name: 'a', size: 10, mime: '' })
        await until(() => p.state()?.status === 'offered')
        p.send(bytes(5))
      },
    ],
    [
      'a chunk over FILE_MAX_CHUNK',
      async (p: Awaited<ReturnType<typeof scriptedPeer>>) => {
        await offerAndAccept(p, FILE_MAX_CHUNK * 2)
        p.link.a.send(bytes(FILE_MAX_CHUNK + 1).buffer)
      },
    ],
    [
      'an unknown frame',
      async (p: Awaited<ReturnType<typeof scriptedPeer>>) => {
        await offerAndAccept(p, 10)
        p.send({ t: 'hello' })
      },
    ],
    [
      'a second offer',
      async (p: Awaited<ReturnType<typeof scriptedPeer>>) => {
        await offerAndAccept(p, 10)
        p.send({ t: 'offer', id: 'T1', name: 'a', size: 10, mime: '' })
      },
    ],
  ])('%s fails with protocol', async (_name, script) => {
    const p = await scriptedPeer()
    await script(p)
    await until(() => p.state()?.status === 'failed')
    expect(p.state()).toEqual({ status: 'failed', reason: 'protocol', by: 'me' })
    await p.flush()
    expect(p.frames.at(-1)).toEqual({ t: 'fail', reason: 'protocol' })
  })

  it.each([
    [
      'an offer id that differs from the label',
      'T1',
      { t: 'offer', id: 'T2', name: 'a', size: 1, mime: '' },
    ],
    [
      'a label that is not a file label',
      'T1',
      { t: 'offer', id: 'T1', name: 'a', size: 1, mime: '' },
      'chat',
    ],
    ['a negative size', 'T1', { t: 'offer', id: 'T1', name: 'a', size: -1, mime: '' }],
    ['a chunk instead of an offer', 'T1', null],
  ] as const)('rejects %s without listing a transfer', async (_name, id, offer, label?: string) => {
    const p = await scriptedPeer(id, label)
    if (label === undefined) {
      if (offer) p.send(offer)
      else p.send(bytes(3))
    }
    await p.flush()
    expect(p.rx.transfers()).toEqual([])
    expect(p.link.b.readyState).toBe('closed')
  })

  it('a fail frame from the sender ends the transfer with its reason', async () => {
    const p = await scriptedPeer()
    await offerAndAccept(p, 100)
    p.send({ t: 'fail', reason: 'read-error' })
    await until(() => p.state()?.status === 'failed')
    expect(p.state()).toEqual({ status: 'failed', reason: 'read-error', by: 'peer' })
  })

  it('declines offers beyond maxPendingOffers', async () => {
    const { create } = recordingSinks()
    const rx = makeFileTransfers({
      openChannel: () => {
        throw new Error('unused')
      },
      createSink: create,
      maxPendingOffers: 1,
    })
    const links = ['A', 'B'].map((id) => {
      const link = new FakeLink(`file:${id}`)
      link.open()
      rx.acceptChannel(link.b)
      link.a.send(JSON.stringify({ t: 'offer', id, name: id, size: 1, mime: '' }))
      return link
    })
    await settle(links)
    expect(rx.transfers().map((t) => t.id)).toEqual(['A'])
    expect(links[1]?.a.readyState).toBe('closed')
  })
})
