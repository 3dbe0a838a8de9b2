import { Show } from 'solid-js'
import { t } from '../i18n'
import type { NotifyChoice } from './browser-notifications'

/**
 * "Notify me when hidden": a switch that asks the browser's permission when it is turned on — a
 * tap, never on page load. Absent where the browser cannot notify; disabled, saying where to
 * allow them, when they are blocked.
 */
export function NotifySwitch(props: { choice: NotifyChoice }) {
  return (
    <Show when={props.choice.permission() !== 'unsupported'}>
      <div class="notify-switch">
        <button
          type="button"
          role="switch"
          class="switch"
          aria-checked={props.choice.on()}
          // Blocked in the site settings: only the person can undo that, the hint says where.
          disabled={props.choice.permission() === 'denied'}
          onClick={() => {
            if (props.choice.on()) props.choice.turnOff()
            else void props.choice.turnOn()
          }}
        >
          <span class="track" aria-hidden="true" />
          {t.notifyWhenHidden}
        </button>
        <Show when={props.choice.permission() === 'denied'}>
          <p class="hint">{t.notifyBlocked}</p>
        </Show>
      </div>
    </Show>
  )
}
