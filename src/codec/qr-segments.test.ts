import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { fixture } from './fixtures'
import { encodeSignal, inviteLink, type QrSegment, qrSegments } from './index'

const code = encodeSignal(fixture('chromiumDcOffer'))
const link = inviteLink('https://tatap.example/', code)
const version = (segments: QrSegment[]) =>
  QRCode.create(segments as QRCode.QRCodeSegment[], { errorCorrectionLevel: 'M' }).version

describe('qrSegments', () => {
  it('puts a bare code in one alphanumeric segment', () => {
    expect(qrSegments(code)).toEqual([{ data: code, mode: 'alphanumeric' }])
  })

  it('splits a link into a byte prefix and an alphanumeric code', () => {
    expect(qrSegments(link)).toEqual([
      { data: 'https://tatap.example/#', mode: 'byte' },
      { data: code, mode: 'alphanumeric' },
    ])
  })

  it('uses one byte segment when no alphanumeric tail pays off', () => {
    expect(qrSegments('hello')).toEqual([{ data: 'hello', mode: 'byte' }])
    expect(qrSegments('https://x/#AB')).toEqual([{ data: 'https://x/#AB', mode: 'byte' }])
    expect(qrSegments('')).toEqual([{ data: '', mode: 'byte' }])
  })

  it('gives a QR version no larger than plain byte mode', () => {
    for (const text of [code, link, link.toLowerCase()]) {
      expect(version(qrSegments(text))).toBeLessThanOrEqual(version([{ data: text, mode: 'byte' }]))
    }
    expect(version(qrSegments(link))).toBeLessThan(version([{ data: link, mode: 'byte' }]))
  })
})
