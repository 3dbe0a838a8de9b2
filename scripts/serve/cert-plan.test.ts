import { describe, expect, it } from 'vitest'
import type { CertificateNames } from './addresses'
import { type ExistingCert, planCa, planServerCert, RENEW_BEFORE_DAYS } from './cert-plan'

const NOW = new Date('2026-06-01T12:00:00Z')
const days = (n: number) => new Date(NOW.getTime() + n * 24 * 60 * 60 * 1000)
const NAMES: CertificateNames = {
  dns: ['ana-laptop.local', 'localhost'],
  ips: ['127.0.0.1', '192.168.1.20', '::1'],
}
const current = (overrides: Partial<ExistingCert> = {}): ExistingCert => ({
  notAfter: days(300),
  names: NAMES,
  signedByCurrentCa: true,
  ...overrides,
})

describe('planCa: the CA is kept as long as it can be', () => {
  it('creates one when there is none', () => {
    expect(planCa(null, NOW)).toEqual({ action: 'create', reason: 'missing' })
  })
  it('keeps a valid one, even years old', () => {
    expect(planCa({ notAfter: days(400) }, NOW)).toEqual({ action: 'reuse' })
  })
  it('replaces one about to expire', () => {
    expect(planCa({ notAfter: days(RENEW_BEFORE_DAYS - 1) }, NOW)).toEqual({
      action: 'create',
      reason: 'expiring',
    })
  })
})

describe('planServerCert: reused only while it fits', () => {
  it('reuses a certificate for the same names in any order', () => {
    const shuffled = { dns: [...NAMES.dns].reverse(), ips: [...NAMES.ips].reverse() }
    expect(planServerCert(current({ names: shuffled }), NAMES, NOW)).toEqual({ action: 'reuse' })
  })
  it('creates one when there is none', () => {
    expect(planServerCert(null, NAMES, NOW)).toEqual({ action: 'create', reason: 'missing' })
  })
  it('replaces it when the machine got a new address', () => {
    const wanted = { ...NAMES, ips: [...NAMES.ips, '10.0.0.5'] }
    expect(planServerCert(current(), wanted, NOW)).toEqual({
      action: 'create',
      reason: 'names-changed',
    })
  })
  it('replaces it when an address went away', () => {
    const wanted = { ...NAMES, ips: ['127.0.0.1', '::1'] }
    expect(planServerCert(current(), wanted, NOW)).toMatchObject({ reason: 'names-changed' })
  })
  it('replaces it when the host name changed', () => {
    const wanted = { ...NAMES, dns: ['budi-pc.local', 'localhost'] }
    expect(planServerCert(current(), wanted, NOW)).toMatchObject({ reason: 'names-changed' })
  })
  it('replaces one signed by another CA (the CA was made anew)', () => {
    expect(planServerCert(current({ signedByCurrentCa: false }), NAMES, NOW)).toMatchObject({
      reason: 'other-ca',
    })
  })
  it('replaces one about to expire, keeps one with time left', () => {
    expect(planServerCert(current({ notAfter: days(10) }), NAMES, NOW)).toMatchObject({
      reason: 'expiring',
    })
    expect(planServerCert(current({ notAfter: days(RENEW_BEFORE_DAYS + 1) }), NAMES, NOW)).toEqual({
      action: 'reuse',
    })
  })
})
