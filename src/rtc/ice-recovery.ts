import { SessionError } from './errors'
import { type GatherTimings, waitForIceGathering, waitForRestartGathering } from './gather'
import { sdpUfrag, spliceIce } from './ice-restart'
import type { ControlMessage } from './messages'
import type { Negotiator } from './negotiator'
import { type OfferOrAnswer, type PeerPort, sdpFingerprint } from './port'
import { readdRemoteCandidates } from './recovery'

/**
 * After ICE reports the path failed, how long the session stays 'interrupted', trying to get it
 * back, before it is 'lost'. Measured here: ICE fails 16–18 s into an outage; the data channels
 * survived 45 s outages and came back with everything sent meanwhile.
 */
export const RECOVERY_GRACE_MS = 120_000
/** While interrupted after a failure, both sides offer the other's candidates again this often. */
export const RECOVERY_RETRY_MS = 5_000
/**
 * The other side may ask for an ICE restart (`negotiate` with `restart`) when its path failed;
 * while this side sees its own path working, such a request is honoured at most this often: a
 * restart re-gathers and renegotiates, and a flood of requests wedged the connection.
 */
export const RESTART_REQUEST_MS = 30_000

export interface IceRecoveryDeps {
  pc: PeerPort
  role: 'offerer' | 'answerer'
  negotiator: Pick<Negotiator, 'restart'>
  gatherTimings: GatherTimings
  /** Both hellos said they take ICE restarts (Hello.restarts). */
  canRestart(): boolean
  /** The certificate this connection holds the other side to (its bootstrap fingerprint). */
  remoteFingerprint(): string | null
  /** Connected or interrupted: the control channel has opened and the session is not over. */
  isLive(): boolean
  isOver(): boolean
  send(message: ControlMessage): boolean
  /** Offerer: a restart offer is ready, candidates gathered, for the ways around a dead path. */
  restartReady(offer: OfferOrAnswer): void
  /** `needsRestart` changed. */
  restartNeeded(needed: boolean): void
  /** The grace ran out: the connection is lost. */
  lost(): void
}

/**
 * Getting a connection's path back (docs/protocol.md, "Reconnecting"). When ICE gives up after
 * connecting, both sides re-add the other's candidates every RECOVERY_RETRY_MS (recovery.ts) for
 * RECOVERY_GRACE_MS; where both sides take restarts, the offerer also restarts ICE: its offer goes
 * in band at once (the negotiator) and, once gathered, to the session's owner (`restartReady`)
 * for the ways around a dead path — a room member, a Reconnect code. One restart at a time.
 *
 * `needsRestart` holds from the failure until a restart completed: ICE alone can read
 * "connected" meanwhile on one side (the moved side's checks from its new address get answered
 * while the other side's path stays down).
 */
export class IceRecovery {
  private recovery: {
    grace: ReturnType<typeof setTimeout>
    retries: ReturnType<typeof setInterval>
  } | null = null
  /** Since the path failed: the other side's ICE ufrag then (a restart changes it). */
  private failedWithUfrag: string | null = null
  /** Offerer: our ICE restart offer while it waits for its answer (gathered once ready). */
  private restarting: { offer: OfferOrAnswer | null } | null = null
  /** When a request of the other side's was last honoured while our path looked fine. */
  private lastRequestAt = Number.NEGATIVE_INFINITY

  constructor(private readonly deps: IceRecoveryDeps) {}

  /** ICE gave up on the path and we are trying to get it back. */
  get recovering(): boolean {
    return this.recovery !== null
  }

  get needsRestart(): boolean {
    return this.failedWithUfrag !== null
  }

  /**
   * Offerer: the pending restart offer, candidates gathered; null when none is pending — it was
   * answered, or another offer took its place. It stays pending when the path comes back by
   * itself on this side (the other side may still be down).
   */
  get restartOffer(): OfferOrAnswer | null {
    const offer = this.restarting?.offer
    const { pc } = this.deps
    if (!offer || pc.signalingState !== 'have-local-offer') return null
    return sdpUfrag(pc.localDescription?.sdp ?? '') === sdpUfrag(offer.sdp) ? offer : null
  }

