/**
 * Short authentication string: both ends of a connection derive the same few symbols from both
 * DTLS fingerprints, so two people who exchanged codes through a chat app (which someone could
 * have changed) can check that nobody sits in between. A man in the middle holds two
 * connections with two different fingerprint pairs; to show both people the same symbols it
 * would have to find, within the seconds before they give up, a certificate whose fingerprint
 * makes a 36-bit hash collide — about 7·10^10 certificates.
 *
 * Contract: `sasIndices(a, b)` = `sasIndices(b, a)`; 6 indices, each 0–63 (6 bits), the first
 * 36 bits of SHA-256("tatap-sas-1\n" + lower fingerprint + "\n" + higher fingerprint), where
 * fingerprints are sha-256 DTLS fingerprints in upper-case hex with colons.
 */
export const SAS_SYMBOLS = 6
export const SAS_ALPHABET = 64

export async function sasIndices(fingerprintA: string, fingerprintB: string): Promise<number[]> {
  const [low, high] = [fingerprintA.toUpperCase(), fingerprintB.toUpperCase()].sort()
  const input = new TextEncoder().encode(`tatap-sas-1\n${low}\n${high}`)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input))
  const indices: number[] = []
  let bits = 0
  let buffer = 0
  for (const byte of digest) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 6 && indices.length < SAS_SYMBOLS) {
      bits -= 6
      indices.push((buffer >> bits) & 0b111111)
    }
    buffer &= (1 << bits) - 1
    if (indices.length === SAS_SYMBOLS) break
  }
  return indices
}
