import type { GestureMessage, Reaction } from '../rtc/messages'
import { Emitter } from '../shared/emitter'

/**
 * How often a member may change its hand or recording state: a burst of STATE_BURST changes,
 * then STATE_RATE per second on average. This device holds itself to it (a change beyond it is
 * sent later, as the latest state), and drops what a member sends beyond it plus RECEIVE_SLACK
 * (the network may bunch up what was sent spread out).
 */
export const STATE_BURST = 10
export const STATE_RATE = 1
/** Reactions: a burst of REACTION_BURST, then REACTION_RATE per second; more are not sent
 *  (here) or not shown (from a member). */
export const REACTION_BURST = 10
export const REACTION_RATE = 3
export const RECEIVE_SLACK = 5
/** A raised hand goes down by itself once its owner spoke this long (ms), with pauses of at
 *  most SPEECH_PAUSE_MS. */
export const SPEECH_LOWERS_HAND_MS = 3000
export const SPEECH_PAUSE_MS = 1000

export interface GestureEvents extends Record<string, unknown> {
  /** Whose hand is up, or who records, changed. */
  change: undefined
  /** `id` (a member, or this device's own id) reacted. */
  reaction: { id: string; emoji: Reaction }
}

export interface GestureDeps {
  /** This device's member id: its own hand and reactions go by it. */
  selfId: string
  /** Sends to every connected member. */
  broadcast(message: GestureMessage): void
  /** Sends to one member. */
  sendTo(id: string, message: GestureMessage): void
  now?: () => number
}

/** A token bucket: `take` is false once `burst` were taken faster than `rate` per second. */
class Bucket {
  private allowance: number
  private countedAt: number
  constructor(
    private readonly burst: number,
    private readonly rate: number,
    now: number,
  ) {
    this.allowance = burst
    this.countedAt = now
  }
  refill(now: number): number {
    this.allowance = Math.min(
      this.burst,
      this.allowance + ((now - this.countedAt) / 1000) * this.rate,
    )
    this.countedAt = now
    return this.allowance
  }
  take(now: number): boolean {
    if (this.refill(now) < 1) return false
    this.allowance -= 1
    return true
  }
  /** ms until one can be taken. */
  wait(now: number): number {
    return Math.max(0, Math.ceil(((1 - this.refill(now)) / this.rate) * 1000))
  }
}

function buckets(now: number, slack: number): Record<GestureMessage['t'], Bucket> {
  return {
    hand: new Bucket(STATE_BURST + slack, STATE_RATE, now),
    recording: new Bucket(STATE_BURST + slack, STATE_RATE, now),
    react: new Bucket(REACTION_BURST + slack, REACTION_RATE, now),
  }
}

/**
 * What people do in a call besides talking (docs/protocol.md, "Hands, reactions, recording"):
 * raised hands in the order they went up, reactions as they come, and who is recording. Each
 * member speaks only for itself; a member that joins is told this device's raised hand and
 * recording. Bounded per member (STATE_*, REACTION_*): a member flooding these costs a map
 * lookup per message, and the screen hears of at most the bound.
 */
export class Gestures extends Emitter<GestureEvents> {
  /** Raised hands by member id (this device's own id too): when they went up, our clock. */
  private readonly hands = new Map<string, number>()
  private readonly recorders = new Set<string>()
  /** Per member, a bound per kind of message. */
  private readonly received = new Map<string, Record<GestureMessage['t'], Bucket>>()
  /** This device's own bounds. */
  private readonly own: Record<GestureMessage['t'], Bucket>
  /** State changes that wait for our own bound; the latest state is what goes. */
  private readonly pending = new Map<'hand' | 'recording', ReturnType<typeof setTimeout>>()
  private recording = false
  private speakingSince: number | null = null
  private lastSpoke = 0
  private disposed = false
  private readonly now: () => number

  constructor(private readonly deps: GestureDeps) {
    super()
    this.now = deps.now ?? Date.now
    this.own = buckets(this.now(), 0)
  }

  /** This device's member id (its own hand and reactions go by it). */
  get selfId(): string {
    return this.deps.selfId
  }

  /** Ids with a raised hand, in the order the hands went up. */
  raisedHands(): string[] {
    return [...this.hands.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id)
  }

  handUp(id: string = this.deps.selfId): boolean {
    return this.hands.has(id)
  }

