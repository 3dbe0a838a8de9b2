import { parseCandidate, selectCandidates } from './candidates'
import { validCredentials } from './credentials'
import { fail } from './errors'
import type { Candidate, DtlsRole, SignalFields, SignalType } from './fields'
import { FINGERPRINT_BYTES, MID_MAX_CHARS, TAG_UNBOUND } from './format'

/**
 * SDP text -> the fields a code carries. Reads the data-channel m-line (the first
 * m=application, else the first m-line), falling back to session level for each attribute
 * (Firefox writes the fingerprint there). Candidates come from every m-line, that one first.
 * Throws CodecError 'invalid-sdp' when a required field is missing or malformed.
 */
export function parseSdp(type: SignalType, sdp: string): SignalFields {
  if (type !== 'offer' && type !== 'answer')
    fail('invalid-sdp', 'signal type must be offer or answer')
  if (typeof sdp !== 'string') fail('invalid-sdp', 'the SDP is not text')
  const sections = splitSections(sdp)
  const session = sections[0] as Section
  const media = sections.slice(1)
  const main = media.find((s) => s.kind === 'application') ?? media[0]
  const scopes = main ? [main, session] : [session]
  const first = (name: string) => {
    for (const scope of scopes) {
      const value = scope.attributes.get(name)?.[0]
      if (value !== undefined) return value
    }
    return undefined
  }

  const ufrag = first('ice-ufrag') ?? ''
  const pwd = first('ice-pwd') ?? ''
  if (!validCredentials(ufrag, pwd)) fail('invalid-sdp', 'missing or invalid ICE ufrag/pwd')
  const fingerprint = findFingerprint(scopes)
  const role = parseRole(type, first('setup'))
  const mid = main?.attributes.get('mid')?.[0] ?? '0'
  if (!isMid(mid)) fail('invalid-sdp', 'invalid a=mid')

  const all: Candidate[] = []
  for (const section of main ? [main, ...sections.filter((s) => s !== main)] : sections) {
    for (const value of section.attributes.get('candidate') ?? []) {
      const candidate = parseCandidate(value)
      if (candidate) all.push(candidate)
    }
  }
  const candidates = selectCandidates(all)
  return { type, ufrag, pwd, fingerprint, role, mid, candidates, tag: TAG_UNBOUND }
}

interface Section {
  kind: string
  /** attribute name -> values in order; flags (no ':') have value ''. */
  attributes: Map<string, string[]>
}

/** Section 0 is the session level, then one per m-line. Accepts LF or CRLF. */
function splitSections(sdp: string): Section[] {
  const sections: Section[] = [{ kind: '', attributes: new Map() }]
  let current = sections[0] as Section
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.startsWith('m=')) {
      const space = line.indexOf(' ')
      current = { kind: line.slice(2, space < 0 ? undefined : space), attributes: new Map() }
      sections.push(current)
    } else if (line.startsWith('a=')) {
      const colon = line.indexOf(':')
      const name = colon < 0 ? line.slice(2) : line.slice(2, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1)
      const values = current.attributes.get(name)
      if (values) values.push(value)
      else current.attributes.set(name, [value])
    }
  }
  return sections
}

/** First "sha-256" a=fingerprint of the given scopes, as 32 bytes. */
function findFingerprint(scopes: readonly Section[]): Uint8Array {
  for (const scope of scopes) {
    for (const value of scope.attributes.get('fingerprint') ?? []) {
      const [hash = '', hex = ''] = value.trim().split(/ +/)
      if (hash.toLowerCase() !== 'sha-256') continue
      const bytes = parseHexPairs(hex)
      if (bytes) return bytes
    }
  }
  return fail('invalid-sdp', 'no sha-256 DTLS fingerprint')
}

function parseHexPairs(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){31}$/.test(text)) return null
  const out = new Uint8Array(FINGERPRINT_BYTES)
  for (let i = 0; i < FINGERPRINT_BYTES; i++)
    out[i] = Number.parseInt(text.slice(i * 3, i * 3 + 2), 16)
  return out
}

/** Missing a=setup: actpass in an offer (all JSEP allows), active in an answer (RFC 4145). */
function parseRole(type: SignalType, setup: string | undefined): DtlsRole {
  const role = setup?.trim() ?? (type === 'offer' ? 'actpass' : 'active')
  if (type === 'offer' && role === 'actpass') return role
  if (type === 'answer' && (role === 'active' || role === 'passive')) return role
  return fail('invalid-sdp', `a=setup:${role} does not fit an ${type}`)
}

/** RFC 4566 token, 1..MID_MAX_CHARS characters. */
export function isMid(mid: string): boolean {
  return mid.length <= MID_MAX_CHARS && /^[!#-'*+\-.0-9A-Z^-~]+$/.test(mid)
}
