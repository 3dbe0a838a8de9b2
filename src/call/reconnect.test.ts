import { describe, expect, it } from 'vitest'
import { decodeSignal, type Signal } from '../codec'
import { FIXTURES } from '../codec/fixtures'
import { linkFor } from './codes'
import { reconnectBase, restartOfferForCode } from './reconnect'

const offers = FIXTURES.filter((f) => f.captured && f.type === 'offer')

describe('restartOfferForCode', () => {
  it('a re-offer with the DTLS role already settled (werift: passive or active) becomes a code', () => {
    expect(offers.length).toBeGreaterThan(0)
    for (const fixture of offers) {
      for (const role of ['passive', 'active']) {
        const reOffer: Signal = {
          type: 'offer',
          sdp: fixture.sdp.replace(/^a=setup:actpass/gm, `a=setup:${role}`),
        }
        expect(() => linkFor(reconnectBase('https://tatap.example/'), reOffer)).toThrow()
        const codeable = restartOfferForCode(reOffer)
        const link = linkFor(reconnectBase('https://tatap.example/'), codeable)
        const read = decodeSignal(link)
        expect(read.type).toBe('offer')
        expect(read.sdp).toMatch(/^a=ice-ufrag:/m)
        // Only the setup lines change; line endings stay.
        expect(codeable.sdp.split('\r\n').length).toBe(reOffer.sdp.split('\r\n').length)
        expect(codeable.sdp.replace(/^a=setup:\w+/gm, '')).toBe(
          reOffer.sdp.replace(/^a=setup:\w+/gm, ''),
        )
      }
    }
  })

  it('an offer that already says actpass is left as it is', () => {
    for (const fixture of offers) {
      const offer: Signal = { type: 'offer', sdp: fixture.sdp }
      expect(restartOfferForCode(offer).sdp).toBe(fixture.sdp)
    }
  })
})
