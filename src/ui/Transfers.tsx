import { Index, Match, Show, Switch } from 'solid-js'
import { sizeText, t } from '../i18n'
import {
  type ConversationTransfer,
  type FailReason,
  MEMORY_SINK_LIMIT,
  type Side,
  type Transfer,
} from '../transfer'
import type { ConversationView } from './conversation'

/** File offers, progress and results, stacked over the call so they are seen without a panel. */
export function Transfers(props: { conversation: ConversationView }) {
  return (
    <ul class="transfers" aria-live="polite">
      {/* Index, not For: snapshots are new objects on every progress tick, and re-creating the
          card each time would pull its buttons out from under the person's finger. */}
      <Index each={props.conversation.transfers()}>
        {(transfer) => <TransferCard transfer={transfer()} conversation={props.conversation} />}
      </Index>
    </ul>
  )
}

function TransferCard(props: { transfer: ConversationTransfer; conversation: ConversationView }) {
  const tr = () => props.transfer
  const percent = () =>
    tr().size === 0 ? 100 : Math.floor((tr().progress.bytes / tr().size) * 100)
  const moving = () => tr().state.status === 'transferring' || tr().state.status === 'verifying'
  return (
    <li class="transfer" classList={{ failed: tr().state.status === 'failed' }}>
      <div class="file-line">
        <Show
          when={tr().direction === 'receive' && tr().state.status === 'offered'}
          fallback={
            <span class="peer">
              {tr().direction === 'send' ? t.toPeer(tr().peerName) : t.fromPeer(tr().peerName)}:{' '}
            </span>
          }
        >
          <span>{t.wantsToSend(tr().peerName)}</span>{' '}
        </Show>
        <strong class="file-name">{tr().name}</strong>{' '}
        <span class="size">({sizeText(tr().size)})</span>
      </div>
      <Show when={moving() || tr().state.status === 'queued'}>
        <progress max="100" value={percent()} aria-label={tr().name} aria-valuenow={percent()} />
        <p class="detail">{progressLine(tr())}</p>
      </Show>
      <p class="detail">{statusLine(tr())}</p>
      <div class="row">
        <Switch>
          <Match when={tr().direction === 'receive' && tr().state.status === 'offered'}>
            <button
              type="button"
              class="primary small"
              aria-label={t.accept(tr().name)}
              onClick={() => props.conversation.accept(tr().id)}
            >
              {t.accept('').trim()}
            </button>
            <button
              type="button"
              class="secondary small"
              aria-label={t.decline(tr().name)}
              onClick={() => props.conversation.decline(tr().id)}
            >
              {t.decline('').trim()}
            </button>
          </Match>
          <Match when={props.conversation.urlOf(tr())}>
            {(url) => (
              <a class="button primary small" href={url()} download={tr().name}>
                {t.save(tr().name)}
              </a>
            )}
          </Match>
          <Match when={!isOver(tr())}>
            <button
              type="button"
              class="secondary small"
              aria-label={t.cancelFile(tr().name)}
              onClick={() => props.conversation.cancel(tr().id)}
            >
              {t.cancelFile('').trim()}
            </button>
          </Match>
        </Switch>
      </div>
    </li>
  )
}

function isOver(tr: Transfer): boolean {
  return ['done', 'declined', 'cancelled', 'failed'].includes(tr.state.status)
}

function progressLine(tr: Transfer): string {
  const parts = [t.progressOf(sizeText(tr.progress.bytes), sizeText(tr.size))]
  if (tr.progress.bytesPerSecond > 0) parts.push(t.perSecond(sizeText(tr.progress.bytesPerSecond)))
  if (tr.progress.secondsLeft !== null) parts.push(t.secondsLeft(tr.progress.secondsLeft))
  return parts.join(' · ')
}

function statusLine(tr: Transfer): string {
  const state = tr.state
  switch (state.status) {
    case 'offered':
    case 'transferring':
      return ''
    case 'waiting-for-accept':
      return t.waitingForAccept
    case 'queued':
      return t.queued
    case 'verifying':
      return t.verifying
    case 'done':
      return tr.direction === 'send' ? t.sent : t.received
    case 'declined':
      return state.by === 'peer' ? t.declinedByPeer : t.declinedByMe
    case 'cancelled':
      return state.by === 'peer' ? t.cancelledByPeer : t.cancelledByMe
    case 'failed':
      return failText(state.reason, state.by)
  }
}

function failText(reason: FailReason, by: Side): string {
  switch (reason) {
    case 'mismatch':
      return t.failMismatch
    case 'connection-lost':
      return t.failConnection
    case 'read-error':
      return t.failRead
    case 'write-error':
      return t.failWrite
    case 'protocol':
      return t.failProtocol
    case 'too-large':
      // The receiver's words name its limit; the sender only knows the other side could not.
      return by === 'me' ? t.failTooLarge(sizeText(MEMORY_SINK_LIMIT)) : t.failTooLargeThere
  }
}
