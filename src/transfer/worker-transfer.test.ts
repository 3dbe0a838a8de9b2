import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type FakeLinkOptions, makeFakeNetwork } from '../shared/testing/fake-channel'
import { chunkSizeFor, makeFileTransfers } from './files'
import { makeOpfsSink, OPFS_DIR, type OpfsDirectory } from './opfs-sink'
import { FILE_CHUNK, FILE_MAX_CHUNK } from './protocol'
import { FakeWorkerDir, fakeTransferWorker } from './testing/fake-worker'
import { file, find, untilStatus } from './testing/harness'
import { WorkerClient, workerHasher } from './worker-client'

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/** Alice sends hashing in "her" worker; Bob stores and hashes in "his" (OPFS, sync handles). */
function workerPair(link: FakeLinkOptions = {}, maxMessageSize?: number) {
  const net = makeFakeNetwork(link)
  const aliceWorker = new WorkerClient(fakeTransferWorker(new FakeWorkerDir()))
  const bobRoot = new FakeWorkerDir()
  const bobWorker = new WorkerClient(fakeTransferWorker(bobRoot))
  const alice = makeFileTransfers({
    openChannel: net.openA,
    createSink: async () => {
      throw new Error('alice receives nothing')
    },
    createHasher: () => workerHasher(aliceWorker),
    ...(maxMessageSize ? { maxMessageSize: () => maxMessageSize } : {}),
  })
  const bob = makeFileTransfers({
    openChannel: net.openB,
    createSink: makeOpfsSink({
      getRoot: async () => bobRoot as unknown as OpfsDirectory,
      worker: () => bobWorker,
    }),
  })
  net.onIncomingB = (ch) => bob.acceptChannel(ch)
  return { net, alice, bob, bobRoot }
}

describe('files through the transfer worker', () => {
  it('a file hashed by the sender’s worker is stored and verified by the receiver’s', async () => {
    const { alice, bob, bobRoot } = workerPair()
    const f = file(1024 * 1024 + 11)
    const [id] = alice.send([f]) as [string]
    await untilStatus(bob, id, 'offered')
    bob.accept(id)
    await untilStatus(alice, id, 'done')
    await untilStatus(bob, id, 'done')
    const state = find(bob, id).state
    if (state.status !== 'done' || !state.blob) throw new Error('no blob')
    expect(sha(new Uint8Array(await state.blob.arrayBuffer()))).toBe(
      sha(new Uint8Array(await f.arrayBuffer())),
    )
    expect(bobRoot.dirs.get(OPFS_DIR)?.open.size).toBe(0)
  }, 20_000)

  it('a byte changed on the way fails both sides with mismatch (the worker’s hash is checked)', async () => {
    let flipped = false
    const { alice, bob } = workerPair({
      tamper: (data) => {
        if (typeof data === 'string' || flipped || data.byteLength < 100) return data
        flipped = true
        const copy = new Uint8Array(data.slice(0))
        copy[50] = (copy[50] ?? 0) ^ 1
        return copy.buffer
      },
    })
    const [id] = alice.send([file(500_000)]) as [string]
    await untilStatus(bob, id, 'offered')
    bob.accept(id)
    await untilStatus(bob, id, 'failed')
    expect(find(bob, id).state).toEqual({ status: 'failed', reason: 'mismatch', by: 'me' })
    await untilStatus(alice, id, 'failed')
    expect(find(alice, id).state).toEqual({ status: 'failed', reason: 'mismatch', by: 'peer' })
  })

  it('sends chunks as large as the peer takes, up to FILE_MAX_CHUNK', async () => {
    // Measured on delivery: the receiver's worker sink then takes (detaches) the buffer.
    const sizes: number[] = []
    const { alice, bob } = workerPair(
      { onDeliver: (data) => typeof data !== 'string' && sizes.push(data.byteLength) },
      1 << 30,
    )
    const [id] = alice.send([file(FILE_MAX_CHUNK * 2 + 5)]) as [string]
    await untilStatus(bob, id, 'offered')
    bob.accept(id)
    await untilStatus(bob, id, 'done')
    expect(sizes).toEqual([FILE_MAX_CHUNK, FILE_MAX_CHUNK, 5])
  })
})

describe('chunkSizeFor', () => {
  it('takes the peer’s limit within 1 … FILE_MAX_CHUNK, FILE_CHUNK when unknown', () => {
    expect(chunkSizeFor(null)).toBe(FILE_CHUNK)
    expect(chunkSizeFor(Number.NaN)).toBe(FILE_CHUNK)
    expect(chunkSizeFor(Number.POSITIVE_INFINITY)).toBe(FILE_MAX_CHUNK)
    expect(chunkSizeFor(65_536)).toBe(65_536)
    expect(chunkSizeFor(1_073_741_823)).toBe(FILE_MAX_CHUNK)
    expect(chunkSizeFor(0)).toBe(1)
  })
})
