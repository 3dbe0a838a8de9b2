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

/**
 * The bootstrap offer as the answerer applies it: its `a=setup:actpass` read as `active`, so our
 * answer says `passive` and the offerer is the DTLS client.
 *
 * Why: an invite reaches whoever holds the code, and more than one person may answer it. Every
 * answerer's ICE checks succeed against the offerer (they carry the offer's password), so an
 * answerer that were the DTLS client would send its ClientHello to the offerer before the
 * offerer chose a reply; Chromium keeps such an early ClientHello and answers it once the chosen
 * reply is applied — possibly one from the person whose reply was never taken, and the chosen
 * guest's handshake never completes (measured: two guests on one invite, the first never
 * connected). As the client, the offerer starts the handshake itself, only on the path to the
 * answer it applied. Later offers keep the roles DTLS settled (JSEP).
 */
export function asDtlsServer(offer: OfferOrAnswer): OfferOrAnswer {
  return {
    type: offer.type,
    sdp: offer.sdp.replace(/^a=setup:actpass(\r?)$/gm, 'a=setup:active$1'),
  }
}
