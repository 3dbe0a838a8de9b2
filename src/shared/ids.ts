/** 22 chars of base64url from 128 random bits: message, transfer and member ids
 *  (transfer/protocol.ts ID_PATTERN, rtc/messages.ts isMemberId). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}
