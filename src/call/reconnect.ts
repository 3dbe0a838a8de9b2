import type { Signal } from '../codec'
import { SessionError } from '../rtc/errors'
import { sdpFingerprint } from '../rtc/port'
import type { PeerSession } from '../rtc/session'
import { linkFor, readInvite, readReply } from './codes'
import type { Notice, Problem } from './problems'
import type { Member } from './room'

/**
 * Reconnect: when a member's path failed for good (a phone on another network) and nothing else
 * carries the ICE restart, the two people exchange new codes — the same three ways and the same
 * size as the first ones — and the SAME call continues: same connection, names, chat, files
 * (the data channels wait meanwhile; the restart only gives them a new path).
 *
 * The offerer of that connection shows its restart offer as a code and takes the reply; the
 * other side scans or pastes that code and shows its reply. A code is taken only if it
 * announces the certificate the connection already holds: a reconnect never changes who is at
 * the other end. Reconnect links carry `reconnect` in the query so that a link opened by a
 * phone's camera app in a new tab is handed to the tab with the call (reply-relay), never taken
 * for a new invite.
 */
export type ReconnectView =
  | { memberId: string; name: string; role: 'offerer'; step: 'preparing' }
  | { memberId: string; name: string; role: 'offerer'; step: 'code'; link: string }
  | { memberId: string; name: string; role: 'answerer'; step: 'scan' }
  | { memberId: string; name: string; role: 'answerer'; step: 'reply'; link: string }

export interface ReconnectDeps<S extends PeerSession> {
  baseUrl: string
  member: (id: string) => Member<S> | null
  members: () => readonly Member<S>[]
  show: (view: ReconnectView | null) => void
  alert: (problem: Problem) => void
  notice: (notice: Notice) => void
}

