import type { Hello, RoomMessage } from '../rtc/messages'
import type { PeerPhase } from '../rtc/phase'
import type { OfferOrAnswer } from '../rtc/port'
import { sasIndices } from '../rtc/sas'
import type { PeerSession } from '../rtc/session'
import { Emitter } from '../shared/emitter'
import { makeIntroductions } from './introductions'
import { MAX_ROOM_SIZE, type Member, MemberRecord } from './member'
import { makeRestarts } from './restarts'

export { MAX_ROOM_SIZE, type Member, type MemberStatus } from './member'

/** Said goodbye; connection lost; or cut off by us for flooding. */
export type LeaveHow = 'left' | 'lost' | 'cut-off'

export interface RoomEvents<S extends PeerSession> extends Record<string, unknown> {
  /** Anything about the members changed (list, status, media, streams). */
  change: undefined
  /** A member's connection is open and its hello arrived. */
  joined: Member<S>
  /** A connected member is gone: it said goodbye ('left') or its connection was lost. */
  left: { member: Member<S>; how: LeaveHow }
}

export interface RoomOptions<S extends PeerSession> {
  self: Hello
  /** A session for a new pair, with this device's certificate (the same for every pair). */
  newSession: (role: 'offerer' | 'answerer') => S
  /** How long an introduced pair may take to connect before the member reads 'unreachable'. */
  introductionTimeoutMs?: number
}

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
 * (introductions.ts), so nobody else scans anything.
 */
export class Room<S extends PeerSession = PeerSession> extends Emitter<RoomEvents<S>> {
  readonly self: Hello
  private readonly options: RoomOptions<S>
  private readonly records = new Map<string, MemberRecord<S>>()
  /**
   * Ids of members that left. Ids are fresh for each call (call-flow.ts, cli/main.ts), so an id
   * that left never comes back: whatever still arrives about it (an introduction another member
   * sent before it heard of the departure, a late `gone`) is stale.
   */
  private readonly departed = new Set<string>()
  private readonly bootstrapping = new Set<S>()
  private readonly introductions
  private readonly restarts
  private closed = false

  constructor(options: RoomOptions<S>) {
    super()
    this.self = options.self
    this.options = options
    this.restarts = makeRestarts<S>({
      records: this.records,
      sendTo: (id, message) => this.records.get(id)?.session?.sendRoomMessage(message) ?? false,
    })
    this.introductions = makeIntroductions<S>({
      self: options.self,
      timeoutMs: options.introductionTimeoutMs ?? 20_000,
      records: this.records,
      newSession: options.newSession,
      adopt: (record) => this.adopt(record),
      removed: (record) => this.depart(record, 'left'),
      departed: (id) => this.departed.has(id),
      restartSignal: (relay, from, description) =>
        void this.restarts.receive(relay, from, description),
      relayable: (id) => this.restarts.relayable(id),
      changed: () => this.changed(),
      size: () => this.size,
    })
  }

  /** Everyone but this device: connected, connecting and unreachable members. */
  members(): Member<S>[] {
    return [...this.records.values()].map((r) => r.view())
  }

  member(id: string): Member<S> | null {
    return this.records.get(id)?.view() ?? null
  }

  /** People in the call including this device (members that could not be reached count too). */
  get size(): number {
    return this.records.size + 1
  }

  /** Starts an invite for someone new. Throws RoomFullError when the room is full. */
  async invite(): Promise<Invitation<S>> {
    if (this.size + this.bootstrapping.size >= MAX_ROOM_SIZE) throw new RoomFullError()
    const session = this.options.newSession('offerer')
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
    const session = this.options.newSession('answerer')
    this.bootstrap(session)
    const answer = await session.acceptOffer(offer)
    return { answer, session }
  }

