import type { Address } from './fields'

/** Candidate address text <-> bytes: IPv4, IPv6 (RFC 4291 text, RFC 5952 output), mDNS UUID. */

/** Parses a candidate connection-address; null when it has no compact form (e.g. other FQDNs). */
export function parseAddress(text: string): Address | null {
  if (text.length > 64) return null
  if (text.includes(':')) return wrap('ipv6', parseIpv6(text))
  if (/\.local$/i.test(text)) return wrap('mdns', parseUuid(text.slice(0, -6)))
  return wrap('ipv4', parseIpv4(text))
}

export function formatAddress(address: Address): string {
  switch (address.family) {
    case 'ipv4':
      return address.bytes.join('.')
    case 'ipv6':
      return formatIpv6(address.bytes)
    case 'mdns':
      return `${formatUuid(address.bytes)}.local`
  }
}

/** fe80::/10, the IPv6 link-local unicast range. */
export function isLinkLocal(address: Address): boolean {
  const [first = 0, second = 0] = address.bytes
  return address.family === 'ipv6' && first === 0xfe && (second & 0xc0) === 0x80
}

function wrap(family: Address['family'], bytes: Uint8Array | null): Address | null {
  return bytes ? { family, bytes } : null
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string
    if (!/^\d{1,3}$/.test(part)) return null
    const value = Number(part)
    if (value > 255) return null
    out[i] = value
  }
  return out
}

/** Accepts '::' compression, a trailing dotted IPv4 and a zone ('%eth0', dropped). */
function parseIpv6(text: string): Uint8Array | null {
  const zone = text.indexOf('%')
  const body = zone >= 0 ? text.slice(0, zone) : text
  const halves = body.split('::')
  if (halves.length > 2) return null
  const compressed = halves.length === 2
  const head = groups(halves[0] as string, !compressed)
  const tail = compressed ? groups(halves[1] as string, true) : []
  if (!head || !tail) return null
  const missing = 8 - head.length - tail.length
  if (compressed ? missing < 1 : missing !== 0) return null
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail]
  const out = new Uint8Array(16)
  words.forEach((word, i) => {
    out[i * 2] = word >>> 8
    out[i * 2 + 1] = word & 0xff
  })
  return out
}

/** Colon-separated 16-bit groups; a dotted IPv4 last (if `v4Last`) counts as two groups. */
function groups(text: string, v4Last: boolean): number[] | null {
  if (text === '') return []
  const parts = text.split(':')
  const out: number[] = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    if (v4Last && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part)
      if (!v4) return null
      out.push(
        ((v4[0] as number) << 8) | (v4[1] as number),
        ((v4[2] as number) << 8) | (v4[3] as number),
      )
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return null
      out.push(Number.parseInt(part, 16))
    }
  }
  return out
}

/** RFC 5952: lowercase, no leading zeros, the longest run (>= 2) of zero groups as '::'. */
function formatIpv6(bytes: Uint8Array): string {
  const words: number[] = []
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number))
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let end = i
    while (end < 8 && words[end] === 0) end++
    if (end - i > bestLength) {
      bestStart = i
      bestLength = end - i
    }
    i = end
  }
  const hex = words.map((w) => w.toString(16))
  if (bestStart < 0) return hex.join(':')
  const head = hex.slice(0, bestStart).join(':')
  const tail = hex.slice(bestStart + bestLength).join(':')
  return `${head}::${tail}`
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function parseUuid(text: string): Uint8Array | null {
  if (!UUID.test(text)) return null
  const hex = text.replaceAll('-', '')
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Lowercase 8-4-4-4-12, as browsers write mDNS host names. */
function formatUuid(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
