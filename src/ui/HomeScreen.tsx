import { t } from '../i18n'

export function HomeScreen(props: {
  name: string
  onName: (name: string) => void
  onStart: () => void
  onJoin: () => void
}) {
  return (
    <section class="panel home">
      <h1 class="tagline">{t.appTagline}</h1>
      <label class="field">
        <span>{t.yourName}</span>
        <input
          type="text"
          autocomplete="nickname"
          maxLength={60}
          placeholder={t.namePlaceholder}
          value={props.name}
          onInput={(e) => props.onName(e.currentTarget.value)}
        />
      </label>
      <div class="stack">
        <button type="button" class="primary big" onClick={() => props.onStart()}>
          {t.startCall}
        </button>
        <button type="button" class="secondary big" onClick={() => props.onJoin()}>
          {t.joinCall}
        </button>
      </div>
      <p class="hint">{t.howItWorks}</p>
    </section>
  )
}
