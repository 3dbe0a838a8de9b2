import type { Problem } from '../call/problems'
import { t } from '../i18n'
import { CodeCard } from './CodeCard'
import { CodeEntry } from './CodeEntry'

/**
 * Our code shown the three ways, then where the other person's reply comes in (scan or paste,
 * then submit): the invite on the host screen and in the call, and the reconnect code.
 */
export function CodeAndReply(props: {
  text: string
  qrLabel: string
  textLabel: string
  copyLabel: string
  shareLabel: string
  submitLabel: string
  busy?: boolean
  submit: (reply: string) => Promise<boolean>
  onProblem: (problem: Problem) => void
}) {
  return (
    <>
      <CodeCard
        text={props.text}
        qrLabel={props.qrLabel}
        textLabel={props.textLabel}
        copyLabel={props.copyLabel}
        shareLabel={props.shareLabel}
        copiedLabel={t.copied}
      />
      <p>{t.hostStep2}</p>
      <CodeEntry
        scanLabel={t.scanReply}
        label={t.replyCode}
        placeholder={t.replyPlaceholder}
        submitLabel={props.submitLabel}
        busy={props.busy ?? false}
        submit={props.submit}
        onProblem={props.onProblem}
      />
    </>
  )
}
