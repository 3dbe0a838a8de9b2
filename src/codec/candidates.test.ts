import { describe, expect, it } from 'vitest'
import { formatAddress } from './address'
import { candidatePriority, formatCandidate, parseCandidate, selectCandidates } from './candidates'
import type { Candidate } from './fields'

const parse = (line: string) => parseCandidate(line.replace(/^a=candidate:/, ''))
const describeCandidate = (c: Candidate) =>
  `${c.transport} ${c.type} ${formatAddress(c.address)} ${c.port}`
const must = (line: string) => {
  const c = parse(line)
  if (!c) throw new Error(`unparsed: ${line}`)
  return c
}

const host4 = (i: number) => must(`candidate:1 1 udp 1 10.0.0.${i} ${1000 + i} typ host`)
const mdns = must('candidate:1 1 udp 1 74a702d2-472f-4668-8104-348b30b5c2a4.local 2000 typ host')
const host6 = must('candidate:1 1 udp 1 2001:db8::1 3000 typ host')
const linkLocal = must('candidate:1 1 udp 1 fe80::1 3001 typ host')
const srflx = must('candidate:1 1 udp 1 203.0.113.1 4000 typ srflx raddr 0.0.0.0 rport 0')
const relay = must('candidate:1 1 udp 1 198.51.100.1 5000 typ relay raddr 0.0.0.0 rport 0')
const tcp = must('candidate:1 1 tcp 1 10.0.0.1 6000 typ host tcptype passive')

describe('parseCandidate', () => {
  it('reads Chromium, Firefox and Safari host candidates', () => {
    expect(
      parse(
        'a=candidate:3767165284 1 udp 2122194687 192.0.2.2 60456 typ host generation 0 network-id 1',
      ),
    ).toEqual({
      type: 'host',
      transport: 'udp',
      address: { family: 'ipv4', bytes: new Uint8Array([192, 0, 2, 2]) },
      port: 60456,
    })
    expect(
      describeCandidate(
        must(
          'a=candidate:0 1 UDP 2122187007 734a6d11-4884-4173-a53b-d3d03010915d.local 41878 typ host',
        ),
      ),
    ).toBe('udp host 734a6d11-4884-4173-a53b-d3d03010915d.local 41878')
  })

  it('keeps srflx, prflx and relay candidates without their raddr', () => {
    expect(
      describeCandidate(must('candidate:1 1 udp 1 203.0.113.7 5 typ srflx raddr 10.0.0.1 rport 9')),
    ).toBe('udp srflx 203.0.113.7 5')
    expect(
      describeCandidate(must('candidate:1 1 udp 1 2001:db8::1 6 typ relay raddr :: rport 0')),
    ).toBe('udp relay 2001:db8::1 6')
    expect(describeCandidate(must('candidate:1 1 udp 1 10.0.0.9 7 typ prflx'))).toBe(
      'udp prflx 10.0.0.9 7',
    )
  })

  it('keeps TCP passive and drops TCP active, so and untyped TCP', () => {
    expect(
      describeCandidate(must('candidate:3 1 tcp 1 192.0.2.10 51001 typ host tcptype passive')),
    ).toBe('tcp host 192.0.2.10 51001')
    expect(parse('candidate:2 1 TCP 1 192.0.2.10 9 typ host tcptype active')).toBeNull()
    expect(parse('candidate:2 1 tcp 1 192.0.2.10 5 typ host tcptype so')).toBeNull()
    expect(parse('candidate:2 1 tcp 1 192.0.2.10 5 typ host')).toBeNull()
  })

  it('drops component 2, unknown transports/types, bad ports and FQDNs', () => {
    for (const line of [
      'candidate:1 2 udp 1 192.0.2.2 5000 typ host',
      'candidate:1 1 sctp 1 192.0.2.2 5000 typ host',
      'candidate:1 1 udp 1 192.0.2.2 5000 typ magic',
      'candidate:1 1 udp 1 192.0.2.2 0 typ host',
      'candidate:1 1 udp 1 192.0.2.2 65536 typ host',
      'candidate:1 1 udp 1 192.0.2.2 -1 typ host',
      'candidate:1 1 udp 1 turn.example.com 5000 typ relay',
      'candidate:1 1 udp 1 192.0.2.2 5000 host',
      'candidate:1 1 udp',
      '',
    ]) {
      expect(parse(line), line).toBeNull()
    }
  })
})

describe('selectCandidates', () => {
  it('orders UDP host IPv4 > mDNS > IPv6 > link-local > srflx > relay > TCP', () => {
    const picked = selectCandidates([tcp, relay, srflx, linkLocal, host6, mdns, host4(1)])
    expect(picked).toEqual([host4(1), mdns, host6, linkLocal, srflx, relay, tcp])
  })

  it('drops duplicates, e.g. the same candidate in several m-lines', () => {
    expect(selectCandidates([host4(1), host4(1), srflx, host4(1)])).toEqual([host4(1), srflx])
  })

  it('keeps at most 8 and never lets many hosts crowd out srflx and relay', () => {
    const many = Array.from({ length: 12 }, (_, i) => host4(i))
    const picked = selectCandidates([...many, srflx, relay, tcp])
    expect(picked).toHaveLength(8)
    expect(picked).toContain(srflx)
    expect(picked).toContain(relay)
    expect(picked).toContain(tcp)
    expect(picked.slice(0, 5)).toEqual(many.slice(0, 5))
  })
})

describe('candidatePriority / formatCandidate', () => {
  it('follows RFC 8445 with host 126 > prflx 110 > srflx 100 > relay 0', () => {
    const c = must('candidate:1 1 udp 1 192.0.2.2 50000 typ host')
    expect(candidatePriority(c, 0)).toBe(126 * 2 ** 24 + 0xbfff * 2 ** 8 + 255)
    const typePref = (line: string) => Math.floor(candidatePriority(must(line), 0) / 2 ** 24)
    expect(typePref('candidate:1 1 udp 1 1.2.3.4 5 typ prflx')).toBe(110)
    expect(typePref('candidate:1 1 udp 1 1.2.3.4 5 typ srflx')).toBe(100)
    expect(typePref('candidate:1 1 udp 1 1.2.3.4 5 typ relay')).toBe(0)
  })

  it('gives unique, decreasing priorities in list order within a class', () => {
    const list = selectCandidates(Array.from({ length: 8 }, (_, i) => host4(i)))
    const priorities = list.map(candidatePriority)
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities)
    expect(new Set(priorities).size).toBe(8)
  })

  it('writes RFC 8839 candidate lines', () => {
    expect(formatCandidate(srflx, 4)).toBe(
      `candidate:5 1 udp ${candidatePriority(srflx, 4)} 203.0.113.1 4000 typ srflx raddr 0.0.0.0 rport 0`,
    )
    expect(formatCandidate(tcp, 0)).toMatch(
      /^candidate:1 1 tcp \d+ 10\.0\.0\.1 6000 typ host tcptype passive$/,
    )
  })
})
