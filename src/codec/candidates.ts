import { formatAddress, isLinkLocal, parseAddress } from './address'
import type { Candidate, CandidateType } from './fields'
import { MAX_CANDIDATES } from './format'

/** ICE candidates: parse from SDP, choose the useful few, rebuild with RFC 8445 priorities. */

const TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'] satisfies CandidateType[]

/**
 * Parses an a=candidate value ("candidate:" prefix optional, RFC 8839 grammar). Returns null
 * for candidates the remote side cannot use or a code cannot hold: components other than 1,
 * TCP other than tcptype passive (active ones carry the discard port 9), unknown transports or
 * types, and addresses without a compact form.
 */
export function parseCandidate(value: string): Candidate | null {
  const tokens = value.split(' ').filter((t) => t !== '')
  if (tokens.length < 8 || tokens[1] !== '1' || tokens[6] !== 'typ') return null
  const transport = (tokens[2] as string).toLowerCase()
  const type = (tokens[7] as string).toLowerCase()
  const portText = tokens[5] as string
  if ((transport !== 'udp' && transport !== 'tcp') || !TYPES.includes(type)) return null
  if (!/^\d{1,5}$/.test(portText)) return null
  const port = Number(portText)
  if (port < 1 || port > 65535) return null
  if (transport === 'tcp' && extension(tokens, 'tcptype') !== 'passive') return null
  const address = parseAddress(tokens[4] as string)
  if (!address) return null
  return { type: type as CandidateType, transport, address, port }
}

/** Value of an extension attribute (name value pairs after "typ <type>"). */
function extension(tokens: readonly string[], name: string): string | undefined {
  for (let i = 8; i + 1 < tokens.length; i += 2) {
    if (tokens[i] === name) return tokens[i + 1]
  }
  return undefined
}

/**
 * Usefulness class, lower is better: UDP host IPv4 0, mDNS 1, IPv6 2, IPv6 link-local 3,
 * prflx 4, srflx 5, relay 6, any TCP 7.
 */
export function candidateClass(c: Candidate): number {
  if (c.transport === 'tcp') return 7
  switch (c.type) {
    case 'host':
      if (c.address.family === 'ipv4') return 0
      if (c.address.family === 'mdns') return 1
      return isLinkLocal(c.address) ? 3 : 2
    case 'prflx':
      return 4
    case 'srflx':
      return 5
    case 'relay':
      return 6
  }
}

/**
 * Drops duplicates, then keeps at most `max`: first the best of each class present (so a
 * machine with many interfaces cannot crowd out srflx/relay), then the rest by class.
 * Result is ordered by class, stable within a class.
 */
export function selectCandidates(all: readonly Candidate[], max = MAX_CANDIDATES): Candidate[] {
  const seen = new Set<string>()
  const unique = all.filter((c) => {
    const key = `${c.type} ${c.transport} ${c.address.family} ${c.address.bytes.join('.')} ${c.port}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const sorted = unique
    .map((candidate) => ({ candidate, cls: candidateClass(candidate) }))
    .sort((a, b) => a.cls - b.cls)
  const chosen = new Set<number>()
  const classes = new Set<number>()
  sorted.forEach((entry, i) => {
    if (chosen.size < max && !classes.has(entry.cls)) {
      classes.add(entry.cls)
      chosen.add(i)
    }
  })
  for (let i = 0; i < sorted.length && chosen.size < max; i++) chosen.add(i)
  return sorted.filter((_, i) => chosen.has(i)).map((entry) => entry.candidate)
}

/** RFC 8445 section 5.1.2.1 type preferences. */
const TYPE_PREFERENCE: Record<CandidateType, number> = {
  host: 126,
  prflx: 110,
  srflx: 100,
  relay: 0,
}

/**
 * RFC 8445 priority for component 1: 2^24 * type pref + 2^8 * local pref + (256 - 1).
 * Local pref (16 bits): 0x8000 for UDP, 0x1000 * family rank (IPv4 3, mDNS 2, IPv6 1,
 * IPv6 link-local 0), minus the list index so every candidate's priority is unique.
 */
export function candidatePriority(c: Candidate, index: number): number {
  const family =
    c.address.family === 'ipv4'
      ? 3
      : c.address.family === 'mdns'
        ? 2
        : isLinkLocal(c.address)
          ? 0
          : 1
  const local = (c.transport === 'udp' ? 0x8000 : 0) + family * 0x1000 + (0x0fff - index)
  return TYPE_PREFERENCE[c.type] * 2 ** 24 + local * 2 ** 8 + 255
}

/**
 * The a=candidate value for the candidate at `index` of a decoded list. Foundation = index + 1
 * (distinct foundations only unfreeze all pairs at once). Non-host candidates get the
 * "raddr 0.0.0.0 rport 0" placeholder some parsers require.
 */
export function formatCandidate(c: Candidate, index: number): string {
  const base = `candidate:${index + 1} 1 ${c.transport} ${candidatePriority(c, index)} ${formatAddress(c.address)} ${c.port} typ ${c.type}`
  const related = c.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0'
  const tcp = c.transport === 'tcp' ? ' tcptype passive' : ''
  return base + related + tcp
}
