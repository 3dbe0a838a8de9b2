import type { DataChannelLike } from '../shared/channel'

/** Channels the other side may open before anyone on this side takes them; more are closed. */
export const MAX_EARLY_CHANNELS = 16

/**
 * Where the data channels the other side opens (chat, files) wait for their one taker. The other
 * side may open one the moment it has our hello, before this side has even read its hello: such
 * channels are kept (at most MAX_EARLY_CHANNELS) and handed over when someone takes them.
 */
export class ChannelInbox {
  private taker: ((channel: DataChannelLike) => void) | null = null
  private readonly early: DataChannelLike[] = []

  receive(channel: DataChannelLike): void {
    if (this.taker) this.taker(channel)
    else if (this.early.length < MAX_EARLY_CHANNELS) this.early.push(channel)
    else channel.close()
  }

  /** `listener` takes every channel from now on, those kept so far first. Returns the
   *  unsubscribe function (channels then wait again). */
  take(listener: (channel: DataChannelLike) => void): () => void {
    this.taker = listener
    for (const channel of this.early.splice(0)) listener(channel)
    return () => {
      if (this.taker === listener) this.taker = null
    }
  }
}
