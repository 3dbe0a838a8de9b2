/**
 * A reply link opened by the host phone's own camera app lands in a NEW tab, while the call
 * waits in the old one. This hands the reply over between tabs of this app (BroadcastChannel,
 * same origin, same device — nothing leaves the device).
 *
 * Contract: `offerReply(text)` resolves true when a waiting tab took the reply within
 * `timeoutMs`; `listenForReplies(take)` calls `take(text)` for each reply and tells the sender
 * it was taken when `take` returns true.
 */
const CHANNEL = 'tatap-replies'

type RelayMessage = { t: 'reply'; id: string; text: string } | { t: 'taken'; id: string }

/**
 * A channel between this app's tabs, or null where there is none: no BroadcastChannel (Safari
 * before 15.4), or one the browser refuses (Firefox throws SecurityError when cookies and site
 * data are blocked). Without it a reply link opened in another tab is not handed over.
 */
export function openBroadcastChannel(name: string): BroadcastChannel | null {
  try {
    return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name)
  } catch {
    return null
  }
}

export function offerReply(text: string, timeoutMs = 1500): Promise<boolean> {
  const channel = openBroadcastChannel(CHANNEL)
  if (!channel) return Promise.resolve(false)
  const id = crypto.randomUUID()
  return new Promise((resolve) => {
    const done = (taken: boolean) => {
      clearTimeout(timer)
      channel.close()
      resolve(taken)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    channel.onmessage = (event: MessageEvent<RelayMessage>) => {
      if (event.data?.t === 'taken' && event.data.id === id) done(true)
    }
    channel.postMessage({ t: 'reply', id, text } satisfies RelayMessage)
  })
}

export function listenForReplies(take: (text: string) => Promise<boolean>): () => void {
  const channel = openBroadcastChannel(CHANNEL)
  if (!channel) return () => undefined
  channel.onmessage = async (event: MessageEvent<RelayMessage>) => {
    const message = event.data
    if (message?.t !== 'reply' || typeof message.text !== 'string') return
    if (await take(message.text)) {
      channel.postMessage({ t: 'taken', id: message.id } satisfies RelayMessage)
    }
  }
  return () => channel.close()
}

/** The relay between this browser's tabs of the app. */
export const browserReplyRelay = { listen: listenForReplies, offer: offerReply }
