import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { until } from '../shared/testing/fake-channel'
import { READ_BLOCK } from './block-reader'
import { boundedMemorySink } from './file-sink'
import { FILE_CHUNK } from './protocol'
import { bytes, file, find, makeHarness, statusOf, untilStatus } from './testing/harness'
import type { FileSource } from './types'

async function hashOf(blob: Blob): Promise<string> {
  return Buffer.from(sha256(new Uint8Array(await blob.arrayBuffer()))).toString('hex')
}

async function roundTrip(size: number, direction: 'a-to-b' | 'b-to-a') {
  const h = makeHarness()
  const [from, to] = direction === 'a-to-b' ? [h.alice, h.bob] : [h.bob, h.alice]
  const f = file(size)
  const [id] = from.send([f]) as [string]
  expect(statusOf(from, id)).toBe('waiting-for-accept')
  await untilStatus(to, id, 'offered')
  expect(find(to, id)).toMatchObject({ direction: 'receive', name: f.name, size, mime: f.type })
  to.accept(id)
  await untilStatus(from, id, 'done')
  await untilStatus(to, id, 'done')
  const received = find(to, id).state
  if (received.status !== 'done' || !received.blob) throw new Error('no blob')
  expect(received.blob.size).toBe(size)
  expect(await hashOf(received.blob)).toBe(await hashOf(f))
  expect(find(from, id).progress).toMatchObject({ bytes: size, total: size, secondsLeft: 0 })
  expect(find(to, id).progress).toMatchObject({ bytes: size, total: size })
  return h
}

