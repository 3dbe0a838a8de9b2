import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { certificateNames, lanAddresses, localDnsName, normalizeIp, urlHost } from './addresses'

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '', cidr: null }
}
function v6(address: string, internal = false): NetworkInterfaceInfo {
  return { address, family: 'IPv6', internal, netmask: 'ffff::', mac: '', cidr: null, scopeid: 0 }
}

/** A laptop on home Wi‑Fi with IPv6, running Docker. */
const LAPTOP = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  docker0: [v4('172.17.0.1')],
  wlp2s0: [v4('192.168.1.20'), v6('2001:db8:0:0:0:0:0:20'), v6('fe80::1c2b:3cff:fe4d:5e6f')],
  tun0: [v4('10.8.0.2')],
}

describe('lanAddresses', () => {
  it('keeps non-internal IPv4 and IPv6, drops loopback and link-local IPv6, best first', () => {
    expect(lanAddresses(LAPTOP).map((a) => a.address)).toEqual([
      '192.168.1.20',
      '10.8.0.2',
      '2001:db8::20',
      '172.17.0.1', // a container bridge: last, but still listed
    ])
  })

  it('lists an address found on two interfaces once', () => {
    expect(lanAddresses({ a: [v4('192.168.1.20')], b: [v4('192.168.1.20')] })).toHaveLength(1)
  })

  it('is empty on a machine with no network', () => {
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)] })).toEqual([])
  })
})

describe('certificateNames (address list → subjectAltName)', () => {
  it('covers localhost, HOSTNAME.local, loopback and every LAN address', () => {
    expect(certificateNames(lanAddresses(LAPTOP), 'ana-laptop')).toEqual({
      dns: ['ana-laptop.local', 'localhost'],
      ips: ['10.8.0.2', '127.0.0.1', '172.17.0.1', '192.168.1.20', '2001:db8::20', '::1'],
    })
  })

  it('uses the first label of a qualified host name, lower-cased, once', () => {
    expect(localDnsName('Ana-Laptop.example.org')).toBe('ana-laptop.local')
    expect(localDnsName('Anas-MacBook-Pro.local')).toBe('anas-macbook-pro.local')
  })

  it('leaves out a host name that cannot be a DNS label', () => {
    expect(localDnsName('my_laptop')).toBeNull()
    expect(localDnsName('')).toBeNull()
    expect(certificateNames([], 'my_laptop').dns).toEqual(['localhost'])
  })
})

describe('address spelling', () => {
  it('writes IPv6 one way and in brackets inside URLs', () => {
    expect(normalizeIp('FD00:0:0:0:0:0:0:2')).toBe('fd00::2')
    expect(normalizeIp('192.168.1.20')).toBe('192.168.1.20')
    expect(urlHost('fd00::2')).toBe('[fd00::2]')
    expect(urlHost('192.168.1.20')).toBe('192.168.1.20')
  })
})
