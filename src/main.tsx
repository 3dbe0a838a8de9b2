import { registerSW } from 'virtual:pwa-register'
import { createRoot } from 'solid-js'
import { render } from 'solid-js/web'
import { t } from './i18n'
import { cacheShareStore } from './share/cache-store'
import { makePendingShares } from './share/pending-shares'
import { cleanupOpfs, makeOpfsSink } from './transfer'
import { App } from './ui/App'
import { createCallStore } from './ui/call-store'
import { loadIceServers } from './ui/ice-settings'
import { browserReplyRelay } from './ui/reply-relay'
import './ui/styles.css'

/**
 * A code arrives as the URL fragment (a phone's camera app opened the QR link). It is taken out
 * of the address bar and the history at once: nobody should find it there later.
 */
function takeCodeFromUrl(): string | null {
  if (location.hash.length <= 1) return null
  const href = location.href
  history.replaceState(history.state, '', location.pathname + location.search)
  return href
}
const initialInvite = takeCodeFromUrl()

/**
 * The share target (public/sw-share-target.js) redirects here with `?shared` once it stored the
 * shared files, or `?shared=failed`. The marker is taken out of the address bar: a reload must
 * not claim files arrived again. Stored files are read on every start, marker or not.
 */
function takeShareMarker(): 'shared' | 'failed' | null {
  const parts = location.search.slice(1).split('&').filter(Boolean)
  const marker = parts.find((part) => part === 'shared' || part.startsWith('shared='))
  if (marker === undefined) return null
  const rest = parts.filter((part) => part !== marker)
  const search = rest.length > 0 ? `?${rest.join('&')}` : ''
  history.replaceState(history.state, '', location.pathname + search + location.hash)
  return marker === 'shared=failed' ? 'failed' : 'shared'
}
const shareMarker = takeShareMarker()

/** `?connectTimeout=MS` shortens the connect deadline (1–120 s); tests use it for failures. */
const requestedTimeout = Number(new URLSearchParams(location.search).get('connectTimeout'))
const connectTimeoutMs =
  requestedTimeout >= 1000 && requestedTimeout <= 120_000 ? requestedTimeout : undefined

/**
 * One certificate for every connection of this page: a room member must present the same DTLS
 * fingerprint to everyone, since the member who introduces it vouches for that fingerprint.
 */
const certificate = await RTCPeerConnection.generateCertificate({
  name: 'ECDSA',
  namedCurve: 'P-256',
} as EcKeyGenParams)

const store = createRoot(() =>
  createCallStore({
    newPeerConnection: () =>
      new RTCPeerConnection({
        iceServers: loadIceServers(),
        bundlePolicy: 'max-bundle',
        certificates: [certificate],
      }),
    mediaDevices: navigator.mediaDevices,
    baseUrl: `${location.origin}${location.pathname}`,
    createSink: makeOpfsSink(),
    relay: browserReplyRelay,
    t,
    ...(connectTimeoutMs ? { connectTimeoutMs } : {}),
  }),
)

/** Files shared to Tatap from other apps, waiting for a call (Cache Storage: secure contexts). */
const shares =
  'caches' in globalThis
    ? makePendingShares(
        cacheShareStore({ caches, openChannel: (name) => new BroadcastChannel(name) }),
      )
    : null
void shares?.refresh()
// A phone may freeze the page while the share sheet hands files to the service worker.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void shares?.refresh()
})

// Files received in an earlier visit that never got saved.
void cleanupOpfs({ olderThanMs: 60 * 60 * 1000 }).catch(() => undefined)

// Closing the tab (or the phone dropping the page) says goodbye, so the others read "NAME left
// the call" rather than a lost connection: the bye goes out at once, before the page is gone.
window.addEventListener('pagehide', () => store.leave())

// A link opened in a tab that already shows the app (the phone's camera app reuses the tab).
window.addEventListener('hashchange', () => {
  const href = takeCodeFromUrl()
  if (href) void store.openLink(href)
})

const root = document.getElementById('root')
if (root)
  render(
    () => (
      <App
        store={store}
        initialInvite={initialInvite}
        registerServiceWorker={registerSW}
        shares={shares}
        shareFailed={shareMarker === 'failed'}
      />
    ),
    root,
  )
