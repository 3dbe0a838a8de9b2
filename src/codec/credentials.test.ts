import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteReader, ByteWriter } from './bytes'
import { credentialMode, readCredentials, validCredentials, writeCredentials } from './credentials'
import { Credentials } from './format'

const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const iceString = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...ICE_CHARS), minLength: min, maxLength: max })

function pack(ufrag: string, pwd: string): { mode: number; bytes: Uint8Array } {
  const w = new ByteWriter()
  const mode = credentialMode(ufrag, pwd)
  writeCredentials(w, mode, ufrag, pwd)
  return { mode, bytes: w.finish() }
}

describe('ICE credential packing', () => {
  it('packs libwebrtc 4/24 credentials in 21 bytes', () => {
    const { mode, bytes } = pack('j6+Q', 'B38Y9EjoW1SpHBilz4Wkug8m')
    expect(mode).toBe(Credentials.libwebrtc)
    expect(bytes).toHaveLength(21)
  })

  it('packs Firefox 8/32 lower-case hex credentials in 20 bytes', () => {
    const { mode, bytes } = pack('6fd94f6f', '8f0892d1176eef08cc10abd8eccfaabe')
    expect(mode).toBe(Credentials.hex)
    expect(bytes).toHaveLength(20)
  })

  it('falls back to general packing for other shapes', () => {
    expect(pack('6FD94F6F', '8F0892D1176EEF08CC10ABD8ECCFAABE').mode).toBe(Credentials.general)
    const { mode, bytes } = pack('abcde', 'x'.repeat(22))
    expect(mode).toBe(Credentials.general)
    expect(bytes).toHaveLength(2 + Math.ceil((27 * 6) / 8))
  })

  it('round-trips every valid length and charset', () => {
    fc.assert(
      fc.property(iceString(4, 256), iceString(22, 256), (ufrag, pwd) => {
        expect(validCredentials(ufrag, pwd)).toBe(true)
        const { mode, bytes } = pack(ufrag, pwd)
        const r = new ByteReader(bytes)
        expect(readCredentials(r, mode)).toEqual({ ufrag, pwd })
        expect(r.remaining).toBe(0)
      }),
      { numRuns: 400 },
    )
  })

  it('rejects invalid characters and lengths', () => {
    expect(validCredentials('abc', 'x'.repeat(22))).toBe(false)
    expect(validCredentials('abcd', 'x'.repeat(21))).toBe(false)
    expect(validCredentials('a'.repeat(257), 'x'.repeat(22))).toBe(false)
    expect(validCredentials('abcd', 'x'.repeat(257))).toBe(false)
    expect(validCredentials('ab-d', 'x'.repeat(22))).toBe(false)
    expect(validCredentials('abcd', `${'x'.repeat(21)}é`)).toBe(false)
  })

  it('refuses non-zero fill bits as corrupted', () => {
    const { mode, bytes } = pack('abcde', 'x'.repeat(22))
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) | 1
    expect(() => readCredentials(new ByteReader(bytes), mode)).toThrow(
      expect.objectContaining({ reason: 'corrupted' }),
    )
  })
})
