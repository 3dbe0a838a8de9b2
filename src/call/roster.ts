import type { MediaState } from '../rtc/messages'
import type { PeerSession } from '../rtc/session'
import type { Member, MemberStatus } from './member'

/** Said goodbye; connection lost; or cut off by us for flooding. */
export type LeaveHow = 'left' | 'lost' | 'cut-off'

export interface RosterHooks<S extends PeerSession> {
  /** Anything about the members changed (list, status, media, streams). */
  changed(): void
  /** A member was removed from the room: told once per id, however many ways it is heard. */
  left(member: Member<S>, how: LeaveHow): void
}

const DEFAULT_MEDIA: MediaState = { mic: true, cam: true, screenStreamId: null }
const NO_MEDIA: MediaState = { mic: false, cam: false, screenStreamId: null }

/** Mutable state behind a Member view; only the roster writes it. */
class MemberRecord<S extends PeerSession> {
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

  /** The same object as long as nothing changed (the UI renders by identity). */
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
}

/**
 * The one owner of the room's member records: who is in the call, each member's status, media,
 * streams and verification. Everything else (the room's bootstrap, introductions, restarts)
 * reads views and asks for changes here, so each status change happens in one place and is told
 * once.
 *
 * Status moves (member.ts MemberStatus): introduced → 'connecting'; its hello on a connection →
 * 'connected' (or 'interrupted'); 'connecting' too long → 'unreachable' (`slow`: the connection
 * may still come through, then 'connected'; `giveUp`: closed); connected ⇄ interrupted as the
 * path goes and comes.
 * A member leaves the roster by `remove` (told as left) or `drop` (an introduction that never
 * came about: nobody to tell). Ids never come back (`departed`).
 */
export class Roster<S extends PeerSession> {
  private readonly records = new Map<string, MemberRecord<S>>()
  /**
   * Ids of members that left. Ids are fresh for each call, so an id that left never comes back:
   * whatever still arrives about it (an introduction another member sent before it heard of the
   * departure, a late `gone`) is stale.
   */
  private readonly gone = new Set<string>()
  private closed = false

  constructor(private readonly hooks: RosterHooks<S>) {}

  /** People in the call, this device included (members not reached yet count too). */
  get size(): number {
    return this.records.size + 1
  }

  has(id: string): boolean {
    return this.records.has(id)
  }

  departed(id: string): boolean {
    return this.gone.has(id)
  }

  view(id: string): Member<S> | null {
    return this.records.get(id)?.view() ?? null
  }

  views(): Member<S>[] {
    return [...this.records.values()].map((r) => r.view())
  }

  ids(): string[] {
    return [...this.records.keys()]
  }

  /** The member's session when it is live and its hello arrived: one that can carry messages. */
  live(id: string): S | null {
    const session = this.records.get(id)?.session ?? null
    return session?.isLive && session.remote ? session : null
  }

  /** Every member's session, made or not yet live (to leave them all). */
  sessions(): S[] {
    return [...this.records.values()].flatMap((r) => (r.session ? [r.session] : []))
  }

  /** A new member: from a code exchange (its session, hello arrived) or an introduction (none
   *  yet). 'connecting' until `adopt`. */
  add(id: string, name: string, session: S | null): void {
    this.records.set(id, new MemberRecord(id, name, session))
    this.hooks.changed()
  }

  /** The connection made for an introduced member. */
  setSession(id: string, session: S): void {
    const record = this.records.get(id)
    if (record) record.session = session
  }

  /** The member's hello arrived on its session: who it says it is, what it takes, its status. */
  adopt(id: string): void {
    const record = this.records.get(id)
    const hello = record?.session?.remote
    if (!record || !hello) return
    record.name = hello.name
    record.takesMedia = hello.media
    // A member that takes no media (a terminal) sends none either: no microphone, no camera.
    if (!hello.media) record.media = NO_MEDIA
    record.status = record.session?.phase.status === 'interrupted' ? 'interrupted' : 'connected'
    this.hooks.changed()
  }

  /** The path of a connected member went or came back. */
  setPath(id: string, status: 'connected' | 'interrupted'): void {
    this.update(id, (r) => {
      r.status = status
    })
  }

  /** An introduced member still 'connecting' after its introduction timeout reads
   *  'unreachable'; its connection goes on trying (it may still come through). */
  slow(id: string): void {
    this.update(id, (r) => {
      if (r.status === 'connecting') r.status = 'unreachable'
    })
  }

  /** An introduced member given up: 'unreachable', its connection closed. */
  giveUp(id: string): void {
    this.update(id, (r) => {
      r.status = 'unreachable'
      r.session?.close({ status: 'failed', reason: 'no-route' })
    })
  }

  setMedia(id: string, media: MediaState): void {
    this.update(id, (r) => {
      r.media = media
    })
  }

  /** A stream of the member (camera, screen); one whose last track is removed leaves. */
  addStream(id: string, stream: MediaStream): void {
    const record = this.records.get(id)
    if (!record) return
    if (!record.streams.includes(stream)) {
      stream.addEventListener('removetrack', () => {
        if (stream.getTracks().length > 0) return
        this.update(id, (r) => {
          r.streams = r.streams.filter((s) => s !== stream)
        })
      })
    }
    this.update(id, (r) => {
      r.streams = r.streams.includes(stream) ? [...r.streams] : [...r.streams, stream]
    })
  }

  setVerification(id: string, symbols: readonly number[]): void {
    this.update(id, (r) => {
      r.verification = symbols
    })
  }

  setPathFailed(id: string, failed: boolean): void {
    this.update(id, (r) => {
      r.pathFailed = failed
    })
  }

  /** The member is gone from the room: removed, and told as `how` (once: it is gone after). */
  remove(id: string, how: LeaveHow): void {
    const record = this.records.get(id)
    if (!record) return
    this.records.delete(id)
    this.gone.add(id)
    this.hooks.changed()
    if (!this.closed) this.hooks.left(record.view(), how)
  }

  /** An introduction that never came about: removed, told to nobody (it never joined). */
  drop(id: string): void {
    if (this.records.delete(id)) this.hooks.changed()
  }

  /** This device leaves: nothing more is told. */
  close(): void {
    this.closed = true
  }

  private update(id: string, change: (record: MemberRecord<S>) => void): void {
    const record = this.records.get(id)
    if (!record) return
    change(record)
    this.hooks.changed()
  }
}
