import { describe, expect, it } from 'vitest'
import {
  boundedMemorySink,
  MEMORY_SINK_LIMIT,
  memorySink,
  SinkTooLarge,
  safeFileName,
  safeMime,
} from './file-sink'
import {
  cleanupOpfs,
  makeOpfsSink,
  OPFS_DIR,
  type OpfsDirectory,
  type OpfsFileHandle,
  removeOpfsFile,
} from './opfs-sink'
import { SinkWriter } from './sink-writer'

const meta = { name: 'a.txt', size: 6, mime: 'text/plain' }
const u8 = (...xs: number[]) => new Uint8Array(xs)

/** In-memory stand-in for an OPFS directory tree. */
class FakeDir implements OpfsDirectory {
  readonly dirs = new Map<string, FakeDir>()
  readonly files = new Map<string, Uint8Array[]>()
  constructor(private readonly writable = true) {}
  async getDirectoryHandle(name: string) {
    const d = this.dirs.get(name) ?? new FakeDir(this.writable)
    this.dirs.set(name, d)
    return d
  }
  async getFileHandle(name: string): Promise<OpfsFileHandle> {
    if (!this.files.has(name)) this.files.set(name, [])
    const files = this.files
    const handle: OpfsFileHandle = {
      getFile: async () => new Blob((files.get(name) ?? []) as Uint8Array<ArrayBuffer>[]),
    }
    if (this.writable) {
      handle.createWritable = async () => {
        const staged: Uint8Array[] = []
        return {
          write: async (d) => void staged.push(d.slice()),
          close: async () => void files.set(name, staged),
          abort: async () => {},
        }
      }
    }
    return handle
  }
  async removeEntry(name: string) {
    if (!this.files.delete(name)) throw new DOMException('not found', 'NotFoundError')
  }
  async *keys() {
    yield* this.files.keys()
  }
}

