/**
 * A data channel as every layer above the browser sees it. RTCDataChannel satisfies it
 * structurally (the compiler checks it where the rtc layer hands browser channels on); the
 * terminal peer adapts werift's channel to it; tests use testing/fake-channel.ts.
 * Events: 'open', 'message' (MessageEvent, .data string | ArrayBuffer), 'close', 'error',
 * 'bufferedamountlow'.
 */
export interface DataChannelLike extends EventTarget {
  readonly label: string
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed'
  binaryType: BinaryType
  readonly bufferedAmount: number
  bufferedAmountLowThreshold: number
  send(data: string | ArrayBuffer | ArrayBufferView): void
  close(): void
}

/** Creates an ordered, reliable channel to the peer. May throw if the connection is gone. */
export type OpenChannel = (label: string) => DataChannelLike

export type ChannelEvent = 'open' | 'message' | 'close' | 'error' | 'bufferedamountlow'
export type ChannelHandlers = Partial<Record<ChannelEvent, (event: Event) => void>>

/**
 * Adds handlers and returns a function removing them. A handler that throws is reported to
 * onError instead of escaping into the browser's event loop.
 */
export function listen(
  channel: DataChannelLike,
  handlers: ChannelHandlers,
  onError: (err: unknown) => void,
): () => void {
  const added: Array<[string, (event: Event) => void]> = []
  for (const [type, handler] of Object.entries(handlers)) {
    const wrapped = (event: Event): void => {
      try {
        handler(event)
      } catch (err) {
        onError(err)
      }
    }
    channel.addEventListener(type, wrapped)
    added.push([type, wrapped])
  }
  return () => {
    for (const [type, wrapped] of added) channel.removeEventListener(type, wrapped)
  }
}

/** Sends if the channel is open; returns false instead of throwing when it is not. */
export function trySend(channel: DataChannelLike, data: string | ArrayBuffer): boolean {
  if (channel.readyState !== 'open') return false
  try {
    channel.send(data)
    return true
  } catch {
    return false
  }
}

export function tryClose(channel: DataChannelLike): void {
  try {
    channel.close()
  } catch {
    // already closed
  }
}
