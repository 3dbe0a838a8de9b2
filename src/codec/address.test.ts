import { describe, expect, it } from 'vitest'
import { formatAddress, isLinkLocal, parseAddress } from './address'

const roundTrip = (text: string) => {
  const address = parseAddress(text)
  return address && formatAddress(address)
}

describe('parseAddress / formatAddress', () => {
  it('reads IPv4 dotted quads', () => {
    expect(parseAddress('192.0.2.2')).toEqual({
      family: 'ipv4',
      bytes: new Uint8Array([192, 0, 2, 2]),
    })
    expect(roundTrip('255.255.255.255')).toBe('255.255.255.255')
  })

  it('writes IPv6 in RFC 5952 form', () => {
    expect(roundTrip('fd00::2')).toBe('fd00::2')
    expect(roundTrip('2001:DB8:0:0:0:0:0:0042')).toBe('2001:db8::42')
    expect(roundTrip('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1')
    expect(roundTrip('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1')
    expect(roundTrip('::')).toBe('::')
    expect(roundTrip('::1')).toBe('::1')
    expect(roundTrip('fe80::1')).toBe('fe80::1')
    expect(roundTrip('::ffff:192.0.2.1')).toBe('::ffff:c000:201')
    expect(roundTrip('fe80::fc:ff:fe00:1%eth0')).toBe('fe80::fc:ff:fe00:1')
  })

  it('reads mDNS UUID host names in any case and writes them lower-case', () => {
    const address = parseAddress('74A702D2-472F-4668-8104-348B30B5C2A4.local')
    expect(address?.family).toBe('mdns')
    expect(address?.bytes).toHaveLength(16)
    expect(address && formatAddress(address)).toBe('74a702d2-472f-4668-8104-348b30b5c2a4.local')
  })

  it('returns null for what has no compact form', () => {
    for (const text of [
      'example.com',
      'my-laptop.local',
      '1.2.3',
      '1.2.3.256',
      '1.2.3.4.5',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '12345::',
      '1.2.3.4::',
      'g::1',
      '',
      'x'.repeat(100),
    ]) {
      expect(parseAddress(text), text).toBeNull()
    }
  })

  it('recognises IPv6 link-local addresses', () => {
    const check = (text: string) => {
      const address = parseAddress(text)
      return address !== null && isLinkLocal(address)
    }
    expect(check('fe80::1')).toBe(true)
    expect(check('febf::1')).toBe(true)
    expect(check('fec0::1')).toBe(false)
    expect(check('fd00::2')).toBe(false)
    expect(check('192.0.2.2')).toBe(false)
  })
})
