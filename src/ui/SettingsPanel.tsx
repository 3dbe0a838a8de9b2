import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n'
import {
  DEFAULT_SETTINGS,
  type IceSettings,
  loadSettings,
  pageStorage,
  type SettingsProblem,
  saveSettings,
  validateSettings,
} from './ice-settings'
import { LanguageSwitch } from './LanguageSwitch'

/** STUN/TURN and LAN only, validated as typed and kept on this device. */
export function SettingsPanel(props: { onClose: () => void }) {
  const initial = loadSettings(pageStorage())
  const [lanOnly, setLanOnly] = createSignal(initial.lanOnly)
  const [stunText, setStunText] = createSignal(initial.stun.join('\n'))
  const [turnUrl, setTurnUrl] = createSignal(initial.turn?.url ?? '')
  const [turnUsername, setTurnUsername] = createSignal(initial.turn?.username ?? '')
  const [turnCredential, setTurnCredential] = createSignal(initial.turn?.credential ?? '')
  const [problems, setProblems] = createSignal<SettingsProblem[]>([])
  const [saved, setSaved] = createSignal(false)

  function fill(settings: IceSettings): void {
    setLanOnly(settings.lanOnly)
    setStunText(settings.stun.join('\n'))
    setTurnUrl(settings.turn?.url ?? '')
    setTurnUsername(settings.turn?.username ?? '')
    setTurnCredential(settings.turn?.credential ?? '')
  }

  function save(): void {
    const result = validateSettings({
      lanOnly: lanOnly(),
      stunText: stunText(),
      turnUrl: turnUrl(),
      turnUsername: turnUsername(),
      turnCredential: turnCredential(),
    })
    setProblems(result.problems)
    setSaved(result.problems.length === 0)
    if (result.problems.length === 0) saveSettings(pageStorage(), result.settings)
  }

  const problemText = (problem: SettingsProblem): string => {
    switch (problem.field) {
      case 'stun':
        return t.badStun(problem.line, problem.value)
      case 'turn-url':
        return t.badTurnUrl
      case 'turn-credentials':
        return t.badTurnCredentials
    }
  }

  return (
    <section class="panel settings" aria-label={t.settingsTitle}>
      <h1>{t.settings}</h1>
      <LanguageSwitch />
      <h2>{t.settingsTitle}</h2>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={lanOnly()}
            checked={lanOnly()}
            onChange={(e) => {
              setLanOnly(e.currentTarget.checked)
              setSaved(false)
            }}
          />
          <span>{t.lanOnly}</span>
        </label>
        <p class="hint left">{t.lanOnlyHint}</p>
        <fieldset disabled={lanOnly()}>
          <label class="field">
            <span>{t.stunServers}</span>
            <textarea
              rows="3"
              spellcheck={false}
              value={stunText()}
              onInput={(e) => setStunText(e.currentTarget.value)}
            />
          </label>
          <p class="hint left">{t.stunHint}</p>
          <h3>{t.turnServer}</h3>
          <p class="hint left">{t.turnHint}</p>
          <label class="field">
            <span>{t.turnUrl}</span>
            <input
              type="text"
              spellcheck={false}
              placeholder="turn:turn.example.org:3478"
              value={turnUrl()}
              onInput={(e) => setTurnUrl(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{t.turnUsername}</span>
            <input
              type="text"
              autocomplete="off"
              value={turnUsername()}
              onInput={(e) => setTurnUsername(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{t.turnCredential}</span>
            <input
              type="password"
              autocomplete="off"
              value={turnCredential()}
              onInput={(e) => setTurnCredential(e.currentTarget.value)}
            />
          </label>
        </fieldset>
        <Show when={problems().length > 0}>
          <ul class="problems" role="alert">
            <For each={problems()}>{(problem) => <li>{problemText(problem)}</li>}</For>
          </ul>
        </Show>
        <Show when={saved()}>
          <p role="status" class="copied">
            {t.saved}
          </p>
        </Show>
        <div class="row">
          <button type="submit" class="primary">
            {t.saveSettings}
          </button>
          <button type="button" class="secondary" onClick={() => fill(DEFAULT_SETTINGS)}>
            {t.restoreDefaults}
          </button>
          <button type="button" class="link" onClick={() => props.onClose()}>
            {t.closeSettings}
          </button>
        </div>
      </form>
      <p class="hint">{t.version(__TATAP_VERSION__)}</p>
    </section>
  )
}
