import type { GestureMessage, Hello, RoomMessage } from '../rtc/messages'
import type { PeerPhase } from '../rtc/phase'
import type { OfferOrAnswer } from '../rtc/port'
import { sasIndices } from '../rtc/sas'
import type { PeerSession } from '../rtc/session'
import { Emitter } from '../shared/emitter'
import { makeIntroductions } from './introductions'
import { MAX_ROOM_SIZE, type Member } from './member'
import { makeRestarts } from './restarts'
import { RoomCap } from './room-cap'
import { type LeaveHow, Roster } from './roster'

export { MAX_ROOM_SIZE, type Member, type MemberStatus } from './member'
export type { LeaveHow } from './roster'

export interface RoomEvents<S extends PeerSession> extends Record<string, unknown> {
  /** Anything about the members changed (list, status, media, streams). */
  change: undefined
  /** A member's connection is open and its hello arrived. */
  joined: Member<S>
  /** A connected member is gone: it said goodbye ('left') or its connection was lost. */
  left: { member: Member<S>; how: LeaveHow }
  /** The room is full and turned this device away (room-cap.ts): it has to leave. */
  turnedAway: undefined
  /** A member raised or lowered its hand, reacted, or started or stopped recording. */
  gesture: { id: string; message: GestureMessage }
}

/** What a session for a new pair is made with, besides its role. */
export interface PairContext {
  /** People in the call as the pair is made, this device and the new member included: a
   *  media session sends its first frames at this room size's caps (rtc/send-caps.ts). */
  roomSize: number
}

export interface RoomOptions<S extends PeerSession> {
  self: Hello
  /** A session for a new pair, with this device's certificate (the same for every pair). */
  newSession: (role: 'offerer' | 'answerer', pair: PairContext) => S
  /** How long an introduced pair may take to connect before the member reads 'unreachable'. */
  introductionTimeoutMs?: number
  /** Leaving waits at most this long for pairs this device introduced to meet (LEAVE_WAIT_MS). */
  leaveWaitMs?: number
}

/**
 * A member that leaves waits this long at most for the pairs it introduced and may still have
 * to relay for: a newcomer whose inviter leaves right after the reply otherwise meets nobody.
 */
export const LEAVE_WAIT_MS = 3000

export class RoomFullError extends Error {
  constructor() {
    super(`a room holds at most ${MAX_ROOM_SIZE} people`)
    this.name = 'RoomFullError'
  }
}

/** An invite on its way: the offer to put in a code, and how to take the reply. */
export interface Invitation<S extends PeerSession> {
  readonly offer: OfferOrAnswer
  readonly session: S
  accept(answer: OfferOrAnswer): Promise<void>
  cancel(): void
}

/**
 * This device's view of a call: the other members by id, each with its own direct connection
 * (a full mesh). Someone new comes in through a code exchange with any member (invite/join);
 * that member then introduces them to everyone else over the existing connections
 * (introductions.ts), so nobody else scans anything. The roster (roster.ts) owns the members;
 * this class wires each member's session to it, and tells every session the room's size.
 */
export class Room<S extends PeerSession = PeerSession> extends Emitter<RoomEvents<S>> {
  readonly self: Hello
  private readonly options: RoomOptions<S>
  private readonly roster: Roster<S>
  private readonly cap: RoomCap
  private readonly bootstrapping = new Set<S>()
  /** Bootstrap sessions made by our invites: whoever joins through one is a newcomer. */
  private readonly invited = new WeakSet<S>()
  /** Sessions whose streams go to the roster already. */
  private readonly streaming = new WeakSet<S>()
  private readonly introductions
  private readonly restarts
  private closed = false
  private toldSize = 1

  constructor(options: RoomOptions<S>) {
    super()
    this.self = options.self
    this.options = options
    this.roster = new Roster<S>({
      changed: () => this.changed(),
      left: (member, how) => this.emit('left', { member, how }),
    })
    this.cap = new RoomCap(options.self.id)
    this.restarts = makeRestarts<S>({
      roster: this.roster,
      sendTo: (id, message) => this.roster.live(id)?.sendRoomMessage(message) ?? false,
    })
    this.introductions = makeIntroductions<S>({
      self: options.self,
      timeoutMs: options.introductionTimeoutMs ?? 20_000,
      roster: this.roster,
      cap: this.cap,
      newSession: (role, roomSize) => this.newSession(role, roomSize),
      adopt: (id) => this.adopt(id),
      confirmed: (id, session) => this.followStreams(id, session),
      turnedAway: () => this.turnedAway(),
      restartSignal: (relay, from, description) =>
        void this.restarts.receive(relay, from, description),
      relayable: (id) => this.restarts.relayable(id),
      pendingChanged: () => this.changed(),
    })
  }

  /** Everyone but this device: connected, connecting and unreachable members. */
  members(): Member<S>[] {
    return this.roster.views()
  }

  member(id: string): Member<S> | null {
    return this.roster.view(id)
  }

  /** People in the call including this device (members that could not be reached count too). */
  get size(): number {
    return this.roster.size
  }

  /** Whether anyone introduced others to this device (its newcomer's view of the room). */
  get introducedOthers(): boolean {
    return this.introductions.proposals > 0
  }

  /** Starts an invite for someone new. Throws RoomFullError when the room is full. */
  async invite(): Promise<Invitation<S>> {
    if (this.size + this.bootstrapping.size >= MAX_ROOM_SIZE) throw new RoomFullError()
    const session = this.newSession('offerer')
    this.invited.add(session)
    this.bootstrap(session)
    const offer = await session.createOffer()
    return {
      offer,
      session,
      accept: (answer) => session.acceptAnswer(answer),
      cancel: () => {
        this.bootstrapping.delete(session)
        session.close()
      },
    }
  }

