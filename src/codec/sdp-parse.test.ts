import { describe, expect, it } from 'vitest'
import { formatAddress } from './address'
import { CodecError } from './errors'
import { fixture } from './fixtures'
import { parseSdp } from './sdp-parse'

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const fingerprintOf = (sdp: string) =>
  (/a=fingerprint:sha-256 ([0-9A-Fa-f:]+)/.exec(sdp)?.[1] ?? '').replaceAll(':', '').toLowerCase()
const parseFixture = (name: string) => {
  const f = fixture(name)
  return parseSdp(f.type, f.sdp)
}

describe('parseSdp on captured SDPs', () => {
  it('reads a Chromium data-channel offer', () => {
    const { sdp } = fixture('chromiumDcOffer')
    const f = parseFixture('chromiumDcOffer')
    expect(f.ufrag).toBe(/a=ice-ufrag:(\S+)/.exec(sdp)?.[1])
    expect(f.pwd).toBe(/a=ice-pwd:(\S+)/.exec(sdp)?.[1])
    expect(hex(f.fingerprint)).toBe(fingerprintOf(sdp))
    expect(f.role).toBe('actpass')
    expect(f.mid).toBe('0')
    expect(f.candidates.map((c) => formatAddress(c.address))).toEqual(['192.0.2.2', 'fd00::2'])
  })

  it('reads the session-level fingerprint of Firefox', () => {
    const { sdp } = fixture('firefoxDcAnswer')
    const f = parseFixture('firefoxDcAnswer')
    expect(sdp.indexOf('a=fingerprint')).toBeLessThan(sdp.indexOf('m=application'))
    expect(hex(f.fingerprint)).toBe(fingerprintOf(sdp))
    expect(f.role).toBe('active')
    expect(f.ufrag).toMatch(/^[0-9a-f]{8}$/)
  })

  it('takes the mid of the application m-line and candidates of every m-line', () => {
    const f = parseFixture('firefoxAvMaxBundleOffer')
    expect(f.mid).toBe('2')
    expect(f.candidates.length).toBeGreaterThan(0)
    expect(f.candidates.every((c) => c.address.family === 'mdns')).toBe(true)
    const balanced = parseFixture('chromiumAvBalancedOffer')
    expect(balanced.mid).toBe('2')
    expect(balanced.candidates).toHaveLength(6)
  })

  it('handles LF line endings, sha-1 first, an upper-case hash name and a named mid', () => {
    const f = parseFixture('generalCredentialsOffer')
    expect(f.ufrag).toBe('a+/Z9')
    expect(f.mid).toBe('data')
    expect(hex(f.fingerprint)).toMatch(/^c100ff7d/)
  })
})

describe('parseSdp refuses what a code cannot carry', () => {
  const base = fixture('chromiumDcOffer').sdp
  const reason = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      return error instanceof CodecError ? error.reason : `not a CodecError: ${error}`
    }
    return 'no error'
  }
  const without = (pattern: RegExp) => base.replace(pattern, '')

  it.each([
    ['no ufrag', without(/a=ice-ufrag:.*\r\n/)],
    ['no pwd', without(/a=ice-pwd:.*\r\n/)],
    ['no fingerprint', without(/a=fingerprint:.*\r\n/)],
    ['a sha-1 fingerprint only', base.replace(/sha-256 [0-9A-F:]+/, 'sha-1 AA:BB')],
    ['a short sha-256 fingerprint', base.replace(/(sha-256 [0-9A-F:]+):[0-9A-F]{2}\r/, '$1\r')],
    ['a pwd too short', base.replace(/a=ice-pwd:.*/, 'a=ice-pwd:abc')],
    ['a ufrag with a foreign character', base.replace(/a=ice-ufrag:.*/, 'a=ice-ufrag:ab-cd')],
    ['an offer with setup:active', base.replace('a=setup:actpass', 'a=setup:active')],
    ['an invalid mid', base.replace('a=mid:0', 'a=mid:a b')],
    ['a mid too long', base.replace('a=mid:0', `a=mid:${'m'.repeat(33)}`)],
    ['empty text', ''],
  ])('%s', (_, sdp) => {
    expect(reason(() => parseSdp('offer', sdp))).toBe('invalid-sdp')
  })

  it('refuses an answer with setup:actpass and unknown signal types', () => {
    expect(reason(() => parseSdp('answer', base))).toBe('invalid-sdp')
    expect(reason(() => parseSdp('pranswer' as 'offer', base))).toBe('invalid-sdp')
    expect(reason(() => parseSdp('offer', undefined as unknown as string))).toBe('invalid-sdp')
  })

  it('assumes actpass for an offer and active for an answer without a=setup', () => {
    expect(parseSdp('offer', without(/a=setup:.*\r\n/)).role).toBe('actpass')
    expect(parseSdp('answer', without(/a=setup:.*\r\n/)).role).toBe('active')
  })
})
