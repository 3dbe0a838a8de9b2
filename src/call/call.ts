import type { Signal } from '../codec'
import { SessionError } from '../rtc/errors'
import { cleanName, type Hello } from '../rtc/messages'
import type { PeerFailure } from '../rtc/phase'
import type { PeerSession } from '../rtc/session'
import { Emitter } from '../shared/emitter'
import { randomId } from '../shared/ids'
import {
  type Conversation,
  type ConversationTransfer,
  type CreateSink,
  makeConversation,
} from '../transfer'
import { linkFor, readReply } from './codes'
import { conversationPeer } from './conversation-peer'
import { Gestures } from './gestures'
import type { Notice, Problem, Result } from './problems'
import {
  type Invitation,
  type LeaveHow,
  type Member,
  type PairContext,
  Room,
  RoomFullError,
} from './room'

/**
 * Which kind of device this is. Both speak the same protocol; they differ in what they take.
 * - `browser` (the app): takes audio and video, also early in an introduced pair's bootstrap
 *   (`earlyMedia`), and takes trickled bootstraps (`trickle`, its descriptions are ready before
 *   its candidates).
 * - `terminal` (werift): takes no media. No `trickle`: werift resolves setLocalDescription only
 *   once gathering is complete, so its descriptions carry every candidate anyway, and taking
 *   trickled candidates from others was never tried against it.
 * Both take ICE restarts (the terminal's werift adapter resumes ICE checks after one).
 */
export type Surface = 'browser' | 'terminal'

/** What this device says it can do in its hello (rtc/messages.ts Hello), by surface. */
export function capabilities(surface: Surface): Omit<Hello, 'id' | 'name'> {
  return surface === 'browser'
    ? { media: true, restarts: true, earlyMedia: true, trickle: true }
    : { media: false, restarts: true }
}

export interface CallDeps<S extends PeerSession> {
  surface: Surface
  /** This person's name as typed; cleaned here, `fallbackName` when nothing is left. */
  name: string
  fallbackName: string
  /** This app's address: invite and reply links point here. */
  baseUrl: string
  /** A session for one pair, saying `hello` (the same for every pair of the call). */
  newSession: (role: 'offerer' | 'answerer', hello: Hello, pair: PairContext) => S
  createSink: CreateSink
  /** Starts sending this device's media to a member that takes it (the app; not a terminal). */
  media?: { attach(session: S): void }
  introductionTimeoutMs?: number
}

/** Why the call ended for this device by itself (not by leaving). */
export type CallEnd<S extends PeerSession = PeerSession> =
  /** The connection of the code exchange failed before anyone was in the call. */
  | { why: 'failed'; failure: PeerFailure }
  /** The last other member left, was lost or cut off, and no invite waits for a reply. */
  | { why: 'alone'; member: Member<S>; how: LeaveHow }
  /** We joined a room through `name`, who left before we met anyone else there. */
  | { why: 'stranded'; name: string }
  /** The room was full: it turned this device away as it joined (room-cap.ts). */
  | { why: 'full' }

/** How a call's end reads to the person: news (it ended the ordinary way: the last other person
 *  said goodbye) or a problem. */
export function endReads(end: CallEnd): { notice: Notice } | { problem: Problem } {
  switch (end.why) {
    case 'failed':
      return { problem: { kind: 'connection', failure: end.failure } }
    case 'stranded':
      return { problem: { kind: 'stranded', name: end.name } }
    case 'full':
      return { problem: { kind: 'room-full' } }
    case 'alone':
      if (end.how === 'left') return { notice: { kind: 'left', name: end.member.name } }
      if (end.how === 'cut-off') return { problem: { kind: 'cut-off', name: end.member.name } }
      return { problem: { kind: 'connection', failure: 'lost' } }
  }
}

export interface CallEvents<S extends PeerSession> extends Record<string, unknown> {
  /** The members changed (who, status, media, streams). */
  change: undefined
  /**
   * A member's connection is open and its hello arrived: chat, files and media go to it. It came
   * `through` our invite, the invite we joined with, or another member's introduction.
   */
  joined: { member: Member<S>; through: 'invite' | 'join' | 'introduction' }
  /** A member is gone; when it was the last one, `ended` follows. */
  left: { member: Member<S>; how: LeaveHow }
  /** The pending invite's reply, or our reply, was taken: the two devices are connecting. */
  connecting: 'invite' | 'join'
  /** Something failed that does not end the call (an invite made during the call failed). */
  problem: Problem
  /** The call is over for this device by itself; its owner says why and leaves (`leave`). */
  ended: CallEnd<S>
}

