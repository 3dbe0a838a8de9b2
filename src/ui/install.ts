import { createSignal } from 'solid-js'
import { inAppBrowserOf, platformOf, type UserAgentFacts } from './in-app-browser'

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>
}

/**
 * Whether to show iOS's own way to install (Share → Add to Home Screen): an iPhone or iPad, in a
 * browser of its own (an app's built-in browser has no Add to Home Screen), not installed yet.
 * No iOS browser fires `beforeinstallprompt`.
 */
export function needsIosInstallSteps(facts: UserAgentFacts): boolean {
  return (
    !facts.standalone &&
    platformOf(facts.userAgent, facts.maxTouchPoints) === 'ios' &&
    inAppBrowserOf(facts) === null
  )
}

/**
 * The browser's install offer, kept until the person asks for it. `canInstall` is false where the
 * browser has no such event (Safari, Firefox) or the app is already installed; `iosSteps` is true
 * where the person installs through the share sheet instead (needsIosInstallSteps).
 */
export function createInstallPrompt(facts: UserAgentFacts) {
  const [deferred, setDeferred] = createSignal<BeforeInstallPromptEvent | null>(null)
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault()
    setDeferred(event as BeforeInstallPromptEvent)
  })
  window.addEventListener('appinstalled', () => setDeferred(null))
  return {
    canInstall: () => deferred() !== null,
    iosSteps: needsIosInstallSteps(facts),
    async install(): Promise<void> {
      const event = deferred()
      if (!event) return
      setDeferred(null)
      await event.prompt()
    },
  }
}
