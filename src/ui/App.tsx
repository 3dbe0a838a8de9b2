import {
  type Accessor,
  createEffect,
  createSignal,
  lazy,
  Match,
  on,
  onMount,
  Show,
  Switch,
} from 'solid-js'
import { t } from '../i18n'
import { noticeText, problemText } from '../i18n/sentences'
import type { PendingShares } from '../share/pending-shares'
import { loadQrRenderer } from './CodeCard'
import type { CallStore } from './call-store'
import { GuestScreen } from './GuestScreen'
import { HomeScreen } from './HomeScreen'
import { HostScreen } from './HostScreen'
import type { InAppBrowser, Platform, UserAgentFacts } from './in-app-browser'
import { createInstallPrompt } from './install'
import type { ElsewhereReason } from './OpenElsewhere'
import { ReceivedFiles } from './ReceivedFiles'
import { SettingsPanel } from './SettingsPanel'
import { SharedFiles } from './SharedFiles'
import { createSharesStore } from './shares-store'
import { createUpdateController, UpdatePrompt } from './UpdatePrompt'
import type { RegisterServiceWorker } from './update-controller'

const NAME_KEY = 'tatap.name'

/** The call screen loads on the way to a call (it is most of the UI, and not needed before). */
const loadCallScreen = () => import('./CallScreen')
const CallScreen = lazy(() => loadCallScreen().then((m) => ({ default: m.CallScreen })))
/** Screens few people see, each loaded only when shown. */
const OpenElsewhere = lazy(() => import('./OpenElsewhere'))
const InstallSteps = lazy(() => import('./InstallSteps'))

/** What main.tsx found out about this browser before starting (browser-support.ts and
 *  in-app-browser.ts). */
export interface BrowserFacts {
  /** WebRTC is there: without it the app says so instead of offering calls. */
  readonly calls: boolean
  readonly inApp: InAppBrowser | null
  readonly platform: Platform
  readonly firefox: boolean
  readonly userAgent: UserAgentFacts
}

