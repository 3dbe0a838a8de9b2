import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, securityHeaders } from './security-headers'

/** The policy as directive → sources. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/)
      return [name, sources]
    }),
  )
}

describe('the Content-Security-Policy', () => {
  const header = parse(contentSecurityPolicy('header'))
  const meta = parse(contentSecurityPolicy('meta'))

  it('runs scripts and workers from the own origin only: no inline script, no eval', () => {
    for (const policy of [header, meta]) {
      expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
      expect(policy.get('worker-src')).toEqual(["'self'"])
      expect(policy.get('object-src')).toEqual(["'none'"])
      expect(policy.get('base-uri')).toEqual(["'none'"])
      expect(policy.get('default-src')).toEqual(["'none'"])
      expect(policy.get('connect-src')).toEqual(["'self'", 'blob:'])
    }
    expect(contentSecurityPolicy('header')).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/)
  })

  it('forbids framing in the header; the meta tag leaves it out (browsers ignore it there)', () => {
    expect(header.get('frame-ancestors')).toEqual(["'none'"])
    expect(meta.has('frame-ancestors')).toBe(false)
  })

  it('goes with no-referrer, nosniff and camera/mic/screen for the own origin only', () => {
    expect(securityHeaders()).toMatchObject({
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self)',
    })
  })
})
