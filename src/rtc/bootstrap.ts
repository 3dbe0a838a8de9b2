import { type GatherTimings, waitForIceGathering } from './gather'
import type { OfferOrAnswer, PeerPort } from './port'

/**
 * The local side of a bootstrap (session.ts): the description just set, once its candidates are
 * gathered (`timings`; null: trickled, so at once). Null when the connection holds no local
 * description of that type by then (it was closed meanwhile).
 */
export async function bootstrapDescription(
  pc: PeerPort,
  type: 'offer' | 'answer',
  timings: GatherTimings | null,
): Promise<OfferOrAnswer | null> {
  if (timings) await waitForIceGathering(pc, timings)
  const local = pc.localDescription
  return local?.type === type ? { type, sdp: local.sdp } : null
}

/** Hands each candidate the connection gathers to `send`, until gathering completes. */
export function trickleCandidates(
  pc: PeerPort,
  send: (candidate: RTCIceCandidateInit) => void,
): void {
  const onCandidate = (event: Event) => {
    const candidate = (event as RTCPeerConnectionIceEvent).candidate
    if (candidate) send(candidate.toJSON())
    else pc.removeEventListener('icecandidate', onCandidate)
  }
  pc.addEventListener('icecandidate', onCandidate)
}
