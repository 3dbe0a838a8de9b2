/**
 * Two hosts on one machine, for tests of what crosses a network (docs/testing.md, "Network
 * outages"): each browser runs in its own network namespace, linked to this machine by a veth
 * pair, this machine routing between them. Taking a host's link down is a network outage; giving
 * it another address is a phone walking to another network. Only addresses inside these
 * namespaces are used (10.77.x.x). Needs root and iproute2 (CI runs as root).
 *
 * Names, links and subnets are the worker's own (env.ts `WORKER`): worker W has the namespaces
 * `tatap-wW-a` and `tatap-wW-b`, on 10.77.(10W+1).0/24 and 10.77.(10W+2).0/24.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CHROMIUM_PATH } from './driver'
import { WORKER } from './env'

export interface NetHost {
  readonly name: string
  /** The first three parts of its link's /24 (e.g. `10.77.12`): moveTo's addresses are in it. */
  readonly subnet: string
  /** Its address now (changes with moveTo). */
  address: string
  /** This machine's address on its link: where it reaches the app server. */
  readonly gateway: string
  /** A Chromium executable that runs inside the namespace (for launchChromium's `executable`). */
  readonly chromium: string
  linkDown(): void
  linkUp(): void
  /** Gives the host another address on its link (the old one is gone). */
  moveTo(address: string): void
}

export interface TwoHosts {
  a: NetHost
  b: NetHost
  close(): void
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' })
}

function inNs(ns: string, ...args: string[]): void {
  ip('netns', 'exec', ns, 'ip', ...args)
}

/** Whether this machine can make network namespaces (root, iproute2). */
export function canMakeNamespaces(): boolean {
  try {
    ip('netns', 'add', `tatap-w${WORKER}-probe`)
    ip('netns', 'del', `tatap-w${WORKER}-probe`)
    return true
  } catch {
    return false
  }
}

export function twoHosts(): TwoHosts {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-netns-'))
  execFileSync('sysctl', ['-qw', 'net.ipv4.ip_forward=1'])
  const hosts = (['a', 'b'] as const).map((side, i) => makeHost(side, i + 1, dir))
  const [a, b] = hosts as [NetHost & { remove(): void }, NetHost & { remove(): void }]
  return {
    a,
    b,
    close() {
      for (const host of hosts) host.remove()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function makeHost(side: 'a' | 'b', subnet: number, dir: string): NetHost & { remove(): void } {
  const ns = `tatap-w${WORKER}-${side}`
  // Link names have at most 15 characters.
  const outer = `tatap${WORKER}${side}0`
  const inner = `tatap${WORKER}${side}1`
  const prefix = `10.77.${10 * WORKER + subnet}`
  const gateway = `${prefix}.1`
  // A namespace left over from an interrupted run goes first.
  try {
    ip('netns', 'del', ns)
  } catch {
    // none
  }
  try {
    ip('link', 'del', outer)
  } catch {
    // none
  }
  ip('netns', 'add', ns)
  ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner)
  ip('link', 'set', inner, 'netns', ns)
  ip('addr', 'add', `${gateway}/24`, 'dev', outer)
  ip('link', 'set', outer, 'up')
  inNs(ns, 'link', 'set', 'lo', 'up')
  const chromium = join(dir, `chromium-${side}`)
  writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${ns} ${CHROMIUM_PATH} "$@"\n`)
  chmodSync(chromium, 0o755)
  const host = {
    name: ns,
    subnet: prefix,
    address: `${prefix}.2`,
    gateway,
    chromium,
    linkDown() {
      inNs(ns, 'link', 'set', inner, 'down')
    },
    linkUp() {
      inNs(ns, 'link', 'set', inner, 'up')
      inNs(ns, 'route', 'replace', 'default', 'via', gateway)
    },
    moveTo(address: string) {
      // The old address goes first: deleting a primary address takes its secondaries along.
      inNs(ns, 'addr', 'del', `${host.address}/24`, 'dev', inner)
      inNs(ns, 'addr', 'add', `${address}/24`, 'dev', inner)
      inNs(ns, 'route', 'replace', 'default', 'via', gateway)
      host.address = address
    },
    remove() {
      try {
        ip('netns', 'del', ns)
      } catch {
        // already gone
      }
      try {
        ip('link', 'del', outer)
      } catch {
        // went with the namespace
      }
    },
  }
  inNs(ns, 'addr', 'add', `${host.address}/24`, 'dev', inner)
  inNs(ns, 'link', 'set', inner, 'up')
  inNs(ns, 'route', 'add', 'default', 'via', gateway)
  return host
}
