import { For, Show } from 'solid-js'
import { sizeText, t } from '../i18n'
import type { CallStore } from './call-store'

/** Files from calls that ended, so leaving (or the sender leaving) never loses them. */
export function ReceivedFiles(props: { store: CallStore }) {
  return (
    <Show when={props.store.receivedFiles().length > 0}>
      <section class="panel received" aria-label={t.receivedFiles}>
        <h2>{t.receivedFiles}</h2>
        <ul>
          <For each={props.store.receivedFiles()}>
            {(file) => (
              <li class="row">
                <span class="file-name">
                  {file.name} <span class="size">({sizeText(file.size)})</span>
                </span>
                <a class="button primary small" href={file.url} download={file.name}>
                  {t.save(file.name)}
                </a>
                <button
                  type="button"
                  class="link"
                  aria-label={t.dismissFile(file.name)}
                  onClick={() => props.store.dismissReceivedFile(file.id)}
                >
                  {t.dismiss}
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
