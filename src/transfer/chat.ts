import { type DataChannelLike, listen, trySend } from '../shared/channel'
import { OwnedEmitter } from '../shared/emitter'
import { randomId } from '../shared/ids'
import { type ChatTextProblem, encodeFrame, parseChatFrame, validateChatText } from './protocol'

/**
 * Chat with one peer over the `chat` channel (see protocol.ts ChatFrame).
 *
 * Contract: every message sent is delivered to the peer exactly once and in order, however
 * often the channel drops, as long as some channel is attached again later. Unacked messages
 * (queued or sent) are resent in their original order each time an attached channel opens; the
 * receiver drops ids it has seen and acks every msg, duplicates included.
 */
export interface ChatMessage {
  readonly id: string
  readonly from: 'me' | 'peer'
  readonly author: string
  readonly text: string
  /** Epoch ms, by the author's clock. */
  readonly sentAt: number
  /** queued: not yet handed to an open channel; sent: handed over, no ack yet;
   *  delivered: acked by the peer. Peer messages are always 'delivered'. */
  readonly status: 'queued' | 'sent' | 'delivered'
}

export interface ChatOptions {
  /** The author name put on outgoing messages, read at send time. */
  selfName: () => string
  now?: () => number
  newId?: () => string
}

export interface Chat {
  /** Uses this channel from now on (the previous one, if any, is no longer listened to but not
   *  closed: the rtc layer owns it). Resends unacked messages once it is open. */
  attach(channel: DataChannelLike): void
  /**
   * Throws ChatError('empty' | 'too-long') for text validateChatText rejects. `stamp` gives the
   * id and time (a room sends one message to every member under the same id).
   */
  send(text: string, stamp?: { id: string; sentAt: number }): ChatMessage
  /** Oldest first; a new array after each change, message objects are immutable. */
  messages(): readonly ChatMessage[]
  on(event: 'change', cb: () => void): () => void
  dispose(): void
}

/** Own messages wait while the chat channel buffers more than this (bytes) … */
export const CHAT_HIGH_WATER = 256 * 1024
/** … and go on once it drained to this. */
export const CHAT_LOW_WATER = 64 * 1024

export class ChatError extends Error {
  constructor(readonly reason: ChatTextProblem) {
    super(`chat message rejected: ${reason}`)
    this.name = 'ChatError'
  }
}

export function makeChat(options: ChatOptions): Chat {
  const now = options.now ?? Date.now
  const newId = options.newId ?? randomId
  const emitter = new OwnedEmitter<{ change: undefined }>()
  let list: ChatMessage[] = []
  const seenPeerIds = new Set<string>()
  let channel: DataChannelLike | null = null
  /** Own message ids already handed to the current channel. */
  let sentHere = new Set<string>()
  let unlisten = (): void => {}

  const update = (next: ChatMessage[]): void => {
    list = next
    emitter.emit('change', undefined)
  }

  const setStatus = (ids: ReadonlySet<string>, status: ChatMessage['status']): void => {
    update(list.map((m) => (m.from === 'me' && ids.has(m.id) ? { ...m, status } : m)))
  }

  /**
   * Sends, in order, every unacked own message not yet sent on the current channel — while the
   * channel's buffer holds less than CHAT_HIGH_WATER; the rest goes when it drains (a terminal
   * piping thousands of lines must not overrun the connection).
   */
  const flush = (): void => {
    if (channel?.readyState !== 'open') return
    const sent = new Set<string>()
    for (const m of list) {
      if (m.from !== 'me' || m.status === 'delivered' || sentHere.has(m.id)) continue
      if (channel.bufferedAmount > CHAT_HIGH_WATER) {
        channel.bufferedAmountLowThreshold = CHAT_LOW_WATER
        break
      }
      const frame = {
        t: 'msg',
        id: m.id,
        author: m.author,
        text: m.text,
        sentAt: m.sentAt,
      } as const
      if (!trySend(channel, encodeFrame(frame))) break
      sentHere.add(m.id)
      if (m.status === 'queued') sent.add(m.id)
    }
    if (sent.size > 0) setStatus(sent, 'sent')
  }

  const onMessage = (event: Event): void => {
    const frame = parseChatFrame((event as MessageEvent).data)
    if (!frame) return
    if (frame.t === 'ack') {
      const m = list.find((x) => x.from === 'me' && x.id === frame.id)
      if (m && m.status !== 'delivered') setStatus(new Set([m.id]), 'delivered')
      return
    }
    if (channel) trySend(channel, encodeFrame({ t: 'ack', id: frame.id }))
    if (seenPeerIds.has(frame.id)) return
    seenPeerIds.add(frame.id)
    const { id, author, text, sentAt } = frame
    update([...list, { id, from: 'peer', author, text, sentAt, status: 'delivered' }])
  }

  const detach = (): void => {
    unlisten()
    unlisten = () => {}
    channel = null
    sentHere = new Set()
  }

  return {
    attach(next) {
      if (next === channel) return
      detach()
      channel = next
      const ch = next
      unlisten = listen(
        ch,
        {
          open: flush,
          message: onMessage,
          bufferedamountlow: flush,
          close: () => {
            if (channel === ch) detach()
          },
        },
        () => {},
      )
      flush()
    },
    send(text, stamp) {
      const problem = validateChatText(text)
      if (problem) throw new ChatError(problem)
      const message: ChatMessage = {
        id: stamp?.id ?? newId(),
        from: 'me',
        author: options.selfName(),
        text,
        sentAt: stamp?.sentAt ?? now(),
        status: 'queued',
      }
      update([...list, message])
      flush()
      return list.find((m) => m.id === message.id) ?? message
    },
    messages: () => list,
    on: (event, cb) => emitter.on(event, cb),
    dispose() {
      detach()
      emitter.clear()
    },
  }
}
