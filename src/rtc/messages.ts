import { cleanLabel } from '../shared/text'

/**
 * Messages on the `control` data channel, the one negotiated by the bootstrap. Wire form: one
 * JSON object per data-channel message, discriminated by `t` (docs/protocol.md, "Control").
 * Everything after the bootstrap travels here: names, media state, renegotiation, room
 * introductions, leaving. Parsing never throws; anything malformed or out of bounds is dropped.
 */
export const CONTROL_LABEL = 'control'
/** 2: hello carries the member id, and room messages exist. */
export const PROTOCOL_VERSION = 2

/** Who a member is. `id` is random per call; `media: false` means it takes no audio/video. */
export interface Hello {
  id: string
  name: string
  media: boolean
  /**
   * Takes an ICE restart on this connection (the app; the terminal peer since its werift
   * adapter resumes ICE checks after one). Without it the other side never restarts ICE with
   * it and only re-adds candidates (docs/protocol.md, "Reconnecting").
   */
  restarts?: boolean
  /**
   * Takes audio and video already in the bootstrap of a pair a member introduces it to, and
   * sends its own there too (the app; a terminal takes no media). An introducer vouches `media`
   * only for a member whose hello said this: an older app, which follows a connection only
   * once its hello came, would never show video that arrived before it.
   */
  earlyMedia?: boolean
  /**
   * Takes a trickled bootstrap in a pair a member introduces it to: the offer or answer is
   * relayed as soon as it is made, and each ICE candidate follows in a `signal` of its own, so
   * nobody waits for gathering (up to 0.9 s per side where a STUN server never answers). The
   * introducer vouches `trickle` only for a member whose hello said this.
   */
  trickle?: boolean
}

export interface MediaState {
  mic: boolean
  cam: boolean
  screenStreamId: string | null
}

export type MediaKind = 'audio' | 'video'

/**
 * A member as an introducer vouches for it: its id, name and the DTLS fingerprint it uses, and
 * `media` when its hello said it takes audio and video with `earlyMedia`: the new pair's
 * bootstrap then carries microphone and camera both ways (docs/protocol.md, "Rooms").
 */
export interface Vouched {
  id: string
  name: string
  fingerprint: string
  media?: boolean
  /** Its hello said `trickle`, and this introducer relays candidates. */
  trickle?: boolean
  /**
   * It is joining now (it came in by a code exchange with this introducer, or was introduced to
   * it as joining, within the last minute): when the room would be over its size, the newcomers
   * are the ones weighed (docs/protocol.md, "Rooms", Size).
   */
  newcomer?: boolean
}

/** What a `signal` carries: a bootstrap description, or (trickle) one of the sender's ICE
 *  candidates for it, relayed after the description through the same member. */
export type SignalPayload =
  | { description: { type: 'offer' | 'answer'; sdp: string } }
  | { candidate: RTCIceCandidateInit }

/** Room-level messages: the peer session passes them up to the room. */
export type RoomMessage =
  /**
   * "This member is in the room; signal to it through me." Sent by a member of both. `room`:
   * how many people the introducer's room holds (it and the one told included), so a newcomer
   * makes each new pair's connection for the room it joins before every introduction arrived.
   */
  | { t: 'introduce'; peer: Vouched; room?: number }
  /**
   * A bootstrap description or candidate for a new pair, relayed by a member connected to both:
   * the sender writes `to`, the relaying member replaces it by `from`.
   */
  | ({ t: 'signal'; to?: string; from?: string } & SignalPayload)
  /** "This member left or was lost" — for members that could not connect to it directly. */
  | { t: 'gone'; id: string }
  /**
   * "The room is full: member `id` cannot be in it." To the introducer of `id` (who passes it
   * on), or to `id` itself, which then leaves the call (docs/protocol.md, "Rooms", Size).
   */
  | { t: 'full'; id: string }
  /** "My connection to `id` is open": to the members that introduced the pair, so one that is
   *  leaving knows nothing waits on it any more. */
  | { t: 'met'; id: string }

/**
 * The reactions a member can send: a small fixed set, so a receiver never draws text a peer
 * chose (docs/protocol.md, "Hands, reactions, recording").
 */
