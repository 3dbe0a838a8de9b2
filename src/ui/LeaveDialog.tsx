import { onMount } from 'solid-js'
import { t } from '../i18n'

/** Asked when the back gesture or button would leave the call; Leave call itself never asks. */
export function LeaveDialog(props: { onStay: () => void; onLeave: () => void }) {
  let stay!: HTMLButtonElement
  onMount(() => stay.focus())
  return (
    <div class="dialog-backdrop">
      <div
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="leave-title"
        aria-describedby="leave-body"
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onStay()
        }}
      >
        <h2 id="leave-title">{t.leaveTitle}</h2>
        <p id="leave-body">{t.leaveBody}</p>
        <div class="row end">
          <button type="button" class="secondary" ref={stay} onClick={() => props.onStay()}>
            {t.stay}
          </button>
          <button type="button" class="primary danger-fill" onClick={() => props.onLeave()}>
            {t.leave}
          </button>
        </div>
      </div>
    </div>
  )
}
