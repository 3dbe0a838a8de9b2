import { describe, expect, it } from 'vitest'
import { formatAddress } from './address'
import type { SignalFields } from './fields'
import { FIXTURES, fixture } from './fixtures'
import { decodeSignal, encodeSignal } from './index'
import { parseSdp } from './sdp-parse'

const summary = (f: SignalFields) =>
  f.candidates.map((c) => `${c.transport} ${c.type} ${formatAddress(c.address)} ${c.port}`)

function roundTrip(name: string): { before: SignalFields; after: SignalFields } {
  const f = fixture(name)
  const decoded = decodeSignal(encodeSignal(f))
  expect(decoded.type).toBe(f.type)
  return { before: parseSdp(f.type, f.sdp), after: parseSdp(decoded.type, decoded.sdp) }
}

/** Every component-1 UDP or TCP-passive candidate of an SDP, found without the codec. */
function usableCandidates(sdp: string): string[] {
  const found = new Set<string>()
  for (const line of sdp.split(/\r?\n/)) {
    const m = /^a=candidate:\S+ 1 (udp|tcp) \d+ (\S+) (\d+) typ (\w+)(.*)$/i.exec(line)
    if (!m) continue
    const [, transport = '', address = '', port, type, rest = ''] = m
    if (transport.toLowerCase() === 'tcp' && !rest.includes('tcptype passive')) continue
    found.add(`${transport.toLowerCase()} ${type} ${address.toLowerCase()} ${port}`)
  }
  return [...found]
}

describe('round trip keeps ufrag, pwd, fingerprint, role, mid and candidates', () => {
  it.each(FIXTURES.map((f) => [f.name]))('%s', (name) => {
    const { before, after } = roundTrip(name)
    expect(after).toEqual(before)
  })

  it.each(FIXTURES.filter((f) => f.captured).map((f) => [f.name, f.sdp]))(
    '%s keeps every usable candidate',
    (name, sdp) => {
      const { after } = roundTrip(name)
      expect(new Set(summary(after))).toEqual(new Set(usableCandidates(sdp)))
    },
  )
})

describe('round trip of hand-made candidate shapes', () => {
  it('mDNS hosts and srflx', () => {
    expect(summary(roundTrip('mdnsSrflxOffer').after)).toEqual([
      'udp host 74a702d2-472f-4668-8104-348b30b5c2a4.local 54321',
      'udp host 2eca4dcc-dc84-4285-a051-9f86bde90c03.local 54322',
      'udp srflx 203.0.113.7 54321',
      'udp srflx 198.51.100.20 61000',
    ])
  })

  it('the worst case: mDNS, srflx and relay over IPv4 and IPv6, TCP active dropped', () => {
    expect(summary(roundTrip('worstCaseOffer').after)).toEqual([
      'udp host 0b5e4d7c-91a2-4f3e-8c6d-2e1f0a9b8c7d.local 50000',
      'udp host f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9.local 50001',
      'udp srflx 203.0.113.7 50000',
      'udp srflx 2001:db8:1234:5678:9abc:def0:1234:5678 50001',
      'udp relay 198.51.100.99 3478',
      'udp relay 2001:db8:ffff::99 3479',
    ])
  })

  it('IPv6 link-local after global addresses, DTLS passive', () => {
    const { after } = roundTrip('linkLocalAnswer')
    expect(after.role).toBe('passive')
    expect(summary(after)).toEqual([
      'udp host 10.0.0.5 40001',
      'udp host 2001:db8::42 40002',
      'udp host fe80::fc:ff:fe00:1 40000',
    ])
  })

  it('TCP passive kept, TCP active / so and component 2 dropped', () => {
    expect(summary(roundTrip('tcpOffer').after)).toEqual([
      'udp host 192.0.2.10 51000',
      'tcp host 192.0.2.10 51001',
      'tcp host 2001:db8::10 51002',
    ])
  })

  it('Safari-shaped offer', () => {
    const { after } = roundTrip('safariOffer')
    expect(after.ufrag).toBe('sF4x')
    expect(summary(after)).toEqual([
      'udp host 5d3c2b1a-0f9e-4d8c-b7a6-958473625140.local 60239',
      'udp host a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.local 60241',
      'udp host fe80::1c2d:3eff:fe4f:5a6b 60240',
      'udp srflx 203.0.113.50 60239',
      'tcp host 5d3c2b1a-0f9e-4d8c-b7a6-958473625140.local 61000',
    ])
  })

  it('many interfaces: 8 kept, srflx and relay among them', () => {
    const kept = summary(roundTrip('manyInterfacesOffer').after)
    expect(kept).toHaveLength(8)
    expect(kept.slice(-2)).toEqual(['udp srflx 203.0.113.9 40100', 'udp relay 198.51.100.9 3478'])
  })

  it('an answer without candidates', () => {
    expect(roundTrip('noCandidatesAnswer').after.candidates).toEqual([])
  })
})
