import { describe, expect, it } from 'vitest'
import { bytesToText, textToBytes } from './alphabet'
import { crc16 } from './checksum'
import { CodecError } from './errors'
import { fixture } from './fixtures'
import { decodeSignal, encodeSignal } from './index'
import { reasonOf } from './test-helpers'

const offer = fixture('chromiumDcOffer')
const code = encodeSignal(offer)

/** Rewrites a valid code's frame and fixes its checksum, as a newer encoder might. */
function reframe(text: string, edit: (frame: Uint8Array) => void): string {
  const frame = textToBytes(text)
  edit(frame)
  const crc = crc16(frame, frame.length - 2)
  frame[frame.length - 2] = crc >>> 8
  frame[frame.length - 1] = crc & 0xff
  return bytesToText(frame)
}

describe('one CodecError reason per failure', () => {
  it('empty: blank text, or a link with nothing after #', () => {
    expect(reasonOf(() => decodeSignal(''))).toBe('empty')
    expect(reasonOf(() => decodeSignal(' \n\t '))).toBe('empty')
    expect(reasonOf(() => decodeSignal('https://tatap.example/#'))).toBe('empty')
  })

  it('not-a-code: foreign text, a link without a code, oversized input, non-strings', () => {
    expect(reasonOf(() => decodeSignal('hello, world!'))).toBe('not-a-code')
    expect(reasonOf(() => decodeSignal('https://tatap.example/'))).toBe('not-a-code')
    expect(reasonOf(() => decodeSignal('A'.repeat(4097)))).toBe('not-a-code')
    expect(reasonOf(() => decodeSignal(offer.sdp))).toBe('not-a-code')
    expect(reasonOf(() => decodeSignal(42 as unknown as string))).toBe('not-a-code')
  })

  it('corrupted: a changed character', () => {
    const changed = code.slice(0, 50) + (code[50] === 'A' ? 'B' : 'A') + code.slice(51)
    expect(reasonOf(() => decodeSignal(changed))).toBe('corrupted')
  })

  it('corrupted: a stray foreign character in a code', () => {
    expect(reasonOf(() => decodeSignal(`${code.slice(0, 60)}!${code.slice(61)}`))).toBe('corrupted')
  })

  it('not-a-code: everyday words, although made of code characters, are not "cut off"', () => {
    for (const words of ['hello there', 'HALO', 'see you at 5pm', 'ok thanks']) {
      expect(
        reasonOf(() => decodeSignal(words)),
        words,
      ).toBe('not-a-code')
    }
  })

  it('truncated: the end of the code is missing', () => {
    expect(reasonOf(() => decodeSignal(code.slice(0, -6)))).toBe('truncated')
    expect(reasonOf(() => decodeSignal(code.slice(0, 30)))).toBe('truncated')
  })

  it('unsupported-version: an intact code of format version 2', () => {
    const v2 = reframe(code, (frame) => {
      frame[0] = ((frame[0] as number) & 0b00011111) | (2 << 5)
    })
    expect(reasonOf(() => decodeSignal(v2))).toBe('unsupported-version')
  })

  it('unsupported-version: an intact code using reserved values', () => {
    const kind3 = reframe(code, (frame) => {
      frame[0] = (frame[0] as number) | 0b00011000
    })
    expect(reasonOf(() => decodeSignal(kind3))).toBe('unsupported-version')
  })

  it('invalid-sdp: an SDP without ICE credentials or fingerprint, or a bad replyTo', () => {
    expect(reasonOf(() => encodeSignal({ type: 'offer', sdp: 'v=0\r\n' }))).toBe('invalid-sdp')
    expect(reasonOf(() => encodeSignal(null as unknown as { type: 'offer'; sdp: string }))).toBe(
      'invalid-sdp',
    )
    const answer = fixture('chromiumDcAnswer')
    const badReply = { replyTo: { type: 'offer' as const, sdp: 'nonsense' } }
    expect(reasonOf(() => encodeSignal(answer, badReply))).toBe('invalid-sdp')
    expect(reasonOf(() => decodeSignal(encodeSignal(answer, { replyTo: offer }), badReply))).toBe(
      'invalid-sdp',
    )
  })

  it('wrong-offer: an answer bound to another offer', () => {
    const answer = encodeSignal(fixture('chromiumDcAnswer'), { replyTo: offer })
    const other = fixture('firefoxDcOffer')
    expect(reasonOf(() => decodeSignal(answer, { replyTo: other }))).toBe('wrong-offer')
    expect(decodeSignal(answer, { replyTo: offer }).type).toBe('answer')
  })

  it('CodecError carries its reason and a message', () => {
    const error = new CodecError('corrupted', 'damaged')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('CodecError')
    expect(error.reason).toBe('corrupted')
    expect(error.message).toBe('damaged')
  })
})

describe('answer binding', () => {
  const answer = fixture('firefoxDcAnswer')
  const firefoxOffer = fixture('firefoxDcOffer')

  it('accepts an unbound answer with any replyTo', () => {
    const unbound = encodeSignal(answer)
    expect(decodeSignal(unbound, { replyTo: offer }).type).toBe('answer')
  })

  it('accepts the bound answer with the decoded offer as replyTo too', () => {
    const bound = encodeSignal(answer, { replyTo: firefoxOffer })
    const decodedOffer = decodeSignal(encodeSignal(firefoxOffer))
    expect(decodeSignal(bound, { replyTo: decodedOffer }).type).toBe('answer')
  })

  it('ignores replyTo for offers', () => {
    expect(encodeSignal(offer, { replyTo: firefoxOffer })).toBe(code)
    expect(decodeSignal(code, { replyTo: firefoxOffer }).type).toBe('offer')
  })
})
