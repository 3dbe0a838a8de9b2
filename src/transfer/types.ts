import type { Progress } from './progress'
import type { FailReason } from './protocol'

export type { Progress } from './progress'
export type { FailReason } from './protocol'

/** 'me' = this device, 'peer' = the other side. */
export type Side = 'me' | 'peer'

/**
 * Lifecycle of one transfer.
 *   send:    waiting-for-accept → queued → transferring → verifying → done
 *   receive: offered → transferring → verifying → done
 * Final: done, declined, cancelled, failed. `by` says which side ended it.
 */
export type TransferState =
  | { readonly status: 'offered' }
  | { readonly status: 'waiting-for-accept' }
  /** Accepted; waiting for one of the sender's concurrent slots. */
  | { readonly status: 'queued' }
  | { readonly status: 'transferring' }
  /** Sender: all bytes sent, waiting for the receiver's verdict. Receiver: flushing + hashing. */
  | { readonly status: 'verifying' }
  /** blob: the received file (receive direction), null when sending. */
  | { readonly status: 'done'; readonly blob: Blob | null }
  | { readonly status: 'declined'; readonly by: Side }
  | { readonly status: 'cancelled'; readonly by: Side }
  | { readonly status: 'failed'; readonly reason: FailReason; readonly by: Side }

export type TransferStatus = TransferState['status']

export const FINAL_STATUSES: ReadonlySet<TransferStatus> = new Set([
  'done',
  'declined',
  'cancelled',
  'failed',
])

export const isFinal = (state: TransferState): boolean => FINAL_STATUSES.has(state.status)

/** An immutable snapshot; a new object replaces it on every change. */
export interface Transfer {
  readonly id: string
  readonly direction: 'send' | 'receive'
  /** Sender: the file's name. Receiver: the announced name, cleaned by safeFileName. */
  readonly name: string
  readonly size: number
  /** As announced (receiver) or File.type (sender); may be ''. */
  readonly mime: string
  readonly state: TransferState
  readonly progress: Progress
}

/** What the sender reads from: File fits. Read in slices, never whole. */
export interface FileSource {
  readonly name: string
  readonly size: number
  readonly type: string
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
}
