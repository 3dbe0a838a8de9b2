/**
 * A fake peer connection for Node tests of the session, room and call flow, and a fake network
 * that connects two of them when each holds the other's description.
 *
 * What it models, because the code under test depends on it:
 * - the JSEP signaling states (stable / have-local-offer / have-remote-offer / closed), with
 *   every rollback counted — explicit, or implicit when a remote offer meets a local one — so a
 *   test can insist there were none;
 * - `negotiationneeded`, fired again while local changes (transceivers, `change()`) are not yet
 *   covered by a completed offer/answer;
 * - descriptions shaped like Chromium's data-channel-only SDP (the codec can encode them), with
 *   this port's ICE ufrag, so a description that went through a code still identifies it;
 * - ICE gathering (a host candidate after `gatherMs`, its address or, `hidesAddress`, an mDNS
 *   name; then complete; the local description carries the candidate from then on, as a
 *   browser's does) and connection states; two ports connect only when each knows the other's
 *   address, from its description or a trickled candidate (`addIceCandidate`);
 * - a remote description that the page sees late (`remoteShownAfterMs`): the connection goes on
 *   at once while `remoteDescription` and the promise wait, as Chromium's do under load;
 * - a network change (`changeNetwork`): the path fails for good, the channels hold what is sent
 *   (SCTP waits), until an ICE restart — fresh credentials on both ends — is negotiated;
 * - data channels as in-memory links, opened when the connection is; `close()` is abrupt like a
 *   browser's: what the channels still buffered is lost and the other side sees them close.
 * Operations run one at a time in call order after a random tick, like a browser's chain.
 */
import { type FakeChannel, FakeLink } from '../../shared/testing/fake-channel'
import type { Description, PeerPort } from '../port'

let serial = 0

export class FakePeerPort extends EventTarget implements PeerPort {
  signalingState: RTCSignalingState = 'stable'
  connectionState: RTCPeerConnectionState = 'new'
  iceGatheringState: RTCIceGatheringState = 'new'
  localDescription: Description | null = null
  /** The remote description as the connection uses it: applied at once. */
  appliedRemote: Description | null = null
  /** Test hook: how long after it is applied a remote description shows in `remoteDescription`
   *  and its setRemoteDescription resolves. Chromium reports it only through the signaling
   *  thread, which under load answers seconds after the connection itself went on. */
  remoteShownAfterMs = 0
  private shownRemote: Description | null = null
  readonly ufrag: string
  readonly fingerprint: string
  /** Rollbacks of a local offer, explicit or implicit. A one-offerer design makes none. */
  rollbacks = 0
  readonly candidates: Array<RTCIceCandidateInit | undefined> = []
  /** Local changes made (transceivers, `change()`) and how many a completed exchange covered. */
  wanted = 0
  negotiated = 0
  readonly transceivers: Array<{ kind: string; mid: string | null; direction: string }> = []
  peer: FakePeerPort | null = null
  /** Channel ends of this side, by link. */
  readonly channels: FakeChannel[] = []
  /** Test hook: channels this side creates hear 'open' this much after the other side's. */
  openEventDelayMs = 0
  /** Test hook: how long gathering takes (a STUN server that never answers: ~900 ms). */
  gatherMs = 1
  /** Test hook: the host candidate names an mDNS host ("<uuid>.local") instead of the address,
   *  as Chromium's do before the page may use the camera or microphone. Set before gathering. */
  hidesAddress = false
  private readonly links: FakeLink[] = []
  private offered = 0
  private version = 0
  /** ICE credential generation: each restart makes fresh credentials. */
  private generation = 0
  private restartWanted = false
  /** Set by changeNetwork: the generation the dead path belongs to. */
  private deadPath: number | null = null
  private lastRemoteOfferUfrag: string | null = null
  private chain: Promise<unknown> = Promise.resolve()

  constructor(
    readonly net: FakeNet,
    options: { fingerprint?: string } = {},
  ) {
    super()
    serial++
    this.ufrag = `f${String(serial).padStart(3, '0')}`.slice(-4)
    this.fingerprint = options.fingerprint ?? randomFingerprint()
    net.ports.push(this)
  }

  /** What the page sees: the remote description once its setRemoteDescription resolved. */
  get remoteDescription(): Description | null {
    return this.shownRemote
  }

  /** A local change that needs negotiation (like addTrack). */
  change(): void {
    this.wanted++
    this.fireNegotiationNeededSoon()
  }

