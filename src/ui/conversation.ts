import { createSignal } from 'solid-js'
import type { PeerSession } from '../rtc/peer'
import {
  CHAT_LABEL,
  type Chat,
  type ChatMessage,
  type CreateSink,
  FILE_LABEL_PREFIX,
  type FileTransfers,
  makeChat,
  makeFileTransfers,
  removeOpfsFile,
  type Transfer,
} from '../transfer'

/**
 * Chat and files with one peer, as Solid signals. The host opens the `chat` channel (and opens
 * it again if it ever closes while the call goes on); each file travels on its own channel.
 * Messages sent while the chat channel is down are queued and delivered once, in order.
 */
export function createConversation(options: {
  peer: PeerSession
  selfName: () => string
  createSink: CreateSink
}) {
  const { peer } = options
  const chat: Chat = makeChat({ selfName: options.selfName })
  const files: FileTransfers = makeFileTransfers({
    openChannel: (label) => peer.openChannel(label),
    createSink: options.createSink,
    maxMessageSize: () => peer.pc.sctp?.maxMessageSize ?? null,
  })
  const [messages, setMessages] = createSignal<readonly ChatMessage[]>([])
  const [transfers, setTransfers] = createSignal<readonly Transfer[]>([])
  const [unread, setUnread] = createSignal(0)
  let chatOpen = false
  let disposed = false
  const savedUrls = new Map<string, string>()

  chat.on('change', () => {
    const next = chat.messages()
    const fresh = next.filter((m) => m.from === 'peer').length
    const before = messages().filter((m) => m.from === 'peer').length
    if (!chatOpen && fresh > before) setUnread((n) => n + fresh - before)
    setMessages(next)
  })
  files.on('change', () => setTransfers(files.transfers()))
  // Progress alone is emitted sparsely; refresh snapshots while anything is moving.
  const ticker = setInterval(() => {
    if (transfers().some((t) => t.state.status === 'transferring')) setTransfers(files.transfers())
  }, 250)

  const offChannel = peer.on('channel', (channel) => {
    if (channel.label === CHAT_LABEL) chat.attach(channel)
    else if (channel.label.startsWith(FILE_LABEL_PREFIX)) files.acceptChannel(channel)
  })

  function openChatChannel(): void {
    if (disposed) return
    const channel = peer.openChannel(CHAT_LABEL)
    channel.addEventListener('close', () => {
      const status = peer.phase.status
      if (!disposed && (status === 'connected' || status === 'interrupted')) {
        setTimeout(openChatChannel, 250)
      }
    })
    chat.attach(channel)
  }
  if (peer.role === 'host') openChatChannel()

  return {
    messages,
    transfers,
    unread,
    /** Sends a chat message; returns false for empty or over-long text (nothing is sent). */
    send(text: string): boolean {
      try {
        chat.send(text)
        return true
      } catch {
        return false
      }
    },
    setChatOpen(open: boolean): void {
      chatOpen = open
      if (open) setUnread(0)
    },
    sendFiles(list: readonly File[]): void {
      if (list.length > 0) files.send(list)
    },
    accept: (id: string) => files.accept(id),
    decline: (id: string) => files.decline(id),
    cancel: (id: string) => files.cancel(id),
    /** A blob: URL for a received file, made once and revoked on dispose. */
    urlOf(transfer: Transfer): string | null {
      if (transfer.state.status !== 'done' || !transfer.state.blob) return null
      let url = savedUrls.get(transfer.id)
      if (!url) {
        url = URL.createObjectURL(transfer.state.blob)
        savedUrls.set(transfer.id, url)
      }
      return url
    },
    /**
     * Ends the conversation. Files received and verified are handed back (their storage and
     * URLs stay valid) so they can still be saved after the call; everything else is released.
     */
    dispose(): ReceivedFile[] {
      disposed = true
      clearInterval(ticker)
      offChannel()
      chat.dispose()
      const kept: ReceivedFile[] = []
      for (const transfer of files.transfers()) {
        if (transfer.direction !== 'receive' || transfer.state.status !== 'done') continue
        const blob = transfer.state.blob
        if (!blob) continue
        const url = savedUrls.get(transfer.id) ?? URL.createObjectURL(blob)
        savedUrls.delete(transfer.id)
        kept.push({ id: transfer.id, name: transfer.name, size: transfer.size, blob, url })
      }
      files.dispose()
      for (const url of savedUrls.values()) URL.revokeObjectURL(url)
      return kept
    },
  }
}

/** A verified received file that outlives its call until the person dismisses it. */
export interface ReceivedFile {
  id: string
  name: string
  size: number
  blob: Blob
  url: string
}

/** Frees a kept file: its object URL and its private-storage copy. */
export function releaseReceivedFile(file: ReceivedFile): void {
  URL.revokeObjectURL(file.url)
  void removeOpfsFile(file.blob).catch(() => undefined)
}

export type Conversation = ReturnType<typeof createConversation>
