import { createEffect, createSignal, lazy, Match, onMount, Show, Switch } from 'solid-js'
import { t } from '../i18n'
import { noticeText, problemText } from '../i18n/sentences'
import type { PendingShares } from '../share/pending-shares'
import { loadQrRenderer } from './CodeCard'
import type { CallStore } from './call-store'
import { GuestScreen } from './GuestScreen'
import { HomeScreen } from './HomeScreen'
import { HostScreen } from './HostScreen'
import { createInstallPrompt } from './install'
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

export function App(props: {
  store: CallStore
  initialInvite: string | null
  /** `registerSW` from vite-plugin-pwa; the update prompt owns the service worker's life. */
  registerServiceWorker: RegisterServiceWorker
  /** Files shared to Tatap from other apps (null where the browser has no Cache Storage). */
  shares: PendingShares | null
  /** The share target redirected here after failing to keep the shared files. */
  shareFailed: boolean
}) {
  const { store } = props
  // Never offered or applied during a call: reloading would end it.
  const updates = createUpdateController(
    props.registerServiceWorker,
    () => store.screen().name === 'call',
  )
  const [name, setName] = createSignal(readName())
  const install = createInstallPrompt()
  const [settingsOpen, setSettingsOpen] = createSignal(false)
  const shares = props.shares ? createSharesStore(props.shares, store) : null

  onMount(() => {
    if (props.shareFailed) store.setAlert({ kind: 'share-failed' })
    if (props.initialInvite) void store.openLink(props.initialInvite)
  })
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
            <Show when={install.canInstall()}>
              <button type="button" class="secondary small" onClick={() => void install.install()}>
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
            <CallScreen store={store} name={name()} />
          </Match>
        </Switch>
      </main>
      <Show when={store.screen().name === 'home'}>
        {shares && <SharedFiles shares={shares} />}
        <ReceivedFiles store={store} />
      </Show>
      <Show when={updates.offlineReady() && store.screen().name === 'home'}>
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