  /** `sendrecv` stands for a transceiver made by addTrack (a track of ours to send). */
  addTransceiver(
    kind: 'audio' | 'video',
    init: { direction: 'recvonly' | 'sendrecv' } = { direction: 'recvonly' },
  ): unknown {
    this.transceivers.push({ kind, mid: null, direction: init.direction })
    this.change()
    return {}
  }

  /** Like a browser's: currentDirection and mid once an exchange covered it. */
  getTransceivers() {
    return this.transceivers.map((t) => ({
      mid: t.mid,
      direction: t.direction,
      currentDirection: t.mid === null ? null : t.direction,
      sender: { track: t.direction === 'sendrecv' ? { kind: t.kind } : null },
      receiver: { track: { kind: t.kind } },
    }))
  }

  restartIce(): void {
    this.restartWanted = true
    this.change()
  }

  /** The ICE ufrag of this side's current credentials. */
  currentUfrag(): string {
    return this.generation === 0 ? this.ufrag : `${this.ufrag}g${this.generation}`
  }

  /**
   * Test hook: this side moved to another network. The path fails on both ends; nothing sent
   * on the channels moves; the old credentials never work again. An ICE restart negotiated to
   * the end (both sides on fresh credentials, each holding the other's) brings it back.
   * `noticedHere: false`: this side's ICE has not said so yet (werift waits 30 s for consent).
   */
  changeNetwork(options: { noticedHere?: boolean } = {}): void {
    const peer = this.peer
    if (!peer) return
    for (const port of [this, peer]) {
      port.deadPath = port.generation
      for (const link of port.links) link.hold(true)
      if (port !== this || options.noticedHere !== false) port.setPath('failed')
    }
  }

  private tryRestore(): void {
    const peer = this.peer
    if (!peer || this.deadPath === null || peer.deadPath === null) return
    if (this.generation <= this.deadPath || peer.generation <= peer.deadPath) return
    if (ufragOf(this.appliedRemote?.sdp ?? '') !== peer.currentUfrag()) return
    if (ufragOf(peer.appliedRemote?.sdp ?? '') !== this.currentUfrag()) return
    if (this.signalingState !== 'stable' || peer.signalingState !== 'stable') return
    for (const port of [this, peer]) {
      port.deadPath = null
      for (const link of port.links) link.hold(false)
    }
    setTimeout(() => {
      this.setPath('connected')
      peer.setPath('connected')
    }, 2)
  }

  setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    return this.enqueue(() => this.applyLocal(description))
  }

  setRemoteDescription(description: Description): Promise<void> {
    return this.enqueue(() => this.applyRemote(description))
  }

  addIceCandidate(candidate?: RTCIceCandidateInit): Promise<void> {
    return this.enqueue(async () => {
      if (!this.appliedRemote) {
        throw new DOMException('no remote description', 'InvalidStateError')
      }
      this.candidates.push(candidate)
      this.net.tryConnect(this)
    })
  }

  /** Whether this side knows the address of `other`: from its description (perhaps through a
   *  code, which writes candidates its own way), or trickled. */
  knowsAddressOf(other: FakePeerPort): boolean {
    const address = ` ${other.address()} ${other.port()} typ host`
    return (
      (this.appliedRemote?.sdp.includes(address) ?? false) ||
      this.candidates.some((c) => c?.candidate?.includes(address))
    )
  }

  createDataChannel(label: string): FakeChannel {
    if (this.signalingState === 'closed') throw new DOMException('closed', 'InvalidStateError')
    const link = new FakeLink(label, { latencyMs: this.net.latencyMs })
    this.links.push(link)
    this.channels.push(link.a)
    if (this.connectionState === 'connected') this.deliverLink(link)
    return link.a
  }

  async getStats(): Promise<ReadonlyMap<string, unknown>> {
    return new Map([['fake', { id: 'fake', type: 'fake', timestamp: Date.now() }]])
  }

  close(): void {
    if (this.signalingState === 'closed') return
    this.signalingState = 'closed'
    this.connectionState = 'closed'
    for (const link of this.links) link.drop()
    this.peer?.remoteClosed(this)
  }

  /**
   * Test hook: ICE says the path went down or came back. As in a browser, the data channels
   * stay open through it (SCTP waits); `loseAssociation` is what ends them.
   */
  setPath(state: 'disconnected' | 'failed' | 'connected'): void {
    if (this.signalingState === 'closed' || this.connectionState === 'new') return
    this.connectionState = state
    this.dispatchEvent(new Event('connectionstatechange'))
  }

  /** Test hook: the SCTP association is gone: every data channel closes on both ends. */
  loseAssociation(): void {
    for (const link of this.links) link.drop()
    this.peer?.remoteClosed(this)
  }

  private remoteClosed(by: FakePeerPort): void {
    if (this.peer !== by) return
    for (const link of this.links) link.drop()
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const result = this.chain.then(tick).then(operation)
    this.chain = result.catch(() => undefined)
    return result
  }

  private async applyLocal(description?: { type: 'rollback' }): Promise<void> {
    if (this.signalingState === 'closed') throw new DOMException('closed', 'InvalidStateError')
    if (description?.type === 'rollback') {
      if (this.signalingState === 'have-local-offer') this.rollbacks++
      this.signalingState = 'stable'
      return
    }
    if (this.signalingState === 'stable' || this.signalingState === 'have-local-offer') {
      if (this.restartWanted) {
        this.restartWanted = false
        this.generation++
        this.iceGatheringState = 'new'
      }
      this.offered = this.wanted
      this.localDescription = { type: 'offer', sdp: this.sdp('actpass') }
      this.signalingState = 'have-local-offer'
    } else if (this.signalingState === 'have-remote-offer') {
      // An offer with fresh credentials restarts ICE on this side too (RFC 8445 section 9).
      const offerUfrag = ufragOf(this.appliedRemote?.sdp ?? '')
      if (this.lastRemoteOfferUfrag !== null && offerUfrag !== this.lastRemoteOfferUfrag) {
        this.generation++
        this.iceGatheringState = 'new'
      }
      this.lastRemoteOfferUfrag = offerUfrag
      // As JSEP: the answerer takes the DTLS role the offer leaves it (server to an `active` offer).
      const offerSetup = /^a=setup:(\w+)/m.exec(this.appliedRemote?.sdp ?? '')?.[1]
      this.localDescription = {
        type: 'answer',
        sdp: this.sdp(offerSetup === 'active' ? 'passive' : 'active'),
      }
      this.signalingState = 'stable'
      // An answer carries the answerer's changes made so far (directions, tracks on offered lines).
      this.negotiated = this.wanted
      this.fireNegotiationNeededSoon()
    } else {
      throw new DOMException('wrong state', 'InvalidStateError')
    }
    this.gather()
    this.net.tryConnect(this)
    this.tryRestore()
  }

  private async applyRemote(description: Description): Promise<void> {
    if (this.signalingState === 'closed') throw new DOMException('closed', 'InvalidStateError')
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.rollbacks++
        this.signalingState = 'stable'
      }
      if (this.signalingState !== 'stable') throw new DOMException('glare', 'InvalidStateError')
      this.signalingState = 'have-remote-offer'
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') {
        throw new DOMException('answer in wrong state', 'InvalidStateError')
      }
      this.signalingState = 'stable'
      this.negotiated = this.offered
      for (const t of this.transceivers) t.mid ??= String(this.transceivers.indexOf(t) + 1)
      this.fireNegotiationNeededSoon()
    } else {
      throw new DOMException('bad description', 'InvalidAccessError')
    }
    this.appliedRemote = { type: description.type, sdp: description.sdp }
    this.net.tryConnect(this)
    this.tryRestore()
    if (this.remoteShownAfterMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.remoteShownAfterMs))
    }
    this.shownRemote = this.appliedRemote
  }

  private gather(): void {
    if (this.iceGatheringState !== 'new') return
    this.iceGatheringState = 'gathering'
    setTimeout(() => {
      if (this.signalingState === 'closed') return
      const candidate = {
        candidate: this.candidateLine(),
        toJSON: () => ({ candidate: candidate.candidate, sdpMid: '0', sdpMLineIndex: 0 }),
      }
      const local = this.localDescription
      if (local && !local.sdp.includes(candidate.candidate)) {
        this.localDescription = {
          type: local.type,
          sdp: withCandidate(local.sdp, candidate.candidate),
        }
      }
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate }))
      this.iceGatheringState = 'complete'
      this.dispatchEvent(new Event('icegatheringstatechange'))
      this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: null }))
    }, this.gatherMs)
  }

  /** This port's one host candidate, as an SDP attribute value. */
  private candidateLine(): string {
    return `candidate:1 1 udp 2122260223 ${this.address()} ${this.port()} typ host`
  }

  /** Called by the net once both sides hold each other's descriptions. */
  connectTo(peer: FakePeerPort): void {
    if (this.peer || this.signalingState === 'closed') return
    this.peer = peer
    this.connectionState = 'connecting'
    this.dispatchEvent(new Event('connectionstatechange'))
    setTimeout(() => {
      if (this.signalingState === 'closed') return
      this.connectionState = 'connected'
      this.dispatchEvent(new Event('connectionstatechange'))
      // Whichever end connects second opens the channels both ends created meanwhile.
      for (const link of this.links) this.deliverLink(link)
      for (const link of peer.links) peer.deliverLink(link)
    }, 2)
  }

  private deliverLink(link: FakeLink): void {
    const peer = this.peer
    if (!peer || link.b.readyState !== 'connecting' || peer.connectionState !== 'connected') {
      return
    }
    peer.channels.push(link.b)
    link.b.binaryType = 'arraybuffer'
    peer.dispatchEvent(Object.assign(new Event('datachannel'), { channel: link.b }))
    link.open(this.openEventDelayMs)
  }

  /** A description in the shape of Chromium's data-channel-only SDP (see codec fixtures). */
  private sdp(setup: 'actpass' | 'active' | 'passive'): string {
    this.version++
    return [
      'v=0',
      `o=- ${serial}${this.ufrag.length} ${this.version} IN IP4 127.0.0.1`,
      's=-',
      't=0 0',
      'a=group:BUNDLE 0',
      'a=msid-semantic: WMS',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      `a=ice-ufrag:${this.currentUfrag()}`,
      `a=ice-pwd:${this.currentUfrag().padEnd(24, 'p')}`,
      'a=ice-options:trickle',
      `a=fingerprint:sha-256 ${this.fingerprint}`,
      `a=setup:${setup}`,
      'a=mid:0',
      'a=sctp-port:5000',
      'a=max-message-size:262144',
      '',
    ].join('\r\n')
  }

  private address(): string {
    const index = this.net.ports.indexOf(this)
    if (this.hidesAddress) return `5eed0000-0000-4000-8000-${String(index).padStart(12, '0')}.local`
    return `192.0.2.${(index % 250) + 1}`
  }

  private port(): number {
    return 40000 + this.net.ports.indexOf(this)
  }

  private fireNegotiationNeededSoon(): void {
    setTimeout(() => {
      if (this.signalingState === 'stable' && this.negotiated < this.wanted) {
        this.dispatchEvent(new Event('negotiationneeded'))
      }
    }, 0)
  }
}

