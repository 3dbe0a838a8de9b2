import { createEffect, createSignal, onCleanup, Show, untrack } from 'solid-js'
import { t } from '../i18n'
import { makeNewsTracker } from './call-notifier'
import type { ConversationView } from './conversation'
import { makeMessagePreview, type Preview } from './message-preview'

/**
 * "NAME: first line" over the video while the chat panel is closed (message-preview.ts): one per
 * burst, read out politely (role=status), tapped to open the chat. It sits on the stage, never
 * over the call bar.
 */
export function MessagePreview(props: {
  conversation: ConversationView | null
  chatOpen: boolean
  onOpen: () => void
}) {
  const [preview, setPreview] = createSignal<Preview | null>(null)
  const previewer = makeMessagePreview({
    show: setPreview,
    now: Date.now,
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  })
  createEffect(() => {
    const conversation = props.conversation
    if (!conversation) return
    const takeNews = makeNewsTracker()
    createEffect(() => {
      const news = takeNews(conversation.messages(), [])
      if (untrack(() => props.chatOpen)) return
      for (const message of news.messages) previewer.message(message)
    })
  })
  createEffect(() => {
    if (props.chatOpen) previewer.hide()
  })
  onCleanup(() => previewer.hide())
  return (
    <div class="message-preview" role="status">
      <Show when={preview()}>
        {(shown) => (
          <button
            type="button"
            class="preview-button"
            title={t.previewOpensChat}
            onClick={() => props.onOpen()}
          >
            <bdi class="preview-author">{shown().author}</bdi>:{' '}
            <span class="preview-line" dir="auto">
              {shown().line}
            </span>
          </button>
        )}
      </Show>
    </div>
  )
}
