import { createSignal, onCleanup } from 'solid-js'
import type { NotificationContent, NotifierDeps } from './call-notifier'

/** Where the person's choice is kept on this device: 'on' or absent. */
const CHOICE_KEY = 'tatap.notify'

export type NotifyPermission = NotificationPermission | 'unsupported'

/**
 * Whether this browser can show notifications from a page at all: the Notification API and a
 * service worker (Android shows them only through `registration.showNotification`; iOS Safari
 * has the API only in an installed app).
 */
function permissionNow(): NotifyPermission {
  if (typeof Notification === 'undefined' || !('serviceWorker' in navigator)) return 'unsupported'
  return Notification.permission
}

/**
 * The person's "Notify me when hidden" choice, as signals. Permission is asked only from
 * `turnOn()`, which must run in a tap's handler (browsers ignore or block requests without a
 * user gesture, and asking on page load is what people hate). Turning off only forgets the
 * choice: a page cannot revoke a permission. Create it inside a component (it stops following
 * the page's visibility with it).
 */
export function createNotifyChoice() {
  const [permission, setPermission] = createSignal<NotifyPermission>(permissionNow())
  const [chosen, setChosen] = createSignal(readChoice())
  // Allowed or blocked later in the site settings: the switch follows (the Permissions API tells
  // where it can; coming back to the page from the settings, a look again tells elsewhere).
  const refresh = () => setPermission(permissionNow())
  void navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => status.addEventListener('change', refresh))
    .catch(() => undefined)
  document.addEventListener('visibilitychange', refresh)
  onCleanup(() => document.removeEventListener('visibilitychange', refresh))
  const remember = (on: boolean) => {
    setChosen(on)
    try {
      if (on) localStorage.setItem(CHOICE_KEY, 'on')
      else localStorage.removeItem(CHOICE_KEY)
    } catch {
      // Private mode without storage: the choice lasts this visit only.
    }
  }
  return {
    permission,
    /** For the switch: chosen and allowed (as last read). */
    on: () => chosen() && permission() === 'granted',
    /** For the notifier: chosen and allowed, reading the live permission (site settings may change). */
    enabled: () => {
      const now = permissionNow()
      if (now !== permission()) setPermission(now)
      return chosen() && now === 'granted'
    },
    async turnOn(): Promise<void> {
      if (permissionNow() === 'unsupported') return
      const answer =
        Notification.permission === 'default'
          ? await Notification.requestPermission()
          : Notification.permission
      setPermission(answer)
      remember(answer === 'granted')
    },
    turnOff: () => remember(false),
  }
}

export type NotifyChoice = ReturnType<typeof createNotifyChoice>

function readChoice(): boolean {
  try {
    return localStorage.getItem(CHOICE_KEY) === 'on'
  } catch {
    return false
  }
}

/** How long a notification waits for a service worker that is still installing (ms). */
const SW_WAIT_MS = 5000

function readyWithin(ms: number): Promise<ServiceWorkerRegistration | null> {
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ])
}

/** The app's icon, for the notification. */
const ICON = 'icons/icon-192.png'

/**
 * Notifications through the service worker registration (the only way on Android; its
 * `notificationclick` handler, public/sw-notifications.js, focuses the app). Without a service
 * worker (the dev server), a page notification whose click focuses this window; Android refuses
 * those (the notifier swallows that).
 */
export function browserNotifierDeps(enabled: () => boolean): NotifierDeps {
  const registration = () => navigator.serviceWorker.getRegistration().catch(() => undefined)
  return {
    enabled,
    isHidden: () => document.visibilityState === 'hidden',
    onVisibilityChange(listener) {
      document.addEventListener('visibilitychange', listener)
      return () => document.removeEventListener('visibilitychange', listener)
    },
    async show(content: NotificationContent) {
      const options: NotificationOptions & { renotify: boolean } = {
        body: content.body,
        tag: content.tag,
        renotify: content.alert,
        silent: false,
        icon: new URL(ICON, document.baseURI).href,
      }
      // A worker still installing (the first minute of a first visit) is waited for, briefly.
      const sw = (await registration()) ? await readyWithin(SW_WAIT_MS) : null
      if (sw) return sw.showNotification(content.title, options)
      const shown = new Notification(content.title, options)
      shown.onclick = () => window.focus()
    },
    async close(tag) {
      const sw = await registration()
      for (const shown of (await sw?.getNotifications({ tag })) ?? []) shown.close()
    },
    now: () => Date.now(),
  }
}
