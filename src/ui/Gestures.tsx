import { For, Show } from 'solid-js'
import { t } from '../i18n'
import { REACTIONS } from '../rtc/messages'
import type { GesturesView } from './gestures-view'

/** What is said over a tile: a raised hand, and reactions rising (gestures-view.ts). */
export function TileGestures(props: { gestures: GesturesView | null; id: string; name: string }) {
  return (
    <Show when={props.gestures}>
      {(gestures) => (
        <>
          <Show when={gestures().handUp(props.id)}>
            <span class="hand-mark" role="img" aria-label={t.handRaised(props.name)}>
              ✋
            </span>
          </Show>
          <div class="reactions-rising">
            <For each={gestures().reactionsOf(props.id)}>
              {(reaction) => (
                <span
                  class="reaction"
                  role="img"
                  aria-label={t.reacted(props.name, t.reactionNames[reaction.emoji] ?? '')}
                >
                  {reaction.emoji}
                </span>
              )}
            </For>
          </div>
        </>
      )}
    </Show>
  )
}

/** The reactions to send, a row over the stage while open (Reactions on the call bar). */
export function ReactionBar(props: { gestures: GesturesView }) {
  return (
    <div class="reaction-bar" role="toolbar" aria-label={t.reactions}>
      <For each={REACTIONS}>
        {(emoji) => (
          <button
            type="button"
            class="reaction-button"
            aria-label={t.reactionNames[emoji]}
            title={t.reactionNames[emoji]}
            onClick={() => props.gestures.react(emoji)}
          >
            <span aria-hidden="true">{emoji}</span>
          </button>
        )}
      </For>
    </div>
  )
}