  /** ICE says the path failed after the control channel had opened: re-adding candidates
   *  starts, and the grace with it. */
  beginRecovery(): void {
    this.startRecovery()
  }

  /** Right after `beginRecovery`, once the session told its phase: where both sides take
   *  restarts, a restart is needed from now on, and the offerer starts one. */
  beginRestart(): void {
    if (!this.deps.canRestart()) return
    if (this.failedWithUfrag === null) {
      this.failedWithUfrag = sdpUfrag(this.deps.pc.remoteDescription?.sdp ?? '') ?? ''
      this.deps.restartNeeded(true)
    }
    if (this.deps.role === 'offerer') void this.restartIce()
  }

  /** ICE reads connected again (after `stop()` and the session's phase): a restart that has not
   *  completed is finished in band — the offerer offers again, the answerer asks it to. */
  continueRestart(): void {
    if (!this.needsRestart) return
    if (this.deps.role === 'offerer') void this.restartIce(true)
    else this.deps.send({ t: 'negotiate', kinds: [], restart: true })
  }

  /**
   * The other side asked for a restart (`negotiate` with `restart`): honoured when this side
   * sees the path degraded too, else at most once per RESTART_REQUEST_MS.
   */
  requested(): void {
    if (this.deps.role !== 'offerer') return
    const degraded =
      this.recovering || this.needsRestart || this.deps.pc.connectionState !== 'connected'
    if (!degraded) {
      const at = Date.now()
      if (at - this.lastRequestAt < RESTART_REQUEST_MS) return
      this.lastRequestAt = at
    }
    void this.restartIce(true)
  }

  /**
   * Answerer: applies an ICE restart offer that came another way than in band (a room relay, a
   * Reconnect code: `fromCode`, whose fresh credentials and candidates are put into the
   * description this side already holds, ice-restart.ts) and resolves our answer, candidates
   * gathered. Throws SessionError for anything but an offer from the certificate this connection
   * holds. The same offer again is answered with the same answer. Each restart applied gives the
   * connection another RECOVERY_GRACE_MS.
   */
  async acceptOffer(offer: OfferOrAnswer, fromCode: boolean): Promise<OfferOrAnswer> {
    if (this.deps.role !== 'answerer' || offer.type !== 'offer') {
      throw new SessionError('nothing-to-restart', 'no connection here takes this restart offer')
    }
    // Whose code it is first: someone else's code is that, whatever state we are in.
    const applied = this.describe(offer, fromCode)
    if (!this.deps.isLive()) {
      throw new SessionError('nothing-to-restart', 'no connection here is live to restart')
    }
    const { pc, gatherTimings } = this.deps
    if (sdpUfrag(applied.sdp) !== sdpUfrag(pc.remoteDescription?.sdp ?? '')) {
      await pc.setRemoteDescription(applied)
      await pc.setLocalDescription()
      this.extendGrace()
      this.descriptionApplied()
      await waitForRestartGathering(pc, gatherTimings)
    } else {
      await waitForIceGathering(pc, gatherTimings)
    }
    const local = pc.localDescription
    if (local?.type !== 'answer') {
      throw new SessionError('nothing-to-restart', 'no answer after the restart offer')
    }
    return { type: 'answer', sdp: local.sdp }
  }

  /**
   * Offerer: applies the answer to our pending restart offer (a room relay, a Reconnect code).
   * Resolves false, changing nothing, when no restart waits (the in-band answer came first, or
   * it answers an earlier offer); throws SessionError for one from another certificate.
   */
  async acceptAnswer(answer: OfferOrAnswer, fromCode: boolean): Promise<boolean> {
    if (answer.type !== 'answer' || !this.restartOffer) return false
    const applied = this.describe(answer, fromCode)
    await this.deps.pc.setRemoteDescription(applied)
    this.extendGrace()
    this.descriptionApplied()
    // It arrives once the new path carries the association: the other side's sign that the
    // restart it answered went through.
    this.deps.send({ t: 'restarted' })
    return true
  }