export function App(props: {
  store: CallStore
  /**
   * The latest link this page was opened with (a code in the fragment): the one it was loaded
   * with, then each opened in this same tab; null while there is none.
   */
  link: Accessor<string | null>
  /** `registerSW` from vite-plugin-pwa; the update prompt owns the service worker's life. */
  registerServiceWorker: RegisterServiceWorker
  /** Files shared to Tatap from other apps (null where the browser has no Cache Storage). */
  shares: PendingShares | null
  /** The share target redirected here after failing to keep the shared files. */
  shareFailed: boolean
  browser: BrowserFacts
}) {
  const { store } = props
  // Never offered or applied during a call: reloading would end it.
  const updates = createUpdateController(
    props.registerServiceWorker,
    () => store.screen().name === 'call',
  )
  const [name, setName] = createSignal(readName())
  const install = createInstallPrompt(props.browser.userAgent)
  const [installSteps, setInstallSteps] = createSignal(false)
  const [settingsOpen, setSettingsOpen] = createSignal(false)
  const shares = props.shares ? createSharesStore(props.shares, store) : null
  /**
   * Before anything asks for the camera: a browser that cannot call says so, and an app's
   * built-in browser offers the phone's own browser first (the invite is opened only on
   * Continue here).
   */
  const [elsewhere, setElsewhere] = createSignal<ElsewhereReason | null>(
    !props.browser.calls ? 'cannot-call' : props.browser.inApp ? 'in-app' : null,
  )
  const continueHere = () => {
    setElsewhere(null)
    const href = props.link()
    if (href) void store.openLink(href)
  }

  onMount(() => {
    if (props.shareFailed) store.setAlert({ kind: 'share-failed' })
  })
  // Each link opened goes to the call flow, except while another browser is offered (that
  // screen shows it to copy instead).
  createEffect(
    on(props.link, (href) => {
      if (href && !elsewhere()) void store.openLink(href)
    }),
  )
  // Fetched while the codes are exchanged, so the call shows at once when it connects.
  createEffect(() => {
    if (store.screen().name === 'home') return
    void loadQrRenderer()
    void loadCallScreen()
  })

  function rememberName(value: string): void {
    setName(value)
    try {
      localStorage.setItem(NAME_KEY, value)
    } catch {
      // Private mode without storage: the name just is not remembered.
    }
  }

  return (
    <div class="app" classList={{ 'in-call': store.screen().name === 'call' }}>
      <Show when={store.screen().name !== 'call'}>
        <header class="topbar">
          <span class="brand">
            <img src="/icons/icon.svg" alt="" width="28" height="28" /> Tatap
          </span>
          <span class="row">
            <Show when={install.canInstall() || (install.iosSteps && !installSteps())}>
              <button
                type="button"
                class="secondary small"
                onClick={() =>
                  install.canInstall() ? void install.install() : setInstallSteps(true)
                }
              >
                {t.install}
              </button>
            </Show>
            <Show when={store.screen().name === 'home' && !settingsOpen()}>
              <button type="button" class="secondary small" onClick={() => setSettingsOpen(true)}>
                {t.settings}
              </button>
            </Show>
          </span>
        </header>
      </Show>
      <Show when={store.alert()}>
        {(problem) => (
          <div class="alert" role="alert">
            <span>{problemText(t, problem())}</span>
            <button type="button" class="link" onClick={() => store.setAlert(null)}>
              {t.dismiss}
            </button>
          </div>
        )}
      </Show>
      <Show when={installSteps() && store.screen().name !== 'call'}>
        <InstallSteps onClose={() => setInstallSteps(false)} />
      </Show>
      <Show when={store.notice()}>
        {(notice) => (
          <p class="notice" role="status">
            {noticeText(t, notice())}
          </p>
        )}
      </Show>
      <main>
        <Switch>
          <Match when={store.screen().name === 'home' && settingsOpen()}>
            <SettingsPanel onClose={() => setSettingsOpen(false)} />
          </Match>
          <Match when={store.screen().name === 'home' && elsewhere()}>
            {(reason) => (
              <OpenElsewhere
                reason={reason()}
                inApp={props.browser.inApp}
                platform={props.browser.platform}
                firefox={props.browser.firefox}
                href={props.link() ?? location.href}
                invite={props.link() !== null}
                {...(reason() === 'in-app' ? { onContinue: continueHere } : {})}
              />
            )}
          </Match>
          <Match when={store.screen().name === 'home'}>
            <HomeScreen
              name={name()}
              onName={rememberName}
              onStart={() => void store.startHosting(name())}
              onJoin={() => store.openJoin()}
            />
          </Match>
          <Match when={narrow(store.screen(), 'host')}>
            {(screen) => <HostScreen store={store} step={screen().step} />}
          </Match>
          <Match when={narrow(store.screen(), 'guest')}>
            {(screen) => <GuestScreen store={store} step={screen().step} name={name()} />}
          </Match>
          <Match when={store.screen().name === 'call'}>
            <CallScreen store={store} name={name()} shares={shares} />
          </Match>
        </Switch>
      </main>
      <Show when={store.screen().name === 'home' && !elsewhere()}>
        {shares && <SharedFiles shares={shares} />}
        <ReceivedFiles store={store} />
      </Show>
      <Show when={updates.offlineReady() && store.screen().name === 'home' && !elsewhere()}>
        <footer class="hint">{t.offlineReady}</footer>
      </Show>
      <UpdatePrompt updates={updates} />
    </div>
  )
}

function narrow<S extends { name: string }, N extends S['name']>(
  screen: S,
  name: N,
): Extract<S, { name: N }> | false {
  return screen.name === name ? (screen as Extract<S, { name: N }>) : false
}

function readName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? ''
  } catch {
    return ''
  }
}
