import { For } from 'solid-js'
import { LANGUAGE_NAMES, LANGUAGES, type Language, language, setLanguage, t } from '../i18n'

/**
 * The language of the app, switched at once (no reload: a call goes on) and remembered on this
 * device. Each option is written in its own language, so a person who cannot read the current
 * one still finds theirs; `lang` on each lets a screen reader pronounce it.
 */
export function LanguageSwitch() {
  return (
    <label class="field">
      <span>{t.language}</span>
      <select onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        <For each={LANGUAGES}>
          {(code) => (
            <option value={code} lang={code} selected={language() === code}>
              {LANGUAGE_NAMES[code]}
            </option>
          )}
        </For>
      </select>
    </label>
  )
}
