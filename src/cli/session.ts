import { RTCPeerConnection as WeriftPeerConnection } from 'werift'
import type { Signal } from '../codec'
import { Emitter } from '../rtc/emitter'
import {
  CONTROL_LABEL,
  type ControlMessage,
  PROTOCOL_VERSION,
  parseControlMessage,
} from '../rtc/messages'
import type { PeerFailure, PeerPhase } from '../rtc/phase'
import { WeriftChannel } from './werift-channel'

export interface CliSessionOptions {
  /** Our name, sent in the hello. */
  name: string
  /** STUN server URLs (`stun:host:port`); none means host candidates only (LAN). */
  stun: readonly string[]
  /** Once both descriptions are applied, how long ICE + DTLS + SCTP may take. */
  connectTimeoutMs?: number
  /** Internal errors (werift, a peer's in-band offer we could not answer); never fatal. */
  onDebug?: (message: string) => void
}

export interface CliSessionEvents extends Record<string, unknown> {
  phase: PeerPhase
  /** The other side's hello. */
  hello: { name: string }
  /**
   * A channel the other side opened (`chat`, `file:<id>`), already adapted. Emitted
   * synchronously from werift's datachannel event: hand `file:` channels to
   * FileTransfers.acceptChannel right here.
   */
  channel: WeriftChannel
}

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000
/**
 * Seconds werift waits for STUN answers while gathering: the invite or reply is ready about
 * this long after the host candidates (gather.ts: "complete, or ~1 s after host candidates").
 */
const STUN_GATHER_CAP_S = 1
/** After sending bye, time for it to leave before the connection is torn down (as the app). */
const BYE_LINGER_MS = 200
const CLOSE_MAX_MS = 2000

/**
 * A terminal peer's connection on werift, speaking the app's bootstrap: a data-channel-only
 * offer/answer (the host creates the ordered `control` channel), then JSON control messages
 * (src/rtc/messages.ts). It says hello with `media: false`, so the other side sends no audio or
 * video; an in-band offer is still answered so the other side never hangs. It never offers
 * in band itself.
 */
export class CliSession extends Emitter<CliSessionEvents> {
  readonly pc: WeriftPeerConnection
  private control: WeriftChannel | null = null
  private currentPhase: PeerPhase = { status: 'new' }
  private everConnected = false
  private connectTimer: ReturnType<typeof setTimeout> | null = null
  private closing: Promise<void> | null = null
  remoteName: string | null = null

  constructor(
    readonly role: 'host' | 'guest',
    private readonly options: CliSessionOptions,
  ) {
    super()
    const iceServers = options.stun.map((urls) => ({ urls }))
    this.pc = new WeriftPeerConnection({
      iceServers,
      ...(iceServers.length > 0 ? { iceStunGatherTimeout: STUN_GATHER_CAP_S } : {}),
    })
    this.pc.connectionStateChange.subscribe((state) => this.onConnectionState(state))
    this.pc.onDataChannel.subscribe((inner) => {
      const channel = new WeriftChannel(inner)
      if (channel.label === CONTROL_LABEL) this.attachControl(channel)
      else this.emit('channel', channel)
    })
  }

  get phase(): PeerPhase {
    return this.currentPhase
  }

  /** Host: the invite, with its candidates gathered. */
  async createInvite(): Promise<Signal> {
    this.attachControl(
      new WeriftChannel(this.pc.createDataChannel(CONTROL_LABEL, { ordered: true })),
    )
    this.setPhase({ status: 'gathering' })
    await this.pc.setLocalDescription(await this.pc.createOffer())
    return this.gathered('offer')
  }

  /** Guest: applies the invite, returns the reply. Rejects if werift refuses the offer. */
  async acceptInvite(offer: Signal): Promise<Signal> {
    this.setPhase({ status: 'gathering' })
    try {
      await this.pc.setRemoteDescription(offer)
      await this.pc.setLocalDescription(await this.pc.createAnswer())
    } catch (err) {
      this.fail('rejected')
      throw err
    }
    return this.gathered('answer')
  }

  /** Host: applies the reply; the connect timeout starts now. */
  async acceptReply(answer: Signal): Promise<void> {
    try {
      await this.pc.setRemoteDescription(answer)
    } catch (err) {
      this.fail('rejected')
      throw err
    }
    this.setPhase({ status: 'connecting' })
    this.armConnectTimer()
  }

  /** A new ordered, reliable channel over the existing association (chat, file). */
  openChannel(label: string): WeriftChannel {
    return new WeriftChannel(this.pc.createDataChannel(label, { ordered: true }))
  }

