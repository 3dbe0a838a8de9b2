import { describe, expect, it } from 'vitest'
import { sdpUfrag, spliceIce } from './ice-restart'

const CURRENT = [
  'v=0',
  'o=- 1 3 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 10.77.1.2 40000 typ host generation 0',
  'a=ice-ufrag:oldU',
  'a=ice-pwd:oldpasswordoldpassword12',
  'a=fingerprint:sha-256 AA:BB',
  'a=setup:actpass',
  'a=mid:0',
  'a=end-of-candidates',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=ice-ufrag:oldU',
  'a=ice-pwd:oldpasswordoldpassword12',
  'a=mid:1',
  'a=sendrecv',
  '',
].join('\r\n')

const FROM_CODE = [
  'v=0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=ice-ufrag:newU',
  'a=ice-pwd:newpasswordnewpassword12',
  'a=fingerprint:sha-256 AA:BB',
  'a=candidate:0 1 udp 2122260223 10.77.1.9 41000 typ host',
  'a=candidate:1 1 udp 1686052607 203.0.113.5 41000 typ srflx raddr 0.0.0.0 rport 0',
  'a=end-of-candidates',
  '',
].join('\r\n')

describe('spliceIce: a restart read from a code, applied to the connection as it is', () => {
  const spliced = spliceIce(CURRENT, FROM_CODE)
  const lines = spliced.split('\r\n')

  it('gives every media section the new credentials and none of the old', () => {
    expect(sdpUfrag(spliced)).toBe('newU')
    expect(lines.filter((l) => l === 'a=ice-ufrag:newU')).toHaveLength(2)
    expect(lines.filter((l) => l === 'a=ice-pwd:newpasswordnewpassword12')).toHaveLength(2)
    expect(spliced).not.toContain('old')
  })

  it('replaces the old candidates with the new ones, in the first (bundled) section only', () => {
    const candidates = lines.filter((l) => l.startsWith('a=candidate:'))
    expect(candidates).toEqual([
      'a=candidate:0 1 udp 2122260223 10.77.1.9 41000 typ host',
      'a=candidate:1 1 udp 1686052607 203.0.113.5 41000 typ srflx raddr 0.0.0.0 rport 0',
    ])
    expect(lines.indexOf(candidates[1] as string)).toBeLessThan(
      lines.indexOf('m=video 9 UDP/TLS/RTP/SAVPF 96'),
    )
    expect(lines.filter((l) => l === 'a=end-of-candidates')).toHaveLength(1)
  })

  it('keeps everything else: media sections, directions, fingerprint, DTLS role', () => {
    for (const kept of [
      'a=group:BUNDLE 0 1',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=sendrecv',
      'a=setup:actpass',
      'a=mid:1',
    ])
      expect(lines).toContain(kept)
    expect(spliced.endsWith('\r\n')).toBe(true)
  })

  it('refuses a description without credentials, or a connection without media sections', () => {
    expect(() => spliceIce(CURRENT, 'v=0\r\n')).toThrow(/credentials/)
    expect(() => spliceIce('v=0\r\n', FROM_CODE)).toThrow(/media section/)
  })
})
