import type { JSX } from 'solid-js'

/**
 * An on/off switch (role "switch", styled by `.switch` in the CSS): the label is its text, a
 * hint beside it may describe it (`describedBy`), and pressing it asks `onToggle` for the other
 * state — the caller decides what `checked` becomes.
 */
export function SwitchButton(props: {
  checked: boolean
  disabled?: boolean
  describedBy?: string
  onToggle: () => void
  children: JSX.Element
}) {
  return (
    <button
      type="button"
      role="switch"
      class="switch"
      aria-checked={props.checked}
      aria-describedby={props.describedBy}
      disabled={props.disabled}
      onClick={() => props.onToggle()}
    >
      <span class="track" aria-hidden="true" />
      {props.children}
    </button>
  )
}
