import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fixture } from '../codec/fixtures'
import { SAS_SYMBOLS as SYMBOLS } from '../i18n/sas-symbols'
import { sdpFingerprint } from './port'
import { SAS_ALPHABET, SAS_SYMBOLS, sasIndices } from './sas'

const fingerprintOf = (name: Parameters<typeof fixture>[0]) => {
  const value = sdpFingerprint(fixture(name).sdp)
  if (!value) throw new Error(`no fingerprint in ${name}`)
  return value
}

describe('verification symbols (SAS)', () => {
  it('are the same on both ends of real Chromium and Firefox connections', async () => {
    const pairs: Array<[string, string]> = [
      [fingerprintOf('chromiumDcOffer'), fingerprintOf('chromiumDcAnswer')],
      [fingerprintOf('chromiumDcMdnsOffer'), fingerprintOf('firefoxDcAnswer')],
    ]
    for (const [a, b] of pairs) {
      const mine = await sasIndices(a, b)
      expect(await sasIndices(b, a)).toEqual(mine)
      expect(await sasIndices(b.toLowerCase(), a)).toEqual(mine)
      expect(mine).toHaveLength(SAS_SYMBOLS)
      for (const i of mine) expect(i).toBeGreaterThanOrEqual(0)
      for (const i of mine) expect(i).toBeLessThan(SAS_ALPHABET)
    }
  })

  it('are the first 36 bits of SHA-256 over the sorted fingerprints, as documented', async () => {
    const a = `${'AB:'.repeat(31)}AB`
    const b = `${'01:'.repeat(31)}01`
    // Computed independently: node's hash, the bits read as one big number.
    const digest = createHash('sha256').update(`tatap-sas-1\n${b}\n${a}`).digest('hex')
    const first36 = BigInt(`0x${digest.slice(0, 9)}`)
    const expected = [5, 4, 3, 2, 1, 0].map((k) => Number((first36 >> BigInt(6 * k)) & 63n))
    expect(await sasIndices(a, b)).toEqual(expected)
  })

  it('differ when one fingerprint changes (someone in between)', async () => {
    const a = fingerprintOf('chromiumDcOffer')
    const b = fingerprintOf('chromiumDcAnswer')
    const honest = await sasIndices(a, b)
    let same = 0
    for (let position = 0; position < 32; position++) {
      const hex = b.slice(position * 3, position * 3 + 2)
      const flipped = `${b.slice(0, position * 3)}${hex === 'FF' ? '00' : 'FF'}${b.slice(position * 3 + 2)}`
      if ((await sasIndices(a, flipped)).join() === honest.join()) same++
    }
    expect(same).toBe(0)
  })

  it('has 64 distinct symbols, each named in both languages', () => {
    expect(SYMBOLS).toHaveLength(SAS_ALPHABET)
    expect(new Set(SYMBOLS.map((s) => s.emoji)).size).toBe(SAS_ALPHABET)
    expect(new Set(SYMBOLS.map((s) => s.en)).size).toBe(SAS_ALPHABET)
    expect(new Set(SYMBOLS.map((s) => s.id)).size).toBe(SAS_ALPHABET)
    for (const s of SYMBOLS) expect([...s.emoji]).toHaveLength(1)
  })
})