  /** Joins through someone's invite: returns the answer for the reply code. */
  async join(offer: OfferOrAnswer): Promise<{ answer: OfferOrAnswer; session: S }> {
    this.cap.joinedNow()
    const session = this.newSession('answerer')
    this.bootstrap(session)
    const answer = await session.acceptOffer(offer)
    return { answer, session }
  }

  /**
   * Leaves the call: says goodbye to everyone (in parallel), then closes. Unless `now` (the page
   * is going away), it first waits up to LEAVE_WAIT_MS for the pairs it introduced to meet,
   * relaying for them meanwhile; nothing of the room is told any more from the start.
   */
  async leave(options: { now?: boolean } = {}): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.roster.close()
    if (!options.now) await this.introductions.drained(this.options.leaveWaitMs ?? LEAVE_WAIT_MS)
    this.introductions.dispose()
    this.restarts.dispose()
    const sessions = [...this.bootstrapping, ...this.roster.sessions()]
    this.bootstrapping.clear()
    await Promise.all(sessions.map((s) => s.leave(options)))
  }

  /** Sends a room message to every connected member (e.g. our media state). */
  broadcast(send: (session: S) => void): void {
    for (const id of this.roster.ids()) {
      const session = this.roster.view(id)?.session
      if (session?.isLive) send(session)
    }
  }

  /** A session for a new pair; a code exchange's adds one person to the room as it is. */
  private newSession(role: 'offerer' | 'answerer', roomSize = this.size + 1): S {
    return this.options.newSession(role, { roomSize: Math.max(2, roomSize) })
  }

  private bootstrap(session: S): void {
    this.bootstrapping.add(session)
    const offHello = session.on('hello', (hello) => {
      offHello()
      this.bootstrapping.delete(session)
      if (this.closed || !this.acceptable(hello)) return void session.leave()
      const id = hello.id || `v1-${crypto.randomUUID()}`
      if (this.invited.has(session)) this.cap.markNewcomer(id)
      if (!this.introductions.admit(id, session)) return
      this.roster.add(id, hello.name, session)
      this.adopt(id)
    })
    session.on('phase', (phase) => {
      if (phase.status === 'failed' || phase.status === 'ended') this.bootstrapping.delete(session)
    })
  }

  /** A new member is acceptable unless it claims our id, one in the room or one that left. */
  private acceptable(hello: Hello): boolean {
    const taken = this.roster.has(hello.id) || this.roster.departed(hello.id)
    return hello.id !== this.self.id && (hello.id === '' || !taken)
  }

  /** Starts following a member's session once its hello arrived. */
  private adopt(id: string): void {
    const session = this.roster.view(id)?.session
    if (!session?.remote) return
    const { roster } = this
    roster.adopt(id)
    session.on('phase', (phase) => this.onMemberPhase(id, session, phase))
    session.on('media', (media) => roster.setMedia(id, media))
    session.on('message', (message: RoomMessage) => this.introductions.receive(id, message))
    session.on('gesture', (message) => {
      if (!this.closed) this.emit('gesture', { id, message })
    })
    this.followStreams(id, session)
    session.on('restart', () => this.restarts.offer(id))
    session.on('restartNeeded', (needed) => roster.setPathFailed(id, needed))
    // Introductions first: the others start their connections to this member while this
    // device is still busy showing it and renegotiating media with it.
    this.introductions.connected(id)
    const mine = session.localFingerprint()
    const theirs = session.remoteFingerprint()
    if (mine && theirs) {
      void sasIndices(mine, theirs).then((symbols) => roster.setVerification(id, symbols))
    }
    const member = roster.view(id)
    if (member && !this.closed) this.emit('joined', member)
  }

  /**
   * The member's streams go to the roster: from its hello, or — an introduced pair whose
   * bootstrap carried media — as soon as its introduction is confirmed, so its video shows when
   * the first frames come, not a round trip later with the hello.
   */
  private followStreams(id: string, session: S): void {
    if (this.streaming.has(session)) return
    this.streaming.add(session)
    session.on('stream', (stream) => {
      if (this.roster.view(id)?.session === session) this.roster.addStream(id, stream)
    })
    session.followStreams()
  }

  private onMemberPhase(id: string, session: S, phase: PeerPhase): void {
    if (this.roster.view(id)?.session !== session) return
    if (phase.status === 'interrupted' || phase.status === 'connected') {
      const back = phase.status === 'connected' && this.roster.view(id)?.status === 'interrupted'
      this.roster.setPath(id, phase.status)
      if (back) this.restarts.reconnected(id)
    } else if (phase.status === 'ended' || phase.status === 'failed') {
      const how: LeaveHow =
        phase.status === 'ended' && phase.by === 'peer'
          ? 'left'
          : phase.status === 'failed' && phase.reason === 'flood'
            ? 'cut-off'
            : 'lost'
      // Others may not have had a connection to it: they hear `gone` before anyone hears 'left'.
      this.introductions.gone(id)
      this.roster.remove(id, how)
    }
  }

  private turnedAway(): void {
    if (!this.closed) this.emit('turnedAway', undefined)
  }

  private changed(): void {
    if (this.closed) return
    // Those being introduced count: a newcomer's pairs confirm one by one, and a connection
    // told the room shrank meanwhile would send its first frames at a smaller room's caps.
    const size = this.introductions.roomSize()
    if (size !== this.toldSize) {
      this.toldSize = size
      for (const session of this.roster.sessions()) session.setRoomSize(size)
    }
    this.emit('change', undefined)
  }
}
