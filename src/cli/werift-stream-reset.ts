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
 * werift-peer.test.ts fails if a werift upgrade changes the methods this relies on.
 */

/** A reset whose DATA never comes (a peer's bug) is carried out after this long anyway. */
export const RESET_WAIT_MAX_MS = 5000

/** werift's parameter type of an Outgoing SSN Reset Request (RFC 6525 §4.1). */
const OUTGOING_SSN_RESET_REQUEST = 13

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
  readonly lastTsn: number
}

const PATCHED = Symbol('tatap.deferStreamResets')

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

  const carryOut = (self: ResettableAssociation, sequence: number): void => {
    const mine = waiting.get(self)
    const entry = mine?.get(sequence)
    if (!mine || !entry) return
    clearTimeout(entry.timer)
    mine.delete(sequence)
    void receiveReconfigParam.call(self, entry.request).catch(() => undefined)
  }

  proto.receiveReconfigParam = function (this: ResettableAssociation, param) {
    const request = param as ResetRequest
    if (
      request.type !== OUTGOING_SSN_RESET_REQUEST ||
      !tsnAfter(request.lastTsn, this.lastReceivedTsn)
    ) {
      return receiveReconfigParam.call(this, param)
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

/** Serial-number order of 32-bit TSNs (RFC 1982): `a` comes after `b`. */
export function tsnAfter(a: number, b: number): boolean {
  return a !== b && (a - b) >>> 0 < 0x8000_0000
}
