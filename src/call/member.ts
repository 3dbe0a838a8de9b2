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

const DEFAULT_MEDIA: MediaState = { mic: true, cam: true, screenStreamId: null }

/** Mutable state behind a Member view. */
export class MemberRecord<S extends PeerSession> {
  status: MemberStatus = 'connecting'
  media: MediaState = DEFAULT_MEDIA
  takesMedia = true
  streams: MediaStream[] = []
  verification: readonly number[] | null = null
  pathFailed = false
  private cached: Member<S> | null = null

  constructor(
    readonly id: string,
    public name: string,
    public session: S | null,
  ) {}

  view(): Member<S> {
    const { id, name, status, media, streams, session, takesMedia, verification, pathFailed } = this
    const c = this.cached
    if (
      c?.name === name &&
      c.status === status &&
      c.media === media &&
      c.streams === streams &&
      c.session === session &&
      c.takesMedia === takesMedia &&
      c.verification === verification &&
      c.pathFailed === pathFailed
    ) {
      return c
    }
    this.cached = {
      id,
      name,
      status,
      media,
      streams,
      session,
      takesMedia,
      verification,
      pathFailed,
    }
    return this.cached
  }

  addStream(stream: MediaStream, changed: () => void): void {
    if (this.streams.includes(stream)) {
      this.streams = [...this.streams]
      changed()
      return
    }
    // A stream whose last track is removed (a screen share stopped) leaves.
    stream.addEventListener('removetrack', () => {
      if (stream.getTracks().length > 0) return
      this.streams = this.streams.filter((s) => s !== stream)
      changed()
    })
    this.streams = [...this.streams, stream]
    changed()
  }
}
