/** Where one peer connection stands; the UI renders each status in words. */
export type PeerPhase =
  | { status: 'new' }
  /** Collecting ICE candidates for the invite or reply code. */
  | { status: 'gathering' }
  /** Our code is ready; the other side has to take it (and, for the host, reply). */
  | { status: 'waiting' }
  /** Both descriptions are applied; ICE and DTLS are being established. */
  | { status: 'connecting' }
  /** The control channel is open. `path` comes later from getStats. */
  | { status: 'connected' }
  /**
   * Was connected; ICE says the path is down, the browser is trying to recover. `pathFailed`:
   * ICE gave up on the old path (the network changed or stayed away), so an ICE restart is under
   * way — in band, through a room member, or by a Reconnect code exchange.
   */
  | { status: 'interrupted'; pathFailed: boolean }
  | { status: 'failed'; reason: PeerFailure }
  | { status: 'ended'; by: 'me' | 'peer' }

export type PeerFailure =
  /** ICE found no working path between the two devices. */
  | 'no-route'
  /** The reply was applied but nothing connected within the time limit. */
  | 'timeout'
  /** Connected once, then lost and not recovered. */
  | 'lost'
  /** The browser refused a description (bad or incompatible code). */
  | 'rejected'
  /** The other side sent far more than a person could (a flood): we ended the connection. */
  | 'flood'

/**
 * One connection's phase as it moves: final phases stick (nothing follows 'ended' or 'failed'),
 * and a connect deadline runs from the answer being applied until the control channel opens —
 * once it has opened, the deadline never fires.
 */
export class PhaseTracker {
  private phase: PeerPhase = { status: 'new' }
  private opened = false
  private deadline: ReturnType<typeof setTimeout> | null = null

  /** `changed` hears every phase set, the final one included. */
  constructor(private readonly changed: (phase: PeerPhase) => void) {}

  get current(): PeerPhase {
    return this.phase
  }

  get isFinal(): boolean {
    return this.phase.status === 'ended' || this.phase.status === 'failed'
  }

  /** Connected or interrupted: the control channel opened and it is not over. */
  get isLive(): boolean {
    return this.phase.status === 'connected' || this.phase.status === 'interrupted'
  }

  /** The control channel has opened at some point. */
  get everOpened(): boolean {
    return this.opened
  }

  /** Sets `phase` unless the current one is final; false when it stuck. */
  set(phase: PeerPhase): boolean {
    if (this.isFinal) return false
    if (phase.status === 'connected') this.opened = true
    if (phase.status === 'connected' || phase.status === 'ended' || phase.status === 'failed') {
      this.clearDeadline()
    }
    this.phase = phase
    this.changed(phase)
    return true
  }

  /** (Re)starts the connect deadline: `ms` from now, not yet open → `expired()`. */
  armDeadline(ms: number, expired: () => void): void {
    this.clearDeadline()
    this.deadline = setTimeout(() => {
      if (!this.opened) expired()
    }, ms)
  }

  clearDeadline(): void {
    if (this.deadline !== null) clearTimeout(this.deadline)
    this.deadline = null
  }
}
