export type { DataChannelLike, OpenChannel } from '../shared/channel'
export { type Chat, ChatError, type ChatMessage, type ChatOptions, makeChat } from './chat'
export {
  type Conversation,
  type ConversationMessage,
  type ConversationOptions,
  type ConversationTransfer,
  makeConversation,
} from './conversation'
export {
  boundedMemorySink,
  type CreateSink,
  createMemorySink,
  type FileSink,
  MEMORY_SINK_LIMIT,
  memorySink,
  type SinkMeta,
  SinkTooLarge,
  safeFileName,
  safeMime,
} from './file-sink'
export { type FileTransfers, type FileTransfersOptions, makeFileTransfers } from './files'
export { cleanupOpfs, makeOpfsSink, OPFS_DIR, type OpfsOptions, removeOpfsFile } from './opfs-sink'
export type { ConversationPeer } from './peer-conversation'
export type { Progress } from './progress'
export {
  CHAT_LABEL,
  CHAT_MAX_TEXT,
  type ChatTextProblem,
  type FailReason,
  FILE_LABEL_PREFIX,
  validateChatText,
} from './protocol'
export {
  type FileSource,
  isFinal,
  type Side,
  type Transfer,
  type TransferState,
  type TransferStatus,
} from './types'
