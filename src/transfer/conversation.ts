import { OwnedEmitter } from '../shared/emitter'
import { randomId } from '../shared/ids'
import { ChatError, type ChatMessage } from './chat'
import type { CreateSink } from './file-sink'
import {
  type ConversationPeer,
  makePeerConversation,
  type PeerConversation,
} from './peer-conversation'
import { validateChatText } from './protocol'
import { type FileSource, isFinal, type Transfer } from './types'

/** A chat message of the room. `from` is 'me' or the member id of its author. */
export interface ConversationMessage {
  readonly id: string
  readonly from: string
  /** The author's name as its hello said it ('' for 'me': the UI says "You"). */
  readonly author: string
  readonly text: string
  /** Epoch ms, by the author's clock. */
  readonly sentAt: number
  /**
   * Own messages: 'queued' until handed to every member's channel, 'sent' until every member
   * acknowledged it, then 'delivered'. Members' messages are always 'delivered'.
   */
  readonly status: ChatMessage['status']
}

/** A file transfer with the member on the other end. */
export interface ConversationTransfer extends Transfer {
  readonly peerId: string
  readonly peerName: string
}

export interface Conversation {
  /** A member whose connection is open: chat with it and exchange files from now on. */
  addPeer(peer: ConversationPeer): void
  /** A member left or was lost: its unfinished transfers fail, its messages stay. */
  removePeer(id: string): void
  /** To every member present. Throws ChatError for empty or over-long text. */
  send(text: string): ConversationMessage
  /** Oldest first, in arrival order; a new array after each change. */
  messages(): readonly ConversationMessage[]
  /** Offers the files to the members `to` (default: everyone present); returns transfer ids. */
  sendFiles(files: readonly FileSource[], to?: readonly string[]): string[]
  /** In creation order; a new array whenever one changed. */
  transfers(): readonly ConversationTransfer[]
  accept(id: string): void
  decline(id: string): void
  cancel(id: string): void
  dismiss(id: string): void
  on(event: 'change', listener: () => void): () => void
  /** Ends everything; returns the received, verified files (their blobs stay valid). */
  dispose(): ConversationTransfer[]
}

export interface ConversationOptions {
  createSink: CreateSink
  selfName: () => string
  now?: () => number
  newId?: () => string
}

/**
 * A member may send a burst of CHAT_BURST messages, then CHAT_RATE per second on average; a
 * member sending more is cut off (no person types that fast; a script flooding the chat is).
 */
export const CHAT_BURST = 100
export const CHAT_RATE = 10
/** The room's chat keeps the latest this many messages. */
export const CHAT_HISTORY = 1000
/** A message stamped further than this from our clock shows our clock's time instead. */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000

interface PeerEntry {
  peer: ConversationPeer
  talk: PeerConversation
  /** How many of its chat messages (from it) the room log has taken. */
  taken: number
  /** Messages it may still send at once (a token bucket), and when that was counted. */
  allowance: number
  countedAt: number
  flooded: boolean
  /** Stops listening to its chat and files. */
  stop: () => void
}

/**
 * The room's chat and files: one chat log for everyone, each message delivered to each member
 * exactly once and in order over that member's own chat channel (chat.ts acks and resends), and
 * files sent to everyone or to chosen members, each recipient on its own transfer.
 */
