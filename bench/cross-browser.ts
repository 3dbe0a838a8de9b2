/**
 * Cross-browser connect times through the app's UI, headless Chromium ⇄ Firefox ESR, against the
 * production build (run `npx vite build` first). Prints medians; asserts nothing.
 *
 * For each direction (host browser → guest browser), the measures of bench/connect.ts — the same
 * as bench/app.ts takes for Chromium ⇄ Chromium. Port: TATAP_BENCH_CROSS_PORT, else a free one.
 *
 * Runs alone with `npx tsx bench/cross-browser.ts`.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { preview } from 'vite'
import { type BrowserKind, launchChromium, launchFirefox, openPage } from '../tests/e2e/driver'
import { connectTimes } from './connect'
import { envPort, fmt, freePort } from './measure'

const RUNS = 5

export async function runCrossBrowserBench(): Promise<void> {
  console.log('\n## Cross-browser connect (headless Chromium ⇄ Firefox ESR, production build)\n')
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npx vite build`.')
  const port = envPort('TATAP_BENCH_CROSS_PORT', await freePort())
  const url = `http://127.0.0.1:${port}/?lan`
  const server = await preview({
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'silent',
  })
  let chromium: PlaywrightBrowser | undefined
  let firefox: PuppeteerBrowser | undefined
  try {
    ;[chromium, firefox] = await Promise.all([launchChromium(), launchFirefox()])
    const browsers = { Chromium: chromium, Firefox: firefox }
    const open = (kind: BrowserKind) => openPage(browsers[kind])
    for (const [hostKind, guestKind] of [
      ['Chromium', 'Firefox'],
      ['Firefox', 'Chromium'],
    ] as const) {
      const channel: number[] = []
      const frame: number[] = []
      for (let i = 0; i < RUNS; i++) {
        const [host, guest] = await Promise.all([open(hostKind), open(guestKind)])
        try {
          const times = await connectTimes(host, guest, url)
          channel.push(times.open)
          frame.push(times.frame)
        } finally {
          await Promise.all([host.close(), guest.close()])
        }
      }
      console.log(`${hostKind} host → ${guestKind} guest`)
      console.log(`  Connect → data channel open: ${fmt(channel)}`)
      console.log(`  Connect → first remote video frame: ${fmt(frame)}`)
    }
  } finally {
    await Promise.all([chromium?.close(), firefox?.close()])
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runCrossBrowserBench()
}
