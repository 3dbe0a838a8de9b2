/**
 * Keeps the screen on during a call (Screen Wake Lock API), as a call app on a phone does: a
 * screen that dims and locks mid-call ends the camera for the others. Plain TypeScript; the
 * browser comes in through `WakeLockDeps`, so a Node test drives it with a fake.
 *
 * Contract:
 * - `hold()` asks for a screen lock and keeps wanting one until `release()`.
 * - The browser releases the lock whenever the page is hidden (tab switched, phone locked). While
 *   a lock is wanted, each time the page becomes visible again without one, it asks again.
 * - `release()` gives the lock back and stops asking. A lock granted after `release()` (its
 *   request was still pending) is given back the moment it arrives.
 * - A refusal (no Wake Lock API, battery saver, a hidden page) is no error for a person: the call
 *   goes on, the screen may just dim. It is not retried until the page is shown again.
 */

/** What this module needs of a `WakeLockSentinel`. */
export interface WakeLockSentinelLike extends EventTarget {
  readonly released: boolean
  release(): Promise<void>
}

export interface WakeLockDeps {
  /** `navigator.wakeLock.request('screen')`; null where the browser has no Wake Lock API. */
  request: (() => Promise<WakeLockSentinelLike>) | null
  isVisible: () => boolean
  /** Calls `listener` on every visibility change; returns a function that stops it. */
  onVisibilityChange: (listener: () => void) => () => void
}

export interface ScreenWakeLock {
  hold(): void
  release(): void
  /** Whether a lock is held right now (granted and not released by anyone). */
  held(): boolean
}

export function makeWakeLock(deps: WakeLockDeps): ScreenWakeLock {
  let wanted = false
  let sentinel: WakeLockSentinelLike | null = null
  let pending = false
  let stopWatching: (() => void) | null = null

  function acquire(): void {
    const request = deps.request
    if (!wanted || sentinel || pending || !request || !deps.isVisible()) return
    pending = true
    request().then(
      (granted) => {
        pending = false
        if (!wanted) {
          void granted.release().catch(() => undefined)
          return
        }
        sentinel = granted
        // Released by the browser (page hidden) or by us: either way, no lock is held now.
        granted.addEventListener('release', () => {
          if (sentinel === granted) sentinel = null
        })
      },
      () => {
        pending = false
      },
    )
  }

  return {
    hold(): void {
      wanted = true
      stopWatching ??= deps.onVisibilityChange(() => {
        if (sentinel?.released) sentinel = null
        acquire()
      })
      acquire()
    },
    release(): void {
      wanted = false
      stopWatching?.()
      stopWatching = null
      const held = sentinel
      sentinel = null
      if (held && !held.released) void held.release().catch(() => undefined)
    },
    held: () => sentinel !== null && !sentinel.released,
  }
}

/** The page's own Wake Lock API and visibility. */
export function browserWakeLockDeps(): WakeLockDeps {
  const wakeLock = 'wakeLock' in navigator ? navigator.wakeLock : null
  return {
    request: wakeLock ? () => wakeLock.request('screen') : null,
    isVisible: () => document.visibilityState === 'visible',
    onVisibilityChange(listener) {
      document.addEventListener('visibilitychange', listener)
      return () => document.removeEventListener('visibilitychange', listener)
    },
  }
}
