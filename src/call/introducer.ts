import type { RoomMessage, Vouched } from '../rtc/messages'
import type { PeerSession } from '../rtc/session'
import type { RoomCap } from './room-cap'
import type { Roster } from './roster'

/** An introduced pair not heard of (`met`) this long after is taken to be over, one way or
 *  another: leaving does not wait for it. */
export const MEET_WAIT_MS = 60_000

export interface IntroducerDeps<S extends PeerSession> {
  roster: Roster<S>
  cap: RoomCap
  sendTo(id: string, message: RoomMessage): boolean
  now?: () => number
}

/**
 * This device as an introducer (docs/protocol.md, "Rooms", Introduce): when a member's
 * connection opens, it introduces that member to every other one and them to it, vouching for
 * the fingerprint it sees on its own connection. It remembers each pair it introduced until one
 * of the two says `met`, so that leaving can wait a moment for the pairs it may still have to
 * relay for (a newcomer whose inviter left at once was otherwise left with nobody).
 */
export function makeIntroducer<S extends PeerSession>(deps: IntroducerDeps<S>) {
  const now = deps.now ?? Date.now
  const { roster } = deps
  /** Pairs introduced and not yet met: "a|b" (ids in order) → when. */
  const awaiting = new Map<string, number>()
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`)

  const vouch = (id: string): Vouched | null => {
    const name = roster.view(id)?.name
    const session = roster.live(id)
    const fingerprint = session?.remoteFingerprint()
    if (name === undefined || !session || !fingerprint) return null
    const media = session.remote?.media === true && session.remote.earlyMedia === true
    const trickle = session.remote?.trickle === true
    const newcomer = deps.cap.isNewcomer(id)
    return {
      id,
      name,
      fingerprint,
      ...(media ? { media } : {}),
      ...(trickle ? { trickle } : {}),
      ...(newcomer ? { newcomer } : {}),
    }
  }

  const waiting = (): number => {
    const at = now()
    for (const [pair, since] of awaiting) if (at - since > MEET_WAIT_MS) awaiting.delete(pair)
    return awaiting.size
  }

  return {
    /** A member's connection opened: introduce it to everyone else, and everyone else to it. */
    connected(id: string): void {
      const newcomer = vouch(id)
      if (!newcomer) return
      for (const other of roster.ids()) {
        if (other === id) continue
        const existing = vouch(other)
        if (!existing) continue
        // The existing member hears first, so any signal from the newcomer finds it prepared.
        deps.sendTo(other, { t: 'introduce', peer: newcomer, room: roster.size })
        deps.sendTo(id, { t: 'introduce', peer: existing, room: roster.size })
        awaiting.set(key(id, other), now())
      }
    },

    /** `from` says its connection to `id` is open. */
    met(from: string, id: string): void {
      awaiting.delete(key(from, id))
    },

    /** A member is gone: pairs with it wait for nothing any more. */
    gone(id: string): void {
      for (const pair of awaiting.keys()) if (pair.split('|').includes(id)) awaiting.delete(pair)
    },

    /** Resolves once no pair this device introduced waits to meet, or after `ms`. */
    async drained(ms: number): Promise<void> {
      const deadline = now() + ms
      while (waiting() > 0 && now() < deadline) await sleep(50)
    },
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