/** An invite waiting for its reply: the link to show, the offer its reply must answer. */
export interface PendingInvite {
  readonly link: string
  readonly offer: Signal
}

/**
 * One call, headless: the same core under the app (call-flow.ts sequences its screens over it)
 * and the terminal (cli/terminal-call.ts prints it). It owns this device's hello, the codes
 * (invite → reply → join, each read once), the room of members, the conversation (chat, files),
 * what a new member is sent, and when the call is over by itself — the first connection failing,
 * or the last member leaving. Everything that goes wrong comes out as a typed Problem or CallEnd;
 * the surfaces put it into words.
 */
export class Call<S extends PeerSession = PeerSession> extends Emitter<CallEvents<S>> {
  readonly self: Hello
  readonly room: Room<S>
  readonly conversation: Conversation
  /** Raised hands, reactions, who records (gestures.ts). */
  readonly gestures: Gestures
  private readonly deps: CallDeps<S>
  /** The session of the code exchange under way (our invite, or our join), until it joins. */
  private bootstrap: { session: S; via: 'invite' | 'join' } | null = null
  private invitation: { pending: PendingInvite; of: Invitation<S> } | null = null
  private over = false
  /** How many members ever joined, and the name of the one we exchanged codes with. */
  private met = 0
  private partner: string | null = null

  constructor(deps: CallDeps<S>) {
    super()
    this.deps = deps
    const name = cleanName(deps.name) || deps.fallbackName
    this.self = { id: randomId(), name, ...capabilities(deps.surface) }
    const self = this.self
    this.room = new Room<S>({
      self,
      newSession: (role, pair) => deps.newSession(role, self, pair),
      ...(deps.introductionTimeoutMs ? { introductionTimeoutMs: deps.introductionTimeoutMs } : {}),
    })
    this.conversation = makeConversation({ createSink: deps.createSink, selfName: () => name })
    this.gestures = new Gestures({
      selfId: self.id,
      broadcast: (message) => this.room.broadcast((session) => session.sendGesture(message)),
      sendTo: (id, message) => this.room.member(id)?.session?.sendGesture(message),
    })
    this.room.on('gesture', ({ id, message }) => this.gestures.receive(id, message))
    this.room.on('change', () => {
      this.emit('change', undefined)
      if (this.met > 0) this.endIfAlone(null)
    })
    this.room.on('joined', (member) => this.onJoined(member))
    this.room.on('left', ({ member, how }) => this.onLeft(member, how))
    this.room.on('turnedAway', () => this.end({ why: 'full' }))
  }

  members(): Member<S>[] {
    return this.room.members()
  }

  /** The invite shown now, while it waits for its reply; null once taken or cancelled. */
  get pendingInvite(): PendingInvite | null {
    return this.invitation?.pending ?? null
  }

  /** Makes an invite for one more person, in place of any pending one. */
  async invite(): Promise<Result<PendingInvite>> {
    this.cancelInvite()
    let made: Invitation<S>
    try {
      made = await this.room.invite()
    } catch (err) {
      return {
        ok: false,
        problem: { kind: err instanceof RoomFullError ? 'room-full' : 'generic' },
      }
    }
    if (this.over) {
      made.cancel()
      return { ok: false, problem: { kind: 'generic' } }
    }
    const pending = { link: linkFor(this.deps.baseUrl, made.offer), offer: made.offer }
    this.invitation = { pending, of: made }
    this.follow(made.session, 'invite')
    return { ok: true, value: pending }
  }

  /** Whether `text` is a reply to the invite that waits for one (a link opened in another tab
   *  is handed over only then). */
  isReplyToInvite(text: string): boolean {
    const waiting = this.invitation
    return (
      waiting?.of.session.phase.status === 'waiting' && readReply(text, waiting.pending.offer).ok
    )
  }

