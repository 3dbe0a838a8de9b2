import { Show } from 'solid-js'
import { t } from '../i18n'
import type { CallStore } from './call-store'
import { InviteCard } from './InviteCard'

/** "Invite someone" during a call: the same invite and reply steps as the host screen. */
export function InvitePanel(props: { store: CallStore; onClose: () => void }) {
  return (
    <aside class="side-panel invite-panel" aria-label={t.inviteSomeone}>
      <header>
        <h2>{t.inviteTitle}</h2>
        <button type="button" class="link" onClick={() => props.onClose()}>
          {t.closeInvite}
        </button>
      </header>
      <div class="panel-body">
        <Show
          when={props.store.invite()?.step !== 'preparing' && props.store.invite()}
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
              connecting={invite().step === 'connecting'}
            />
          )}
        </Show>
      </div>
    </aside>
  )
}
