import { fail } from './errors'

/**
 * The 41 code characters: digits, capital letters and 5 of the 9 other QR-alphanumeric
 * characters. The 4 left out break codes in transit: space (chat apps re-wrap text), '%' (read as
 * percent-encoding in URLs), '.' (linkifiers drop a trailing dot) and '*' (markdown emphasis).
 * '$ + - / :' are kept verbatim in a URL fragment (WHATWG URL encodes none of them there).
 * All 41 are QR-alphanumeric, so a code costs 5.5 bits per character in a QR code.
 *
 * Two bytes (0..65535 < 41^3 = 68921) become 3 characters, least significant digit first; an odd
 * trailing byte becomes 2. The last character of a group is then at most index 38 ('-'), and of a
 * 2-char tail at most '6': a code never ends with ':' or '/', which linkifiers may cut off.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$+-/:'

const BASE = 41
const BASE2 = BASE * BASE

/** Char code -> digit value, -1 for characters outside the alphabet (capital letters only). */
const DIGIT = (() => {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < BASE; i++) table[CODE_ALPHABET.charCodeAt(i)] = i
  return table
})()

/** Digit value of one character, or -1 if it is not in CODE_ALPHABET. */
export function digitOf(charCode: number): number {
  return charCode < 128 ? (DIGIT[charCode] as number) : -1
}

/** Text length for `byteCount` bytes. */
export function textLength(byteCount: number): number {
  return Math.floor(byteCount / 2) * 3 + (byteCount % 2) * 2
}

export function bytesToText(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 1 < bytes.length; i += 2) {
    const value = ((bytes[i] as number) << 8) | (bytes[i + 1] as number)
    out +=
      CODE_ALPHABET.charAt(value % BASE) +
      CODE_ALPHABET.charAt(Math.floor(value / BASE) % BASE) +
      CODE_ALPHABET.charAt(Math.floor(value / BASE2))
  }
  if (i < bytes.length) {
    const value = bytes[i] as number
    out += CODE_ALPHABET.charAt(value % BASE) + CODE_ALPHABET.charAt(Math.floor(value / BASE))
  }
  return out
}

/**
 * Inverse of bytesToText for text of length 3k or 3k+2 made of CODE_ALPHABET characters.
 * Throws CodecError 'corrupted' for a group above 0xFFFF (or a tail above 0xFF) and
 * 'not-a-code' for a character outside the alphabet; callers check the length first.
 */
export function textToBytes(text: string): Uint8Array {
  const tail = text.length % 3
  if (tail === 1) fail('corrupted', 'a code never has this length')
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (tail === 2 ? 1 : 0))
  let o = 0
  let i = 0
  for (; i + 2 < text.length; i += 3) {
    const value = digit(text, i) + digit(text, i + 1) * BASE + digit(text, i + 2) * BASE2
    if (value > 0xffff) fail('corrupted', 'the code holds an impossible character group')
    out[o++] = value >>> 8
    out[o++] = value & 0xff
  }
  if (tail === 2) {
    const value = digit(text, i) + digit(text, i + 1) * BASE
    if (value > 0xff) fail('corrupted', 'the code holds an impossible character group')
    out[o] = value
  }
  return out
}

function digit(text: string, index: number): number {
  const value = digitOf(text.charCodeAt(index))
  if (value < 0) fail('not-a-code', 'the text holds characters a code never has')
  return value
}
