/**
 * System notifications for what happens in a call while its page is hidden — a chat message, a
 * file offered to you — so a person who switched apps learns of it, as with any chat app. Plain
 * TypeScript; the browser comes in through `NotifierDeps` (browser-notifications.ts), so a Node
 * test drives it with fakes.
 *
 * Contract:
 * - Nothing is shown unless the person turned notifications on (`enabled()`: their choice, made by
 *   a tap, and the browser's permission granted) and the page is hidden. A visible page shows the
 *   message itself.
 * - One notification per kind, replaced rather than stacked: every chat message has the tag
 *   CHAT_TAG, every file offer FILE_TAG. The first message while hidden reads "AUTHOR: text"; the
 *   next ones "N new messages" with the latest as body (a burst of 30 is one notification).
 * - When the page is shown again, the counts start over and the call's notifications are closed:
 *   the person is looking at the call now.
 */

/** Tags of the call's notifications: one per kind, each new one replaces the last. */
export const CHAT_TAG = 'tatap-chat'
export const FILE_TAG = 'tatap-file'

export interface NotificationContent {
  title: string
  body: string
  tag: string
  /**
   * Whether replacing the previous notification of the tag should sound/vibrate again
   * (`renotify`): yes when the last alert of that tag is ALERT_AGAIN_AFTER_MS old, so a burst
   * buzzes once and a message minutes later buzzes again.
   */
  alert: boolean
}

/** A notification replacing one of the same tag alerts again only after this long (ms). */
export const ALERT_AGAIN_AFTER_MS = 10_000

export interface NotifierDeps {
  /** Whether the person wants notifications and the browser allows them, now. */
  enabled: () => boolean
  isHidden: () => boolean
  /** Calls `listener` on every visibility change; returns a function that stops it. */
  onVisibilityChange: (listener: () => void) => () => void
  /** Shows (or replaces, same tag) a notification; failures are the caller's to swallow. */
  show: (content: NotificationContent) => Promise<void>
  /** Closes this page's shown notifications with `tag`. */
  close: (tag: string) => Promise<void>
  /** Clock, ms. */
  now: () => number
}

/** The sentences of a notification, in the person's language (src/i18n). */
export interface NotifierWords {
  newMessages: (count: number) => string
  fileOffer: (name: string) => string
  fileOffers: (count: number) => string
}

export interface ChatNews {
  author: string
  text: string
}

export interface FileNews {
  from: string
  name: string
}

export interface CallNotifier {
  message(news: ChatNews): void
  fileOffer(news: FileNews): void
  /** Stops following visibility. */
  stop(): void
}

export function makeCallNotifier(deps: NotifierDeps, words: NotifierWords): CallNotifier {
  /** Messages and offers notified since the page was last visible. */
  let messages = 0
  let offers = 0
  /** When each tag last alerted. */
  const alerted = new Map<string, number>()
  const quiet = () => undefined
  const show = (content: Omit<NotificationContent, 'alert'>) => {
    const now = deps.now()
    const last = alerted.get(content.tag)
    const alert = last === undefined || now - last >= ALERT_AGAIN_AFTER_MS
    if (alert) alerted.set(content.tag, now)
    void deps.show({ ...content, alert }).catch(quiet)
  }
  const wanted = () => deps.isHidden() && deps.enabled()

  const stopWatching = deps.onVisibilityChange(() => {
    if (deps.isHidden()) return
    messages = 0
    offers = 0
    alerted.clear()
    void deps.close(CHAT_TAG).catch(quiet)
    void deps.close(FILE_TAG).catch(quiet)
  })

  return {
    message({ author, text }) {
      if (!wanted()) return
      messages += 1
      show(
        messages === 1
          ? { title: author, body: text, tag: CHAT_TAG }
          : { title: words.newMessages(messages), body: `${author}: ${text}`, tag: CHAT_TAG },
      )
    },
    fileOffer({ from, name }) {
      if (!wanted()) return
      offers += 1
      show({
        title: offers === 1 ? words.fileOffer(from) : words.fileOffers(offers),
        body: name,
        tag: FILE_TAG,
      })
    },
    stop: stopWatching,
  }
}

/** What `takeNews` needs of a chat message and of a transfer (transfer/conversation.ts). */
interface MessageLike {
  readonly id: string
  readonly from: string
  readonly author: string
  readonly text: string
}
interface TransferLike {
  readonly id: string
  readonly direction: 'send' | 'receive'
  readonly name: string
  readonly peerName: string
  readonly state: { readonly status: string }
}

/**
 * Turns successive snapshots of a conversation into news: the members' messages and the files
 * offered to us that the previous snapshot did not have. The first snapshot is the baseline
 * (nothing in it is news). Own messages and own offers are never news. Messages are in arrival
 * order and the log drops its oldest (transfer/conversation.ts), so the tracker keeps only the
 * last message it saw: what follows it is new (all of them, if it was dropped meanwhile).
 */
export function makeNewsTracker() {
  /** undefined until the baseline; null when the baseline had no message. */
  let lastMessage: string | null | undefined
  const seenOffers = new Set<string>()
  return function takeNews(
    messages: readonly MessageLike[],
    transfers: readonly TransferLike[],
  ): { messages: ChatNews[]; offers: FileNews[] } {
    const offered = transfers.filter(
      (t) => t.direction === 'receive' && t.state.status === 'offered',
    )
    const baseline = lastMessage === undefined
    const after = baseline
      ? messages.length - 1
      : messages.findLastIndex((m) => m.id === lastMessage)
    lastMessage = messages.at(-1)?.id ?? lastMessage ?? null
    const news = messages
      .slice(after + 1)
      .filter((m) => m.from !== 'me')
      .map((m) => ({ author: m.author, text: m.text }))
    const offers: FileNews[] = []
    for (const t of offered) {
      if (seenOffers.has(t.id)) continue
      seenOffers.add(t.id)
      if (!baseline) offers.push({ from: t.peerName, name: t.name })
    }
    return { messages: news, offers }
  }
}
