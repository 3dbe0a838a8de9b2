import type { CertificateNames } from './addresses'

/**
 * When to make a new certificate and when to keep the one on disk. Pure: the caller reads the
 * files and passes what they say.
 *
 * The CA is kept as long as it can be: every phone that trusts it would have to trust a new one
 * by hand. The server certificate is cheap to replace and is replaced whenever it no longer fits.
 */

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Validity of a server certificate. Apple platforms reject TLS server certificates valid for
 * more than 825 days, and browsers cap publicly trusted ones at 398; 397 stays under both.
 */
export const SERVER_CERT_DAYS = 397
/** The CA lives ten years: replacing it means touching every phone again. */
export const CA_CERT_DAYS = 3650
/** A certificate this close to its end is replaced now rather than failing mid-week. */
export const RENEW_BEFORE_DAYS = 30

/** What the files on disk say about a certificate. */
export interface ExistingCert {
  notAfter: Date
  names: CertificateNames
  /** The server certificate's signature verifies with the current CA's key. */
  signedByCurrentCa: boolean
}

export type CertDecision =
  | { action: 'reuse' }
  | {
      action: 'create'
      reason: 'missing' | 'expiring' | 'names-changed' | 'other-ca'
    }

/** Keep the CA unless it is missing or about to expire. */
export function planCa(existing: { notAfter: Date } | null, now: Date): CertDecision {
  if (!existing) return { action: 'create', reason: 'missing' }
  if (expiresSoon(existing.notAfter, now)) return { action: 'create', reason: 'expiring' }
  return { action: 'reuse' }
}

/**
 * Keep the server certificate only when it is signed by the current CA, is not about to expire,
 * and covers exactly the wanted names (an address that went away is dropped too: the
 * certificate should not vouch for an address another machine may have now).
 */
export function planServerCert(
  existing: ExistingCert | null,
  wanted: CertificateNames,
  now: Date,
): CertDecision {
  if (!existing) return { action: 'create', reason: 'missing' }
  if (!existing.signedByCurrentCa) return { action: 'create', reason: 'other-ca' }
  if (expiresSoon(existing.notAfter, now)) return { action: 'create', reason: 'expiring' }
  if (!sameNames(existing.names, wanted)) return { action: 'create', reason: 'names-changed' }
  return { action: 'reuse' }
}

function expiresSoon(notAfter: Date, now: Date): boolean {
  return notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS
}

function sameNames(a: CertificateNames, b: CertificateNames): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && [...x].sort().every((value, i) => value === [...y].sort()[i])
  return same(a.dns, b.dns) && same(a.ips, b.ips)
}

/** Start and end of a new certificate's validity; starts an hour early for phones whose clock is behind. */
export function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - 60 * 60 * 1000),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  }
}
