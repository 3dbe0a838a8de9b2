/**
 * werift 0.25 closes an incoming data channel as soon as the other side's stream-reset request
 * arrives, although RFC 6525 §5.2.2 asks it to wait until every DATA chunk sent before the reset
 * (TSN up to the request's "last assigned TSN") has been received. A browser may put the reset
 * and the last DATA in one packet, and control chunks come first in a packet (RFC 9260 §6.10):
 * the last message before a close — a file's `verified` — was then lost, and the terminal said
 * "failed (connection-lost)" for a file the app had verified (an e2e retry in stops 22 and 24).
 *
 * `deferStreamResets(association)` patches the class of a werift SCTP association, once: a
 * reset request whose last TSN has not been received yet waits until it has (never holding up
 * the packet it came in: the DATA it waits for may follow it there), at most RESET_WAIT_MAX_MS;
 * a repeat of a waiting request is dropped. Returns whether the class has the patch.
 *
 * werift 0.25 also frees a stream id as soon as ONE direction of the stream is reset: its
 * RTCSctpTransport closes the channel and deletes it from `dataChannels` on every
 * `onReconfigStreams` event, which SCTP.receiveReconfigParam fires both when it carries out the
 * other side's reset of ITS outgoing stream and when the other side acknowledges the reset of
 * OURS. dataChannelFlush then gives the id to the next new channel while the other direction is
 * still being reset, and when that completes the second event closes the new channel ("arrives
 * already closed", or its messages go to the old one). And when both sides close at once, each
 * side, carrying out the other's reset while its own is in flight, queues a second reset of the
 * same stream, which later resets whatever channel then has the id. RFC 8831 §6.7: a channel is
 * closed, and its id free, once its stream is reset in both directions.
 * `pairStreamResets(transport)` makes werift keep to that, for one RTCSctpTransport's association
 * (with the deferral above): werift hears of a stream only once both directions are reset (a
 * channel whose incoming side was reset meanwhile is 'closing'); a reset of a stream whose own
 * reset is in flight queues no second one; a repeated request already carried out is answered
 * again but not carried out again (RFC 6525 §5.2.1).
 * werift-peer.test.ts fails if a werift upgrade changes the methods this relies on.
 */

/** A reset whose DATA never comes (a peer's bug) is carried out after this long anyway. */
export const RESET_WAIT_MAX_MS = 5000

/** werift's parameter type of an Outgoing SSN Reset Request (RFC 6525 §4.1). */
const OUTGOING_SSN_RESET_REQUEST = 13
/** werift's parameter type of a Re-configuration Response (RFC 6525 §4.4). */
const RECONFIG_RESPONSE = 16
/** The response's result "Success - Performed". */
const SUCCESS_PERFORMED = 1

/** The members of werift's SCTP association (its class `SCTP`) the patch uses. */
export interface ResettableAssociation {
  /** Cumulative TSN: every DATA chunk up to it has been received. */
  lastReceivedTsn: number
  receiveReconfigParam(param: { readonly type: number }): Promise<unknown>
  receiveChunk(chunk: unknown): Promise<unknown>
}

interface ResetRequest {
  readonly type: number
  readonly requestSequence: number
  readonly responseSequence: number
  readonly lastTsn: number
  readonly streams: readonly number[]
}

interface ResetResponse {
  readonly type: number
  readonly responseSequence: number
  readonly result: number
}

/** What pairStreamResets further uses of werift's association. */
interface PairedAssociation extends ResettableAssociation {
  /** Our reset request in flight (one at a time). */
  readonly reconfigRequest?: { readonly requestSequence: number; readonly streams: number[] }
  /** Our streams waiting to be reset once the request in flight is answered. */
  readonly reconfigQueue: number[]
  /** Next SSN per outgoing stream; werift resets ours when the other side resets its stream
   *  and this is set, and deletes it once our reset is acknowledged. */
  readonly outboundStreamSeq: Record<number, number | undefined>
  /** Sequence number of the last request of the other side that werift carried out. */
  readonly reconfigResponseSeq: number
  /** Fired with stream ids whose reset completed: the transport closes and forgets their channels. */
  readonly onReconfigStreams: { execute: (ids: number[]) => void }
}

/** The members of werift's RTCSctpTransport that pairStreamResets uses. */
export interface ChannelTransport {
  readonly sctp?: object | null
  readonly dataChannels: Record<
    number,
    { readonly readyState: string; setReadyState(state: 'closing'): void } | undefined
  >
}

/** One association's streams on their way to being reset in both directions. */
interface Book {
  /** The other side's request werift is about to carry out; returns what werift should carry out. */
  incoming(request: ResetRequest): ResetRequest
  /** A response werift is about to read. */
  response(param: ResetResponse): void
}

const PATCHED = Symbol('tatap.deferStreamResets')
const books = new WeakMap<object, Book>()