describe('file transfer', () => {
  it.each([
    [0, 'a-to-b'],
    [1, 'b-to-a'],
    [1000, 'a-to-b'],
    [FILE_CHUNK, 'b-to-a'],
    [5 * FILE_CHUNK + 7, 'a-to-b'],
    [3 * FILE_CHUNK - 1, 'b-to-a'],
  ] as const)('sends %i bytes %s with matching sha256', async (size, direction) => {
    const h = await roundTrip(size, direction)
    const [hist] = [...h.history.entries()].filter(([k]) =>
      k.startsWith(direction === 'a-to-b' ? 'alice' : 'bob'),
    )
    expect(hist?.[1]).toEqual(['waiting-for-accept', 'queued', 'transferring', 'verifying', 'done'])
  })

  it('keeps the receiver side history offered → transferring → verifying → done', async () => {
    const h = await roundTrip(200_000, 'a-to-b')
    const bobHist = [...h.history.entries()].find(([k]) => k.startsWith('bob'))?.[1]
    expect(bobHist).toEqual(['offered', 'transferring', 'verifying', 'done'])
    expect(h.bobSinks[0]).toMatchObject({ finished: true, aborted: false })
  })

  it('declines: both sides end declined, no sink is created', async () => {
    const h = makeHarness()
    const [id] = h.alice.send([file(10)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.decline(id)
    await untilStatus(h.alice, id, 'declined')
    expect(find(h.alice, id).state).toEqual({ status: 'declined', by: 'peer' })
    expect(find(h.bob, id).state).toEqual({ status: 'declined', by: 'me' })
    expect(h.bobSinks).toHaveLength(0)
    await h.net.settle()
    expect(h.net.links[0]?.a.readyState).toBe('closed')
  })

  it.each(['sender', 'receiver'] as const)(
    'cancel mid-way by the %s cancels both and aborts the sink',
    async (who) => {
      const h = makeHarness({ link: { bytesPerTick: 64 * 1024 } })
      const [id] = h.alice.send([file(3_000_000)]) as [string]
      await untilStatus(h.bob, id, 'offered')
      h.bob.accept(id)
      await until(() => find(h.bob, id).progress.bytes > 300_000)
      ;(who === 'sender' ? h.alice : h.bob).cancel(id)
      await untilStatus(h.alice, id, 'cancelled')
      await untilStatus(h.bob, id, 'cancelled')
      const by = (side: 'sender' | 'receiver') => (side === who ? 'me' : 'peer')
      expect(find(h.alice, id).state).toEqual({ status: 'cancelled', by: by('sender') })
      expect(find(h.bob, id).state).toEqual({ status: 'cancelled', by: by('receiver') })
      await until(() => h.bobSinks[0]?.aborted === true)
      expect(h.bobSinks[0]?.finished).toBe(false)
      expect(find(h.bob, id).progress.bytes).toBeLessThan(3_000_000)
    },
  )

  it('cancel while waiting for accept reaches the receiver', async () => {
    const h = makeHarness()
    const [id] = h.alice.send([file(10)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.alice.cancel(id)
    await untilStatus(h.bob, id, 'cancelled')
    expect(find(h.bob, id).state).toEqual({ status: 'cancelled', by: 'peer' })
  })

  it('a corrupted chunk is reported as mismatch on both sides, never done', async () => {
    let binary = 0
    const h = makeHarness({
      link: {
        tamper: (data) => {
          if (typeof data === 'string' || ++binary !== 3) return data
          const copy = new Uint8Array(data.slice(0))
          copy[100] = (copy[100] ?? 0) ^ 1
          return copy.buffer
        },
      },
    })
    const [id] = h.alice.send([file(6 * FILE_CHUNK)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.accept(id)
    await untilStatus(h.alice, id, 'failed')
    await untilStatus(h.bob, id, 'failed')
    expect(find(h.alice, id).state).toEqual({ status: 'failed', reason: 'mismatch', by: 'peer' })
    expect(find(h.bob, id).state).toEqual({ status: 'failed', reason: 'mismatch', by: 'me' })
    for (const [, statuses] of h.history) expect(statuses).not.toContain('done')
    await until(() => h.bobSinks[0]?.aborted === true)
  })

  it.each([false, true])(
    'losing the channel mid-transfer fails both with connection-lost (error event: %s)',
    async (withError) => {
      const h = makeHarness({ link: { bytesPerTick: 64 * 1024 } })
      const [id] = h.alice.send([file(2_000_000)]) as [string]
      await untilStatus(h.bob, id, 'offered')
      h.bob.accept(id)
      await until(() => find(h.bob, id).progress.bytes > 200_000)
      h.net.links[0]?.drop(withError)
      for (const side of [h.alice, h.bob]) {
        expect(find(side, id).state).toEqual({
          status: 'failed',
          reason: 'connection-lost',
          by: 'me',
        })
      }
      await until(() => h.bobSinks[0]?.aborted === true)
    },
  )

  it('a channel lost before the offer is accepted fails the offer', async () => {
    const h = makeHarness()
    const [id] = h.alice.send([file(10)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.net.links[0]?.drop()
    expect(statusOf(h.alice, id)).toBe('failed')
    expect(statusOf(h.bob, id)).toBe('failed')
  })

  it('openChannel throwing fails the transfer instead of throwing', () => {
    const h = makeHarness({
      files: {
        openChannel: () => {
          throw new Error('peer connection closed')
        },
      },
    })
    const [id] = h.alice.send([file(10)]) as [string]
    expect(find(h.alice, id).state).toEqual({
      status: 'failed',
      reason: 'connection-lost',
      by: 'me',
    })
  })

  it('a sink write error fails both sides with write-error', async () => {
    const h = makeHarness({ sink: { failAfterBytes: 100_000 } })
    const [id] = h.alice.send([file(1_000_000)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.accept(id)
    await untilStatus(h.alice, id, 'failed')
    expect(find(h.alice, id).state).toEqual({ status: 'failed', reason: 'write-error', by: 'peer' })
    expect(find(h.bob, id).state).toEqual({ status: 'failed', reason: 'write-error', by: 'me' })
    expect(h.bobSinks[0]?.aborted).toBe(true)
  })

  it('a file the receiver cannot keep fails both sides with too-large, before any byte', async () => {
    const h = makeHarness({
      files: { createSink: async (meta) => boundedMemorySink(meta, 1000) },
    })
    const [id] = h.alice.send([file(1001)]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.accept(id)
    await untilStatus(h.alice, id, 'failed')
    expect(find(h.alice, id).state).toEqual({ status: 'failed', reason: 'too-large', by: 'peer' })
    expect(find(h.bob, id).state).toEqual({ status: 'failed', reason: 'too-large', by: 'me' })
    expect(find(h.bob, id).progress.bytes).toBe(0)
  })

  it('a file read error fails both sides with read-error', async () => {
    const h = makeHarness()
    // The second block fails: the first has already been sent by then.
    const real = file(READ_BLOCK + 300_000)
    const broken: FileSource = {
      name: 'x',
      size: real.size,
      type: '',
      slice: (s, e) =>
        s >= READ_BLOCK
          ? { arrayBuffer: () => Promise.reject(new Error('gone')) }
          : real.slice(s, e),
    }
    const [id] = h.alice.send([broken]) as [string]
    await untilStatus(h.bob, id, 'offered')
    h.bob.accept(id)
    await untilStatus(h.bob, id, 'failed')
    expect(find(h.alice, id).state).toEqual({ status: 'failed', reason: 'read-error', by: 'me' })
    expect(find(h.bob, id).state).toEqual({ status: 'failed', reason: 'read-error', by: 'peer' })
  })

  it('cleans the offered name and keeps unsafe mime types out of the blob', async () => {
    const h = makeHarness()
    const f = new File([bytes(10)], '../../etc/pass\u0000wd', { type: 'text/html' })
    const [id] = h.alice.send([f]) as [string]
    await untilStatus(h.bob, id, 'offered')
    expect(find(h.bob, id)).toMatchObject({ name: '.._.._etc_passwd', mime: 'text/html' })
    h.bob.accept(id)
    await untilStatus(h.bob, id, 'done')
    expect(h.bobSinks[0]?.meta.mime).toBe('application/octet-stream')
  })

  it('dismiss forgets final transfers only; dispose cancels the rest', async () => {
    const h = makeHarness()
    const [a, b] = h.alice.send([file(10), file(20)]) as [string, string]
    await untilStatus(h.bob, b, 'offered')
    h.bob.decline(a)
    await untilStatus(h.alice, a, 'declined')
    h.alice.dismiss(a)
    h.alice.dismiss(b)
    expect(h.alice.transfers().map((t) => t.id)).toEqual([b])
    h.alice.dispose()
    await untilStatus(h.bob, b, 'cancelled')
  })
})
