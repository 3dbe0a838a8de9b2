import { createSignal } from 'solid-js'

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>
}

/**
 * The browser's install offer, kept until the person asks for it. `canInstall` is false where the
 * browser has no such event (Safari, Firefox) or the app is already installed.
 */
export function createInstallPrompt() {
  const [deferred, setDeferred] = createSignal<BeforeInstallPromptEvent | null>(null)
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault()
    setDeferred(event as BeforeInstallPromptEvent)
  })
  window.addEventListener('appinstalled', () => setDeferred(null))
  return {
    canInstall: () => deferred() !== null,
    async install(): Promise<void> {
      const event = deferred()
      if (!event) return
      setDeferred(null)
      await event.prompt()
    },
  }
}
