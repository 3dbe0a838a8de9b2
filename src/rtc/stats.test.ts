import { describe, expect, it } from 'vitest'
import { classifyPath, isLocalAddress, makeStatsSampler, type StatsEntry } from './stats'

const candidate = (id: string, candidateType: string, address: string): StatsEntry => ({
  id,
  type: id.startsWith('L') ? 'local-candidate' : 'remote-candidate',
  timestamp: 0,
  candidateType,
  address,
})

function report(
  at: number,
  bytesOut: number,
  bytesIn: number,
  lost = 0,
  received = 100,
): StatsEntry[] {
  return [
    { id: 'T', type: 'transport', timestamp: at, selectedCandidatePairId: 'P' },
    {
      id: 'P',
      type: 'candidate-pair',
      timestamp: at,
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      currentRoundTripTime: 0.004,
    },
    candidate('L1', 'host', '192.168.1.20'),
    candidate('R1', 'prflx', '192.168.1.31'),
    { id: 'O', type: 'outbound-rtp', timestamp: at, kind: 'video', bytesSent: bytesOut },
    {
      id: 'I',
      type: 'inbound-rtp',
      timestamp: at,
      kind: 'video',
      bytesReceived: bytesIn,
      packetsLost: lost,
      packetsReceived: received,
      frameWidth: 1280,
      frameHeight: 720,
      framesPerSecond: 30,
    },
  ]
}

describe('call stats', () => {
  it('reads the path, rtt, video and rates between samples', () => {
    const sample = makeStatsSampler()
    const first = sample(report(1000, 0, 0))
    expect(first.path).toBe('lan')
    expect(first.rttMs).toBe(4)
    expect(first.sendBps).toBeNull()
    expect(first.video).toEqual({ width: 1280, height: 720, fps: 30 })
    const second = sample(report(2000, 125_000, 250_000, 5, 195))
    expect(second.sendBps).toBe(1_000_000)
    expect(second.receiveBps).toBe(2_000_000)
    expect(second.loss).toBeCloseTo(5 / 100)
  })

  it('names relay, internet and local paths', () => {
    expect(
      classifyPath(candidate('L', 'relay', '10.0.0.2'), candidate('R', 'host', '10.0.0.3')),
    ).toBe('relay')
    expect(
      classifyPath(candidate('L', 'srflx', '203.0.113.7'), candidate('R', 'srflx', '198.51.100.2')),
    ).toBe('internet')
    expect(
      classifyPath(candidate('L', 'host', 'fe80::1'), candidate('R', 'host', 'abc.local')),
    ).toBe('lan')
  })

  it('knows which addresses stay on the local network', () => {
    for (const a of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.1',
      '192.168.0.9',
      '169.254.3.3',
      '127.0.0.1',
      'fd00::1',
      'fe80::2',
      'x.local',
    ]) {
      expect(isLocalAddress(a)).toBe(true)
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '203.0.113.1']) {
      expect(isLocalAddress(a)).toBe(false)
    }
  })
})
