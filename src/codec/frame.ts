import { ByteReader, ByteWriter } from './bytes'
import { crc16 } from './checksum'
import { credentialMode, readCredentials, writeCredentials } from './credentials'
import { CodecError, fail } from './errors'
import type { Address, Candidate, CandidateType, DtlsRole, SignalFields } from './fields'
import {
  ADDRESS_BYTES,
  AddressCode,
  CANDIDATE_ADDRESS_SHIFT,
  CANDIDATE_RESERVED_MASK,
  CANDIDATE_TCP_FLAG,
  CANDIDATE_TYPE_SHIFT,
  CandidateTypeCode,
  CHECKSUM_BYTES,
  FINGERPRINT_BYTES,
  HEADER_CREDENTIALS_SHIFT,
  HEADER_KIND_SHIFT,
  HEADER_MID_FLAG,
  HEADER_VERSION_SHIFT,
  Kind,
  MAX_CANDIDATES,
  MIN_FRAME_BYTES,
  PADDING_BYTE,
  VERSION,
} from './format'
import { isMid } from './sdp-parse'

/** Fields <-> frame bytes, exactly as format.ts describes. */

const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const
const ADDRESS_FAMILIES = ['ipv4', 'ipv6', 'mdns'] as const
const ROLES: readonly DtlsRole[] = ['actpass', 'active', 'passive']
const ascii = new TextEncoder()

/** Fields must come from parseSdp (or satisfy the same checks). */
export function writeFrame(f: SignalFields): Uint8Array {
  const w = new ByteWriter()
  const mode = credentialMode(f.ufrag, f.pwd)
  const kind =
    f.type === 'offer' ? Kind.offer : f.role === 'active' ? Kind.answerActive : Kind.answerPassive
  const hasMid = f.mid !== '0'
  w.u8(
    (VERSION << HEADER_VERSION_SHIFT) |
      (kind << HEADER_KIND_SHIFT) |
      (mode << HEADER_CREDENTIALS_SHIFT) |
      (hasMid ? HEADER_MID_FLAG : 0),
  )
  writeCredentials(w, mode, f.ufrag, f.pwd)
  w.bytes(f.fingerprint)
  if (hasMid) {
    w.u8(f.mid.length)
    w.bytes(ascii.encode(f.mid))
  }
  if (f.type === 'answer') w.u16(f.tag)
  for (const c of f.candidates) {
    w.u8(
      (CandidateTypeCode[c.type] << CANDIDATE_TYPE_SHIFT) |
        (AddressCode[c.address.family] << CANDIDATE_ADDRESS_SHIFT) |
        (c.transport === 'tcp' ? CANDIDATE_TCP_FLAG : 0),
    )
    w.bytes(c.address.bytes)
    w.u16(c.port)
  }
  if ((w.size + CHECKSUM_BYTES) % 2 !== 0) w.u8(PADDING_BYTE)
  w.u16(crc16(w.finish()))
  return w.finish()
}

/**
 * Frame bytes -> fields. A frame of odd length or with a wrong checksum is 'truncated' when its
 * structure ends early, else 'corrupted' — or, with `mayBeWords` (loose text, not a link),
 * 'not-a-code' when it is too short for a code and does not even start like one; an intact
 * frame of another version is 'unsupported-version'.
 */
export function readFrame(frame: Uint8Array, options: { mayBeWords?: boolean } = {}): SignalFields {
  const bodyEnd = frame.length - CHECKSUM_BYTES
  const stored = ((frame[bodyEnd] ?? 0) << 8) | (frame[bodyEnd + 1] ?? 0)
  if (frame.length % 2 !== 0 || bodyEnd < 1 || crc16(frame, bodyEnd) !== stored) {
    throw damage(frame, options.mayBeWords ?? false)
  }
  const version = (frame[0] as number) >>> HEADER_VERSION_SHIFT
  if (version !== VERSION) fail('unsupported-version', `format version ${version} is not supported`)
  return readBody(new ByteReader(frame.subarray(0, bodyEnd)))
}

/**
 * Classifies a frame that failed the checksum: 'not-a-code' for loose text too short to be a
 * code that does not even start like one (words such as "hello there" are made of code
 * characters too); 'truncated' if its body ends mid-structure; else 'corrupted'.
 */
function damage(frame: Uint8Array, mayBeWords: boolean): CodecError {
  const short = frame.length >= 2 && frame.length < MIN_FRAME_BYTES
  if (mayBeWords && short && !plausibleHeader(frame[0] ?? 0)) {
    return new CodecError('not-a-code', 'this does not start like a Tatap code')
  }
  try {
    readBody(new ByteReader(frame.subarray(0, Math.max(0, frame.length - CHECKSUM_BYTES))))
  } catch (error) {
    if (error instanceof CodecError && error.reason === 'truncated') return error
  }
  return new CodecError('corrupted', 'the code is damaged (checksum mismatch)')
}

/** The first byte of a code of this version: version bits, a known kind and credential mode. */
function plausibleHeader(header: number): boolean {
  const kind = (header >>> HEADER_KIND_SHIFT) & 0b11
  const mode = (header >>> HEADER_CREDENTIALS_SHIFT) & 0b11
  return header >>> HEADER_VERSION_SHIFT === VERSION && ROLES[kind] !== undefined && mode !== 3
}

function readBody(r: ByteReader): SignalFields {
  const header = r.u8()
  const kind = (header >>> HEADER_KIND_SHIFT) & 0b11
  const mode = (header >>> HEADER_CREDENTIALS_SHIFT) & 0b11
  const role = ROLES[kind]
  if (role === undefined || mode === 3) fail('unsupported-version', 'reserved header value')
  const type = kind === Kind.offer ? 'offer' : 'answer'
  const { ufrag, pwd } = readCredentials(r, mode)
  const fingerprint = r.bytes(FINGERPRINT_BYTES).slice()
  let mid = '0'
  if (header & HEADER_MID_FLAG) {
    mid = String.fromCharCode(...r.bytes(r.u8()))
    if (!isMid(mid)) fail('corrupted', 'invalid mid')
  }
  const tag = type === 'answer' ? r.u16() : 0
  const candidates: Candidate[] = []
  while (r.remaining > 0) {
    if (r.remaining === 1) {
      if (r.u8() !== PADDING_BYTE) fail('corrupted', 'non-zero padding')
      break
    }
    if (candidates.length === MAX_CANDIDATES) fail('corrupted', 'too many candidates')
    candidates.push(readCandidate(r))
  }
  return { type, ufrag, pwd, fingerprint, role, mid, candidates, tag }
}

function readCandidate(r: ByteReader): Candidate {
  const kind = r.u8()
  const family = ADDRESS_FAMILIES[(kind >>> CANDIDATE_ADDRESS_SHIFT) & 0b11]
  if (family === undefined || (kind & CANDIDATE_RESERVED_MASK) !== 0) {
    fail('unsupported-version', 'reserved candidate kind')
  }
  const type: CandidateType = CANDIDATE_TYPES[kind >>> CANDIDATE_TYPE_SHIFT] ?? 'host'
  const address: Address = { family, bytes: r.bytes(ADDRESS_BYTES[family]).slice() }
  const port = r.u16()
  if (port === 0) fail('corrupted', 'candidate port 0')
  return { type, transport: kind & CANDIDATE_TCP_FLAG ? 'tcp' : 'udp', address, port }
}
