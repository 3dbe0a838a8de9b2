import { RECOVERY_RETRY_MS } from '../rtc/ice-recovery'
import type { RoomMessage } from '../rtc/messages'
import type { OfferOrAnswer } from '../rtc/port'
import type { PeerSession } from '../rtc/session'
import type { Roster } from './roster'

/**
 * ICE restarts carried through the room (docs/protocol.md, "Reconnecting"): when the path of a
 * pair fails for good, its offerer's restart offer (candidates gathered) travels as a `signal`
 * through every other member connected to both — so a room needs at most one Reconnect code
 * exchange per person who moved: once one of their connections is back, it carries the restarts
 * of all the others. The offer goes again every RECOVERY_RETRY_MS until it is answered, and
 * at once whenever another member's connection comes back; the answerer answers through the
 * member it heard it from (the same offer again gets the same answer). A member relays a restart
 * only to someone whose path has not failed too: the offer would wait in a dead association. A description is applied only by the
 * pair's own session, which checks that it announces the certificate the connection holds.
 */
export interface RestartDeps<S extends PeerSession> {
  roster: Roster<S>
  sendTo: (id: string, message: RoomMessage) => boolean
}

export function makeRestarts<S extends PeerSession>(deps: RestartDeps<S>) {
  const { roster } = deps
  /** Members whose connection works now: they can carry a restart. */
  const connected = () =>
    roster.views().filter((m) => m.status === 'connected' && m.session?.isLive === true)
  const again = new Map<string, ReturnType<typeof setInterval>>()

  /** Our pending restart offer for member `id`, through every other connected member. */
  const send = (id: string): boolean => {
    const description = roster.view(id)?.session?.restartOffer
    if (!description) return false
    for (const relay of connected()) {
      if (relay.id !== id) deps.sendTo(relay.id, { t: 'signal', to: id, description })
    }
    return true
  }

  /** Sends now, then again every RECOVERY_RETRY_MS until the pair is back or gone. */
  const offer = (id: string): void => {
    if (!send(id) || again.has(id)) return
    const timer = setInterval(() => {
      if (send(id)) return
      clearInterval(timer)
      again.delete(id)
    }, RECOVERY_RETRY_MS)
    again.set(id, timer)
  }

  return {
    offer,

    /** Whether a relayed signal for member `id` may go on (its own path has not failed). */
    relayable(id: string): boolean {
      return roster.view(id)?.pathFailed !== true
    },

    dispose(): void {
      for (const timer of again.values()) clearInterval(timer)
      again.clear()
    },

    /** Member `id`'s connection is back: it may carry the restarts still waiting. */
    reconnected(id: string): void {
      for (const other of roster.ids()) if (other !== id) offer(other)
    },

    /** A relayed `signal` from a member we are already connected to: a restart of that pair. */
    async receive(relay: string, from: string, description: OfferOrAnswer): Promise<void> {
      const session = roster.view(from)?.session
      if (!session?.isLive) return
      try {
        if (description.type === 'offer' && session.role === 'answerer') {
          const answer = await session.acceptRestartOffer(description)
          deps.sendTo(relay, { t: 'signal', to: from, description: answer })
        } else if (description.type === 'answer' && session.role === 'offerer') {
          await session.acceptRestartAnswer(description)
        }
      } catch {
        // Not a restart of this connection (another certificate, or it could not be applied):
        // dropped, like any signal that does not fit.
      }
    },
  }
}
