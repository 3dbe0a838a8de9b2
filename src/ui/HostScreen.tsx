import { createSignal, Match, Show, Switch } from 'solid-js'
import { t } from '../i18n'
import { CodeCard } from './CodeCard'
import { CodeInput } from './CodeInput'
import type { CallStore } from './call-store'
import { Scanner } from './Scanner'

export function HostScreen(props: {
  store: CallStore
  step: 'preparing' | 'invite' | 'connecting'
}) {
  const [reply, setReply] = createSignal('')
  const [scanning, setScanning] = createSignal(false)
  const { store } = props

  async function connect(text = reply()): Promise<void> {
    if (await store.submitReply(text)) setReply('')
  }

  return (
    <section class="panel">
      <h1>{t.hostTitle}</h1>
      <Switch>
        <Match when={props.step === 'preparing'}>
          <p class="status" role="status">
            <span class="spinner" aria-hidden="true" /> {t.hostPreparing}
          </p>
        </Match>
        <Match when={props.step !== 'preparing'}>
          <p>{t.hostStep1}</p>
          <CodeCard
            text={store.inviteText()}
            qrLabel={t.inviteQr}
            textLabel={t.inviteCode}
            copyLabel={t.copyInvite}
            shareLabel={t.shareInvite}
            copiedLabel={t.copied}
          />
          <p>{t.hostStep2}</p>
          <Show when={scanning()}>
            <Scanner
              onText={(text) => {
                setScanning(false)
                setReply(text)
                void connect(text)
              }}
              onClose={() => setScanning(false)}
              onProblem={(text) => store.setAlert(text)}
            />
          </Show>
          <form
            class="reply-form"
            onSubmit={(e) => {
              e.preventDefault()
              void connect()
            }}
          >
            <CodeInput
              scanLabel={t.scanReply}
              label={t.replyCode}
              placeholder={t.replyPlaceholder}
              rows={2}
              value={reply()}
              onInput={setReply}
              onScan={() => setScanning(true)}
            />
            <button type="submit" class="primary" disabled={props.step === 'connecting'}>
              {t.connect}
            </button>
          </form>
          <Show when={props.step === 'connecting'}>
            <p class="status" role="status">
              <span class="spinner" aria-hidden="true" /> {t.connecting}
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