  /**
   * The reply to our pending invite, scanned or pasted: read, checked, applied; null when it was
   * taken (the devices connect now). `read` is called once it was read and is being applied.
   */
  async takeReply(text: string, read?: () => void): Promise<Problem | null> {
    const waiting = this.invitation
    if (!waiting) return { kind: 'generic' }
    const reply = readReply(text, waiting.pending.offer)
    if (!reply.ok) return reply.problem
    read?.()
    try {
      await waiting.of.accept(reply.signal)
      return null
    } catch (err) {
      return { kind: err instanceof SessionError ? 'rejected' : 'generic' }
    }
  }

  cancelInvite(): void {
    const waiting = this.invitation
    this.invitation = null
    if (waiting && this.bootstrap?.session === waiting.of.session) this.bootstrap = null
    waiting?.of.cancel()
  }

  /** Joins through an invite (read before, codes.ts): resolves the reply link to show. */
  async join(invite: Signal): Promise<Result<{ reply: string }>> {
    try {
      const { answer, session } = await this.room.join(invite)
      this.follow(session, 'join')
      return { ok: true, value: { reply: linkFor(this.deps.baseUrl, answer, invite) } }
    } catch (err) {
      return { ok: false, problem: { kind: err instanceof SessionError ? 'rejected' : 'generic' } }
    }
  }

  /**
   * Leaves for good: goodbye to everyone (`done` resolves once every connection is closed), the
   * conversation ends. Returns the received, verified files, still to be saved.
   */
  leave(options: { now?: boolean } = {}): {
    kept: readonly ConversationTransfer[]
    done: Promise<void>
  } {
    this.over = true
    this.invitation = null
    this.bootstrap = null
    this.gestures.dispose()
    const done = this.room.leave(options)
    return { kept: this.conversation.dispose(), done }
  }

  /** Follows the session of a code exchange until its member joins (or it fails). */
  private follow(session: S, via: 'invite' | 'join'): void {
    this.bootstrap = { session, via }
    session.on('phase', (phase) => {
      if (this.over || this.bootstrap?.session !== session) return
      if (phase.status === 'connecting') this.emit('connecting', via)
      if (phase.status !== 'failed') return
      this.bootstrap = null
      if (this.invitation?.of.session === session) this.invitation = null
      if (this.room.members().length === 0) {
        this.end({ why: 'failed', failure: phase.reason })
      } else {
        this.emit('problem', { kind: 'connection', failure: phase.reason })
      }
    })
  }

  private onJoined(member: Member<S>): void {
    const session = member.session
    if (this.over || !session) return
    const through = this.bootstrap?.session === session ? this.bootstrap.via : 'introduction'
    if (through !== 'introduction') this.bootstrap = null
    if (through === 'join' || (through === 'invite' && this.met === 0)) this.partner = member.name
    this.met++
    if (this.invitation?.of.session === session) this.invitation = null
    if (member.takesMedia) this.deps.media?.attach(session)
    this.conversation.addPeer(conversationPeer(member.id, member.name, session))
    this.gestures.joined(member.id)
    this.emit('joined', { member, through })
  }

  private onLeft(member: Member<S>, how: LeaveHow): void {
    if (this.over) return
    this.conversation.removePeer(member.id)
    this.gestures.left(member.id)
    this.emit('left', { member, how })
    this.endIfAlone({ member, how })
  }

  /**
   * Nobody is left that this device could still be in a call with (every member gone, or given
   * up as unreachable) and no invite waits: the call is over. `gone` is who went last, if
   * someone just did. A newcomer that met nobody but its partner says so (stranded).
   */
  private endIfAlone(gone: { member: Member<S>; how: LeaveHow } | null): void {
    if (this.over || this.invitation) return
    const trying = (m: Member<S>) =>
      m.session !== null &&
      m.session.phase.status !== 'failed' &&
      m.session.phase.status !== 'ended'
    if (this.room.members().some(trying)) return
    if (this.met === 1 && this.partner !== null && this.room.introducedOthers) {
      this.end({ why: 'stranded', name: this.partner })
    } else if (gone) {
      this.end({ why: 'alone', ...gone })
    }
  }

  private end(end: CallEnd<S>): void {
    if (this.over) return
    this.over = true
    this.emit('ended', end)
  }
}
