import { createSignal, Show } from 'solid-js'
import type { Problem } from '../call/problems'
import { CodeInput } from './CodeInput'
import { Scanner } from './Scanner'

/**
 * Where the other person's code comes in: Scan (the in-app scanner) or paste, then the submit
 * button. A scanned code is submitted at once. `submit` resolves true when the code was taken
 * (the box empties); otherwise the flow has said what is wrong (`onProblem` for the scanner's).
 */
export function CodeEntry(props: {
  scanLabel: string
  label: string
  placeholder: string
  submitLabel: string
  busy?: boolean
  submit: (text: string) => Promise<boolean>
  onProblem: (problem: Problem) => void
}) {
  const [text, setText] = createSignal('')
  const [scanning, setScanning] = createSignal(false)

  async function submit(value = text()): Promise<void> {
    if (await props.submit(value)) setText('')
  }

  return (
    <>
      <Show when={scanning()}>
        <Scanner
          onText={(scanned) => {
            setScanning(false)
            setText(scanned)
            void submit(scanned)
          }}
          onClose={() => setScanning(false)}
          onProblem={(problem) => props.onProblem(problem)}
        />
      </Show>
      <form
        class="reply-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <CodeInput
          scanLabel={props.scanLabel}
          label={props.label}
          placeholder={props.placeholder}
          rows={2}
          value={text()}
          onInput={setText}
          onScan={() => setScanning(true)}
        />
        <button type="submit" class="primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
      </form>
    </>
  )
}
