import type { Hello, RoomMessage, SignalPayload, Vouched } from '../rtc/messages'
import { type OfferOrAnswer, sdpFingerprint } from '../rtc/port'
import type { PeerSession } from '../rtc/session'
import { EarlySignals } from './early-signals'
import { makeIntroducer } from './introducer'
import { MAX_ROOM_SIZE } from './member'
import { makeRelay, payloadOf } from './relay'
import { makeTurningAway, type RoomCap } from './room-cap'
import type { Roster } from './roster'

/**
 * How a room becomes a full mesh without a server (docs/protocol.md, "Rooms").
 *
 * - When a member's connection opens, this device introduces it to every other member and them
 *   to it (introducer.ts); it relays the new pairs' signals between them, within bounds counted
 *   against whoever sent them (relay.ts).
 * - An introduction is a proposal, not yet a member: only once a description from the introduced
 *   peer arrives with the fingerprint its introducer vouched for does the peer join the roster
 *   (and count towards the room's size). A proposal that gets no such description is dropped
 *   without a word when it is given up — made-up introductions make no members.
 * - In each new pair the smaller id offers (no glare); offer and answer travel as `signal`s
 *   through a member connected to both, with media and trickled candidates where both say so.
 * - Trust is transitive and explicit: a `signal` is taken only from a member, only about a peer
 *   a member introduced, and only if its description announces the fingerprint that member
 *   vouched for; DTLS then holds the new connection to it. Anything else is dropped.
 * - Introductions are idempotent: a pair already connecting ignores more of them, which only add
 *   relays. If the relay of a pending pair leaves, the offer goes again through another member
 *   who introduced the pair; a pair whose descriptions are both applied goes on without any; a
 *   pair that does not connect in time reads 'unreachable', and is given up later.
 * - The room's size holds under races (room-cap.ts): a member that would go over it turns the
 *   last newcomer away with `full`, which its introducer passes on to it.
 */
export interface IntroductionDeps<S extends PeerSession> {
  self: Hello
  timeoutMs: number
  /** The room's members: a confirmed introduction joins it. */
  roster: Roster<S>
  cap: RoomCap
  /** A session for the pair, for a room of `roomSize` (this device and the peer included). */
  newSession: (role: 'offerer' | 'answerer', roomSize: number) => S
  /** An introduced member's hello arrived on its own connection: the room follows it. */
  adopt: (id: string) => void
  /** An introduced member is confirmed, with the session of its pair (before its hello). */
  confirmed: (id: string, session: S) => void
  /** A `signal` from a member we are connected to (not a pending pair): an ICE restart. */
  restartSignal: (relay: string, from: string, description: OfferOrAnswer) => void
  /** Whether a signal may be relayed to this member now (not while its own path has failed). */
  relayable: (id: string) => boolean
  /** The room turned this device away (`full`): it has to leave. */
  turnedAway: () => void
  /** A pair not in the roster came or went: `roomSize()` may have changed. */
  pendingChanged: () => void
}

/** A pair being made with an introduced peer. */
interface Pair<S extends PeerSession> {
  name: string
  fingerprint: string
  /** The bootstrap carries media: the introducer vouched the peer takes it, and so do we. */
  media: boolean
  /** The bootstrap trickles: the introducer vouched the peer does, and so do we. */
  trickle: boolean
  /** Members that introduced this peer, first the one used; a relay that leaves is dropped. */
  relays: string[]
  /** A description from the peer came with the vouched fingerprint: it is in the roster. */
  confirmed: boolean
  /** When the introduction came (Date.now()). */
  since: number
  /** The head count of the room its introducer announced (held to MAX_ROOM_SIZE), if any. */
  announcedRoom: number
  session: S | null
  offer: OfferOrAnswer | null
  /** The offer we answered and our answer (answerer), to answer a repeated offer again. */
  answered: { offer: string; answer: OfferOrAnswer } | null
  /** Answerer: the member our answer went through; our candidates follow it there. */
  answerVia: string | null
  /** Our trickled candidates so far: each description sent again is followed by them all. */
  candidates: RTCIceCandidateInit[]
  /** 'unreachable' after timeoutMs (once confirmed); given up (a proposal: dropped) after
   *  GIVE_UP_FACTOR times as long. */
  timers: Array<ReturnType<typeof setTimeout>>
}

