import { MAX_ROOM_SIZE } from './member'

/**
 * How long a member counts as a newcomer after it came in (by a code exchange, or introduced as
 * one). Concurrent joins at the room's edge happen within seconds of each other; a minute covers
 * a slow phone's introductions.
 */
export const FRESH_MS = 60_000

/**
 * The room's size holds under races (docs/protocol.md, "Rooms", Size). Two people invited at
 * once by two members of a room of seven would make nine; each member that would go over the
 * size weighs the newcomers it knows — the same ones everywhere, since every introduction of a
 * newcomer says so — and turns away the one whose id sorts last. Every member decides the same,
 * so the room ends at MAX_ROOM_SIZE and never splits.
 */
export class RoomCap {
  private readonly joinedAt = new Map<string, number>()

  constructor(
    private readonly selfId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** `id` is joining now (came in by our code, or an introduction said `newcomer`). */
  markNewcomer(id: string): void {
    if (!this.joinedAt.has(id)) this.joinedAt.set(id, this.now())
  }

  /** Whether `id` (this device's own id too) joined within FRESH_MS. */
  isNewcomer(id: string): boolean {
    const at = this.joinedAt.get(id)
    return at !== undefined && this.now() - at <= FRESH_MS
  }

  /**
   * Someone (`incoming`) would join a room of `size` people (this device included). Null when
   * there is room; else who has to go: `incoming`, this device, or another newcomer.
   */
  turnAway(size: number, incoming: string): string | null {
    if (size < MAX_ROOM_SIZE) return null
    const weighed = [incoming, ...[...this.joinedAt.keys()].filter((id) => this.isNewcomer(id))]
    return weighed.reduce((last, id) => (id > last ? id : last))
  }

  /** This device joined by a code exchange just now: it is a newcomer too. */
  joinedNow(): void {
    this.markNewcomer(this.selfId)
  }

  forget(id: string): void {
    this.joinedAt.delete(id)
  }
}

export interface TurningAwayDeps {
  selfId: string
  cap: RoomCap
  /** People in the room now, this device included. */
  size(): number
  /** Sends to a member whose connection carries messages; false if it cannot. */
  sendTo(id: string, message: { t: 'full'; id: string }): boolean
  /** Whether we are connected to `id` (its hello came). */
  isLive(id: string): boolean
  /** The members that introduced `id` to us. */
  introducers(id: string): Iterable<string>
  /** `id` was being introduced and has to go: give the pair up. */
  dropProposal(id: string): void
  /** The room turned this device away. */
  turnedAway(): void
}

/**
 * Telling whoever the room cannot hold (docs/protocol.md, "Rooms", Size): `full {id}` goes to
 * `id` itself and to those who introduced it, who pass it on; the member it is about leaves.
 */
export function makeTurningAway(deps: TurningAwayDeps) {
  /** Ids whose `full` we sent or passed on already. */
  const told = new Set<string>()

  const tell = (id: string): void => {
    if (told.has(id)) return
    told.add(id)
    deps.sendTo(id, { t: 'full', id })
    for (const via of deps.introducers(id)) deps.sendTo(via, { t: 'full', id })
    deps.dropProposal(id)
  }

  return {
    /**
     * `id` would join now (its introduction confirmed, or its code exchange connected). Returns
     * who has to go — null when the room has a place — and tells them: `id`, another newcomer
     * (then `id` joins), or this device (`turnedAway`).
     */
    admit(id: string): string | null {
      const away = deps.cap.turnAway(deps.size(), id)
      if (away === deps.selfId) deps.turnedAway()
      else if (away !== null) tell(away)
      return away
    },

    /** `full {id}` from `sender`: about us, we leave (while we are joining); about another, it
     *  is passed on to that member once, and a proposal of it is dropped. */
    receive(sender: string, id: string): void {
      if (id === deps.selfId) {
        if (deps.cap.isNewcomer(id)) deps.turnedAway()
        return
      }
      deps.dropProposal(id)
      if (sender === id || told.has(id) || !deps.isLive(id)) return
      told.add(id)
      deps.sendTo(id, { t: 'full', id })
    },
  }
}
