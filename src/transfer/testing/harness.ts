import {
  type FakeLinkOptions,
  type FakeNetwork,
  makeFakeNetwork,
  until,
} from '../../shared/testing/fake-channel'
import type { CreateSink, FileSink, SinkMeta } from '../file-sink'
import { type FileTransfers, type FileTransfersOptions, makeFileTransfers } from '../files'
import type { FileSource, Transfer, TransferStatus } from '../types'

export interface RecordedSink {
  readonly meta: SinkMeta
  written: number
  chunks: Uint8Array[]
  finished: boolean
  aborted: boolean
}

export interface SinkOptions {
  /** Each write resolves after this many ms (default: next microtask). */
  writeDelayMs?: number
  /** The write that would take the total past this many bytes rejects. */
  failAfterBytes?: number
  /** Writes never complete. */
  stall?: boolean
}

/** A memory sink that records what happened to it. */
export function recordingSinks(options: SinkOptions = {}) {
  const sinks: RecordedSink[] = []
  const create: CreateSink = async (meta) => {
    const rec: RecordedSink = { meta, written: 0, chunks: [], finished: false, aborted: false }
    sinks.push(rec)
    const sink: FileSink = {
      async write(chunk) {
        if (options.stall) await new Promise(() => {})
        if (options.writeDelayMs !== undefined) {
          await new Promise((r) => setTimeout(r, options.writeDelayMs))
        }
        if (rec.written + chunk.byteLength > (options.failAfterBytes ?? Number.POSITIVE_INFINITY)) {
          throw new Error('disk full')
        }
        rec.chunks.push(chunk)
        rec.written += chunk.byteLength
      },
      async finish() {
        rec.finished = true
        return new Blob(rec.chunks as Uint8Array<ArrayBuffer>[], { type: meta.mime })
      },
      async abort() {
        rec.aborted = true
      },
    }
    return sink
  }
  return { sinks, create }
}

/** Deterministic pseudo-random bytes. */
export function bytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

export function file(size: number, name = `f${size}.bin`, seed = size): File {
  return new File([bytes(size, seed)], name, { type: 'application/octet-stream' })
}

/** Wraps a file source, counting slice reads in flight. */
export function countingSource(source: FileSource) {
  const stats = { inFlight: 0, maxInFlight: 0, reads: 0 }
  const wrapped: FileSource = {
    name: source.name,
    size: source.size,
    type: source.type,
    slice(start, end) {
      const slice = source.slice(start, end)
      return {
        async arrayBuffer() {
          stats.reads++
          stats.inFlight++
          stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
          try {
            return await slice.arrayBuffer()
          } finally {
            stats.inFlight--
          }
        },
      }
    },
  }
  return { stats, source: wrapped }
}

export interface Harness {
  net: FakeNetwork
  alice: FileTransfers
  bob: FileTransfers
  aliceSinks: RecordedSink[]
  bobSinks: RecordedSink[]
  /** Every status each side's transfers passed through, by id. */
  history: Map<string, TransferStatus[]>
}

export function makeHarness(
  options: {
    link?: FakeLinkOptions
    sink?: SinkOptions
    files?: Partial<FileTransfersOptions>
  } = {},
): Harness {
  const net = makeFakeNetwork(options.link)
  const a = recordingSinks(options.sink)
  const b = recordingSinks(options.sink)
  const alice = makeFileTransfers({
    openChannel: net.openA,
    createSink: a.create,
    ...options.files,
  })
  const bob = makeFileTransfers({ openChannel: net.openB, createSink: b.create, ...options.files })
  net.onIncomingA = (ch) => alice.acceptChannel(ch)
  net.onIncomingB = (ch) => bob.acceptChannel(ch)
  const history = new Map<string, TransferStatus[]>()
  const record = (who: string, ft: FileTransfers) => () => {
    for (const t of ft.transfers()) {
      const key = `${who}:${t.id}`
      const h = history.get(key) ?? []
      if (h.at(-1) !== t.state.status) h.push(t.state.status)
      history.set(key, h)
    }
  }
  alice.on('change', record('alice', alice))
  bob.on('change', record('bob', bob))
  return { net, alice, bob, aliceSinks: a.sinks, bobSinks: b.sinks, history }
}

export function find(ft: FileTransfers, id: string): Transfer {
  const t = ft.transfers().find((x) => x.id === id)
  if (!t) throw new Error(`no transfer ${id}`)
  return t
}

export const statusOf = (ft: FileTransfers, id: string): TransferStatus | undefined =>
  ft.transfers().find((x) => x.id === id)?.state.status

export async function untilStatus(
  ft: FileTransfers,
  id: string,
  status: TransferStatus,
  timeoutMs = 5000,
): Promise<void> {
  await until(() => statusOf(ft, id) === status, timeoutMs).catch(() => {
    throw new Error(`${id}: wanted ${status}, is ${JSON.stringify(find(ft, id).state)}`)
  })
}
