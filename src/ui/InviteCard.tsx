import { Show } from 'solid-js'
import { t } from '../i18n'
import { CodeAndReply } from './CodeAndReply'
import type { CallStore } from './call-store'

/**
 * An invite shown the three ways, and where its reply comes in (scan or paste, then Connect):
 * the host screen before a call, and the "Invite someone" panel during one.
 */
export function InviteCard(props: { store: CallStore; link: string; connecting: boolean }) {
  return (
    <>
      <p>{t.hostStep1}</p>
      <CodeAndReply
        text={props.link}
        qrLabel={t.inviteQr}
        textLabel={t.inviteCode}
        copyLabel={t.copyInvite}
        shareLabel={t.shareInvite}
        submitLabel={t.connect}
        busy={props.connecting}
        submit={(text) => props.store.submitReply(text)}
        onProblem={(problem) => props.store.setAlert(problem)}
      />
      <Show when={props.connecting}>
        <p class="status" role="status">
          <span class="spinner" aria-hidden="true" /> {t.connecting}
        </p>
      </Show>
    </>
  )
}
