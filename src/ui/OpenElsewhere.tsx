import { createSignal, Show } from 'solid-js'
import { language } from '../i18n'
import { elsewhereStrings } from '../i18n/elsewhere'
import type { InAppBrowser, Platform } from './in-app-browser'
import { whereToOpen } from './open-elsewhere'

/** Why the person is asked to go to another browser. */
export type ElsewhereReason = 'cannot-call' | 'in-app'

/**
 * Instead of the start screen (or the join step of an invite link), where this browser cannot
 * call or is an app's built-in browser: says so in plain words, names the browser to open, and
 * keeps the address — the invite link when the page came from one — to copy, with Open in Chrome
 * on Android. An in-app browser that can call also gets Continue here. Loaded only when shown.
 */
export default function OpenElsewhere(props: {
  reason: ElsewhereReason
  inApp: InAppBrowser | null
  platform: Platform
  /** Firefox, whose own WebRTC switch can be named. */
  firefox: boolean
  /** The address to open elsewhere: the invite link, or this page's. */
  href: string
  invite: boolean
  /** Shown as Continue here: going on in this browser (an in-app browser that can call). */
  onContinue?: () => void
}) {
  const s = () => elsewhereStrings(language())
  const where = () => whereToOpen(props.platform, props.href)
  const openIn = () => {
    const browser = where().browser
    return browser ? s().openIn(browser) : s().openInAny
  }
  const [copied, setCopied] = createSignal(false)
  let box!: HTMLTextAreaElement

  const title = () => {
    if (props.reason === 'cannot-call') return s().cannotCallTitle
    const app = props.inApp?.app
    return app ? s().inAppTitle(app) : s().inAppTitleUnnamed
  }

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(props.href)
    } catch {
      // No clipboard API (or refused): the selected text goes through the older command.
      box.select()
      document.execCommand('copy')
    }
    setCopied(true)
  }

  return (
    <section class="panel elsewhere" aria-labelledby="elsewhere-title">
      <h1 id="elsewhere-title">{title()}</h1>
      <p>{props.reason === 'cannot-call' ? s().cannotCallWhy : s().inAppWhy}</p>
      <Show when={props.reason === 'cannot-call' && props.firefox}>
        <p>{s().firefoxSwitch}</p>
      </Show>
      <p>
        <strong>{openIn()}</strong>
      </p>
      <Show when={where().intent}>
        {(intent) => (
          <a class="button primary big" href={intent()}>
            {s().openInChrome}
          </a>
        )}
      </Show>
      <Show when={props.invite}>
        <p>{s().inviteKept}</p>
      </Show>
      <label class="field">
        <span>{props.invite ? s().inviteLink : s().pageLink}</span>
        <textarea
          ref={box}
          class="code-text"
          readOnly
          rows="3"
          spellcheck={false}
          value={props.href}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div class="row">
        <button type="button" class="secondary" onClick={() => void copy()}>
          {s().copyLink}
        </button>
        <span class="copied" role="status">
          {copied() ? s().copied : ''}
        </span>
      </div>
      <p class="hint left">{props.platform === 'ios' ? s().pasteInSafari : s().pasteElsewhere}</p>
      <Show when={props.onContinue}>
        {(go) => (
          <button type="button" class="secondary big" onClick={() => go()()}>
            {s().continueHere}
          </button>
        )}
      </Show>
    </section>
  )
}
