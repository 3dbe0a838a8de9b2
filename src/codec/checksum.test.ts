import { describe, expect, it } from 'vitest'
import { crc16, fnv1a32 } from './checksum'

const ascii = (text: string) => new TextEncoder().encode(text)

describe('crc16 (CRC-16/CCITT-FALSE)', () => {
  it('matches the catalogue check value', () => {
    expect(crc16(ascii('123456789'))).toBe(0x29b1)
    expect(crc16(new Uint8Array())).toBe(0xffff)
  })

  it('covers only the first `end` bytes when asked', () => {
    expect(crc16(ascii('123456789xx'), 9)).toBe(0x29b1)
  })

  it('detects every burst of up to 16 bits at any 2-byte boundary', () => {
    const data = ascii('a reasonably long message of forty bytes')
    const reference = crc16(data)
    for (let offset = 0; offset + 1 < data.length; offset += 2) {
      for (let pattern = 1; pattern <= 0xffff; pattern += 97) {
        const copy = data.slice()
        copy[offset] = (copy[offset] as number) ^ (pattern >>> 8)
        copy[offset + 1] = (copy[offset + 1] as number) ^ (pattern & 0xff)
        expect(crc16(copy)).not.toBe(reference)
      }
    }
  })
})

describe('fnv1a32', () => {
  it('matches the reference values', () => {
    expect(fnv1a32([])).toBe(0x811c9dc5)
    expect(fnv1a32([ascii('a')])).toBe(0xe40c292c)
    expect(fnv1a32([ascii('foo'), ascii('bar')])).toBe(fnv1a32([ascii('foobar')]))
  })
})
