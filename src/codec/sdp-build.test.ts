import { describe, expect, it } from 'vitest'
import { FIXTURES } from './fixtures'
import { decodeSignal, encodeSignal } from './index'

describe('the rebuilt data-channel SDP', () => {
  it.each(FIXTURES.map((f) => [f.name, f] as const))('%s has every required line, CRLF', (_, f) => {
    const { sdp } = decodeSignal(encodeSignal(f))
    const lines = sdp.split('\r\n')
    expect(sdp.endsWith('\r\n')).toBe(true)
    expect(sdp.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
    expect(lines.slice(0, 4)).toEqual([
      'v=0',
      expect.stringMatching(/^o=- \d+ 2 IN IP4 /),
      's=-',
      't=0 0',
    ])
    const mid = /a=mid:(\S+)/.exec(sdp)?.[1]
    for (const required of [
      `a=group:BUNDLE ${mid}`,
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=sctp-port:5000',
      'a=max-message-size:262144',
      'a=end-of-candidates',
    ]) {
      expect(lines).toContain(required)
    }
    for (const prefix of ['a=ice-ufrag:', 'a=ice-pwd:', 'a=fingerprint:sha-256 ', 'a=setup:']) {
      expect(lines.filter((l) => l.startsWith(prefix))).toHaveLength(1)
    }
    expect(sdp).not.toContain('ice-lite')
    expect(lines.filter((l) => l.startsWith('m='))).toHaveLength(1)
    expect(lines.indexOf('a=end-of-candidates')).toBe(lines.length - 2)
  })
})
