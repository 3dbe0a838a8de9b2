import type { PeerSession } from '../rtc/session'
import type { ConversationPeer } from '../transfer'

/** A member's session as the conversation sees it (transfer/peer-conversation.ts). */
export function conversationPeer(id: string, name: string, session: PeerSession): ConversationPeer {
  return {
    id,
    name,
    opensChat: session.role === 'offerer',
    isLive: () => session.isLive,
    openChannel: (label) => session.openChannel(label),
    onChannel: (listener) => session.onChannel(listener),
    maxMessageSize: () => session.maxMessageSize(),
    cutOff: () => session.cutOff(),
  }
}