  /** Leaves the call: says goodbye to everyone (in parallel), then closes. */
  async leave(): Promise<void> {
    this.closed = true
    this.introductions.dispose()
    this.restarts.dispose()
    const sessions = [...this.bootstrapping, ...[...this.records.values()].map((r) => r.session)]
    this.bootstrapping.clear()
    await Promise.all(sessions.map((s) => s?.leave()))
  }

  /** Sends a room message to every connected member (e.g. our media state). */
  broadcast(send: (session: S) => void): void {
    for (const record of this.records.values()) {
      if (record.session?.isLive) send(record.session)
    }
  }

  private bootstrap(session: S): void {
    this.bootstrapping.add(session)
    const offHello = session.on('hello', (hello) => {
      offHello()
      this.bootstrapping.delete(session)
      if (this.closed || !this.acceptable(hello)) return void session.leave()
      const record = new MemberRecord(hello.id || `v1-${crypto.randomUUID()}`, hello.name, session)
      this.records.set(record.id, record)
      this.adopt(record)
    })
    session.on('phase', (phase) => {
      if (phase.status === 'failed' || phase.status === 'ended') this.bootstrapping.delete(session)
    })
  }

  /** A new member is acceptable unless it claims our id, one in the room or one that left. */
  private acceptable(hello: Hello): boolean {
    const taken = this.records.has(hello.id) || this.departed.has(hello.id)
    return hello.id !== this.self.id && (hello.id === '' || !taken)
  }

  /** Starts following a member's session once its hello arrived. */
  private adopt(record: MemberRecord<S>): void {
    const session = record.session
    if (!session?.remote) return
    record.name = session.remote.name
    record.takesMedia = session.remote.media
    // A member that takes no media (a terminal) sends none either: no microphone, no camera.
    if (!session.remote.media) record.media = { mic: false, cam: false, screenStreamId: null }
    record.status = session.phase.status === 'interrupted' ? 'interrupted' : 'connected'
    session.on('phase', (phase) => this.onMemberPhase(record, phase))
    session.on('media', (media) => {
      record.media = media
      this.changed()
    })
    session.on('message', (message: RoomMessage) => this.introductions.receive(record.id, message))
    session.on('stream', (stream) => record.addStream(stream, () => this.changed()))
    session.on('restart', () => this.restarts.offer(record.id))
    session.on('restartNeeded', (needed) => {
      record.pathFailed = needed
      this.changed()
    })
    // Introductions first: the others start their connections to this member while this
    // device is still busy showing it and renegotiating media with it.
    this.introductions.connected(record.id)
    const mine = session.localFingerprint()
    const theirs = session.remoteFingerprint()
    if (mine && theirs) {
      void sasIndices(mine, theirs).then((symbols) => {
        record.verification = symbols
        this.changed()
      })
    }
    this.changed()
    this.emit('joined', record.view())
  }

  private onMemberPhase(record: MemberRecord<S>, phase: PeerPhase): void {
    if (this.records.get(record.id) !== record) return
    if (phase.status === 'interrupted' || phase.status === 'connected') {
      const back = phase.status === 'connected' && record.status === 'interrupted'
      record.status = phase.status
      if (back) this.restarts.reconnected(record.id)
      this.changed()
    } else if (phase.status === 'ended' || phase.status === 'failed') {
      this.records.delete(record.id)
      const how: LeaveHow =
        phase.status === 'ended' && phase.by === 'peer'
          ? 'left'
          : phase.status === 'failed' && phase.reason === 'flood'
            ? 'cut-off'
            : 'lost'
      this.introductions.gone(record.id)
      this.depart(record, how)
    }
  }

  /**
   * A member removed from the room left: announced once per id, whichever tells us first (its
   * bye, its connection ending, or another member's `gone` for one we never reached).
   */
  private depart(record: MemberRecord<S>, how: LeaveHow): void {
    this.changed()
    if (this.departed.has(record.id)) return
    this.departed.add(record.id)
    if (!this.closed) this.emit('left', { member: record.view(), how })
  }

  private changed(): void {
    if (!this.closed) this.emit('change', undefined)
  }
}
