/** Where a code comes in: a Scan button above a box to paste the code or link into. */
export function CodeInput(props: {
  scanLabel: string
  label: string
  placeholder: string
  rows: number
  value: string
  onInput: (value: string) => void
  onScan: () => void
}) {
  return (
    <>
      <button type="button" class="secondary" onClick={() => props.onScan()}>
        {props.scanLabel}
      </button>
      <label class="field">
        <span>{props.label}</span>
        <textarea
          rows={props.rows}
          spellcheck={false}
          autocomplete="off"
          placeholder={props.placeholder}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </label>
    </>
  )
}