/** A pair still not connected this many introduction timeouts after it began is closed (on
 *  the bench's two cores, a fifth member's last pair once took 57 s). */
export const GIVE_UP_FACTOR = 4
/** Introductions one member may have waiting here unconfirmed at once: a room has at most
 *  MAX_ROOM_SIZE - 2 others it could introduce us to. */
export const MAX_PROPOSALS = MAX_ROOM_SIZE - 2

export function makeIntroductions<S extends PeerSession>(deps: IntroductionDeps<S>) {
  const { roster, cap } = deps
  const pairs = new Map<string, Pair<S>>()
  /** Who introduced each id to us, for as long as the call lasts: only they may say it left. */
  const introducedBy = new Map<string, Set<string>>()
  const early = new EarlySignals()
  let disposed = false
  let proposals = 0

  const live = (id: string): S | null => roster.live(id)
  /**
   * The room's head count with those being introduced now: the members, each pair not yet one,
   * and at least what their introducers announced (a newcomer offers on its first introduction,
   * before the next ones arrive). A new pair's session is made for it, and the room tells every
   * connection it, so first frames go at the caps of the room being joined while a newcomer's
   * introductions arrive and its pairs confirm one by one.
   */
  const roomSize = (): number => {
    const pending = [...pairs].filter(([id]) => !roster.has(id)).map(([, p]) => p.announcedRoom)
    return Math.min(MAX_ROOM_SIZE, Math.max(roster.size + pending.length, ...pending))
  }
  const sendTo = (id: string, message: RoomMessage): boolean =>
    live(id)?.sendRoomMessage(message) ?? false
  const introducer = makeIntroducer({ roster, cap, sendTo })
  const turning = makeTurningAway({
    selfId: deps.self.id,
    cap,
    size: () => roster.size,
    sendTo,
    isLive: (id) => live(id) !== null,
    introducers: (id) => introducedBy.get(id) ?? [],
    dropProposal: (id) => {
      if (pairs.has(id) && !pairs.get(id)?.confirmed) giveUp(id)
    },
    turnedAway: () => deps.turnedAway(),
  })
  const relay = makeRelay({
    sendTo,
    relayable: (id) => deps.relayable(id),
  })

  /** Whether a new pair with a peer vouched so carries media in its bootstrap: both must say so. */
  const earlyMedia = (peer: { media?: boolean }): boolean =>
    peer.media === true && deps.self.media && deps.self.earlyMedia === true

  /** Sends our description for `to` through `via`, then every candidate we trickled so far. */
  const sendDescription = (via: string, to: string, description: OfferOrAnswer): void => {
    sendTo(via, { t: 'signal', to, description })
    for (const candidate of pairs.get(to)?.candidates ?? []) {
      sendTo(via, { t: 'signal', to, candidate })
    }
  }

  /** Sends our offer for `id` through its first relay that is still connected. */
  const sendOffer = (id: string): void => {
    const p = pairs.get(id)
    if (!p?.offer) return
    p.relays = p.relays.filter((r) => live(r))
    const via = p.relays[0]
    if (via) sendDescription(via, id, p.offer)
  }

  /** Trickle: a candidate of ours goes after the description it belongs to, or waits for it. */
  const trickleTo = (id: string) => (candidate: RTCIceCandidateInit) => {
    const p = pairs.get(id)
    if (!p) return
    p.candidates.push(candidate)
    const via = p.offer ? p.relays.find((r) => live(r)) : p.answerVia
    if (via) sendTo(via, { t: 'signal', to: id, candidate })
  }

  const settle = (id: string): Pair<S> | undefined => {
    const p = pairs.get(id)
    for (const timer of p?.timers ?? []) clearTimeout(timer)
    pairs.delete(id)
    if (p && !roster.has(id)) deps.pendingChanged()
    return p
  }

  /** Gives up on a pair: its connection closed; a confirmed member reads 'unreachable', an
   *  unconfirmed proposal goes without a word. */
  const giveUp = (id: string): void => {
    const p = settle(id)
    if (!p) return
    if (p.confirmed && roster.view(id)?.session === p.session) roster.giveUp(id)
    else p.session?.close({ status: 'failed', reason: 'no-route' })
  }

  /** Both descriptions are applied on this side: the pair needs no relay any more. */
  const described = (p: Pair<S>): boolean =>
    p.answered !== null || p.session?.phase.status === 'connecting'

  /** The peer's first description with the vouched fingerprint: it joins the roster, unless
   *  the room would be over its size (room-cap.ts). */
  const confirm = (id: string, p: Pair<S>, session: S): boolean => {
    if (p.confirmed) return true
    const away = turning.admit(id)
    if (away === id || away === deps.self.id) return false
    p.confirmed = true
    p.session = session
    roster.add(id, p.name, session)
    deps.confirmed(id, session)
    // Confirmed after its time: it reads 'unreachable' at once, and goes on trying.
    if (Date.now() - p.since >= deps.timeoutMs) roster.slow(id)
    return true
  }

  const follow = (id: string, session: S): void => {
    session.on('hello', (hello) => {
      if (hello.id !== id) return giveUp(id)
      const p = settle(id)
      for (const via of p?.relays ?? []) sendTo(via, { t: 'met', id })
      deps.adopt(id)
    })
    session.on('phase', (phase) => {
      const over = phase.status === 'failed' || phase.status === 'ended'
      if (over && !session.remote && pairs.get(id)?.session === session) giveUp(id)
    })
  }

  const onIntroduce = async (via: string, peer: Vouched, room = 0) => {
    // An introduction sent before its sender heard that the peer left may arrive after we did
    // (messages on different connections keep no order between them): it would make a ghost.
    if (peer.id === deps.self.id || roster.departed(peer.id)) return
    if (peer.newcomer) cap.markNewcomer(peer.id)
    const p = pairs.get(peer.id)
    if (p) {
      if (p.fingerprint !== peer.fingerprint || p.relays.includes(via)) return
      // A trickled pair's relay must pass candidates on too: one that did not say so cannot.
      if (p.trickle && peer.trickle !== true) return
      const relayLost = !p.relays.some((r) => live(r))
      p.relays.push(via)
      introducedBy.get(peer.id)?.add(via)
      if (relayLost) sendOffer(peer.id)
      return
    }
    if (roster.has(peer.id)) return
    const unconfirmed = [...pairs.values()].filter((x) => !x.confirmed && x.relays[0] === via)
    if (unconfirmed.length >= MAX_PROPOSALS) return
    introducedBy.set(peer.id, new Set([via]))
    proposals++
    const media = earlyMedia(peer)
    const trickle = peer.trickle === true && deps.self.trickle === true
    const pair: Pair<S> = {
      name: peer.name,
      fingerprint: peer.fingerprint,
      media,
      trickle,
      relays: [via],
      confirmed: false,
      since: Date.now(),
      announcedRoom: Math.min(MAX_ROOM_SIZE, room),
      session: null,
      offer: null,
      answered: null,
      answerVia: null,
      candidates: [],
      timers: [],
    }
    pair.timers.push(
      setTimeout(() => pair.confirmed && roster.slow(peer.id), deps.timeoutMs),
      setTimeout(() => giveUp(peer.id), deps.timeoutMs * GIVE_UP_FACTOR),
    )
    pairs.set(peer.id, pair)
    deps.pendingChanged()
    if (deps.self.id < peer.id) {
      const session = deps.newSession('offerer', roomSize())
      pair.session = session
      follow(peer.id, session)
      try {
        const offer = await session.createOffer({
          media,
          ...(trickle ? { trickle: trickleTo(peer.id) } : {}),
        })
        if (pairs.get(peer.id) !== pair || disposed) return
        pair.offer = offer
        sendOffer(peer.id)
      } catch {
        giveUp(peer.id)
      }
    }
    for (const kept of early.take(peer.id)) void onSignal(kept.via, peer.id, kept.signal)
  }

  const onSignal = async (via: string, from: string, signal: SignalPayload): Promise<void> => {
    const p = pairs.get(from)
    if (!p) {
      if (!roster.has(from)) early.keep(via, from, signal)
      return
    }
    if ('candidate' in signal) {
      // It follows its description through the same relay, so the session exists by now.
      p.session?.addRemoteCandidate(signal.candidate)
      return
    }
    const { description } = signal
    // The new connection must present the certificate its introducer vouched for.
    if (sdpFingerprint(description.sdp) !== p.fingerprint) return
    if (description.type === 'answer') {
      const session = p.session
      if (session?.phase.status !== 'waiting' || !confirm(from, p, session)) return
      await session.acceptAnswer(description).catch(() => giveUp(from))
      return
    }
    if (deps.self.id < from) return
    if (p.answered) {
      if (p.answered.offer === description.sdp) {
        p.answerVia = via
        sendDescription(via, from, p.answered.answer)
      }
      return
    }
    if (p.session) return
    const answering = deps.newSession('answerer', roomSize())
    if (!confirm(from, p, answering)) return void answering.close()
    follow(from, answering)
    try {
      const answer = await answering.acceptOffer(description, {
        media: p.media,
        ...(p.trickle ? { trickle: trickleTo(from) } : {}),
      })
      p.answered = { offer: description.sdp, answer }
      p.answerVia = via
      sendDescription(via, from, answer)
    } catch {
      giveUp(from)
    }
  }

  /** `gone {id}` from `sender`: believed only from a member that introduced `id` to us, and
   *  only about someone we are not connected to ourselves. */
  const onGone = (sender: string, id: string): void => {
    if (!introducedBy.get(id)?.has(sender) || live(id)) return
    // A proposal goes without a word; a member we never reached is told as gone.
    const member = roster.has(id)
    giveUp(id)
    if (member) roster.remove(id, 'left')
  }

  return {
    /** A member's connection opened: introduce it to everyone else, and everyone else to it. */
    connected: (id: string): void => introducer.connected(id),

    /** The room's head count with those being introduced now (see `roomSize` above). */
    roomSize,

    /** A room message from the member `from` (connected, hello received). */
    receive(from: string, message: RoomMessage): void {
      if (disposed) return
      switch (message.t) {
        case 'introduce':
          void onIntroduce(from, message.peer, message.room)
          return
        case 'signal':
          if (message.to !== undefined) {
            relay.relay(from, message.to, payloadOf(message))
          } else if (message.from !== undefined) {
            if (!pairs.has(message.from) && live(message.from)) {
              // About a member we are connected to: an ICE restart (descriptions only).
              if ('description' in message)
                deps.restartSignal(from, message.from, message.description)
            } else {
              void onSignal(from, message.from, payloadOf(message))
            }
          }
          return
        case 'gone':
          onGone(from, message.id)
          return
        case 'full':
          turning.receive(from, message.id)
          return
        case 'met':
          introducer.met(from, message.id)
          return
      }
    },

    /**
     * A member's session ended: others may not have had a connection to it; pending pairs it
     * relayed try another relay, or go on by themselves once both their descriptions are
     * applied. Not while this device leaves: its sessions all end then, and it would tell the
     * others that everyone else left.
     */
    gone(id: string): void {
      if (disposed) return
      relay.forget(id)
      introducer.gone(id)
      for (const other of roster.ids()) sendTo(other, { t: 'gone', id })
      for (const [peer, p] of [...pairs]) {
        const wasFirst = p.relays[0] === id
        p.relays = p.relays.filter((r) => r !== id && live(r))
        if (p.relays.length > 0) {
          if (wasFirst) sendOffer(peer)
        } else if (!described(p)) {
          // Nobody left who could carry this pair's signals: the introduction is void.
          giveUp(peer)
          roster.drop(peer)
        }
      }
    },

    /**
     * Someone joined by a code exchange with us (`session`, its hello just came): whether the
     * room has a place for it (room-cap.ts). If not, it was told `full` on its own connection,
     * ahead of our goodbye.
     */
    admit(id: string, session: S): boolean {
      const away = turning.admit(id)
      if (away === id) session.sendRoomMessage({ t: 'full', id })
      if (away !== id && away !== deps.self.id) return true
      void session.leave()
      return false
    },

    /** Introductions of others this device took up so far. */
    get proposals(): number {
      return proposals
    },

    /** Leaving: resolves once the pairs this device introduced have met, or after `ms`. */
    drained: (ms: number): Promise<void> => introducer.drained(ms),

    dispose(): void {
      disposed = true
      for (const p of pairs.values()) for (const timer of p.timers) clearTimeout(timer)
      pairs.clear()
    },
  }
}
