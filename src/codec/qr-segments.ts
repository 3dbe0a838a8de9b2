/** QR segmentation of a code or link for the `qrcode` package (ISO/IEC 18004 bit costs). */

/** A union per mode, so an array of them is assignable to the `qrcode` package's segments. */
export type QrSegment = { data: string; mode: 'byte' } | { data: string; mode: 'alphanumeric' }

const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/
const utf8 = new TextEncoder()

/**
 * Fewest-bits split of `text` into at most a byte-mode head and an alphanumeric tail (the
 * longest alphanumeric suffix): a link prefix costs 8 bits/char, the code 5.5. A whole
 * alphanumeric text is one segment. Costs use the character-count widths of versions 1-9; at
 * versions 10+ the split costs 2 bits more than one byte segment, which only matters for a
 * tail of about 6 characters, never for a code.
 */
export function qrSegments(text: string): QrSegment[] {
  let split = text.length
  while (split > 0 && QR_ALPHANUMERIC.test(text.charAt(split - 1))) split--
  const options: QrSegment[][] = [[{ data: text, mode: 'byte' }]]
  if (split === 0) options.push([{ data: text, mode: 'alphanumeric' }])
  else if (split < text.length) {
    options.push([
      { data: text.slice(0, split), mode: 'byte' },
      { data: text.slice(split), mode: 'alphanumeric' },
    ])
  }
  let best = options[0] as QrSegment[]
  for (const option of options) if (bits(option) < bits(best)) best = option
  return best
}

/** Mode indicator 4 + count 8|9 + data: byte 8/char (UTF-8), alphanumeric 11 per 2 chars. */
function bits(segments: readonly QrSegment[]): number {
  let total = 0
  for (const s of segments) {
    if (s.mode === 'byte') total += 4 + 8 + 8 * utf8.encode(s.data).length
    else total += 4 + 9 + 11 * Math.floor(s.data.length / 2) + 6 * (s.data.length % 2)
  }
  return total
}