  /** Ids recording this call now (this device's own id when it records). */
  recordingIds(): string[] {
    return [...this.recorders]
  }

  setHand(up: boolean): void {
    if (this.disposed || up === this.handUp()) return
    this.speakingSince = null
    this.apply(this.deps.selfId, { t: 'hand', up, ago: 0 })
    this.sendState('hand')
  }

  setRecording(on: boolean): void {
    if (this.disposed || on === this.recording) return
    this.recording = on
    this.apply(this.deps.selfId, { t: 'recording', on })
    this.sendState('recording')
  }

  /** Sends a reaction to everyone and shows it here; false when over our own bound. */
  react(emoji: Reaction): boolean {
    if (this.disposed || !this.own.react.take(this.now())) return false
    this.deps.broadcast({ t: 'react', emoji })
    this.emit('reaction', { id: this.deps.selfId, emoji })
    return true
  }

  /**
   * Whether this device's person speaks now (its microphone meter, polled): a raised hand goes
   * down once they spoke SPEECH_LOWERS_HAND_MS, pauses of up to SPEECH_PAUSE_MS included.
   */
  ownSpeech(speaking: boolean): void {
    if (!this.handUp()) return
    const at = this.now()
    if (!speaking) {
      if (this.speakingSince !== null && at - this.lastSpoke > SPEECH_PAUSE_MS) {
        this.speakingSince = null
      }
      return
    }
    this.lastSpoke = at
    this.speakingSince ??= at
    if (at - this.speakingSince >= SPEECH_LOWERS_HAND_MS) this.setHand(false)
  }

  /** A gesture from member `id`, dropped beyond its bound. */
  receive(id: string, message: GestureMessage): void {
    if (this.disposed || id === this.deps.selfId) return
    const at = this.now()
    let bounds = this.received.get(id)
    if (!bounds) {
      bounds = buckets(at, RECEIVE_SLACK)
      this.received.set(id, bounds)
    }
    if (!bounds[message.t].take(at)) return
    if (message.t === 'react') this.emit('reaction', { id, emoji: message.emoji })
    else this.apply(id, message)
  }

  /** A member joined: it hears our raised hand and our recording, as a person would see them. */
  joined(id: string): void {
    if (this.disposed) return
    for (const message of this.ownState()) this.deps.sendTo(id, message)
  }

  /** A member left: its hand and recording go with it. */
  left(id: string): void {
    this.received.delete(id)
    const had = this.hands.delete(id)
    if (this.recorders.delete(id) || had) this.emit('change', undefined)
  }

  dispose(): void {
    this.disposed = true
    for (const timer of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
    this.removeAllListeners()
  }

  private apply(id: string, message: Exclude<GestureMessage, { t: 'react' }>): void {
    if (message.t === 'hand') {
      if (message.up === this.hands.has(id)) return
      if (message.up) this.hands.set(id, this.now() - message.ago)
      else this.hands.delete(id)
    } else {
      if (message.on === this.recorders.has(id)) return
      if (message.on) this.recorders.add(id)
      else this.recorders.delete(id)
    }
    this.emit('change', undefined)
  }

  /** This device's hand and recording as messages. */
  private ownState(): GestureMessage[] {
    const raised = this.hands.get(this.deps.selfId)
    const list: GestureMessage[] = []
    if (raised !== undefined) list.push({ t: 'hand', up: true, ago: this.now() - raised })
    if (this.recording) list.push({ t: 'recording', on: true })
    return list
  }

  /** Tells everyone our hand or recording now, or, beyond our bound, once it allows (the
   *  state then, which may have changed again meanwhile). */
  private sendState(kind: 'hand' | 'recording'): void {
    if (this.pending.has(kind)) return
    const bucket = this.own[kind]
    const at = this.now()
    const wait = bucket.wait(at)
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.pending.delete(kind)
        if (!this.disposed) this.sendState(kind)
      }, wait)
      this.pending.set(kind, timer)
      return
    }
    bucket.take(at)
    const raised = this.hands.get(this.deps.selfId)
    this.deps.broadcast(
      kind === 'recording'
        ? { t: 'recording', on: this.recording }
        : raised !== undefined
          ? { t: 'hand', up: true, ago: at - raised }
          : { t: 'hand', up: false, ago: 0 },
    )
  }
}
