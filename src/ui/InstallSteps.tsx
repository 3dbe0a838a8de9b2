import { language } from '../i18n'
import { elsewhereStrings } from '../i18n/elsewhere'

/**
 * How to install on an iPhone or iPad, where no browser offers an install prompt
 * (`beforeinstallprompt` never comes): Share, then Add to Home Screen. Loaded only when asked for.
 */
export default function InstallSteps(props: { onClose: () => void }) {
  const s = () => elsewhereStrings(language())
  return (
    <section class="panel install-steps" aria-labelledby="install-steps-title">
      <h2 id="install-steps-title">{s().installTitle}</h2>
      <p>{s().installSteps}</p>
      <button type="button" class="secondary" onClick={() => props.onClose()}>
        {s().close}
      </button>
    </section>
  )
}
