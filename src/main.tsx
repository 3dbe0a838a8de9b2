import { registerSW } from 'virtual:pwa-register'
import { render } from 'solid-js/web'
import { t } from './i18n'
import { cleanupOpfs, makeOpfsSink } from './transfer'
import { App } from './ui/App'
import { createCallStore } from './ui/call-store'
import { loadIceServers } from './ui/ice-settings'
import './ui/styles.css'

/** An invite arrives as the URL fragment (a phone's camera app opened the QR link). */
const initialInvite = location.hash.length > 1 ? location.href : null
if (initialInvite) history.replaceState(null, '', location.pathname + location.search)

/** `?connectTimeout=MS` shortens the connect deadline (1–120 s); tests use it for failures. */
const requestedTimeout = Number(new URLSearchParams(location.search).get('connectTimeout'))
const connectTimeoutMs =
  requestedTimeout >= 1000 && requestedTimeout <= 120_000 ? requestedTimeout : undefined

const store = createCallStore({
  createPeerConnection: (config) => new RTCPeerConnection(config),
  mediaDevices: navigator.mediaDevices,
  iceServers: loadIceServers,
  baseUrl: `${location.origin}${location.pathname}`,
  createSink: makeOpfsSink(),
  t,
  ...(connectTimeoutMs ? { connectTimeoutMs } : {}),
})

// Files received in an earlier visit that never got saved.
void cleanupOpfs({ olderThanMs: 60 * 60 * 1000 }).catch(() => undefined)

const root = document.getElementById('root')
if (root)
  render(
    () => <App store={store} initialInvite={initialInvite} registerServiceWorker={registerSW} />,
    root,
  )