const RECONNECT_QUERY = /[?&]reconnect(?:[=&#]|$)/

/** Whether a link is a reconnect code's (see the module contract). */
export function isReconnectLink(href: string): boolean {
  return RECONNECT_QUERY.test(href.split('#')[0] ?? '')
}

/** `baseUrl` with `reconnect` in its query, no fragment. */
export function reconnectBase(baseUrl: string): string {
  const base = baseUrl.split('#')[0] ?? baseUrl
  return `${base}${base.includes('?') ? '&' : '?'}reconnect`
}

/**
 * A restart offer as a code carries it. A code's DTLS role is that of a first offer (actpass):
 * werift re-offers with the role its DTLS already has (active or passive), which the codec
 * refuses in an offer. Nothing is lost: a restart keeps DTLS as it is, and the other side takes
 * only the credentials and candidates from a code (rtc/ice-restart.ts).
 */
export function restartOfferForCode(offer: Signal): Signal {
  return {
    ...offer,
    sdp: offer.sdp.replace(/^a=setup:(active|passive)(?=\s*$)/gm, 'a=setup:actpass'),
  }
}

export function makeReconnect<S extends PeerSession>(deps: ReconnectDeps<S>) {
  let view: ReconnectView | null = null
  /** Offerer: the restart offer as shown in the code (the reply is bound to it). */
  let shownOffer: Signal | null = null
  let stopWaiting: (() => void) | null = null

  const show = (next: ReconnectView | null): void => {
    view = next
    deps.show(next)
  }

  const close = (): void => {
    stopWaiting?.()
    stopWaiting = null
    shownOffer = null
    show(null)
  }

  const showOffer = (member: Member<S>, offer: Signal): void => {
    const codeable = restartOfferForCode(offer)
    let link: string
    try {
      link = linkFor(reconnectBase(deps.baseUrl), codeable)
    } catch {
      // Nothing the codec cannot carry should reach here; if it does, say so, never crash.
      close()
      deps.alert({ kind: 'generic' })
      return
    }
    shownOffer = codeable
    show({ memberId: member.id, name: member.name, role: 'offerer', step: 'code', link })
  }

  /** What a session's refusal of a code means to the person. */
  const refusal = (member: Member<S>, err: unknown): Problem =>
    err instanceof SessionError && err.reason === 'other-certificate'
      ? { kind: 'reconnect-other-person', name: member.name }
      : { kind: 'rejected' }

  /** Answerer: their code, applied to the connection it restarts; our reply shown. */
  async function takeOffer(member: Member<S>, text: string): Promise<boolean> {
    const session = member.session
    const read = readInvite(text)
    if (!read.ok) {
      const sentReply = read.problem.kind === 'reply-not-invite'
      deps.alert(sentReply ? { kind: 'reconnect-needs-their-code' } : read.problem)
      return false
    }
    if (!session) return false
    try {
      const answer = await session.acceptRestartOffer(read.signal, { fromCode: true })
      const link = linkFor(reconnectBase(deps.baseUrl), answer, read.signal)
      show({ memberId: member.id, name: member.name, role: 'answerer', step: 'reply', link })
      // The reply stays on screen until the other side applied it and said so.
      stopWaiting?.()
      stopWaiting = session.on('restarted', () => {
        if (view?.memberId !== member.id) return
        close()
        deps.notice({ kind: 'reconnected', name: member.name })
      })
      return true
    } catch (err) {
      deps.alert(refusal(member, err))
      return false
    }
  }

  /** The member whose reconnect code `text` is: this side answers their connection, and the
   *  code announces the certificate it holds; with `needingRestart`, only one whose path failed. */
  const senderOf = (text: string, needingRestart: boolean): Member<S> | null => {
    const read = readInvite(text)
    if (!read.ok) return null
    const fingerprint = sdpFingerprint(read.signal.sdp)
    const member = deps
      .members()
      .find(
        (m) =>
          (!needingRestart || m.session?.needsRestart === true) &&
          m.session?.role === 'answerer' &&
          m.session.remoteFingerprint() === fingerprint,
      )
    return member ?? null
  }

  /** Offerer: the reply to the code we show, applied. */
  async function takeReply(member: Member<S>, text: string): Promise<boolean> {
    const session = member.session
    if (!session || !shownOffer) return false
    const read = readReply(text, shownOffer)
    if (!read.ok) {
      deps.alert(read.problem)
      return false
    }
    try {
      if (await session.acceptRestartAnswer(read.signal, { fromCode: true })) return true
      deps.alert({ kind: 'reconnect-stale' })
      return false
    } catch (err) {
      deps.alert(refusal(member, err))
      return false
    }
  }

  return {
    view: () => view,

    /** Opens Reconnect with a member whose path failed. */
    start(memberId: string): void {
      const member = deps.member(memberId)
      const session = member?.session
      if (!member || !session) return
      stopWaiting?.()
      stopWaiting = null
      shownOffer = null
      if (session.role === 'answerer') {
        show({ memberId, name: member.name, role: 'answerer', step: 'scan' })
        return
      }
      const ready = session.restartOffer
      if (ready) {
        showOffer(member, ready)
        return
      }
      show({ memberId, name: member.name, role: 'offerer', step: 'preparing' })
      stopWaiting = session.on('restart', (offer) => {
        stopWaiting?.()
        stopWaiting = null
        const current = deps.member(memberId)
        if (current && view?.memberId === memberId) showOffer(current, offer)
      })
    },

    /** What the person scanned or pasted: their code (answerer) or their reply (offerer). */
    async submit(text: string): Promise<boolean> {
      const member = view ? deps.member(view.memberId) : null
      if (!view || !member) return false
      return view.role === 'answerer' ? takeOffer(member, text) : takeReply(member, text)
    },

    /**
     * A reconnect link opened in another tab of this browser: taken when it fits a member whose
     * connection here needs a restart (the Reconnect panel opens or moves on by itself).
     */
    async takeRelayed(text: string): Promise<boolean> {
      if (view?.role === 'offerer' && view.step === 'code') {
        const member = deps.member(view.memberId)
        const ours = shownOffer !== null && readReply(text, shownOffer).ok
        return member && ours ? takeReply(member, text) : false
      }
      const member = senderOf(text, true)
      return member ? takeOffer(member, text) : false
    },

    /**
     * A reconnect code pasted while no Reconnect is open (the terminal): taken for the member
     * whose code it is, even before this side noticed its path fail. False when it is nobody's.
     */
    takeCode(text: string): boolean {
      const member = senderOf(text, false)
      if (member) void takeOffer(member, text)
      return member !== null
    },

    /**
     * The room changed: a member gone needs no Reconnect; one connected again with its restart
     * completed (by the codes, in band, through the room) neither. The other side's reply step
     * ends only when the offerer says 'restarted' (takeOffer): the reply stays on screen till then.
     */
    refresh(): void {
      if (!view) return
      const member = deps.member(view.memberId)
      if (!member?.session) {
        close()
        return
      }
      if (view.step === 'reply' || member.session.needsRestart) return
      if (member.status !== 'connected') return
      close()
      deps.notice({ kind: 'reconnected', name: member.name })
    },

    close,
  }
}
