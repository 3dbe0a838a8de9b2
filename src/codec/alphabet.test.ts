import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesToText, CODE_ALPHABET, textLength, textToBytes } from './alphabet'
import { CodecError } from './errors'

const QR_ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

describe('CODE_ALPHABET', () => {
  it('is 41 distinct QR-alphanumeric characters without space, %, . or *', () => {
    expect(CODE_ALPHABET).toHaveLength(41)
    expect(new Set(CODE_ALPHABET).size).toBe(41)
    for (const ch of CODE_ALPHABET) expect(QR_ALPHANUMERIC).toContain(ch)
    for (const ch of ' %.*') expect(CODE_ALPHABET).not.toContain(ch)
    expect(41 ** 3).toBeGreaterThanOrEqual(65536)
  })

  it('survives a URL fragment unchanged', () => {
    const url = new URL(`https://tatap.example/#${CODE_ALPHABET}`)
    expect(url.hash).toBe(`#${CODE_ALPHABET}`)
    expect(url.href).toBe(`https://tatap.example/#${CODE_ALPHABET}`)
  })
})

describe('bytesToText / textToBytes', () => {
  it('writes 2 bytes as 3 characters, least significant digit first', () => {
    expect(bytesToText(new Uint8Array([0x00, 0x00]))).toBe('000')
    expect(bytesToText(new Uint8Array([0x00, 0x01]))).toBe('100')
    expect(bytesToText(new Uint8Array([0x00, 41]))).toBe('010')
    // 65535 = 17 + 40 * 41 + 38 * 41^2
    expect(bytesToText(new Uint8Array([0xff, 0xff]))).toBe('H:-')
  })

  it('writes an odd trailing byte as 2 characters', () => {
    // 255 = 9 + 6 * 41
    expect(bytesToText(new Uint8Array([0xff]))).toBe('96')
  })

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = bytesToText(bytes)
        expect(text).toHaveLength(textLength(bytes.length))
        expect(textToBytes(text)).toEqual(bytes)
      }),
      { numRuns: 500 },
    )
  })

  it("never ends a text with ':' or '/', which linkifiers may cut off", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        expect(bytesToText(bytes)).not.toMatch(/[:/]$/)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses groups above 0xFFFF and tails above 0xFF as corrupted', () => {
    expect(() => textToBytes(':::')).toThrow(expect.objectContaining({ reason: 'corrupted' }))
    expect(() => textToBytes('::')).toThrow(expect.objectContaining({ reason: 'corrupted' }))
    expect(() => textToBytes('0000')).toThrow(CodecError)
  })
})
