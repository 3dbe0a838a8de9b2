import { Show } from 'solid-js'
import { t } from '../i18n'
import type { NotifyChoice } from './browser-notifications'
import { SwitchButton } from './SwitchButton'

/**
 * "Notify me when hidden": a switch that asks the browser's permission when it is turned on — a
 * tap, never on page load. Absent where the browser cannot notify; disabled, saying where to
 * allow them, when they are blocked.
 */
export function NotifySwitch(props: { choice: NotifyChoice }) {
  return (
    <Show when={props.choice.permission() !== 'unsupported'}>
      <div class="notify-switch">
        <SwitchButton
          checked={props.choice.on()}
          // Blocked in the site settings: only the person can undo that, the hint says where.
          disabled={props.choice.permission() === 'denied'}
          onToggle={() => {
            if (props.choice.on()) props.choice.turnOff()
            else void props.choice.turnOn()
          }}
        >
          {t.notifyWhenHidden}
        </SwitchButton>
        <Show when={props.choice.permission() === 'denied'}>
          <p class="hint">{t.notifyBlocked}</p>
        </Show>
      </div>
    </Show>
  )
}
