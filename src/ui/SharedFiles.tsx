import { For, Show } from 'solid-js'
import { sizeText, t } from '../i18n'
import type { SharesStore } from './shares-store'

/** Files shared to Tatap from another app, waiting on the start screen for the next call. */
export function SharedFiles(props: { shares: SharesStore }) {
  return (
    <Show when={props.shares.files().length > 0}>
      <section class="panel received" aria-label={t.sharedFiles}>
        <h2>{t.sharedFiles}</h2>
        <p class="hint left">{t.sharedFilesHint}</p>
        <ul>
          <For each={props.shares.files()}>
            {(shared) => (
              <li class="row">
                <span class="file-name">
                  {shared.file.name} <span class="size">({sizeText(shared.file.size)})</span>
                </span>
                <button
                  type="button"
                  class="secondary small touch"
                  aria-label={t.discardShared(shared.file.name)}
                  onClick={() => props.shares.discard(shared.id)}
                >
                  {t.discard}
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  )
}
