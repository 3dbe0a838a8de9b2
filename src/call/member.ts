import type { MediaState } from '../rtc/messages'
import type { PeerSession } from '../rtc/session'

/** A mesh stops making sense beyond this many people (each uploads one copy per other member). */
export const MAX_ROOM_SIZE = 8

export type MemberStatus =
  /** Introduced; the direct connection is being made. */
  | 'connecting'
  | 'connected'
  /** The path is down; the browser is trying to recover it. */
  | 'interrupted'
  /** Introduced, but no direct connection could be made (e.g. a firewall between the two). */
  | 'unreachable'

/** Another person in the room, as this device sees them. */
export interface Member<S extends PeerSession = PeerSession> {
  readonly id: string
  readonly name: string
  readonly status: MemberStatus
  readonly media: MediaState
  /** Their camera and screen streams (browser media sessions only). */
  readonly streams: readonly MediaStream[]
  /** Null while an introduction waits for the other side's offer. */
  readonly session: S | null
  /** Takes audio/video (false for a terminal peer). */
  readonly takesMedia: boolean
  /** Verification symbols of this connection (rtc/sas.ts), once both fingerprints are known. */
  readonly verification: readonly number[] | null
  /** The path failed and no ICE restart completed since (PeerSession.needsRestart): new codes
   *  (Reconnect) may be needed, whatever ICE says on this side meanwhile. */
  readonly pathFailed: boolean
}