export function makeConversation(options: ConversationOptions): Conversation {
  const now = options.now ?? Date.now
  const newId = options.newId ?? randomId
  const emitter = new OwnedEmitter<{ change: undefined }>()
  const peers = new Map<string, PeerEntry>()
  /** Every transfer's member, in creation order (members that left stay). */
  const transferPeer = new Map<string, { id: string; name: string; talk: PeerConversation }>()
  let log: Array<Omit<ConversationMessage, 'status'>> = []
  /** For each own message: the per-member chats it went to. */
  const recipients = new Map<string, PeerConversation[]>()
  let snapshot: readonly ConversationMessage[] | null = null
  /** The objects of the last snapshot by id: an unchanged message stays the same object, so a
   *  view keyed by message redraws only what changed (one new message, not the whole list). */
  let shown = new Map<string, ConversationMessage>()
  /** The transfer list and the per-member lists it was made from (progress moves silently). */
  let transferSnapshot: { from: Array<readonly Transfer[]>; list: ConversationTransfer[] } | null =
    null
  let disposed = false

  const changed = (): void => {
    snapshot = null
    transferSnapshot = null
    if (!disposed) emitter.emit('change', undefined)
  }

  const talks = (): PeerConversation[] => [
    ...new Set([...transferPeer.values()].map((w) => w.talk)),
  ]

  /** Whether the member may send one more message now (CHAT_BURST, CHAT_RATE). */
  const allowed = (entry: PeerEntry): boolean => {
    const at = now()
    entry.allowance = Math.min(
      CHAT_BURST,
      entry.allowance + ((at - entry.countedAt) / 1000) * CHAT_RATE,
    )
    entry.countedAt = at
    if (entry.allowance < 1) return false
    entry.allowance -= 1
    return true
  }

  const takeMessages = (entry: PeerEntry): void => {
    if (entry.flooded) return
    const list = entry.talk.chat.messages()
    const fresh: Array<Omit<ConversationMessage, 'status'>> = []
    let seen = 0
    for (const m of list) {
      if (m.from !== 'peer') continue
      if (seen++ < entry.taken) continue
      if (!allowed(entry)) {
        entry.flooded = true
        // Heard no more: what it still sends until the connection is gone costs nothing.
        entry.talk.chat.dispose()
        entry.peer.cutOff()
        break
      }
      const sentAt = Math.abs(m.sentAt - now()) > CLOCK_SLACK_MS ? now() : m.sentAt
      fresh.push({ id: m.id, from: entry.peer.id, author: entry.peer.name, text: m.text, sentAt })
    }
    entry.taken = seen
    if (fresh.length > 0) log = [...log, ...fresh].slice(-CHAT_HISTORY)
  }

  const statusOf = (id: string): ChatMessage['status'] => {
    const rank = { queued: 0, sent: 1, delivered: 2 } as const
    let lowest: ChatMessage['status'] = 'delivered'
    for (const talk of recipients.get(id) ?? []) {
      const m = talk.chat.messages().find((x) => x.id === id)
      if (m && rank[m.status] < rank[lowest]) lowest = m.status
    }
    return lowest
  }

  const findTransfer = (id: string) => transferPeer.get(id)?.talk.files

  return {
    addPeer(peer) {
      if (disposed || peers.has(peer.id)) return
      const talk = makePeerConversation(peer, options)
      const entry: PeerEntry = {
        peer,
        talk,
        taken: 0,
        allowance: CHAT_BURST,
        countedAt: now(),
        flooded: false,
        stop: () => {},
      }
      const offChat = talk.chat.on('change', () => {
        takeMessages(entry)
        changed()
      })
      const offFiles = talk.files.on('change', () => {
        for (const t of talk.files.transfers()) {
          if (!transferPeer.has(t.id))
            transferPeer.set(t.id, { id: peer.id, name: peer.name, talk })
        }
        changed()
      })
      entry.stop = () => {
        offChat()
        offFiles()
      }
      peers.set(peer.id, entry)
      changed()
    },
    removePeer(id) {
      const entry = peers.get(id)
      if (!entry) return
      peers.delete(id)
      entry.talk.files.lose()
      entry.stop()
      entry.talk.dispose()
      for (const [messageId, sentTo] of recipients) {
        recipients.set(
          messageId,
          sentTo.filter((talk) => talk !== entry.talk),
        )
      }
      changed()
    },
    send(text) {
      const problem = validateChatText(text)
      if (problem) throw new ChatError(problem)
      const stamp = { id: newId(), sentAt: now() }
      const talks = [...peers.values()].map((entry) => entry.talk)
      for (const talk of talks) talk.chat.send(text, stamp)
      recipients.set(stamp.id, talks)
      if (recipients.size > CHAT_HISTORY)
        recipients.delete(recipients.keys().next().value as string)
      log = [...log, { ...stamp, from: 'me', author: '', text }].slice(-CHAT_HISTORY)
      changed()
      return { ...stamp, from: 'me', author: '', text, status: statusOf(stamp.id) }
    },
    messages() {
      if (snapshot) return snapshot
      const next = new Map<string, ConversationMessage>()
      snapshot = log.map((m) => {
        const status = m.from === 'me' ? statusOf(m.id) : 'delivered'
        const before = shown.get(m.id)
        const message = before?.status === status ? before : { ...m, status }
        next.set(m.id, message)
        return message
      })
      shown = next
      return snapshot
    },
    sendFiles(files, to) {
      const targets = to
        ? to.map((id) => peers.get(id)).filter((e) => e !== undefined)
        : [...peers.values()]
      const ids: string[] = []
      for (const entry of targets) {
        for (const id of entry.talk.files.send(files)) {
          transferPeer.set(id, { id: entry.peer.id, name: entry.peer.name, talk: entry.talk })
          ids.push(id)
        }
      }
      changed()
      return ids
    },
    transfers() {
      const from = talks().map((talk) => talk.files.transfers())
      const same =
        transferSnapshot?.from.length === from.length &&
        from.every((list, i) => transferSnapshot?.from[i] === list)
      if (transferSnapshot && same) return transferSnapshot.list
      const byId = new Map<string, Transfer>()
      for (const list of from) for (const t of list) byId.set(t.id, t)
      const list: ConversationTransfer[] = []
      for (const [id, who] of transferPeer) {
        const t = byId.get(id)
        if (t) list.push({ ...t, peerId: who.id, peerName: who.name })
      }
      transferSnapshot = { from, list }
      return list
    },
    accept: (id) => findTransfer(id)?.accept(id),
    decline: (id) => findTransfer(id)?.decline(id),
    cancel: (id) => findTransfer(id)?.cancel(id),
    dismiss(id) {
      const files = findTransfer(id)
      const t = files?.transfers().find((x) => x.id === id)
      if (!files || !t || !isFinal(t.state)) return
      files.dismiss(id)
      transferPeer.delete(id)
      changed()
    },
    on: (event, listener) => emitter.on(event, listener),
    dispose() {
      const kept = this.transfers().filter(
        (t) => t.direction === 'receive' && t.state.status === 'done' && t.state.blob !== null,
      )
      disposed = true
      for (const id of [...peers.keys()]) this.removePeer(id)
      for (const talk of talks()) talk.dispose()
      emitter.clear()
      return kept
    },
  }
}
