import { describe, expect, it } from 'vitest'
import { PrefetchReader, ReadError } from './block-reader'
import { bytes, countingSource } from './testing/harness'
import type { FileSource } from './types'

function source(data: Uint8Array<ArrayBuffer>): FileSource {
  const blob = new Blob([data])
  return { name: 'f', size: data.byteLength, type: '', slice: (s, e) => blob.slice(s, e) }
}

async function readAll(reader: PrefetchReader): Promise<Uint8Array[]> {
  const blocks: Uint8Array[] = []
  for (let b = await reader.next(); b; b = await reader.next()) blocks.push(b)
  return blocks
}

describe('PrefetchReader', () => {
  it('hands out the file in blocks of blockSize, the last one shorter, then null', async () => {
    const data = bytes(10_000, 3)
    const blocks = await readAll(new PrefetchReader(source(data), 4096))
    expect(blocks.map((b) => b.byteLength)).toEqual([4096, 4096, 1808])
    expect(Buffer.concat(blocks)).toEqual(Buffer.from(data))
  })

  it('an empty file has no blocks', async () => {
    expect(await readAll(new PrefetchReader(source(new Uint8Array(0)), 10))).toEqual([])
  })

  it('reads the next block while the caller holds this one, never two reads at once', async () => {
    const { source: counted, stats } = countingSource(source(bytes(40, 1)))
    const reader = new PrefetchReader(counted, 10)
    await reader.next()
    // The second block is already being read before anyone asks for it.
    expect(stats.reads).toBe(2)
    await readAll(reader)
    expect(stats.reads).toBe(4)
    expect(stats.maxInFlight).toBe(1)
  })

  it('a short read (the file shrank) is a ReadError', async () => {
    const real = source(bytes(100))
    const shrunk: FileSource = { ...real, size: 150 }
    const reader = new PrefetchReader(shrunk, 100)
    expect((await reader.next())?.byteLength).toBe(100)
    await expect(reader.next()).rejects.toBeInstanceOf(ReadError)
  })

  it('a failing read is a ReadError when its block is asked for, not before', async () => {
    const broken: FileSource = {
      name: 'x',
      size: 20,
      type: '',
      slice: (s) => ({
        arrayBuffer: () =>
          s === 0 ? Promise.resolve(new ArrayBuffer(10)) : Promise.reject(new Error('gone')),
      }),
    }
    const reader = new PrefetchReader(broken, 10)
    expect((await reader.next())?.byteLength).toBe(10)
    await expect(reader.next()).rejects.toBeInstanceOf(ReadError)
  })

  it('close() stops reading ahead', async () => {
    const { source: counted, stats } = countingSource(source(bytes(40, 1)))
    const reader = new PrefetchReader(counted, 10)
    await reader.next()
    reader.close()
    expect(await reader.next()).toBeNull()
    expect(stats.reads).toBe(2)
  })
})
