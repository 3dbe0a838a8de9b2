/**
 * Shared helpers for benchmarks on a noisy 2-core machine: figures are medians of interleaved
 * rounds, reported with their spread and as ratios to a baseline measured in the same run.
 */
import { createServer } from 'node:net'
import type { Browser } from 'playwright-core'
import type { AppPage } from '../tests/e2e/driver'

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** "median 12.3 (min 11.0 – max 14.2, n=3)" with `digits` decimals. */
export function spread(values: readonly number[], digits = 1, unit = ''): string {
  const sorted = [...values].sort((a, b) => a - b)
  const f = (v: number | undefined) => `${(v ?? Number.NaN).toFixed(digits)}${unit}`
  return `median ${f(median(values))} (${f(sorted[0])}–${f(sorted.at(-1))}, n=${values.length})`
}

/** Ratios of paired rounds (value / baseline of the same round), as median and range. */
export function ratio(values: readonly number[], baseline: readonly number[]): string {
  const pairs = values.map((v, i) => v / (baseline[i] ?? Number.NaN))
  return spread(pairs, 2)
}

/**
 * Cumulative CPU seconds of every process of a Chromium (browser, renderers, GPU, network…), from
 * CDP SystemInfo.getProcessInfo. The difference of two readings is what the browser spent.
 */
export async function cpuMeter(browser: Browser): Promise<() => Promise<number>> {
  const cdp = await browser.newBrowserCDPSession()
  return async () => {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{ cpuTime: number }>
    }
    return info.processInfo.reduce((sum, p) => sum + p.cpuTime, 0)
  }
}

/** A positive whole number from the environment (a count, a size), or `fallback`. */
export function envCount(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** A port from the environment (so parallel runs on one machine do not collide), or `fallback`. */
export function envPort(name: string, fallback: number): number {
  return envCount(name, fallback)
}

/** "median 123 ms (min 100, max 150, n=7)": milliseconds as the connect benchmarks print them. */
export function fmt(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
  return `median ${middle.toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}, n=${values.length})`
}

/** A loopback TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** Saves the app's ICE settings (Settings → STUN servers) in the page's origin; the app reads
 *  them when it next starts. */
export function saveStunServers(page: AppPage, stun: readonly string[]): Promise<void> {
  const settings = { lanOnly: false, stun, turn: null }
  return page.evaluate(
    (s) => localStorage.setItem('tatap.iceSettings', JSON.stringify(s)),
    settings,
  )
}
