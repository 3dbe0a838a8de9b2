/**
 * What `getStats` says about a call, reduced to what a person can use: which path the media
 * takes, round-trip time, bitrates, and the incoming video's resolution and frame rate.
 * Pure: takes stats entries, returns numbers; the sampler keeps the previous sample for rates.
 */
export type PathKind =
  /** Both ends reach each other directly on the same network (host or private addresses). */
  | 'lan'
  /** Direct, but through public addresses (NAT traversal with STUN). */
  | 'internet'
  /** Through a TURN server. */
  | 'relay'

export interface CallStats {
  path: PathKind | null
  /** Current round-trip time on the selected candidate pair, ms. */
  rttMs: number | null
  /** Bits per second, summed over all media, since the previous sample. */
  sendBps: number | null
  receiveBps: number | null
  /** Largest incoming video (the main one). */
  video: { width: number; height: number; fps: number | null } | null
  /** Incoming packet loss since the previous sample, 0–1. */
  loss: number | null
}

/** The fields of RTCStats entries this module reads; real reports have many more. */
export type StatsEntry = Record<string, unknown> & { id: string; type: string; timestamp: number }

export function makeStatsSampler(): (entries: Iterable<StatsEntry>) => CallStats {
  let previous: {
    at: number
    sent: number
    received: number
    lost: number
    packets: number
  } | null = null
  return (entries) => {
    const byId = new Map<string, StatsEntry>()
    for (const entry of entries) byId.set(entry.id, entry)
    const pair = selectedPair(byId)
    const local = pair ? byId.get(String(pair.localCandidateId)) : undefined
    const remote = pair ? byId.get(String(pair.remoteCandidateId)) : undefined
    const path = local && remote ? classifyPath(local, remote) : null
    const rtt = num(pair?.currentRoundTripTime)

    let sent = 0
    let received = 0
    let lost = 0
    let packets = 0
    let at = 0
    let video: CallStats['video'] = null
    for (const entry of byId.values()) {
      at = Math.max(at, entry.timestamp)
      if (entry.type === 'outbound-rtp') sent += num(entry.bytesSent) ?? 0
      if (entry.type === 'inbound-rtp') {
        received += num(entry.bytesReceived) ?? 0
        lost += num(entry.packetsLost) ?? 0
        packets += num(entry.packetsReceived) ?? 0
        const width = num(entry.frameWidth)
        const height = num(entry.frameHeight)
        if (
          entry.kind === 'video' &&
          width &&
          height &&
          width * height > (video ? video.width * video.height : 0)
        ) {
          video = { width, height, fps: num(entry.framesPerSecond) }
        }
      }
    }
    let sendBps: number | null = null
    let receiveBps: number | null = null
    let loss: number | null = null
    if (previous && at > previous.at) {
      const seconds = (at - previous.at) / 1000
      sendBps = Math.max(0, ((sent - previous.sent) * 8) / seconds)
      receiveBps = Math.max(0, ((received - previous.received) * 8) / seconds)
      const newPackets = packets - previous.packets + (lost - previous.lost)
      loss = newPackets > 0 ? Math.max(0, (lost - previous.lost) / newPackets) : 0
    }
    previous = { at, sent, received, lost, packets }
    return { path, rttMs: rtt === null ? null : rtt * 1000, sendBps, receiveBps, video, loss }
  }
}

function selectedPair(byId: Map<string, StatsEntry>): StatsEntry | undefined {
  for (const entry of byId.values()) {
    if (entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string') {
      const pair = byId.get(entry.selectedCandidatePairId)
      if (pair) return pair
    }
  }
  // Firefox marks the pair instead of the transport.
  for (const entry of byId.values()) {
    if (entry.type === 'candidate-pair' && entry.selected === true) return entry
  }
  for (const entry of byId.values()) {
    if (
      entry.type === 'candidate-pair' &&
      entry.nominated === true &&
      entry.state === 'succeeded'
    ) {
      return entry
    }
  }
  return undefined
}

export function classifyPath(local: StatsEntry, remote: StatsEntry): PathKind {
  const types = [local.candidateType, remote.candidateType]
  if (types.includes('relay')) return 'relay'
  const addresses = [local, remote].map((c) => String(c.address ?? c.ip ?? ''))
  return addresses.every(isLocalAddress) ? 'lan' : 'internet'
}

/** Private, link-local, loopback, unique-local and mDNS addresses never leave the local network. */
export function isLocalAddress(address: string): boolean {
  const a = address.toLowerCase()
  if (a.endsWith('.local')) return true
  const v4 = a.match(/^(\d+)\.(\d+)\.\d+\.\d+$/)
  if (v4) {
    const first = Number(v4[1])
    const second = Number(v4[2])
    return (
      first === 10 ||
      first === 127 ||
      (first === 172 && second >= 16 && second <= 31) ||
      (first === 192 && second === 168) ||
      (first === 169 && second === 254) ||
      (first === 100 && second >= 64 && second <= 127)
    )
  }
  return (
    a === '::1' ||
    a.startsWith('fe8') ||
    a.startsWith('fe9') ||
    a.startsWith('fea') ||
    a.startsWith('feb') ||
    a.startsWith('fc') ||
    a.startsWith('fd')
  )
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
