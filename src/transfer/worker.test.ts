import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { OPFS_DIR } from './opfs-sink'
import { openWorkerSink } from './opfs-worker-sink'
import { FakeWorkerDir, fakeTransferWorker } from './testing/fake-worker'
import { bytes } from './testing/harness'
import { WorkerClient, workerHasher } from './worker-client'

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}
const meta = { name: 'a.bin', size: 0, mime: 'application/octet-stream' }

function setup() {
  const root = new FakeWorkerDir()
  const worker = fakeTransferWorker(root)
  return { root, worker, client: new WorkerClient(worker) }
}

describe('transfer worker: hashing', () => {
  it('hashes in order what the page transfers to it, per session', async () => {
    const { worker, client } = setup()
    const a = workerHasher(client)
    const b = workerHasher(client)
    const parts = [bytes(70_000, 1), bytes(1, 2), bytes(4096, 3)]
    const copies = parts.map((p) => p.slice())
    for (const p of parts) a.update(p)
    b.update(bytes(3, 4))
    // The buffers went to the worker: no copy stayed behind.
    expect(parts.every((p) => p.byteLength === 0)).toBe(true)
    expect(await a.digest()).toBe(sha(...copies))
    expect(await b.digest()).toBe(sha(bytes(3, 4)))
    worker.close()
  })

  it('a view into a larger buffer is copied, leaving the caller’s buffer intact', async () => {
    const { worker, client } = setup()
    const big = bytes(100, 5)
    const hasher = workerHasher(client)
    hasher.update(big.subarray(10, 20))
    expect(big.byteLength).toBe(100)
    expect(await hasher.digest()).toBe(sha(bytes(100, 5).subarray(10, 20)))
    worker.close()
  })

  it('when the worker fails, pending and later calls reject', async () => {
    const { worker, client } = setup()
    const hasher = workerHasher(client)
    const pending = client.call({ op: 'sink-open', id: 99, dir: 'd', name: 'n' })
    worker.fail()
    await expect(pending).rejects.toThrow()
    await expect(hasher.digest()).rejects.toThrow()
    expect(client.dead).toBe(true)
    worker.close()
  })
})

describe('transfer worker: OPFS sink', () => {
  async function open(setupResult: ReturnType<typeof setup>, name = 'x.part') {
    const { root, client } = setupResult
    const dir = await root.getDirectoryHandle(OPFS_DIR)
    let removed = false
    const sink = await openWorkerSink(client, dir, OPFS_DIR, name, meta, async () => {
      removed = true
      await dir.removeEntry(name)
    })
    return { sink, dir, removed: () => removed }
  }

  it('writes in order through a sync access handle, hashes, and reads the file back', async () => {
    const s = setup()
    const { sink, dir } = await open(s)
    const parts = [bytes(1000, 1), bytes(300_000, 2), bytes(7, 3)]
    const copies = parts.map((p) => p.slice())
    for (const p of parts) await sink.write(p)
    expect(dir.files.get('x.part')?.byteLength).toBe(301_007)
    expect(await sink.sha256?.()).toBe(sha(...copies))
    const blob = await sink.finish()
    expect(blob.type).toBe('application/octet-stream')
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.concat(copies))).toBe(true)
    expect(dir.open.size).toBe(0) // the handle was closed before reading
    s.worker.close()
  })

  it('a failing write rejects that write; abort closes the handle and removes the file', async () => {
    const s = setup()
    s.root.failAfter = 10
    const { sink, dir, removed } = await open(s)
    await expect(sink.write(bytes(20, 1))).rejects.toThrow(/full/)
    await sink.abort()
    expect(removed()).toBe(true)
    expect(dir.open.size).toBe(0)
    expect(dir.files.has('x.part')).toBe(false)
    s.worker.close()
  })

  it('opening fails (the page then writes itself) when the file cannot be opened', async () => {
    const s = setup()
    const dir = await s.root.getDirectoryHandle(OPFS_DIR)
    await dir.getFileHandle('busy.part')
    // Someone else holds the file's access handle.
    await (await dir.getFileHandle('busy.part')).createSyncAccessHandle?.()
    await expect(
      openWorkerSink(s.client, dir, OPFS_DIR, 'busy.part', meta, async () => {}),
    ).rejects.toThrow()
    s.worker.close()
  })
})
