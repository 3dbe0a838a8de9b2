import { createSignal, onCleanup, Show } from 'solid-js'
import { t } from '../i18n'
import {
  makeUpdateController,
  type RegisterServiceWorker,
  type UpdateController,
} from './update-controller'

/** The update controller on Solid signals, this page's visibility, timers and reload. */
export function createUpdateController(
  register: RegisterServiceWorker,
  inCall: () => boolean,
): UpdateController {
  const controller = makeUpdateController({
    register,
    inCall,
    reload: () => location.reload(),
    cell: (initial) => {
      const [get, set] = createSignal(initial)
      return [get, (value) => set(() => value)]
    },
    onVisible: (listener) => {
      const onChange = () => {
        if (document.visibilityState === 'visible') listener()
      }
      document.addEventListener('visibilitychange', onChange)
      return () => document.removeEventListener('visibilitychange', onChange)
    },
    every: (ms, fn) => {
      const timer = setInterval(fn, ms)
      return () => clearInterval(timer)
    },
    after: (ms, fn) => void setTimeout(fn, ms),
  })
  onCleanup(() => controller.dispose())
  return controller
}

/** "A new version of Tatap is ready" with an **Update** button; shown only when offered. */
export function UpdatePrompt(props: { updates: UpdateController }) {
  return (
    <Show when={props.updates.offered()}>
      <div class="update-prompt" role="status">
        <span>{t.updateReady}</span>
        <button type="button" class="primary small" onClick={() => void props.updates.apply()}>
          {t.update}
        </button>
      </div>
    </Show>
  )
}
