import { createSignal, For, Show } from 'solid-js'
import { sizeText, t } from '../i18n'
import type { SharesStore } from './shares-store'

/**
 * In a call: files shared to Tatap wait for the person's yes before anyone is offered them
 * (shares-store.ts says why). "Not now" keeps them for later (the start screen lists them).
 */
export function SharePrompt(props: { shares: SharesStore }) {
  const [later, setLater] = createSignal(false)
  const [sending, setSending] = createSignal(false)
  return (
    <Show when={props.shares.canSend() && !later()}>
      <section class="share-prompt" aria-label={t.sharedFiles}>
        <p>{t.sendSharedFiles(props.shares.files().length)}</p>
        <ul>
          <For each={props.shares.files()}>
            {(shared) => (
              <li>
                <span class="file-name">{shared.file.name}</span>{' '}
                <span class="size">({sizeText(shared.file.size)})</span>
              </li>
            )}
          </For>
        </ul>
        <div class="row">
          <button
            type="button"
            class="primary touch"
            disabled={sending()}
            onClick={async () => {
              setSending(true)
              await props.shares.sendToEveryone()
              setSending(false)
            }}
          >
            {t.sendToEveryone}
          </button>
          <button type="button" class="secondary touch" onClick={() => setLater(true)}>
            {t.notNow}
          </button>
        </div>
      </section>
    </Show>
  )
}
