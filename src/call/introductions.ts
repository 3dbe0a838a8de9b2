import type { Hello, RoomMessage, SignalPayload, Vouched } from '../rtc/messages'
import { type OfferOrAnswer, sdpFingerprint } from '../rtc/port'
import type { PeerSession } from '../rtc/session'
import { MAX_ROOM_SIZE } from './member'
import type { Roster } from './roster'

/**
 * How a room becomes a full mesh without a server (docs/protocol.md, "Rooms").
 *
 * - When a member's connection opens (after a code exchange or an introduction), this device
 *   introduces it to every other connected member and them to it: `introduce` carries the id,
 *   the name and the DTLS fingerprint this device sees on its own connection to that member.
 * - In each new pair the member with the smaller id offers (so glare cannot happen); the
 *   bootstrap offer and answer travel as `signal` messages through a member connected to both.
 *   When the introducer says the peer takes media (a browser, not a terminal), the bootstrap
 *   carries microphone and camera both ways at once: no renegotiation before the first frame.
 *   When it says the peer trickles, each description goes at once and its candidates follow it
 *   through the same relay: nobody waits for gathering.
 * - Trust is transitive and explicit: a `signal` is taken only from a member, only about a peer
 *   a member introduced, and only if its description announces the fingerprint that member
 *   vouched for; DTLS then holds the new connection to it. Anything else is dropped.
 * - Introductions are idempotent: a pair already connected or connecting ignores more of them,
 *   which only add relays. If the relay of a pending pair leaves, the offer goes again through
 *   another member who introduced the pair; a pair that does not connect in time reads
 *   'unreachable'.
 */
export interface IntroductionDeps<S extends PeerSession> {
  self: Hello
  timeoutMs: number
  /** The room's members: introductions add pending ones to it and mark them unreachable. */
  roster: Roster<S>
  newSession: (role: 'offerer' | 'answerer') => S
  /** An introduced member's hello arrived on its own connection: the room follows it. */
  adopt: (id: string) => void
  /** A `signal` from a member we are connected to (not a pending pair): an ICE restart. */
  restartSignal: (relay: string, from: string, description: OfferOrAnswer) => void
  /** Whether a signal may be relayed to this member now (not while its own path has failed). */
  relayable: (id: string) => boolean
}

interface Pending {
  fingerprint: string
  /** The bootstrap carries media: the introducer vouched the peer takes it, and so do we. */
  media: boolean
  /** The bootstrap trickles: the introducer vouched the peer does, and so do we. */
  trickle: boolean
  /** Members that introduced this peer, first the one used; a relay that leaves is dropped. */
  relays: string[]
  offer: OfferOrAnswer | null
  /** The offer we answered and our answer (answerer), to answer a repeated offer again. */
  answered: { offer: string; answer: OfferOrAnswer } | null
  /** Answerer: the member our answer went through; our candidates follow it there. */
  answerVia: string | null
  /** Our trickled candidates so far: each description sent again is followed by them all. */
  candidates: RTCIceCandidateInit[]
  /** Says 'unreachable' after timeoutMs; gives up after GIVE_UP_FACTOR times as long. */
  timers: Array<ReturnType<typeof setTimeout>>
}

/** A pair still not connected this many introduction timeouts after it began is closed (on
 *  the bench's two cores, a fifth member's last pair once took 57 s). */
export const GIVE_UP_FACTOR = 4

/** Signals that came before the introduction they belong to (a description and its trickled
 *  candidates), by sender; kept briefly. */
const EARLY_SIGNALS_MAX = 32
const EARLY_SIGNAL_MS = 10_000

