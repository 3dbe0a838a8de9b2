/**
 * When a new version of the app is offered, and what Update does. Plain TypeScript: the service
 * worker registration, the clock, page visibility, reloading and state cells are passed in, so a
 * Node test drives it with fakes and the app with `registerSW`, timers and Solid signals.
 *
 * The rules:
 * - The service worker registers in prompt mode: a new version installs in the background and
 *   waits; nothing activates it but `apply()` (or every tab of the app closing).
 * - It checks for a new version when the page loads (the browser does that on navigation),
 *   every CHECK_INTERVAL_MS, and whenever the page becomes visible again.
 * - A waiting version is offered only while no call is on (`inCall()` false) — so it is offered
 *   the moment a call ends — and `apply()` refuses during a call: reloading would end it.
 * - Another tab may activate the new version first. This page then keeps running the version it
 *   loaded and offers a reload, again only outside a call.
 */

/** Checks for a new version this often while the page stays open. */
export const CHECK_INTERVAL_MS = 60 * 60 * 1000
/** After `apply()`, reload anyway if the new version has not taken control by then. */
export const APPLY_TIMEOUT_MS = 5000

/** The part of vite-plugin-pwa's `registerSW` options this controller uses. */
export interface RegisterHandlers {
  immediate: boolean
  onNeedRefresh: () => void
  onNeedReload: () => void
  onOfflineReady: () => void
  onRegisteredSW: (url: string, registration: UpdatableRegistration | undefined) => void
  onRegisterError: (error: unknown) => void
}

/** What a check needs from a ServiceWorkerRegistration. */
export interface UpdatableRegistration {
  update(): Promise<unknown>
}

/** `registerSW` from `virtual:pwa-register`: returns the function that activates a waiting version. */
export type RegisterServiceWorker = (
  handlers: RegisterHandlers,
) => (reload?: boolean) => Promise<void>

/** A readable, writable value; `createSignal` in the app, a plain variable in tests. */
export type Cell<T> = readonly [get: () => T, set: (value: T) => void]

export interface UpdateDeps {
  register: RegisterServiceWorker
  inCall: () => boolean
  reload: () => void
  cell: <T>(initial: T) => Cell<T>
  /** Calls `listener` each time the page becomes visible; returns a function that stops it. */
  onVisible: (listener: () => void) => () => void
  /** Repeats `fn` every `ms`; returns a function that stops it. */
  every: (ms: number, fn: () => void) => () => void
  /** Runs `fn` once after `ms`. */
  after: (ms: number, fn: () => void) => void
}

/**
 * - `current`: running the newest version known;
 * - `waiting`: a new version is installed and waits to be applied;
 * - `applying`: this page asked the waiting version to take over and will reload;
 * - `activated`: another tab applied it; this page still runs the old code until it reloads.
 */
export type UpdateState = 'current' | 'waiting' | 'applying' | 'activated'

export interface UpdateController {
  state: () => UpdateState
  /** True when the prompt should show: a new version is ready and no call is on. */
  offered: () => boolean
  /** The app is cached and works offline (the first install finished). */
  offlineReady: () => boolean
  /** Activates the new version and reloads. Refused (false) during a call or with nothing new. */
  apply: () => Promise<boolean>
  /** Asks the server whether a new version exists (no-op before registration). */
  check: () => void
  /** Stops the periodic and on-visible checks. */
  dispose: () => void
}

export function makeUpdateController(deps: UpdateDeps): UpdateController {
  const [state, setState] = deps.cell<UpdateState>('current')
  const [offlineReady, setOfflineReady] = deps.cell(false)
  let registration: UpdatableRegistration | undefined

  const activateWaiting = deps.register({
    immediate: true,
    onNeedRefresh: () => {
      if (state() === 'current') setState('waiting')
    },
    // The new version took control of this page (after skipWaiting here or in another tab).
    onNeedReload: () => {
      if (state() === 'applying') deps.reload()
      else setState('activated')
    },
    onOfflineReady: () => setOfflineReady(true),
    onRegisteredSW: (_url, found) => {
      registration = found
    },
    // No service worker (private mode, an insecure origin): the app still runs, only online.
    onRegisterError: () => undefined,
  })

  function check(): void {
    // Offline, or the server is gone: nothing to fetch now; the next check tries again.
    registration?.update().catch(() => undefined)
  }

  const stopVisible = deps.onVisible(check)
  const stopTimer = deps.every(CHECK_INTERVAL_MS, check)

  return {
    state,
    offered: () => (state() === 'waiting' || state() === 'activated') && !deps.inCall(),
    offlineReady,
    async apply(): Promise<boolean> {
      if (deps.inCall()) return false
      switch (state()) {
        case 'activated':
          deps.reload()
          return true
        case 'waiting':
          setState('applying')
          await activateWaiting()
          // The reload normally comes from onNeedReload; if the waiting worker vanished (another
          // tab took it), a plain reload still lands on whatever version is active now.
          deps.after(APPLY_TIMEOUT_MS, () => {
            if (state() === 'applying') deps.reload()
          })
          return true
        default:
          return false
      }
    },
    check,
    dispose() {
      stopVisible()
      stopTimer()
    },
  }
}
