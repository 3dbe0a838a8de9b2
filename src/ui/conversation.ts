import { createSignal } from 'solid-js'
import {
  type Conversation,
  type ConversationMessage,
  type ConversationTransfer,
  removeOpfsFile,
} from '../transfer'

/**
 * A call's conversation (transfer/conversation.ts) as Solid signals, plus what only a screen
 * needs: how many messages came while the chat panel was closed, and blob: URLs for received
 * files (made once, revoked when the call ends unless the file is kept).
 */
export function createConversationView(conversation: Conversation) {
  const [messages, setMessages] = createSignal<readonly ConversationMessage[]>(
    conversation.messages(),
  )
  const [transfers, setTransfers] = createSignal<readonly ConversationTransfer[]>(
    conversation.transfers(),
  )
  const [unread, setUnread] = createSignal(0)
  let chatOpen = false
  const urls = new Map<string, string>()

  const off = conversation.on('change', () => {
    const next = conversation.messages()
    const fresh = next.length - messages().length
    if (!chatOpen && fresh > 0)
      setUnread((n) => n + next.slice(-fresh).filter((m) => m.from !== 'me').length)
    setMessages(next)
    setTransfers(conversation.transfers())
  })
  // Progress alone changes nothing but the snapshots; refresh them while anything moves.
  const ticker = setInterval(() => {
    if (transfers().some((t) => t.state.status === 'transferring'))
      setTransfers(conversation.transfers())
  }, 250)

  return {
    messages,
    transfers,
    unread,
    /** Sends a chat message to everyone; false for empty or over-long text (nothing is sent). */
    send(text: string): boolean {
      try {
        conversation.send(text)
        return true
      } catch {
        return false
      }
    },
    setChatOpen(open: boolean): void {
      chatOpen = open
      if (open) setUnread(0)
    },
    /** To everyone, or to the members `to`; returns how many offers went out (0: nobody). */
    sendFiles(list: readonly File[], to?: readonly string[]): number {
      return list.length > 0 ? conversation.sendFiles(list, to).length : 0
    },
    accept: (id: string) => conversation.accept(id),
    decline: (id: string) => conversation.decline(id),
    cancel: (id: string) => conversation.cancel(id),
    urlOf(transfer: ConversationTransfer): string | null {
      if (transfer.state.status !== 'done' || !transfer.state.blob) return null
      let url = urls.get(transfer.id)
      if (!url) {
        url = URL.createObjectURL(transfer.state.blob)
        urls.set(transfer.id, url)
      }
      return url
    },
    /** Stops following; the URLs of `keep` stay valid (their files outlive the call). */
    close(keep: readonly ConversationTransfer[]): Map<string, string> {
      off()
      clearInterval(ticker)
      const kept = new Map<string, string>()
      for (const t of keep) {
        const url = urls.get(t.id)
        if (url) kept.set(t.id, url)
        urls.delete(t.id)
      }
      for (const url of urls.values()) URL.revokeObjectURL(url)
      return kept
    },
  }
}

export type ConversationView = ReturnType<typeof createConversationView>

/** Frees a kept file: its object URL and its private-storage copy. */
export function releaseReceivedFile(url: string | undefined, blob: Blob | null): void {
  if (url) URL.revokeObjectURL(url)
  if (blob) void removeOpfsFile(blob).catch(() => undefined)
}