  /** After a description was applied: a restart completed when the other side's ufrag changed
   *  (answerer: its restart offer applied) and no restart offer of ours waits (offerer). */
  descriptionApplied(): void {
    if (this.failedWithUfrag === null || this.deps.isOver()) return
    const answered = (this.restarting?.offer ?? null) !== null && this.restartOffer === null
    const remoteUfrag = sdpUfrag(this.deps.pc.remoteDescription?.sdp ?? '')
    const done = this.deps.role === 'offerer' ? answered : remoteUfrag !== this.failedWithUfrag
    if (!done) return
    this.failedWithUfrag = null
    this.restarting = null
    this.deps.restartNeeded(false)
  }

  /** Stops re-adding candidates and the grace (the path is back, or the session is over). */
  stop(): void {
    this.stopRecovery()
  }

  /** The restart description as this connection applies it, checked: same certificate, fresh
   *  credentials; from a code, spliced into the description held from the other side. */
  private describe(description: OfferOrAnswer, fromCode: boolean): OfferOrAnswer {
    if (sdpFingerprint(description.sdp) !== this.deps.remoteFingerprint()) {
      throw new SessionError(
        'other-certificate',
        'the restart is from another certificate than this connection holds',
      )
    }
    if (!sdpUfrag(description.sdp)) {
      throw new SessionError('no-credentials', 'the restart has no ICE credentials')
    }
    if (!fromCode) return description
    const held = this.deps.pc.remoteDescription
    if (!held) throw new SessionError('nothing-to-restart', 'there is no connection to restart')
    try {
      return { type: description.type, sdp: spliceIce(held.sdp, description.sdp) }
    } catch (err) {
      throw new SessionError('no-credentials', 'the code cannot restart this connection', {
        cause: err,
      })
    }
  }

  /**
   * Offerer: an ICE restart. The offer goes in band at once (the negotiator); once its
   * candidates are gathered it is kept (`restartOffer`) and told (`restartReady`). `again`:
   * asked once more (ICE came back on one side, or the other side asked): a pending offer is
   * sent in band again, else a new restart is made.
   */
  private async restartIce(again = false): Promise<void> {
    const { pc } = this.deps
    if (!this.deps.canRestart()) return
    // One at a time: while one is being made, asking again changes nothing.
    if (this.restarting?.offer === null) return
    if (this.restarting && pc.signalingState === 'have-local-offer') {
      const pending = this.restartOffer
      if (again && pending) this.deps.send({ t: 'description', description: pending })
      return
    }
    const restart: { offer: OfferOrAnswer | null } = { offer: null }
    this.restarting = restart
    if (!(await this.deps.negotiator.restart())) {
      if (this.restarting === restart) this.restarting = null
      return
    }
    await waitForRestartGathering(pc, this.deps.gatherTimings)
    const local = pc.localDescription
    if (this.restarting !== restart || this.deps.isOver() || local?.type !== 'offer') return
    restart.offer = { type: 'offer', sdp: local.sdp }
    this.deps.restartReady(restart.offer)
    // Its answer may have come in band while the candidates were gathered.
    this.descriptionApplied()
  }

  /** A restart was applied: the connection gets another RECOVERY_GRACE_MS to come back. */
  private extendGrace(): void {
    if (!this.recovery) return
    clearTimeout(this.recovery.grace)
    this.recovery.grace = setTimeout(() => this.deps.lost(), RECOVERY_GRACE_MS)
  }

  private startRecovery(): void {
    if (this.recovery) return
    let round = 0
    const retry = () => void readdRemoteCandidates(this.deps.pc, ++round)
    this.recovery = {
      grace: setTimeout(() => this.deps.lost(), RECOVERY_GRACE_MS),
      retries: setInterval(retry, RECOVERY_RETRY_MS),
    }
    retry()
  }

  private stopRecovery(): void {
    if (!this.recovery) return
    clearTimeout(this.recovery.grace)
    clearInterval(this.recovery.retries)
    this.recovery = null
  }
}
