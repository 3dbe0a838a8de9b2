import { createEffect, onCleanup, onMount } from 'solid-js'
import { t } from '../i18n'
import { browserNotifierDeps, type NotifyChoice } from './browser-notifications'
import { makeCallNotifier, makeNewsTracker } from './call-notifier'
import type { CallStore } from './call-store'
import { filesToOffer } from './paste-files'
import { browserPlatform, installShortcuts, isMacLike } from './shortcuts'
import { browserWakeLockDeps, makeWakeLock } from './wake-lock'

/**
 * What a call app on a phone or a desktop is expected to do around the call, for as long as the
 * call screen shows (call it from its component):
 * - the screen stays on (wake-lock.ts);
 * - chat messages and file offers notify while the page is hidden, if the person chose so
 *   (call-notifier.ts);
 * - Ctrl/⌘+D and Ctrl/⌘+E toggle microphone and camera (shortcuts.ts);
 * - files pasted anywhere in the call are offered to everyone, as Send file does (paste-files.ts);
 * - leaving the call closes a picture-in-picture window of it.
 */
export function createCallConveniences(store: CallStore, choice: NotifyChoice): void {
  const wakeLock = makeWakeLock(browserWakeLockDeps())
  const notifier = makeCallNotifier(browserNotifierDeps(choice.enabled), {
    newMessages: t.notifyNewMessages,
    fileOffer: t.notifyFileOffer,
    fileOffers: t.notifyFileOffers,
  })

  // Each conversation (one per call) is followed from what it holds when the screen shows.
  createEffect(() => {
    const conversation = store.conversation()
    if (!conversation) return
    const takeNews = makeNewsTracker()
    createEffect(() => {
      const news = takeNews(conversation.messages(), conversation.transfers())
      for (const message of news.messages) notifier.message(message)
      for (const offer of news.offers) notifier.fileOffer(offer)
    })
  })

  onMount(() => {
    wakeLock.hold()
    const stopShortcuts = installShortcuts(document, isMacLike(browserPlatform()), (action) => {
      if (action === 'toggleMic' && store.local.hasMic()) store.local.toggleMic()
      if (action === 'toggleCam') void store.local.toggleCam()
    })
    const onPaste = (event: ClipboardEvent) => {
      const files = filesToOffer(event.clipboardData, event.target)
      if (files.length === 0) return
      event.preventDefault()
      store.conversation()?.sendFiles(files)
    }
    document.addEventListener('paste', onPaste)
    onCleanup(() => {
      wakeLock.release()
      notifier.stop()
      stopShortcuts()
      document.removeEventListener('paste', onPaste)
      if (document.pictureInPictureElement) void document.exitPictureInPicture().catch(() => {})
    })
  })
}
