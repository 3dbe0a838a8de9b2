import type { RoomMessage, SignalPayload } from '../rtc/messages'

/**
 * Signals this device passes on from one member (the origin) to another within RELAY_WINDOW_MS,
 * per origin and destination. A new pair needs a few: its offer and answer, a candidate or three
 * per network, again after a relay left or an ICE restart every few seconds; more are dropped.
 */
export const RELAY_BURST = 64
export const RELAY_WINDOW_MS = 10_000

export interface RelayDeps {
  /** Sends to a member whose connection carries messages; false if it cannot. */
  sendTo(id: string, message: RoomMessage): boolean
  /** Whether a signal may go to this member now (its own path has not failed). */
  relayable(id: string): boolean
  now?: () => number
}

/**
 * Relaying between two members this device is connected to (docs/protocol.md, "Rooms", Relay):
 * `signal {to}` from the origin goes on as `signal {from: origin}`. The bound is kept here, where
 * the origin is known, and counted against the origin: a member that relays for a flooding member
 * would otherwise be the one the destination cuts off (the destination counts relayed signals
 * against the relay, rtc/control-channel.ts RELAYED_BURST, as a last resort). An origin that asks
 * for far more is cut off alone, by the flood bound of its own connection (CONTROL_BURST).
 */
export function makeRelay(deps: RelayDeps) {
  const now = deps.now ?? Date.now
  /** Per origin: the window's start and its count per destination. */
  const windows = new Map<string, { start: number; to: Map<string, number> }>()

  return {
    /** `from` asks us to pass `payload` on to `to`. */
    relay(from: string, to: string, payload: SignalPayload): void {
      const at = now()
      let w = windows.get(from)
      if (!w || at - w.start > RELAY_WINDOW_MS) {
        w = { start: at, to: new Map() }
        windows.set(from, w)
      }
      const count = (w.to.get(to) ?? 0) + 1
      w.to.set(to, count)
      if (count > RELAY_BURST || to === from || !deps.relayable(to)) return
      deps.sendTo(to, { t: 'signal', from, ...payload })
    },

    /** A member left: its counts go. */
    forget(id: string): void {
      windows.delete(id)
    },
  }
}

/** A signal's description or candidate, without its addressing. */
export function payloadOf(signal: SignalPayload): SignalPayload {
  return 'description' in signal
    ? { description: signal.description }
    : { candidate: signal.candidate }
}
