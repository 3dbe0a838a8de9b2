import { formatCandidate } from './candidates'
import type { SignalFields } from './fields'
import { sessionHash } from './tag'

/** Announced to the peer; without it the peer assumes 64 KiB (RFC 8841 section 6). */
export const MAX_MESSAGE_SIZE = 262144
export const SCTP_PORT = 5000

/**
 * Fields -> a data-channel-only SDP (CRLF lines) that Chromium, Firefox and Safari accept as a
 * remote description: one bundled m=application line with a c= line (Firefox needs one), all
 * candidates and a=end-of-candidates (nothing will trickle). Never ice-lite.
 */
export function buildSdp(f: SignalFields): string {
  const hex: string[] = []
  for (const byte of f.fingerprint) hex.push(byte.toString(16).toUpperCase().padStart(2, '0'))
  const lines = [
    'v=0',
    `o=- ${sessionHash(f.ufrag, f.pwd, f.fingerprint)} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `a=group:BUNDLE ${f.mid}`,
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    `a=ice-ufrag:${f.ufrag}`,
    `a=ice-pwd:${f.pwd}`,
    `a=fingerprint:sha-256 ${hex.join(':')}`,
    `a=setup:${f.role}`,
    `a=mid:${f.mid}`,
    `a=sctp-port:${SCTP_PORT}`,
    `a=max-message-size:${MAX_MESSAGE_SIZE}`,
    ...f.candidates.map((c, i) => `a=${formatCandidate(c, i)}`),
    'a=end-of-candidates',
  ]
  return `${lines.join('\r\n')}\r\n`
}