export const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '😮'] as const
export type Reaction = (typeof REACTIONS)[number]
/** The longest ago a raised hand may say it went up (a day): anything larger reads as this. */
export const MAX_HAND_AGO_MS = 24 * 60 * 60 * 1000

/**
 * What a person does in a call besides talking: raise a hand, react, record. Each member says
 * these about itself only; the call layer (call/gestures.ts) keeps them and bounds how often a
 * member may send them.
 */
export type GestureMessage =
  /**
   * "My hand is up" (raised `ago` ms before sending: a newcomer is told hands raised before it
   * came, in their order, whatever the two clocks say) or "my hand is down".
   */
  | { t: 'hand'; up: boolean; ago: number }
  /** One of REACTIONS, shown over the sender's tile for a moment. */
  | { t: 'react'; emoji: Reaction }
  /** "I am recording this call" (on) or "I stopped" (off). */
  | { t: 'recording'; on: boolean }

export type ControlMessage =
  | ({ t: 'hello'; v: number } & Hello)
  /** In-band description (offer from the offerer, answer from the answerer); full SDP. */
  | { t: 'description'; description: { type: 'offer' | 'answer'; sdp: string } }
  /** Answerer → offerer: please offer; `kinds` of media it wants new m-lines for. */
  /** With `restart`: its path failed and no ICE restart reached it; please restart ICE. */
  | { t: 'negotiate'; kinds: MediaKind[]; restart?: true }
  /** Trickled ICE candidate; `null` marks the end of candidates. */
  | { t: 'candidate'; candidate: RTCIceCandidateInit | null }
  | ({ t: 'media' } & MediaState)
  /** "I show your camera this many device pixels high": the sender need not send more; 0: "I
   *  show it nowhere now", the sender sends none until a height comes again. */
  | { t: 'view'; height: number }
  /** The sender leaves the call on purpose. */
  | { t: 'bye' }
  /** Offerer: the answer to its ICE restart (from a relay or a Reconnect code) is applied. */
  | { t: 'restarted' }
  | RoomMessage
  | GestureMessage

/** Bounds (docs/protocol.md): anything larger is dropped as malformed. */
export const MAX_FRAME_CHARS = 262_144
export const MAX_NAME_CHARS = 60
/** A relayed description: a pair's first offer is ~1 KB; an ICE restart of a pair with camera,
 *  microphone and screen both ways carries every media section. */
export const MAX_RELAYED_SDP_CHARS = 65_536
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
const FINGERPRINT_PATTERN = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/

/**
 * A person's name as any message carries it (a hello, an introduction): the one cleaning every
 * name goes through before anyone shows it — hidden and reordering characters removed, white
 * space folded, at most MAX_NAME_CHARS (shared/text.ts).
 */
export function cleanName(name: string): string {
  return cleanLabel(name, MAX_NAME_CHARS)
}

export function isGesture(message: ControlMessage): message is GestureMessage {
  return message.t === 'hand' || message.t === 'react' || message.t === 'recording'
}

export function isMemberId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value)
}

