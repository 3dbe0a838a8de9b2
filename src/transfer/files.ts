import { type DataChannelLike, type OpenChannel, tryClose, trySend } from '../shared/channel'
import { OwnedEmitter } from '../shared/emitter'
import { randomId } from '../shared/ids'
import type { CreateSink } from './file-sink'
import { type CreateHasher, inThreadHasher } from './hasher'
import { encodeFrame, FILE_CHUNK, FILE_MAX_CHUNK, fileLabel } from './protocol'
import { awaitOffer, IncomingTransfer } from './receive-transfer'
import { OutgoingTransfer } from './send-transfer'
import { makeSlots } from './slots'
import type { FileSource, Transfer } from './types'
import { preferWorker } from './worker-client'
import { sharedTransferWorker } from './worker-spawn'

export interface FileTransfersOptions {
  openChannel: OpenChannel
  createSink: CreateSink
  now?: () => number
  /** Transfer ids; must match protocol ID_PATTERN. Default: 128 random bits, base64url. */
  newId?: () => string
  /** Outgoing files streaming at once; more wait in state 'queued'. Default 3. */
  concurrency?: number
  /** Incoming offers awaiting the user at once; further offers are declined. Default 32. */
  maxPendingOffers?: number
  /**
   * The largest message the peer takes (RTCSctpTransport.maxMessageSize), asked when a file
   * starts streaming; chunks are that big, at most FILE_MAX_CHUNK. Default (or null): FILE_CHUNK,
   * which every peer takes.
   */
  maxMessageSize?: () => number | null
  /**
   * Hashes outgoing files. Default: in the shared transfer worker where the platform has
   * Workers, else on this thread. (Incoming files are hashed by their sink, or on this thread.)
   */
  createHasher?: CreateHasher
}

/** Bytes per binary message for a peer taking messages of up to `max` bytes. */
export function chunkSizeFor(max: number | null): number {
  if (max === null || Number.isNaN(max)) return FILE_CHUNK
  return Math.max(1, Math.min(FILE_MAX_CHUNK, Math.floor(max)))
}

export interface FileTransfers {
  /** Offers each file on its own `file:<id>` channel; returns the new transfer ids. */
  send(files: readonly FileSource[]): string[]
  /** Hand over every incoming channel whose label starts with `file:`, synchronously from the
   *  'datachannel' event (so binaryType is set before the first message). */
  acceptChannel(channel: DataChannelLike): void
  /** Receiver: take an 'offered' transfer. */
  accept(id: string): void
  /** Receiver: refuse an 'offered' transfer. */
  decline(id: string): void
  /** Either side, any non-final state (a receiver's 'offered' is declined instead). */
  cancel(id: string): void
  /** Forgets a final transfer (its blob stays valid; removing OPFS files is the caller's job). */
  dismiss(id: string): void
  /** In creation order. Snapshots are immutable; the array is new whenever one changed (also
   *  between 'change' events, which progress alone emits at most every PROGRESS_EMIT_MS). */
  transfers(): readonly Transfer[]
  on(event: 'change', cb: () => void): () => void
  /** The connection is gone: every unfinished transfer fails with 'connection-lost'. */
  lose(): void
  /** Cancels everything unfinished, closes all channels, stops emitting. */
  dispose(): void
}

/** A channel that failed to open: the transfer shows 'failed: connection-lost'. */
class DeadChannel extends EventTarget implements DataChannelLike {
  readonly readyState = 'closed'
  binaryType: BinaryType = 'arraybuffer'
  readonly bufferedAmount = 0
  bufferedAmountLowThreshold = 0
  constructor(readonly label: string) {
    super()
  }
  send(): void {
    throw new Error('channel is closed')
  }
  close(): void {}
}

/** File channels of one peer that may wait for their offer at once; more are closed. */
export const MAX_CHANNELS_WITHOUT_OFFER = 16

export function makeFileTransfers(options: FileTransfersOptions): FileTransfers {
  const now = options.now ?? Date.now
  const newId = options.newId ?? randomId
  const maxPending = options.maxPendingOffers ?? 32
  const slots = makeSlots(options.concurrency ?? 3)
  const emitter = new OwnedEmitter<{ change: undefined }>()
  const machines = new Map<string, OutgoingTransfer | IncomingTransfer>()
  const waitingForOffer = new Set<() => void>()
  let list: readonly Transfer[] = []
  let disposed = false

  const changed = (): void => {
    if (!disposed) emitter.emit('change', undefined)
  }
  /** Progress between 'change' events updates snapshots silently; rebuild when any moved. */
  const current = (): readonly Transfer[] => {
    let i = 0
    let same = list.length === machines.size
    for (const m of machines.values()) if (!same || list[i++] !== m.snapshot) same = false
    if (!same) list = [...machines.values()].map((m) => m.snapshot)
    return list
  }
  const deps = { now, changed }
  const createHasher = options.createHasher ?? preferWorker(sharedTransferWorker, inThreadHasher)
  const maxMessageSize = options.maxMessageSize ?? (() => null)

  const incoming = (id: string): IncomingTransfer | null => {
    const m = machines.get(id)
    return m instanceof IncomingTransfer ? m : null
  }

  return {
    send(files) {
      if (disposed) return []
      const ids: string[] = []
      for (const file of files) {
        const id = newId()
        let channel: DataChannelLike
        try {
          channel = options.openChannel(fileLabel(id))
        } catch {
          channel = new DeadChannel(fileLabel(id))
        }
        const machine = new OutgoingTransfer(id, file, channel, deps, {
          slots,
          createHasher,
          chunkSize: () => chunkSizeFor(maxMessageSize()),
        })
        machines.set(id, machine)
        ids.push(id)
        machine.start()
      }
      changed()
      return ids
    },
    acceptChannel(channel) {
      // A peer opening channel after channel without offering anything is not sending files.
      if (disposed || waitingForOffer.size >= MAX_CHANNELS_WITHOUT_OFFER) return tryClose(channel)
      const stop = awaitOffer(channel, (offer) => {
        waitingForOffer.delete(stop)
        const pending = [...machines.values()].filter((m) => m.status === 'offered').length
        if (machines.has(offer.id) || pending >= maxPending) {
          trySend(channel, encodeFrame({ t: 'decline' }))
          return tryClose(channel)
        }
        machines.set(
          offer.id,
          new IncomingTransfer(offer, channel, deps, options.createSink, inThreadHasher),
        )
        changed()
      })
      waitingForOffer.add(stop)
      channel.addEventListener('close', () => waitingForOffer.delete(stop), { once: true })
    },
    accept: (id) => incoming(id)?.accept(),
    decline: (id) => incoming(id)?.decline(),
    cancel: (id) => machines.get(id)?.cancel(),
    dismiss(id) {
      if (machines.get(id)?.final && machines.delete(id)) changed()
    },
    transfers: current,
    on: (event, cb) => emitter.on(event, cb),
    lose() {
      for (const stop of waitingForOffer) stop()
      waitingForOffer.clear()
      for (const m of machines.values()) m.lose()
    },
    dispose() {
      disposed = true
      emitter.clear()
      for (const stop of waitingForOffer) stop()
      waitingForOffer.clear()
      for (const m of machines.values()) m.cancel()
    },
  }
}
