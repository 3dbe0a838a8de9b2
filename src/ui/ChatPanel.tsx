import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { t, timeText } from '../i18n'
import { CHAT_MAX_TEXT } from '../transfer'
import type { NotifyChoice } from './browser-notifications'
import type { ConversationView } from './conversation'
import { NotifySwitch } from './NotifySwitch'

/** How many of the latest messages the panel shows. */
const SHOWN_MESSAGES = 200

/** The side panel: messages with sender and time, and the box to write one. */
export function ChatPanel(props: {
  conversation: ConversationView
  notifyChoice: NotifyChoice
  onClose: () => void
}) {
  const [draft, setDraft] = createSignal('')
  const [problem, setProblem] = createSignal<string | null>(null)
  let log!: HTMLDivElement
  let input!: HTMLInputElement

  /** The newest messages only: a flood of thousands must not make the page lay out thousands. */
  const shown = () => props.conversation.messages().slice(-SHOWN_MESSAGES)
  // Keep the newest message in view: one scroll per frame at most, however many arrive.
  let scrollPending = false
  createEffect(
    on(
      () => props.conversation.messages().length,
      () => {
        if (scrollPending) return
        scrollPending = true
        requestAnimationFrame(() => {
          scrollPending = false
          log.scrollTop = log.scrollHeight
        })
      },
    ),
  )

  function send(): void {
    const text = draft().trim()
    if (!text) return
    if (text.length > CHAT_MAX_TEXT) {
      setProblem(t.chatTooLong)
      return
    }
    if (props.conversation.send(text)) {
      setDraft('')
      setProblem(null)
      input.focus()
    }
  }

  return (
    <aside class="side-panel" aria-label={t.chat}>
      <header>
        <h2>{t.chat}</h2>
        <button type="button" class="link" onClick={() => props.onClose()}>
          {t.closeChat}
        </button>
      </header>
      <NotifySwitch choice={props.notifyChoice} />
      {/* The log wraps the list: role="log" on the <ol> itself would take away its list role. */}
      <div class="messages" role="log" aria-label={t.messages} ref={log}>
        <ol class="message-list">
          <Show when={props.conversation.messages().length === 0}>
            <li class="hint">{t.noMessagesYet}</li>
          </Show>
          <Show when={props.conversation.messages().length > SHOWN_MESSAGES}>
            <li class="hint">{t.olderMessagesHidden}</li>
          </Show>
          {/* Keyed by message (each unchanged message is the same object): a new message adds one
              item, and the window sliding past SHOWN_MESSAGES drops one, instead of redrawing all. */}
          <For each={shown()}>
            {(message) => (
              <li class="message" classList={{ mine: message.from === 'me' }}>
                <span class="meta">
                  <bdi>
                    <strong>{message.from === 'me' ? t.you : message.author}</strong>
                  </bdi>{' '}
                  <time>{timeText(message.sentAt)}</time>
                  <Show when={message.from === 'me' && message.status === 'queued'}>
                    {' '}
                    <span class="pending" role="img" aria-label={t.notSentYet}>
                      ⏱
                    </span>
                  </Show>
                </span>
                <span class="text" dir="auto">
                  {message.text}
                </span>
              </li>
            )}
          </For>
        </ol>
      </div>
      <Show when={problem()}>{(text) => <p class="field-error">{text()}</p>}</Show>
      <form
        class="compose"
        onSubmit={(e) => {
          e.preventDefault()
          send()
        }}
      >
        <input
          ref={input}
          type="text"
          aria-label={t.message}
          placeholder={t.message}
          autocomplete="off"
          value={draft()}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={draft().trim() === ''}>
          {t.sendMessage}
        </button>
      </form>
    </aside>
  )
}
