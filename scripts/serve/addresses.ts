import type { NetworkInterfaceInfo } from 'node:os'

/**
 * Which addresses the LAN server answers on, and which names its certificate must carry.
 * Pure: takes `os.networkInterfaces()` and `os.hostname()` as data so unit tests can feed any
 * machine's layout.
 */

/** One address a phone on the same network could open, best first (see `rankAddress`). */
export interface LanAddress {
  interfaceName: string
  address: string
  family: 'IPv4' | 'IPv6'
}

/** The names a server certificate lists in subjectAltName: DNS names and IP addresses. */
export interface CertificateNames {
  dns: string[]
  ips: string[]
}

/** Interfaces that belong to containers, VMs or bridges on this machine, not to the LAN. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vnet|lxc|lxd|podman|cni|flannel|cali|vmnet)/

/**
 * The machine's non-internal IPv4 and IPv6 addresses, deduplicated and ranked best first.
 * IPv6 link-local addresses (fe80::/10) are left out: a browser cannot open one without a zone
 * id, and URLs have no way to carry it.
 */
export function lanAddresses(
  interfaces: NodeJS.Dict<readonly NetworkInterfaceInfo[]>,
): LanAddress[] {
  const seen = new Set<string>()
  const found: LanAddress[] = []
  for (const [interfaceName, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue
      const address = normalizeIp(info.address)
      if (info.family === 'IPv6' && isIpv6LinkLocal(address)) continue
      if (seen.has(address)) continue
      seen.add(address)
      found.push({ interfaceName, address, family: info.family })
    }
  }
  return found.sort((a, b) => rankAddress(a) - rankAddress(b))
}

/**
 * Lower is better. Home and office networks are private IPv4 almost everywhere, and every phone
 * can open an IPv4 address; IPv6 and addresses on container bridges come last.
 */
function rankAddress(lan: LanAddress): number {
  const virtual = VIRTUAL_INTERFACE.test(lan.interfaceName) ? 100 : 0
  if (lan.family === 'IPv6') return virtual + 50
  const [a = 0, b = 0] = lan.address.split('.').map(Number)
  if (a === 192 && b === 168) return virtual + 1
  if (a === 10) return virtual + 2
  if (a === 172 && b >= 16 && b <= 31) return virtual + 3
  return virtual + 10
}

/**
 * The mDNS name phones may resolve for this machine (`HOSTNAME.local`), or null when the host
 * name cannot be one: only the first label is used, lower-cased; it must be a valid DNS label.
 */
export function localDnsName(hostname: string): string | null {
  const label =
    hostname
      .trim()
      .toLowerCase()
      .replace(/\.local\.?$/, '')
      .split('.')[0] ?? ''
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label) ? `${label}.local` : null
}

/**
 * Every name the server certificate must cover: `localhost`, `HOSTNAME.local`, loopback
 * (127.0.0.1 and ::1) and each LAN address. Sorted, so equal sets compare equal as arrays.
 */
export function certificateNames(lan: readonly LanAddress[], hostname: string): CertificateNames {
  const local = localDnsName(hostname)
  const dns = new Set(['localhost', ...(local ? [local] : [])])
  const ips = new Set(['127.0.0.1', '::1', ...lan.map((entry) => normalizeIp(entry.address))])
  return { dns: [...dns].sort(), ips: [...ips].sort() }
}

/** An address as it goes into a URL's host: IPv6 in brackets. */
export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address
}

/**
 * One spelling per address, so sets compare: IPv6 compressed and lower-case (`fd00::2`), as the
 * URL parser writes it; IPv4 unchanged.
 */
export function normalizeIp(address: string): string {
  if (!address.includes(':')) return address
  return new URL(`http://[${address}]/`).hostname.slice(1, -1)
}

function isIpv6LinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address)
}