describe('memorySink', () => {
  it('returns the written bytes as a Blob of the given type', async () => {
    const sink = memorySink(meta)
    await sink.write(u8(1, 2, 3))
    await sink.write(u8(4, 5, 6))
    const blob = await sink.finish()
    expect(blob.type).toBe('text/plain')
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('SinkWriter', () => {
  it('counts what it wrote even when the sink takes (detaches) each buffer', async () => {
    const seen: number[] = []
    const w = new SinkWriter(
      {
        write: async (c) => {
          // A worker sink transfers the buffer: afterwards the caller sees 0 bytes.
          structuredClone(c.buffer, { transfer: [c.buffer] })
        },
        finish: async () => new Blob(),
        abort: async () => {},
      },
      (n) => seen.push(n),
      () => {},
    )
    for (let i = 0; i < 3; i++) w.push(new Uint8Array(1000))
    await w.flush()
    expect(w.writtenBytes).toBe(3000)
    expect(w.queuedBytes).toBe(0)
    expect(seen.at(-1)).toBe(3000)
  })

  it('writes in order, one write at a time, while push never waits', async () => {
    const order: number[] = []
    let active = 0
    let maxActive = 0
    const written: number[] = []
    const w = new SinkWriter(
      {
        write: async (c) => {
          maxActive = Math.max(maxActive, ++active)
          await new Promise((r) => setTimeout(r, (c[0] ?? 0) % 3))
          // Chunks queued during a write arrive joined; every chunk is [i, 0].
          for (let k = 0; k < c.length; k += 2) order.push(c[k] ?? -1)
          active--
        },
        finish: async () => new Blob(),
        abort: async () => {},
      },
      (n) => written.push(n),
      () => {},
    )
    for (let i = 0; i < 10; i++) w.push(u8(i, 0))
    expect(w.queuedBytes).toBe(20)
    await w.finish()
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(maxActive).toBe(1)
    expect(written.at(-1)).toBe(20)
    expect(w.queuedBytes).toBe(0)
  })

  it('reports a failed write once and rejects flush', async () => {
    const errors: unknown[] = []
    const w = new SinkWriter(
      {
        write: async () => {
          throw new Error('quota')
        },
        finish: async () => new Blob(),
        abort: async () => {},
      },
      () => {},
      (e) => errors.push(e),
    )
    w.push(u8(1))
    w.push(u8(2))
    await expect(w.flush()).rejects.toThrow('quota')
    expect(errors).toHaveLength(1)
  })

  it('abort drops queued chunks and aborts the sink after the write in flight', async () => {
    const log: string[] = []
    const w = new SinkWriter(
      {
        write: async (c) => {
          log.push(`write ${c[0]}`)
          await new Promise((r) => setTimeout(r, 1))
        },
        finish: async () => new Blob(),
        abort: async () => void log.push('abort'),
      },
      () => {},
      () => {},
    )
    w.push(u8(1))
    w.push(u8(2))
    await w.abort()
    expect(log).toEqual(['write 1', 'abort'])
  })
})

describe('boundedMemorySink', () => {
  it('keeps a file of up to the limit in memory', async () => {
    const sink = boundedMemorySink({ ...meta, size: 3 }, 3)
    await sink.write(u8(1, 2, 3))
    expect((await sink.finish()).size).toBe(3)
  })

  it('refuses a larger one before a byte arrives, naming the limit', () => {
    expect(() => boundedMemorySink({ ...meta, size: 4 }, 3)).toThrow(SinkTooLarge)
    expect(() => boundedMemorySink({ ...meta, size: 4 }, 3)).toThrow(/over 3 bytes/)
  })

  it('the default limit is 250 MB', () => {
    expect(MEMORY_SINK_LIMIT).toBe(250_000_000)
    expect(() => boundedMemorySink({ ...meta, size: MEMORY_SINK_LIMIT })).not.toThrow()
    expect(() => boundedMemorySink({ ...meta, size: MEMORY_SINK_LIMIT + 1 })).toThrow(SinkTooLarge)
  })
})

describe('opfs sink', () => {
  it('writes a temp file and returns a blob of it; removeOpfsFile deletes it', async () => {
    const root = new FakeDir()
    const create = makeOpfsSink({ getRoot: async () => root, now: () => 1234 })
    const sink = await create(meta)
    await sink.write(u8(7, 8))
    const blob = await sink.finish()
    expect(blob.type).toBe('text/plain')
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([7, 8])
    const dir = root.dirs.get(OPFS_DIR) as FakeDir
    expect([...dir.files.keys()]).toEqual([expect.stringMatching(/^1234-[\w-]+\.part$/)])
    await removeOpfsFile(blob, { getRoot: async () => root })
    expect(dir.files.size).toBe(0)
  })

  it('abort removes the temp file', async () => {
    const root = new FakeDir()
    const sink = await makeOpfsSink({ getRoot: async () => root })(meta)
    await sink.write(u8(1))
    await sink.abort()
    expect(root.dirs.get(OPFS_DIR)?.files.size).toBe(0)
  })

  it.each([
    ['OPFS is missing', async () => Promise.reject(new Error('no'))],
    ['createWritable is missing', async () => new FakeDir(false)],
  ])('falls back to memory when %s', async (_why, getRoot) => {
    const sink = await makeOpfsSink({ getRoot })(meta)
    await sink.write(u8(9))
    expect((await sink.finish()).size).toBe(1)
  })

  it.each([
    ['OPFS is missing', async () => Promise.reject(new Error('no'))],
    ['createWritable is missing', async () => new FakeDir(false)],
  ])(
    'without storage (%s), a file over the memory limit is refused, saying so',
    async (_why, getRoot) => {
      const create = makeOpfsSink({ getRoot, memoryLimit: 5 })
      await expect(create(meta)).rejects.toEqual(new SinkTooLarge(5))
      await expect(create({ ...meta, size: 5 })).resolves.toBeDefined()
    },
  )

  it('with storage, a file over the memory limit goes to disk as any other', async () => {
    const sink = await makeOpfsSink({ getRoot: async () => new FakeDir(), memoryLimit: 5 })(meta)
    await sink.write(u8(1, 2, 3, 4, 5, 6))
    expect((await sink.finish()).size).toBe(6)
  })

  it('cleanupOpfs removes stale files but not ones in use', async () => {
    const root = new FakeDir()
    const opts = { getRoot: async () => root }
    const dir = await root.getDirectoryHandle(OPFS_DIR)
    await dir.getFileHandle('100-old.part')
    await dir.getFileHandle('garbage')
    const inUse = await makeOpfsSink({ ...opts, now: () => 50 })(meta)
    expect(await cleanupOpfs({ ...opts, now: () => 10_000, olderThanMs: 1000 })).toBe(2)
    expect(dir.files.size).toBe(1)
    await inUse.abort()
  })
})

describe('received names and types', () => {
  it.each([
    ['image/png', 'image/png'],
    ['IMAGE/JPEG; q=1', 'image/jpeg'],
    ['video/mp4', 'video/mp4'],
    ['text/plain', 'text/plain'],
    ['text/html', 'application/octet-stream'],
    ['image/svg+xml', 'application/octet-stream'],
    ['application/xhtml+xml', 'application/octet-stream'],
    ['', 'application/octet-stream'],
  ])('safeMime(%j) = %j', (input, out) => expect(safeMime(input)).toBe(out))

  it.each([
    ['photo.jpg', 'photo.jpg'],
    ['a/b\\c', 'a_b_c'],
    ['  ', 'file'],
    ['..', 'file'],
    ['x\u0007y', 'xy'],
    ['invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['a\u2066b\u2069.txt', 'ab.txt'],
  ])('safeFileName(%j) = %j', (input, out) => expect(safeFileName(input)).toBe(out))
})
