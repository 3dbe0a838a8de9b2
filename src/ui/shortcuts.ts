import { isTextField } from './text-field'

/**
 * Keyboard shortcuts of a call, as in Google Meet: Ctrl+D microphone, Ctrl+E camera (⌘D, ⌘E on a
 * Mac, where Ctrl+D in a text field deletes forward). Plain TypeScript: the decision is
 * `shortcutOf`, a function of the key event; `installShortcuts` only wires it to a document.
 *
 * Contract:
 * - A shortcut is taken only with exactly its modifier (Ctrl, or ⌘ on a Mac): Ctrl+Shift+D, say,
 *   stays the browser's. Its default action (Ctrl+D bookmarks, Ctrl+E searches) is prevented.
 * - Held keys (auto-repeat) do not toggle again and again; their default is still prevented.
 * - A shortcut without a modifier (none today) is never taken from a text field, where the key
 *   is typing; shortcuts with the modifier work from the chat box too, as in Meet.
 * - While an input method composes (Indonesian and CJK keyboards), keys are the IME's.
 */

export type ShortcutAction = 'toggleMic' | 'toggleCam'

export interface Shortcut {
  action: ShortcutAction
  /** The letter, lower case. */
  key: string
  /** Whether it needs Ctrl (⌘ on a Mac). */
  mod: boolean
}

export const CALL_SHORTCUTS: readonly Shortcut[] = [
  { action: 'toggleMic', key: 'd', mod: true },
  { action: 'toggleCam', key: 'e', mod: true },
]

/** What `shortcutOf` reads of a KeyboardEvent. */
export interface KeyLike {
  readonly key: string
  readonly code: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
  readonly shiftKey: boolean
  readonly repeat: boolean
  readonly isComposing: boolean
  readonly target: unknown
}

/** The shortcut `event` presses, or null. */
export function shortcutOf(
  event: KeyLike,
  mac: boolean,
  table: readonly Shortcut[] = CALL_SHORTCUTS,
): Shortcut | null {
  if (event.isComposing || event.altKey || event.shiftKey) return null
  const letter = letterOf(event)
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  const plain = !event.ctrlKey && !event.metaKey
  for (const shortcut of table) {
    if (shortcut.key !== letter) continue
    if (shortcut.mod ? mod : plain && !isTextField(event.target)) return shortcut
  }
  return null
}

/**
 * The letter of the key: `key` for a Latin letter, else the physical key (`code` KeyD), so the
 * shortcut works with a non-Latin keyboard layout too.
 */
function letterOf(event: KeyLike): string {
  if (/^[a-z]$/i.test(event.key)) return event.key.toLowerCase()
  return /^Key[A-Z]$/.test(event.code) ? event.code.slice(3).toLowerCase() : ''
}

/** How the shortcut of `action` is written for people: "Ctrl+D" or "⌘D". */
export function shortcutText(action: ShortcutAction, mac: boolean): string {
  const key = (CALL_SHORTCUTS.find((s) => s.action === action)?.key ?? '').toUpperCase()
  return mac ? `⌘${key}` : `Ctrl+${key}`
}

/** The same for `aria-keyshortcuts`: "Control+D" or "Meta+D". */
export function ariaShortcut(action: ShortcutAction, mac: boolean): string {
  const key = (CALL_SHORTCUTS.find((s) => s.action === action)?.key ?? '').toUpperCase()
  return `${mac ? 'Meta' : 'Control'}+${key}`
}

/** Whether the platform string (userAgentData.platform or navigator.platform) is Apple's. */
export function isMacLike(platform: string): boolean {
  return /mac|iphone|ipad|ipod/i.test(platform)
}

/** This browser's platform, for `isMacLike`. */
export function browserPlatform(): string {
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData
  return data?.platform || navigator.platform || ''
}

/**
 * Listens for the shortcuts on `target` (the document); `run` does the action. Returns a
 * function that stops listening.
 */
export function installShortcuts(
  target: EventTarget,
  mac: boolean,
  run: (action: ShortcutAction) => void,
): () => void {
  const onKey = (event: Event) => {
    const key = event as KeyboardEvent
    const shortcut = shortcutOf(key, mac)
    if (!shortcut) return
    key.preventDefault()
    if (!key.repeat) run(shortcut.action)
  }
  target.addEventListener('keydown', onKey)
  return () => target.removeEventListener('keydown', onKey)
}
