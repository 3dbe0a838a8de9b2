/**
 * Tatap's part of the service worker that is not workbox's: a tap on one of the call's
 * notifications (src/ui/browser-notifications.ts) brings the app to the front. Loaded into the
 * generated sw.js by workbox `importScripts` (vite.config.ts); plain script, same origin, so the
 * Content-Security-Policy (`script-src 'self'`) allows it.
 *
 * Which window: the app's window that showed the notification is hidden (that is when the app
 * notifies), so a hidden window of the app comes first, then any of its windows; with none left
 * (closed meanwhile), a new one opens at the app's start.
 */
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  event.waitUntil(focusApp())
})

async function focusApp() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const app = windows.filter((client) => client.url.startsWith(self.registration.scope))
  const target = app.find((client) => client.visibilityState === 'hidden') ?? app[0]
  if (target) return target.focus()
  return self.clients.openWindow(self.registration.scope)
}
