import type { ByteReader, ByteWriter } from './bytes'
import { fail } from './errors'
import {
  Credentials,
  HEX_PWD_CHARS,
  HEX_UFRAG_CHARS,
  LIBWEBRTC_PWD_CHARS,
  LIBWEBRTC_UFRAG_CHARS,
  PWD_MAX,
  PWD_MIN,
  UFRAG_MAX,
  UFRAG_MIN,
} from './format'

/** ICE credential packing (format.ts, "credentials"). */

/** ice-char (RFC 8839): ALPHA / DIGIT / "+" / "/", in 6-bit value order. */
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const HEX_CHARS = '0123456789abcdef'

const ICE_VALUE = valueTable(ICE_CHARS)
const HEX_VALUE = valueTable(HEX_CHARS)

function valueTable(chars: string): Int8Array {
  const table = new Int8Array(128).fill(-1)
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = i
  return table
}

function allIn(table: Int8Array, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 128 || (table[code] as number) < 0) return false
  }
  return true
}

/** True for credentials a browser may legally send (RFC 8839 charset and lengths). */
export function validCredentials(ufrag: string, pwd: string): boolean {
  return (
    ufrag.length >= UFRAG_MIN &&
    ufrag.length <= UFRAG_MAX &&
    pwd.length >= PWD_MIN &&
    pwd.length <= PWD_MAX &&
    allIn(ICE_VALUE, ufrag) &&
    allIn(ICE_VALUE, pwd)
  )
}

/** Smallest packing mode for valid credentials. */
export function credentialMode(ufrag: string, pwd: string): number {
  if (ufrag.length === LIBWEBRTC_UFRAG_CHARS && pwd.length === LIBWEBRTC_PWD_CHARS) {
    return Credentials.libwebrtc
  }
  if (
    ufrag.length === HEX_UFRAG_CHARS &&
    pwd.length === HEX_PWD_CHARS &&
    allIn(HEX_VALUE, ufrag) &&
    allIn(HEX_VALUE, pwd)
  ) {
    return Credentials.hex
  }
  return Credentials.general
}

export function writeCredentials(w: ByteWriter, mode: number, ufrag: string, pwd: string): void {
  if (mode === Credentials.general) {
    w.u8(ufrag.length - UFRAG_MIN)
    w.u8(pwd.length - PWD_MIN)
  }
  const hex = mode === Credentials.hex
  packChars(w, ufrag + pwd, hex ? HEX_VALUE : ICE_VALUE, hex ? 4 : 6)
}

export function readCredentials(r: ByteReader, mode: number): { ufrag: string; pwd: string } {
  let ufragLength = LIBWEBRTC_UFRAG_CHARS
  let pwdLength = LIBWEBRTC_PWD_CHARS
  if (mode === Credentials.hex) {
    ufragLength = HEX_UFRAG_CHARS
    pwdLength = HEX_PWD_CHARS
  } else if (mode === Credentials.general) {
    ufragLength = r.u8() + UFRAG_MIN
    pwdLength = r.u8() + PWD_MIN
    if (ufragLength > UFRAG_MAX || pwdLength > PWD_MAX) fail('corrupted', 'impossible ICE lengths')
  }
  const hex = mode === Credentials.hex
  const text = unpackChars(r, ufragLength + pwdLength, hex ? HEX_CHARS : ICE_CHARS, hex ? 4 : 6)
  return { ufrag: text.slice(0, ufragLength), pwd: text.slice(ufragLength) }
}

/** Writes each char as a `bits`-wide value, MSB first, zero-filled to the byte boundary. */
function packChars(w: ByteWriter, text: string, table: Int8Array, bits: number): void {
  let acc = 0
  let held = 0
  for (let i = 0; i < text.length; i++) {
    acc = (acc << bits) | (table[text.charCodeAt(i)] as number)
    held += bits
    while (held >= 8) {
      held -= 8
      w.u8(acc >>> held)
    }
    acc &= (1 << held) - 1
  }
  if (held > 0) w.u8(acc << (8 - held))
}

/** Inverse of packChars; non-zero fill bits are 'corrupted'. */
function unpackChars(r: ByteReader, count: number, chars: string, bits: number): string {
  const data = r.bytes(Math.ceil((count * bits) / 8))
  const mask = (1 << bits) - 1
  let out = ''
  let acc = 0
  let held = 0
  let next = 0
  for (let i = 0; i < count; i++) {
    if (held < bits) {
      acc = (acc << 8) | (data[next++] as number)
      held += 8
    }
    held -= bits
    out += chars[(acc >>> held) & mask]
    acc &= (1 << held) - 1
  }
  if (acc !== 0) fail('corrupted', 'non-zero fill bits after the ICE credentials')
  return out
}