export function makeIntroductions<S extends PeerSession>(deps: IntroductionDeps<S>) {
  const pending = new Map<string, Pending>()
  const early: Array<{ relay: string; from: string; signal: SignalPayload; at: number }> = []
  let disposed = false

  const { roster } = deps
  const live = (id: string): S | null => roster.live(id)

  /** Whether a new pair with a peer vouched so carries media in its bootstrap: both must say so. */
  const earlyMedia = (peer: { media?: boolean }): boolean =>
    peer.media === true && deps.self.media && deps.self.earlyMedia === true

  const sendTo = (id: string, message: RoomMessage): boolean =>
    live(id)?.sendRoomMessage(message) ?? false

  const vouch = (id: string): Vouched | null => {
    const name = roster.view(id)?.name
    const session = live(id)
    const fingerprint = session?.remoteFingerprint()
    if (name === undefined || !session || !fingerprint) return null
    const media = session.remote?.media === true && session.remote.earlyMedia === true
    const trickle = session.remote?.trickle === true
    return {
      id,
      name,
      fingerprint,
      ...(media ? { media } : {}),
      ...(trickle ? { trickle } : {}),
    }
  }

  /** Sends our description for `to` through `relay`, then every candidate we trickled so far. */
  const sendDescription = (relay: string, to: string, description: OfferOrAnswer): void => {
    sendTo(relay, { t: 'signal', to, description })
    for (const candidate of pending.get(to)?.candidates ?? []) {
      sendTo(relay, { t: 'signal', to, candidate })
    }
  }

  /** Sends our offer for `id` through its first relay that is still connected. */
  const sendOffer = (id: string): void => {
    const p = pending.get(id)
    if (!p?.offer) return
    p.relays = p.relays.filter((relay) => live(relay))
    const relay = p.relays[0]
    if (relay) sendDescription(relay, id, p.offer)
  }

  /** Trickle: a candidate of ours goes after the description it belongs to, or waits for it. */
  const trickleTo = (id: string) => (candidate: RTCIceCandidateInit) => {
    const p = pending.get(id)
    if (!p) return
    p.candidates.push(candidate)
    const via = p.offer ? p.relays.find((relay) => live(relay)) : p.answerVia
    if (via) sendTo(via, { t: 'signal', to: id, candidate })
  }

  const settle = (id: string): void => {
    for (const timer of pending.get(id)?.timers ?? []) clearTimeout(timer)
    pending.delete(id)
  }

  /** Gives up on a pair still trying (or not yet made): closed, and the member unreachable. */
  const unreachable = (id: string): void => {
    const trying = pending.has(id)
    settle(id)
    const status = roster.view(id)?.status
    if (status === 'connecting' || (trying && status === 'unreachable')) roster.giveUp(id)
  }

  const follow = (id: string, session: S): void => {
    roster.setSession(id, session)
    session.on('hello', (hello) => {
      if (hello.id !== id) return unreachable(id)
      settle(id)
      deps.adopt(id)
    })
    session.on('phase', (phase) => {
      if ((phase.status === 'failed' || phase.status === 'ended') && !session.remote) {
        unreachable(id)
      }
    })
  }

  const onIntroduce = async (relay: string, peer: Vouched) => {
    // An introduction sent before its sender heard that the peer left may arrive after we did
    // (messages on different connections keep no order between them): it would make a ghost.
    if (peer.id === deps.self.id || roster.departed(peer.id)) return
    if (roster.has(peer.id)) {
      const p = pending.get(peer.id)
      if (!p || p.fingerprint !== peer.fingerprint || p.relays.includes(relay)) return
      // A trickled pair's relay must pass candidates on too: one that did not say so cannot.
      if (p.trickle && peer.trickle !== true) return
      const relayLost = !p.relays.some((r) => live(r))
      p.relays.push(relay)
      if (relayLost) sendOffer(peer.id)
      return
    }
    if (roster.size >= MAX_ROOM_SIZE) return
    roster.add(peer.id, peer.name, null)
    const timers = [
      setTimeout(() => roster.slow(peer.id), deps.timeoutMs),
      setTimeout(() => unreachable(peer.id), deps.timeoutMs * GIVE_UP_FACTOR),
    ]
    const media = earlyMedia(peer)
    const trickle = peer.trickle === true && deps.self.trickle === true
    pending.set(peer.id, {
      fingerprint: peer.fingerprint,
      media,
      trickle,
      relays: [relay],
      offer: null,
      answered: null,
      answerVia: null,
      candidates: [],
      timers,
    })
    if (deps.self.id < peer.id) {
      const session = deps.newSession('offerer')
      follow(peer.id, session)
      try {
        const offer = await session.createOffer({
          media,
          ...(trickle ? { trickle: trickleTo(peer.id) } : {}),
        })
        const p = pending.get(peer.id)
        if (!p || disposed) return
        p.offer = offer
        sendOffer(peer.id)
      } catch {
        unreachable(peer.id)
      }
    }
    for (const kept of early.splice(0)) {
      if (kept.from === peer.id) void onSignal(kept.relay, kept.from, kept.signal)
      else if (Date.now() - kept.at < EARLY_SIGNAL_MS) early.push(kept)
    }
  }

  const onSignal = async (relay: string, from: string, signal: SignalPayload): Promise<void> => {
    const p = pending.get(from)
    const session = roster.view(from)?.session ?? null
    if (!p || !roster.has(from)) {
      if (!roster.has(from) && early.length < EARLY_SIGNALS_MAX) {
        early.push({ relay, from, signal, at: Date.now() })
      }
      return
    }
    if ('candidate' in signal) {
      // It follows its description through the same relay, so the session exists by now.
      session?.addRemoteCandidate(signal.candidate)
      return
    }
    const { description } = signal
    // The new connection must present the certificate its introducer vouched for.
    if (sdpFingerprint(description.sdp) !== p.fingerprint) return
    if (description.type === 'answer') {
      if (session?.phase.status === 'waiting') await session.acceptAnswer(description)
      return
    }
    if (deps.self.id < from) return
    if (p.answered) {
      if (p.answered.offer === description.sdp) {
        p.answerVia = relay
        sendDescription(relay, from, p.answered.answer)
      }
      return
    }
    const answering = deps.newSession('answerer')
    follow(from, answering)
    try {
      const answer = await answering.acceptOffer(description, {
        media: p.media,
        ...(p.trickle ? { trickle: trickleTo(from) } : {}),
      })
      p.answered = { offer: description.sdp, answer }
      p.answerVia = relay
      sendDescription(relay, from, answer)
    } catch {
      unreachable(from)
    }
  }

  return {
    /** A member's connection opened: introduce it to everyone else, and everyone else to it. */
    connected(id: string): void {
      const newcomer = vouch(id)
      if (!newcomer) return
      for (const other of roster.ids()) {
        if (other === id) continue
        const existing = vouch(other)
        if (!existing) continue
        // The existing member hears first, so any signal from the newcomer finds it prepared.
        sendTo(other, { t: 'introduce', peer: newcomer })
        sendTo(id, { t: 'introduce', peer: existing })
      }
    },

    /** A room message from the member `from` (connected, hello received). */
    receive(from: string, message: RoomMessage): void {
      if (disposed) return
      switch (message.t) {
        case 'introduce':
          void onIntroduce(from, message.peer)
          return
        case 'signal':
          if (message.to !== undefined) {
            // Relay between two members we are connected to, saying who it comes from.
            const to = message.to
            if (live(to) && deps.relayable(to))
              sendTo(to, { t: 'signal', from, ...payloadOf(message) })
          } else if (message.from !== undefined) {
            if (!pending.has(message.from) && live(message.from)) {
              // About a member we are connected to: an ICE restart (descriptions only).
              if ('description' in message)
                deps.restartSignal(from, message.from, message.description)
            } else {
              void onSignal(from, message.from, payloadOf(message))
            }
          }
          return
        case 'gone':
          if (roster.has(message.id) && !live(message.id)) {
            unreachable(message.id)
            roster.remove(message.id, 'left')
          }
          return
      }
    },

    /** A member's session ended: others may not have had a connection to it; pending pairs it
     *  relayed try another relay. Not while this device leaves: its sessions all end then, and
     *  it would tell the others that everyone else left. */
    gone(id: string): void {
      if (disposed) return
      for (const other of roster.ids()) sendTo(other, { t: 'gone', id })
      for (const [peer, p] of [...pending]) {
        const wasFirst = p.relays[0] === id
        p.relays = p.relays.filter((r) => r !== id && live(r))
        if (p.relays.length === 0 && roster.has(peer)) {
          // Nobody left who could carry this pair's signals: the introduction is void.
          unreachable(peer)
          roster.drop(peer)
        } else if (wasFirst) {
          sendOffer(peer)
        }
      }
    },

    dispose(): void {
      disposed = true
      for (const p of pending.values()) for (const timer of p.timers) clearTimeout(timer)
      pending.clear()
    },
  }
}

/** A signal's description or candidate, without its addressing. */
function payloadOf(signal: SignalPayload): SignalPayload {
  return 'description' in signal
    ? { description: signal.description }
    : { candidate: signal.candidate }
}
