/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR. */
const CRC_TABLE = (() => {
  const table = new Uint16Array(256)
  for (let n = 0; n < 256; n++) {
    let crc = n << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1
    table[n] = crc & 0xffff
  }
  return table
})()

/** CRC of `data[0..end)`; detects every error burst of up to 16 bits. */
export function crc16(data: Uint8Array, end: number = data.length): number {
  let crc = 0xffff
  for (let i = 0; i < end; i++) {
    crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 8) ^ (data[i] as number)) & 0xff] as number)) & 0xffff
  }
  return crc
}

/** FNV-1a, 32 bits, over a sequence of byte arrays (not a checksum: a cheap identifier hash). */
export function fnv1a32(parts: readonly Uint8Array[]): number {
  let hash = 0x811c9dc5
  for (const part of parts) {
    for (const byte of part) hash = Math.imul(hash ^ byte, 0x01000193)
  }
  return hash >>> 0
}
