import { Show } from 'solid-js'
import { t } from '../i18n'
import type { CallStore } from './call-store'
import { InviteCard } from './InviteCard'

export function HostScreen(props: {
  store: CallStore
  step: 'preparing' | 'invite' | 'connecting'
}) {
  return (
    <section class="panel">
      <h1>{t.hostTitle}</h1>
      <Show
        when={props.step !== 'preparing' && props.store.invite()}
        fallback={
          <p class="status" role="status">
            <span class="spinner" aria-hidden="true" /> {t.hostPreparing}
          </p>
        }
      >
        {(invite) => (
          <InviteCard
            store={props.store}
            link={invite().link}
            connecting={props.step === 'connecting'}
          />
        )}
      </Show>
      <button type="button" class="link" onClick={() => props.store.cancel()}>
        {t.cancel}
      </button>
    </section>
  )
}
