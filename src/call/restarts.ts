import type { RoomMessage } from '../rtc/messages'
import type { OfferOrAnswer } from '../rtc/port'
import type { PeerSession } from '../rtc/session'
import type { MemberRecord } from './member'

/**
 * ICE restarts carried through the room (docs/protocol.md, "Reconnecting"): when the path of a
 * pair fails for good, its offerer's restart offer (candidates gathered) travels as a `signal`
 * through every other member connected to both — so a room needs at most one Reconnect code
 * exchange per person who moved: once one of their connections is back, it carries the restarts
 * of all the others. The offer goes again whenever another member's connection comes back; the
 * answerer answers through the member it heard it from. A description is applied only by the
 * pair's own session, which checks that it announces the certificate the connection holds.
 */
export interface RestartDeps<S extends PeerSession> {
  records: ReadonlyMap<string, MemberRecord<S>>
  sendTo: (id: string, message: RoomMessage) => boolean
}

export function makeRestarts<S extends PeerSession>(deps: RestartDeps<S>) {
  const connected = (record: MemberRecord<S>): boolean =>
    record.status === 'connected' && record.session?.isLive === true

  /** Our pending restart offer for member `id`, through every other connected member. */
  const offer = (id: string): void => {
    const description = deps.records.get(id)?.session?.restartOffer
    if (!description) return
    for (const relay of deps.records.values()) {
      if (relay.id !== id && connected(relay)) {
        deps.sendTo(relay.id, { t: 'signal', to: id, description })
      }
    }
  }

  return {
    offer,

    /** Member `id`'s connection is back: it may carry the restarts still waiting. */
    reconnected(id: string): void {
      for (const record of deps.records.values()) {
        if (record.id !== id && record.pathFailed) offer(record.id)
      }
    },

    /** A relayed `signal` from a member we are already connected to: a restart of that pair. */
    async receive(relay: string, from: string, description: OfferOrAnswer): Promise<void> {
      const session = deps.records.get(from)?.session
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
