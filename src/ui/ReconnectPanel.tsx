import { Match, Switch } from 'solid-js'
import type { ReconnectView } from '../call/reconnect'
import { t } from '../i18n'
import { CodeAndReply } from './CodeAndReply'
import { CodeCard } from './CodeCard'
import { CodeEntry } from './CodeEntry'
import type { CallStore } from './call-store'

/**
 * Reconnect with someone whose path failed (call/reconnect.ts): the side that offered shows a
 * reconnect code and takes the reply; the other side takes that code and shows a reply. The
 * same call continues; the panel closes by itself once the connection is back.
 */
export function ReconnectPanel(props: {
  store: CallStore
  view: ReconnectView
  onClose: () => void
}) {
  const name = () => props.view.name
  const linkOf = (view: ReconnectView) => ('link' in view ? view.link : '')
  return (
    <aside class="side-panel invite-panel" aria-label={t.reconnectWith(name())}>
      <header>
        <h2>{t.reconnectWith(name())}</h2>
        <button type="button" class="link" onClick={() => props.onClose()}>
          {t.closeReconnect}
        </button>
      </header>
      <div class="panel-body">
        <Switch>
          <Match when={props.view.step === 'preparing'}>
            <p class="status" role="status">
              <span class="spinner" aria-hidden="true" /> {t.reconnectPreparing}
            </p>
          </Match>
          <Match when={props.view.step === 'code'}>
            <p>{t.reconnectShowCode(name())}</p>
            <CodeAndReply
              text={linkOf(props.view)}
              qrLabel={t.reconnectQr}
              textLabel={t.reconnectCode}
              copyLabel={t.copyReconnect}
              shareLabel={t.shareReconnect}
              submitLabel={t.continueCall}
              submit={(text) => props.store.submitReconnect(text)}
              onProblem={(problem) => props.store.setAlert(problem)}
            />
          </Match>
          <Match when={props.view.step === 'scan'}>
            <p>{t.reconnectTakeCode(name())}</p>
            <CodeEntry
              scanLabel={t.scanReconnect}
              label={t.reconnectCode}
              placeholder={t.reconnectPlaceholder}
              submitLabel={t.continueCall}
              submit={(text) => props.store.submitReconnect(text)}
              onProblem={(problem) => props.store.setAlert(problem)}
            />
          </Match>
          <Match when={props.view.step === 'reply'}>
            <p>{t.reconnectShowReply(name())}</p>
            <CodeCard
              text={linkOf(props.view)}
              qrLabel={t.replyQr}
              textLabel={t.replyCode}
              copyLabel={t.copyReply}
              shareLabel={t.shareReply}
              copiedLabel={t.copied}
            />
          </Match>
        </Switch>
      </div>
    </aside>
  )
}