/**
 * Connects fake ports: two ports connect once each has a local description and holds the
 * other's as its remote one (recognised by the ICE ufrag, which survives the codec). A port
 * whose address `unreachable()` lists never connects to the other.
 */
export class FakeNet {
  readonly ports: FakePeerPort[] = []
  private readonly blocked = new Set<string>()

  /** `latencyMs`: how long a data-channel message is in flight once it left the buffer. */
  constructor(readonly latencyMs = 10) {}

  /** No path between these two ports' owners, by fingerprint (a firewall between two members). */
  block(fingerprintA: string, fingerprintB: string): void {
    this.blocked.add([fingerprintA, fingerprintB].sort().join('|'))
  }

  /** The path between them is there again: ports that wait for each other connect now. */
  unblock(fingerprintA: string, fingerprintB: string): void {
    this.blocked.delete([fingerprintA, fingerprintB].sort().join('|'))
    for (const port of this.ports) this.tryConnect(port)
  }

  tryConnect(port: FakePeerPort): void {
    if (!port.localDescription || !port.appliedRemote || port.peer) return
    const remoteUfrag = ufragOf(port.appliedRemote.sdp)
    const other = this.ports.find((p) => p !== port && p.ufrag === remoteUfrag)
    if (!other?.localDescription || !other.appliedRemote) return
    if (ufragOf(other.appliedRemote.sdp) !== port.ufrag) return
    if (!port.knowsAddressOf(other) || !other.knowsAddressOf(port)) return
    if (this.blocked.has([port.fingerprint, other.fingerprint].sort().join('|'))) return
    port.connectTo(other)
    other.connectTo(port)
  }
}

/** The SDP with a candidate attribute in its (only) media section. */
function withCandidate(sdp: string, candidate: string): string {
  return sdp.replace('c=IN IP4 0.0.0.0\r\n', `c=IN IP4 0.0.0.0\r\na=${candidate} generation 0\r\n`)
}

function ufragOf(sdp: string): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null
}

export function randomFingerprint(): string {
  return Array.from({ length: 32 }, () =>
    Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0')
      .toUpperCase(),
  ).join(':')
}

function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 3))
}