export function deferStreamResets(association: object | null | undefined): boolean {
  if (!association) return false
  const proto = Object.getPrototypeOf(association) as ResettableAssociation & {
    [PATCHED]?: true
  }
  if (proto[PATCHED]) return true
  if (typeof proto.receiveReconfigParam !== 'function' || typeof proto.receiveChunk !== 'function')
    return false
  proto[PATCHED] = true
  const receiveReconfigParam = proto.receiveReconfigParam
  const receiveChunk = proto.receiveChunk
  const waiting = new WeakMap<
    ResettableAssociation,
    Map<number, { request: ResetRequest; timer: ReturnType<typeof setTimeout> }>
  >()

  /** werift's own handling, told first to the association's book (pairStreamResets), if any. */
  const perform = (self: ResettableAssociation, param: { readonly type: number }) => {
    const book = books.get(self)
    if (book && param.type === OUTGOING_SSN_RESET_REQUEST) {
      return receiveReconfigParam.call(self, book.incoming(param as ResetRequest))
    }
    if (book && param.type === RECONFIG_RESPONSE) book.response(param as ResetResponse)
    return receiveReconfigParam.call(self, param)
  }

  const carryOut = (self: ResettableAssociation, sequence: number): void => {
    const mine = waiting.get(self)
    const entry = mine?.get(sequence)
    if (!mine || !entry) return
    clearTimeout(entry.timer)
    mine.delete(sequence)
    void perform(self, entry.request).catch(() => undefined)
  }

  proto.receiveReconfigParam = function (this: ResettableAssociation, param) {
    const request = param as ResetRequest
    if (
      request.type !== OUTGOING_SSN_RESET_REQUEST ||
      !tsnAfter(request.lastTsn, this.lastReceivedTsn)
    ) {
      return perform(this, param)
    }
    let mine = waiting.get(this)
    if (!mine) {
      mine = new Map()
      waiting.set(this, mine)
    }
    if (!mine.has(request.requestSequence)) {
      const timer = setTimeout(() => carryOut(this, request.requestSequence), RESET_WAIT_MAX_MS)
      timer.unref?.()
      mine.set(request.requestSequence, { request, timer })
    }
    return Promise.resolve()
  }

  proto.receiveChunk = async function (this: ResettableAssociation, chunk) {
    const result = await receiveChunk.call(this, chunk)
    for (const [sequence, { request }] of waiting.get(this) ?? []) {
      if (!tsnAfter(request.lastTsn, this.lastReceivedTsn)) carryOut(this, sequence)
    }
    return result
  }
  return true
}

/**
 * For the association of one werift RTCSctpTransport: a stream id is closed and free again only
 * once the stream is reset in both directions (see the top of this file). Patches the class as
 * deferStreamResets does, and the association's `onReconfigStreams` once. Returns whether both
 * are in place.
 */
export function pairStreamResets(transport: ChannelTransport | null | undefined): boolean {
  const association = transport?.sctp as PairedAssociation | null | undefined
  if (!transport || !association || !deferStreamResets(association)) return false
  if (books.has(association)) return true
  if (
    !Array.isArray(association.reconfigQueue) ||
    typeof association.outboundStreamSeq !== 'object' ||
    typeof association.reconfigResponseSeq !== 'number' ||
    typeof association.onReconfigStreams?.execute !== 'function' ||
    typeof transport.dataChannels !== 'object'
  ) {
    return false
  }
  books.set(association, makeBook(association, transport))
  return true
}

function makeBook(association: PairedAssociation, transport: ChannelTransport): Book {
  /** Streams reset in one direction ('in': the other side's, 'out': ours), not yet the other. */
  const half = new Map<number, 'in' | 'out'>()
  /** Streams now reset both ways: the next onReconfigStreams naming them goes through. */
  const done = new Set<number>()
  const reset = (stream: number, direction: 'in' | 'out'): void => {
    const before = half.get(stream)
    if (before !== undefined && before !== direction) {
      half.delete(stream)
      done.add(stream)
    } else half.set(stream, direction)
  }

  const execute = association.onReconfigStreams.execute
  association.onReconfigStreams.execute = (ids: number[]) => {
    for (const id of ids) {
      const channel = transport.dataChannels[id]
      const open = channel?.readyState === 'open' || channel?.readyState === 'connecting'
      // The other side closed it; ours is still being reset: no more sending, as in a browser.
      if (open && half.get(id) === 'in') channel.setReadyState('closing')
    }
    const complete = ids.filter((id) => done.delete(id))
    if (complete.length > 0) execute(complete)
  }

  return {
    incoming(request) {
      // Carried out already (our response was lost): answer again, reset nothing again.
      if (!tsnAfter(request.requestSequence, association.reconfigResponseSeq)) {
        return {
          type: request.type,
          requestSequence: request.requestSequence,
          responseSequence: request.responseSequence,
          lastTsn: request.lastTsn,
          streams: [],
        }
      }
      const inFlight = association.reconfigRequest?.streams ?? []
      for (const stream of request.streams) {
        if (inFlight.includes(stream)) {
          // Both sides closed at once: our reset of it is on its way, werift must not queue another.
          delete association.outboundStreamSeq[stream]
          reset(stream, 'in')
        } else if (
          half.has(stream) ||
          association.reconfigQueue.includes(stream) ||
          association.outboundStreamSeq[stream] // werift resets ours only then
        ) {
          reset(stream, 'in')
        } else {
          done.add(stream) // nothing of ours to reset
        }
      }
      return request
    },
    response(param) {
      const request = association.reconfigRequest
      if (param.result !== SUCCESS_PERFORMED || param.responseSequence !== request?.requestSequence)
        return
      for (const stream of request.streams) reset(stream, 'out')
    },
  }
}

/** Serial-number order of 32-bit TSNs (RFC 1982): `a` comes after `b`. */
export function tsnAfter(a: number, b: number): boolean {
  return a !== b && (a - b) >>> 0 < 0x8000_0000
}
