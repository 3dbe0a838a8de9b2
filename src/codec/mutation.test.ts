import { describe, expect, it } from 'vitest'
import { CODE_ALPHABET } from './alphabet'
import { fixture } from './fixtures'
import { decodeSignal, encodeSignal } from './index'
import { reasonOf } from './test-helpers'

/**
 * Exhaustive: every single-character substitution, deletion and insertion of real codes is
 * reported as 'corrupted' or 'truncated', never decoded.
 */

const FOREIGN = ['.', '!', '#', '*', 'é']
const DETECTED = new Set(['corrupted', 'truncated'])

const codes = {
  chromiumOffer: encodeSignal(fixture('chromiumDcOffer')),
  chromiumBoundAnswer: encodeSignal(fixture('chromiumDcAnswer'), {
    replyTo: fixture('chromiumDcOffer'),
  }),
  firefoxOffer: encodeSignal(fixture('firefoxDcMdnsOffer')),
  safariOffer: encodeSignal(fixture('safariOffer')),
  generalCredentials: encodeSignal(fixture('generalCredentialsOffer')),
}

function expectDetected(mutant: string, what: string): void {
  const reason = reasonOf(() => decodeSignal(mutant))
  if (!DETECTED.has(reason)) expect.fail(`${what}: ${reason}`)
}

describe.each(Object.entries(codes))('every single-character change of %s', (_, code) => {
  it('substitution', () => {
    for (let i = 0; i < code.length; i++) {
      for (const ch of [...CODE_ALPHABET, ...FOREIGN]) {
        if (ch === code[i]) continue
        expectDetected(code.slice(0, i) + ch + code.slice(i + 1), `position ${i} -> ${ch}`)
      }
    }
  })

  it('deletion', () => {
    for (let i = 0; i < code.length; i++) {
      expectDetected(code.slice(0, i) + code.slice(i + 1), `deleted ${i}`)
    }
  })

  it('insertion', () => {
    for (let i = 0; i <= code.length; i++) {
      for (const ch of [...CODE_ALPHABET, ...FOREIGN]) {
        // '#' in front only turns the code into a (valid) link fragment.
        if (ch === '#' && i === 0) continue
        expectDetected(code.slice(0, i) + ch + code.slice(i), `inserted ${ch} at ${i}`)
      }
    }
  })
})
