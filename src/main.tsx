import { registerSW } from 'virtual:pwa-register'
import { createRoot } from 'solid-js'
import { render } from 'solid-js/web'
import { t } from './i18n'
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
    () => <App store={store} initialInvite={initialInvite} registerServiceWorker={registerSW} />,
    root,
  )
