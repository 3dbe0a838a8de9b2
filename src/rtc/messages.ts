/**
 * Messages on the `control` data channel, the one negotiated by the QR/link bootstrap.
 * Wire form: one JSON object per data-channel message, discriminated by `t`.
 * Everything after the bootstrap (renegotiation, candidates, names, leaving) travels here.
 */
export const CONTROL_LABEL = 'control'
export const PROTOCOL_VERSION = 1

export type ControlMessage =
  /**
   * First message each side sends once the channel opens. `media: false` says the sender takes
   * no audio/video (a terminal peer): the other side then sends none. Absent means true.
   */
  | { t: 'hello'; v: number; name: string; media: boolean }
  /** Perfect-negotiation description (offer, answer); full browser SDP. */
  | { t: 'description'; description: { type: 'offer' | 'answer'; sdp: string } }
  /** Guest → host: please offer; `kinds` of media the guest wants new m-lines for. */
  | { t: 'negotiate'; kinds: Array<'audio' | 'video'> }
  /** Trickled ICE candidate; `null` marks end of candidates. */
  | { t: 'candidate'; candidate: RTCIceCandidateInit | null }
  /** Sender's current media state, so the other side can show a muted mark or an avatar. */
  | { t: 'media'; mic: boolean; cam: boolean; screenStreamId: string | null }
  /** The sender leaves the call on purpose. */
  | { t: 'bye' }

const MAX_NAME_LENGTH = 60

/** Parses one incoming frame; returns null for anything malformed (never throws). */
export function parseControlMessage(data: unknown): ControlMessage | null {
  if (typeof data !== 'string' || data.length > 1_000_000) return null
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
      return typeof m.v === 'number' && typeof m.name === 'string'
        ? { t: 'hello', v: m.v, name: m.name.slice(0, MAX_NAME_LENGTH), media: m.media !== false }
        : null
    case 'description': {
      const d = m.description as Record<string, unknown> | null | undefined
      if (!d || (d.type !== 'offer' && d.type !== 'answer') || typeof d.sdp !== 'string')
        return null
      return { t: 'description', description: { type: d.type, sdp: d.sdp } }
    }
    case 'negotiate':
      return Array.isArray(m.kinds)
        ? {
            t: 'negotiate',
            kinds: m.kinds.filter((k): k is 'audio' | 'video' => k === 'audio' || k === 'video'),
          }
        : null
    case 'candidate': {
      const c = m.candidate
      if (c === null) return { t: 'candidate', candidate: null }
      if (typeof c !== 'object' || c === undefined) return null
      const init = c as Record<string, unknown>
      if (typeof init.candidate !== 'string') return null
      const candidate: RTCIceCandidateInit = { candidate: init.candidate }
      if (typeof init.sdpMid === 'string') candidate.sdpMid = init.sdpMid
      if (typeof init.sdpMLineIndex === 'number') candidate.sdpMLineIndex = init.sdpMLineIndex
      if (typeof init.usernameFragment === 'string')
        candidate.usernameFragment = init.usernameFragment
      return { t: 'candidate', candidate }
    }
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
    default:
      return null
  }
}
