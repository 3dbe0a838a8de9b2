import { registerSW } from 'virtual:pwa-register'
import { createRoot, createSignal } from 'solid-js'
import { render } from 'solid-js/web'
import { t } from './i18n'
import { cacheShareStore } from './share/cache-store'
import { makePendingShares } from './share/pending-shares'
import { cleanupOpfs, makeOpfsSink } from './transfer'
import { App } from './ui/App'
import { detectSupport } from './ui/browser-support'
import { createCallStore } from './ui/call-store'
import { loadIceServers } from './ui/ice-settings'
import { inAppBrowserOf, isFirefox, platformOf, userAgentFactsOf } from './ui/in-app-browser'
import { browserReplyRelay, openBroadcastChannel } from './ui/reply-relay'
import { showStartupError } from './ui/startup-error'
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

/** `?NAME=MS` shortens a wait (1–120 s), for tests of what happens when it runs out:
 *  `connectTimeout` (the connect deadline), `replyWait` (a reply nobody takes). */
function requestedMs(name: string): number | undefined {
  const ms = Number(new URLSearchParams(location.search).get(name))
  return ms >= 1000 && ms <= 120_000 ? ms : undefined
}
const connectTimeoutMs = requestedMs('connectTimeout')
const replyWaitMs = requestedMs('replyWait')

/**
 * One certificate for every connection of this page: a room member must present the same DTLS
 * fingerprint to everyone, since the member who introduces it vouches for that fingerprint.
 */
function makeCertificate(): Promise<RTCCertificate> {
  return RTCPeerConnection.generateCertificate({
    name: 'ECDSA',
    namedCurve: 'P-256',
  } as EcKeyGenParams)
}

/**
 * Starts the app in `root`. What the browser can do is read first (browser-support.ts): without
 * WebRTC nothing touches RTCPeerConnection — the app renders and says this browser cannot call —
 * and a failure on the way is caught below and worded (startup-error.ts), never a blank page.
 */
async function start(root: HTMLElement): Promise<void> {
  const support = detectSupport(globalThis)
  const userAgent = userAgentFactsOf(globalThis)
  const [link, setLink] = createSignal(takeCodeFromUrl(), { equals: false })
  const shareMarker = takeShareMarker()
  const certificate = support.calls ? await makeCertificate() : null

  const store = createRoot(() =>
    createCallStore({
      newPeerConnection: () => {
        // The app offers no call where WebRTC is missing, so this is never reached there.
        if (!certificate) throw new Error('This browser has no WebRTC.')
        return new RTCPeerConnection({
          iceServers: loadIceServers(),
          bundlePolicy: 'max-bundle',
          certificates: [certificate],
        })
      },
      mediaDevices: support.camera ? navigator.mediaDevices : undefined,
      baseUrl: `${location.origin}${location.pathname}`,
      createSink: makeOpfsSink(),
      relay: browserReplyRelay,
      t,
      ...(connectTimeoutMs ? { connectTimeoutMs } : {}),
      ...(replyWaitMs ? { replyWaitMs } : {}),
    }),
  )

  /** Files shared to Tatap from other apps, waiting for a call (Cache Storage: secure contexts). */
  const shares =
    'caches' in globalThis
      ? makePendingShares(cacheShareStore({ caches, openChannel: openBroadcastChannel }))
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
  window.addEventListener('pagehide', () => store.leave({ now: true }))

  // A link opened in a tab that already shows the app (the phone's camera app reuses the tab).
  window.addEventListener('hashchange', () => {
    const href = takeCodeFromUrl()
    if (href) setLink(href)
  })

  const browser = {
    calls: support.calls,
    inApp: inAppBrowserOf(userAgent),
    platform: platformOf(userAgent.userAgent, userAgent.maxTouchPoints),
    firefox: isFirefox(userAgent.userAgent),
    userAgent,
  }
  render(
    () => (
      <App
        store={store}
        link={link}
        registerServiceWorker={registerSW}
        shares={shares}
        shareFailed={shareMarker === 'failed'}
        browser={browser}
      />
    ),
    root,
  )
}

const root = document.getElementById('root')
if (root) {
  start(root).catch((error: unknown) => {
    console.error(error)
    showStartupError(root, error)
  })
}
