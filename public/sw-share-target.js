/*
 * Tatap's Web Share Target, in the service worker (loaded by workbox's generated sw.js through
 * importScripts, before workbox registers its routes, so this fetch listener runs first).
 *
 * manifest.webmanifest sends shared files as a multipart POST to `<scope>share-target`, field
 * `files`. This takes that POST with no network at all: it stores each file, tells open tabs,
 * and answers 303 to `<scope>?shared` (the app then lists or offers them), or
 * `<scope>?shared=failed` when the files could not be read or stored.
 *
 * Who may post here: the system share sheet. A service worker cannot tell it from another
 * website's form for sure — Sec-Fetch-Site and Origin are added after the service worker has
 * seen the request — so what keeps a website from sending files as you is the app: it never
 * offers shared files to anyone without asking (src/ui/shares-store.ts). Here, a POST whose
 * referrer is another website (what a form on one sends, unless it hides its address) is
 * refused outright (403, nothing stored); the share sheet sends no referrer.
 *
 * Storage contract (src/share/cache-store.ts reads it; keep both in step): Cache Storage cache
 * `tatap-shared-files`, one entry per file keyed `<scope>share-target/file/<id>`, headers
 * Content-Type, X-Tatap-Name (encodeURIComponent of the name), X-Tatap-Last-Modified (ms);
 * then the BroadcastChannel `tatap-shares` carries `changed`.
 */
const TATAP_SHARE_CACHE = 'tatap-shared-files'
const TATAP_SHARE_CHANNEL = 'tatap-shares'

self.addEventListener('fetch', (event) => {
  const action = new URL('share-target', self.registration.scope)
  const url = new URL(event.request.url)
  if (event.request.method !== 'POST' || url.origin !== action.origin) return
  if (url.pathname !== action.pathname) return
  if (tatapFromAnotherSite(event.request, action.origin)) {
    event.respondWith(new Response('Shared files come from this device only.', { status: 403 }))
    return
  }
  event.respondWith(tatapTakeShare(event.request))
})

/** The request names a page of another origin as its referrer: a website's form, not a share. */
function tatapFromAnotherSite(request, origin) {
  if (!request.referrer || request.referrer === 'about:client') return false
  try {
    return new URL(request.referrer).origin !== origin
  } catch {
    return true
  }
}

async function tatapTakeShare(request) {
  const back = new URL('./', self.registration.scope)
  try {
    const form = await request.formData()
    const files = form.getAll('files').filter((value) => typeof value !== 'string')
    const cache = await caches.open(TATAP_SHARE_CACHE)
    for (const file of files) {
      const key = new URL(`share-target/file/${crypto.randomUUID()}`, self.registration.scope)
      const headers = {
        'Content-Type': file.type || 'application/octet-stream',
        'X-Tatap-Name': encodeURIComponent(file.name || 'shared-file'),
        'X-Tatap-Last-Modified': String(file.lastModified || Date.now()),
      }
      await cache.put(key, new Response(file, { headers }))
    }
    if (typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(TATAP_SHARE_CHANNEL)
      channel.postMessage('changed')
      channel.close()
    }
    back.search = 'shared'
  } catch {
    back.search = 'shared=failed'
  }
  return Response.redirect(back.href, 303)
}
