/** A tile that leaves the screen is reported as not shown only after this long: moving a tile
 *  (pinned, unpinned, the grid reflowed) makes it again at once, and the sender's camera copy
 *  should not be switched off and on for that. */
export const HIDE_AFTER_MS = 400

/**
 * Tells each member's sender how high its video is shown on this screen (rtc/media-session.ts
 * `sendView`), and 0 when it is shown nowhere — its tile is off the page, or the app went to the
 * background — so that sender encodes and sends no copy nobody sees. Tiles report themselves;
 * a member can have more than one (its camera in the grid and in a strip). Timers and the sender
 * are injected: unit-tested in Node.
 */
export function makeViewReporter(options: {
  send: (memberId: string, height: number) => void
  hideAfterMs?: number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}) {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as number))
  const hideAfter = options.hideAfterMs ?? HIDE_AFTER_MS
  /** Per member: the heights of its tiles on screen now, by tile. */
  const tiles = new Map<string, Map<object, number>>()
  const pendingHide = new Map<string, unknown>()
  const told = new Map<string, number>()
  let background = false
  /** In the background, the member whose video still shows (picture-in-picture). */
  let floating: string | null = null

  const heightOf = (id: string): number => {
    if (background && id !== floating) return 0
    return Math.max(0, ...(tiles.get(id)?.values() ?? []))
  }

  const tell = (id: string): void => {
    const timer = pendingHide.get(id)
    if (timer !== undefined) clearTimer(timer)
    pendingHide.delete(id)
    const height = heightOf(id)
    if (height > 0 || background) {
      if (told.get(id) !== height) options.send(id, height)
      told.set(id, height)
      return
    }
    // Off screen: said after a moment, unless a tile of it is back by then.
    if (told.get(id) === 0) return
    pendingHide.set(
      id,
      setTimer(() => {
        pendingHide.delete(id)
        if (heightOf(id) > 0) return
        options.send(id, 0)
        told.set(id, 0)
      }, hideAfter),
    )
  }

  return {
    /** A tile of `memberId` is on screen, `height` device pixels high (again on each resize). */
    shown(memberId: string, tile: object, height: number): void {
      const of = tiles.get(memberId) ?? new Map<object, number>()
      of.set(tile, height)
      tiles.set(memberId, of)
      tell(memberId)
    },

    /** That tile left the screen (unmounted, or its member went off the page). */
    gone(memberId: string, tile: object): void {
      tiles.get(memberId)?.delete(tile)
      tell(memberId)
    },

    /** The app went to the background (or came back); `pip`: whose video still floats. */
    setBackground(hidden: boolean, pip: string | null): void {
      background = hidden
      floating = pip
      for (const id of new Set([...tiles.keys(), ...told.keys()])) tell(id)
    },

    /** The member has a new connection (introduced late, reconnected): it hears it all again. */
    resend(memberId: string): void {
      told.delete(memberId)
      tell(memberId)
    },

    /** A member left the call: nothing more to tell it. */
    forget(memberId: string): void {
      const timer = pendingHide.get(memberId)
      if (timer !== undefined) clearTimer(timer)
      pendingHide.delete(memberId)
      tiles.delete(memberId)
      told.delete(memberId)
    },
  }
}

export type ViewReporter = ReturnType<typeof makeViewReporter>
