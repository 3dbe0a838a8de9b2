import type { DataChannelLike } from '../shared/channel'
import { type Chat, makeChat } from './chat'
import type { CreateSink } from './file-sink'
import { type FileTransfers, makeFileTransfers } from './files'
import { CHAT_LABEL, FILE_LABEL_PREFIX } from './protocol'

/** One connected member as the conversation sees it; the call layer adapts a peer session. */
export interface ConversationPeer {
  /** Stable for the call (the member id). */
  readonly id: string
  /** The name from the member's hello: the author of everything it sends. */
  readonly name: string
  /** This side opens the `chat` channel (the connection's offerer), and opens it again. */
  readonly opensChat: boolean
  /** True while the connection can carry channels (connected or interrupted). */
  isLive(): boolean
  /** A new ordered, reliable channel to this member. May throw when the connection is gone. */
  openChannel(label: string): DataChannelLike
  /** Channels the member opens; returns the unsubscribe function. */
  onChannel(listener: (channel: DataChannelLike) => void): () => void
  /** The largest message the member takes (SCTP max-message-size), null while unknown. */
  maxMessageSize(): number | null
  /** The member sends far more than a person could: end the connection to it. */
  cutOff(): void
}

export interface PeerConversationOptions {
  createSink: CreateSink
  selfName: () => string
  now?: () => number
  newId?: () => string
}

/** After the chat channel closed while the connection lives on, open it again this much later. */
export const CHAT_REOPEN_MS = 250

export interface PeerConversation {
  readonly chat: Chat
  readonly files: FileTransfers
  dispose(): void
}

/**
 * Chat and files with one member: routes the channels it opens by label (`chat` → chat,
 * `file:<id>` → file transfers, anything else is closed), and on the offering side keeps a
 * `chat` channel open for as long as the connection lives.
 */
export function makePeerConversation(
  peer: ConversationPeer,
  options: PeerConversationOptions,
): PeerConversation {
  const chat = makeChat({
    selfName: options.selfName,
    ...(options.now ? { now: options.now } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
  })
  const files = makeFileTransfers({
    openChannel: (label) => peer.openChannel(label),
    createSink: options.createSink,
    maxMessageSize: () => peer.maxMessageSize(),
    ...(options.now ? { now: options.now } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
  })
  let disposed = false
  let reopenTimer: ReturnType<typeof setTimeout> | null = null

  const offChannel = peer.onChannel((channel) => {
    if (disposed) return channel.close()
    if (channel.label === CHAT_LABEL) chat.attach(channel)
    else if (channel.label.startsWith(FILE_LABEL_PREFIX)) files.acceptChannel(channel)
    else channel.close()
  })

  const openChat = (): void => {
    reopenTimer = null
    if (disposed || !peer.isLive()) return
    let channel: DataChannelLike
    try {
      channel = peer.openChannel(CHAT_LABEL)
    } catch {
      return
    }
    channel.addEventListener('close', () => {
      if (!disposed && peer.isLive()) reopenTimer = setTimeout(openChat, CHAT_REOPEN_MS)
    })
    chat.attach(channel)
  }
  if (peer.opensChat) openChat()

  return {
    chat,
    files,
    dispose() {
      disposed = true
      if (reopenTimer !== null) clearTimeout(reopenTimer)
      offChannel()
      chat.dispose()
      files.dispose()
    },
  }
}
