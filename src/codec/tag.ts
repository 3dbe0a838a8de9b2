import { fnv1a32 } from './checksum'
import { TAG_UNBOUND } from './format'

const SEPARATOR = new Uint8Array([0x20])
const ascii = new TextEncoder()

/** FNV-1a-32 over "ufrag pwd" and the fingerprint bytes: identifies one ICE/DTLS session. */
export function sessionHash(ufrag: string, pwd: string, fingerprint: Uint8Array): number {
  return fnv1a32([ascii.encode(ufrag), SEPARATOR, ascii.encode(pwd), SEPARATOR, fingerprint])
}

/** 16-bit tag binding an answer to its offer; never TAG_UNBOUND (0). */
export function offerTag(ufrag: string, pwd: string, fingerprint: Uint8Array): number {
  const hash = sessionHash(ufrag, pwd, fingerprint)
  const folded = ((hash >>> 16) ^ hash) & 0xffff
  return folded === TAG_UNBOUND ? 1 : folded
}