  /** Leaves on purpose: bye on the control channel, a moment for it to leave, then close. */
  async leave(): Promise<void> {
    if (this.currentPhase.status === 'ended' || this.currentPhase.status === 'failed') {
      return this.close()
    }
    const sent = this.send({ t: 'bye' })
    this.setPhase({ status: 'ended', by: 'me' })
    if (sent) await this.drainControl()
    return this.close()
  }

  /** Closes the connection (idempotent; bounded in time). */
  close(): Promise<void> {
    this.clearConnectTimer()
    this.closing ??= Promise.race([
      this.pc.close().catch((err: unknown) => this.debug(`close: ${String(err)}`)),
      sleep(CLOSE_MAX_MS),
    ])
    return this.closing
  }

  /** werift resolves setLocalDescription once gathering is complete (or capped, see above). */
  private gathered(type: Signal['type']): Signal {
    const local = this.pc.localDescription
    if (!local || local.type !== type) throw new Error(`no local ${type} after gathering`)
    this.setPhase({ status: 'waiting' })
    return { type, sdp: local.sdp }
  }

  private attachControl(channel: WeriftChannel): void {
    this.control = channel
    channel.addEventListener('open', () => {
      this.everConnected = true
      this.clearConnectTimer()
      this.send({ t: 'hello', v: PROTOCOL_VERSION, name: this.options.name, media: false })
      this.setPhase({ status: 'connected' })
    })
    channel.addEventListener('message', (event) => {
      void this.onControlMessage((event as MessageEvent).data)
    })
    channel.addEventListener('close', () => {
      if (this.everConnected) this.fail('lost')
    })
  }

  private async onControlMessage(data: unknown): Promise<void> {
    const message = parseControlMessage(data)
    if (!message) return
    switch (message.t) {
      case 'hello':
        this.remoteName = message.name
        this.emit('hello', { name: message.name })
        break
      case 'bye':
        this.setPhase({ status: 'ended', by: 'peer' })
        break
      case 'description':
        if (message.description.type === 'offer') await this.answerInBand(message.description)
        break
      case 'candidate':
        if (message.candidate && this.pc.remoteDescription) {
          await this.pc
            .addIceCandidate(message.candidate)
            .catch((err: unknown) => this.debug(`candidate: ${String(err)}`))
        }
        break
      case 'negotiate':
      case 'media':
        break
    }
  }

  /** The other side renegotiated (it should not, we take no media): answer so it never hangs. */
  private async answerInBand(offer: Signal): Promise<void> {
    try {
      await this.pc.setRemoteDescription(offer)
      await this.pc.setLocalDescription(await this.pc.createAnswer())
      const sdp = this.pc.localDescription?.sdp
      if (sdp) this.send({ t: 'description', description: { type: 'answer', sdp } })
    } catch (err) {
      this.debug(`in-band offer: ${String(err)}`)
    }
  }

  private send(message: ControlMessage): boolean {
    if (this.control?.readyState !== 'open') return false
    try {
      this.control.send(JSON.stringify(message))
      return true
    } catch (err) {
      this.debug(`control send: ${String(err)}`)
      return false
    }
  }

  private async drainControl(): Promise<void> {
    const deadline = Date.now() + CLOSE_MAX_MS
    while ((this.control?.bufferedAmount ?? 0) > 0 && Date.now() < deadline) await sleep(10)
    await sleep(BYE_LINGER_MS)
  }

  private onConnectionState(state: string): void {
    this.debug(`connection ${state}`)
    if (state === 'failed') this.fail(this.everConnected ? 'lost' : 'no-route')
    else if (state === 'disconnected' && this.currentPhase.status === 'connected') {
      this.setPhase({ status: 'interrupted' })
    } else if (state === 'connected' && this.currentPhase.status === 'interrupted') {
      this.setPhase({ status: 'connected' })
    }
  }

  private armConnectTimer(): void {
    this.clearConnectTimer()
    this.connectTimer = setTimeout(() => {
      if (!this.everConnected) this.fail('timeout')
    }, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS)
  }

  private clearConnectTimer(): void {
    if (this.connectTimer !== null) clearTimeout(this.connectTimer)
    this.connectTimer = null
  }

  private fail(reason: PeerFailure): void {
    this.setPhase({ status: 'failed', reason })
    void this.close()
  }

  /** Final phases ('ended', 'failed') stick. */
  private setPhase(phase: PeerPhase): void {
    const status = this.currentPhase.status
    if (status === 'ended' || status === 'failed') return
    this.currentPhase = phase
    this.emit('phase', phase)
  }

  private debug(message: string): void {
    this.options.onDebug?.(message)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
