import { createSignal, Match, Show, Switch } from 'solid-js'
import { t } from '../i18n'
import { CodeCard } from './CodeCard'
import { CodeInput } from './CodeInput'
import type { CallStore } from './call-store'
import { Scanner } from './Scanner'

export function GuestScreen(props: {
  store: CallStore
  step: 'invite' | 'preparing' | 'reply'
  name: string
}) {
  const { store } = props
  const [scanning, setScanning] = createSignal(false)

  return (
    <section class="panel">
      <h1>{t.guestTitle}</h1>
      <Switch>
        <Match when={props.step === 'invite'}>
          <p>{t.guestIntro}</p>
          <Show when={scanning()}>
            <Scanner
              onText={(text) => {
                setScanning(false)
                store.openJoin(text)
              }}
              onClose={() => setScanning(false)}
              onProblem={(problem) => store.setAlert(problem)}
            />
          </Show>
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault()
              void store.join(props.name)
            }}
          >
            <CodeInput
              scanLabel={t.scanQr}
              label={t.inviteCode}
              placeholder={t.invitePlaceholder}
              rows={3}
              value={store.guest().invite.text}
              onInput={(text) => store.editInvite(text)}
              onScan={() => setScanning(true)}
            />
            <button type="submit" class="primary big">
              {t.join}
            </button>
          </form>
        </Match>
        <Match when={props.step === 'preparing'}>
          <p class="status" role="status">
            <span class="spinner" aria-hidden="true" /> {t.joining}
          </p>
        </Match>
        <Match when={props.step === 'reply'}>
          <h2>{t.replyTitle}</h2>
          <p>{t.replyStep}</p>
          <CodeCard
            text={store.guest().reply ?? ''}
            qrLabel={t.replyQr}
            textLabel={t.replyCode}
            copyLabel={t.copyReply}
            shareLabel={t.shareReply}
            copiedLabel={t.copied}
          />
          <p class="status" role="status">
            <span class="spinner" aria-hidden="true" />{' '}
            {store.guest().connecting ? t.connecting : t.waitingForHost}
          </p>
          <Show when={store.guest().overdue}>
            <p class="hint" role="status">
              {t.replyOverdue}
            </p>
          </Show>
        </Match>
      </Switch>
      <button type="button" class="link" onClick={() => store.cancel()}>
        {t.cancel}
      </button>
    </section>
  )
}
