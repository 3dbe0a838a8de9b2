import { createSignal, Show } from 'solid-js'
import { t } from '../i18n'
import { CodeCard } from './CodeCard'
import { CodeInput } from './CodeInput'
import type { CallStore } from './call-store'
import { Scanner } from './Scanner'

/**
 * An invite shown the three ways, and where its reply comes in (scan or paste, then Connect):
 * the host screen before a call, and the "Invite someone" panel during one.
 */
export function InviteCard(props: { store: CallStore; link: string; connecting: boolean }) {
  const [reply, setReply] = createSignal('')
  const [scanning, setScanning] = createSignal(false)

  async function connect(text = reply()): Promise<void> {
    if (await props.store.submitReply(text)) setReply('')
  }

  return (
    <>
      <p>{t.hostStep1}</p>
      <CodeCard
        text={props.link}
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
          onProblem={(text) => props.store.setAlert(text)}
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
        <button type="submit" class="primary" disabled={props.connecting}>
          {t.connect}
        </button>
      </form>
      <Show when={props.connecting}>
        <p class="status" role="status">
          <span class="spinner" aria-hidden="true" /> {t.connecting}
        </p>
      </Show>
    </>
  )
}