/** Parses one incoming frame; returns null for anything malformed (never throws). */
export function parseControlMessage(data: unknown): ControlMessage | null {
  if (typeof data !== 'string' || data.length > MAX_FRAME_CHARS) return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const m = value as Record<string, unknown>
  switch (m.t) {
    case 'hello':
      if (typeof m.v !== 'number' || typeof m.name !== 'string') return null
      return {
        t: 'hello',
        v: m.v,
        // Version 1 peers have no id; the room gives them one of its own.
        id: isMemberId(m.id) ? m.id : '',
        name: cleanName(m.name),
        media: m.media !== false,
        ...(m.restarts === true ? { restarts: true } : {}),
        ...(m.earlyMedia === true ? { earlyMedia: true } : {}),
        ...(m.trickle === true ? { trickle: true } : {}),
      }
    case 'description': {
      const description = parseDescription(m.description, MAX_FRAME_CHARS)
      return description ? { t: 'description', description } : null
    }
    case 'negotiate':
      return Array.isArray(m.kinds)
        ? {
            t: 'negotiate',
            kinds: m.kinds.filter((k): k is MediaKind => k === 'audio' || k === 'video'),
            ...(m.restart === true ? { restart: true as const } : {}),
          }
        : null
    case 'candidate':
      return parseCandidate(m.candidate)
    case 'media':
      return typeof m.mic === 'boolean' && typeof m.cam === 'boolean'
        ? {
            t: 'media',
            mic: m.mic,
            cam: m.cam,
            screenStreamId: typeof m.screenStreamId === 'string' ? m.screenStreamId : null,
          }
        : null
    case 'bye':
      return { t: 'bye' }
    case 'restarted':
      return { t: 'restarted' }
    case 'view':
      return typeof m.height === 'number' && Number.isFinite(m.height) && m.height >= 0
        ? { t: 'view', height: Math.min(Math.round(m.height), 10_000) }
        : null
    case 'introduce': {
      const peer = m.peer as Record<string, unknown> | null | undefined
      if (!peer || !isMemberId(peer.id) || typeof peer.name !== 'string') return null
      if (typeof peer.fingerprint !== 'string' || !FINGERPRINT_PATTERN.test(peer.fingerprint)) {
        return null
      }
      return {
        t: 'introduce',
        peer: {
          id: peer.id,
          name: cleanName(peer.name),
          fingerprint: peer.fingerprint,
          ...(peer.media === true ? { media: true } : {}),
          ...(peer.trickle === true ? { trickle: true } : {}),
          ...(peer.newcomer === true ? { newcomer: true } : {}),
        },
        ...(isRoomCount(m.room) ? { room: m.room } : {}),
      }
    }
    case 'signal': {
      const description = parseDescription(m.description, MAX_RELAYED_SDP_CHARS)
      const candidate = description ? null : parseCandidateInit(m.candidate)
      const payload: SignalPayload | null = description
        ? { description }
        : candidate
          ? { candidate }
          : null
      if (!payload) return null
      const to = isMemberId(m.to) ? m.to : undefined
      const from = isMemberId(m.from) ? m.from : undefined
      if ((to === undefined) === (from === undefined)) return null
      return to
        ? { t: 'signal', to, ...payload }
        : { t: 'signal', from: from as string, ...payload }
    }
    case 'gone':
    case 'full':
    case 'met':
      return isMemberId(m.id) ? { t: m.t, id: m.id } : null
    case 'hand':
      if (typeof m.up !== 'boolean') return null
      return {
        t: 'hand',
        up: m.up,
        ago:
          typeof m.ago === 'number' && Number.isFinite(m.ago)
            ? Math.min(Math.max(0, Math.round(m.ago)), MAX_HAND_AGO_MS)
            : 0,
      }
    case 'react':
      return REACTIONS.includes(m.emoji as Reaction)
        ? { t: 'react', emoji: m.emoji as Reaction }
        : null
    case 'recording':
      return typeof m.on === 'boolean' ? { t: 'recording', on: m.on } : null
    default:
      return null
  }
}

function parseDescription(
  value: unknown,
  maxChars: number,
): { type: 'offer' | 'answer'; sdp: string } | null {
  const d = value as Record<string, unknown> | null | undefined
  if (!d || (d.type !== 'offer' && d.type !== 'answer') || typeof d.sdp !== 'string') return null
  if (d.sdp.length > maxChars) return null
  return { type: d.type, sdp: d.sdp }
}

function parseCandidate(value: unknown): ControlMessage | null {
  if (value === null) return { t: 'candidate', candidate: null }
  const candidate = parseCandidateInit(value)
  return candidate ? { t: 'candidate', candidate } : null
}

function parseCandidateInit(value: unknown): RTCIceCandidateInit | null {
  if (typeof value !== 'object' || value === null) return null
  const init = value as Record<string, unknown>
  if (typeof init.candidate !== 'string') return null
  const candidate: RTCIceCandidateInit = { candidate: init.candidate }
  if (typeof init.sdpMid === 'string') candidate.sdpMid = init.sdpMid
  if (typeof init.sdpMLineIndex === 'number') candidate.sdpMLineIndex = init.sdpMLineIndex
  if (typeof init.usernameFragment === 'string') candidate.usernameFragment = init.usernameFragment
  return candidate
}

/** A room's head count as a peer may announce it: a whole number from 2 to 64 (the room layer
 *  holds it to its own limit). */
function isRoomCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 2 && value <= 64
}
