/**
 * One connect measured through the app's UI, the same for every browser pair: invite and reply
 * pasted, then on the host page, from its `tatap:reply-accepted` User Timing mark (set when
 * Connect takes the reply) to `tatap:channel-open` (control data channel open), and to the first
 * remote video frame the host presents (requestVideoFrameCallback).
 */
import type { AppPage } from '../tests/e2e/driver'
import { firstFrameTime, markSpan, markTime, watchFirstFrame } from '../tests/e2e/probes'
import { connectWithReply, joinWithCode, startCall } from '../tests/e2e/steps'

export interface ConnectTimes {
  /** Connect → data channel open, ms. */
  open: number
  /** Connect → first remote video frame, ms. */
  frame: number
}

export async function connectTimes(
  host: AppPage,
  guest: AppPage,
  url: string,
): Promise<ConnectTimes> {
  const invite = await startCall(host, 'Hana', url)
  const reply = await joinWithCode(guest, 'Gita', invite, url)
  // Watch for the host's first presented remote frame from before Connect is pressed.
  await watchFirstFrame(host, 'Video of')
  await connectWithReply(host, reply)
  const frameAt = await firstFrameTime(host)
  return {
    open: await markSpan(host, 'reply-accepted', 'channel-open'),
    frame: frameAt - (await markTime(host, 'reply-accepted')),
  }
}
