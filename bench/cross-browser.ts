/**
 * Cross-browser connect times through the app's UI, headless Chromium ⇄ Firefox ESR, against the
 * production build (run `npx vite build` first). Prints medians; asserts nothing.
 *
 * For each direction (host browser → guest browser): invite and reply are pasted, then on the
 * host page, from its `tatap:reply-accepted` User Timing mark (set when Connect takes the reply)
 * to `tatap:channel-open` (control data channel open), and to the first remote video frame the
 * host presents (requestVideoFrameCallback) — the same measures as bench/app.ts for Chromium.
 *
 * Runs alone with `npx tsx bench/cross-browser.ts`.
 */
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { preview } from 'vite'
import { launchChromium } from '../tests/e2e/browsers'
import {
  type AppPage,
  type BrowserKind,
  chromiumPage,
  connectWithReply,
  firefoxPage,
  joinWithCode,
  launchFirefox,
  markSpan,
  startCall,
} from '../tests/e2e/firefox'

const RUNS = 5

export async function runCrossBrowserBench(): Promise<void> {
  console.log('\n## Cross-browser connect (headless Chromium ⇄ Firefox ESR, production build)\n')
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npx vite build`.')
  const port = await freePort()
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
    const open = (kind: BrowserKind) =>
      kind === 'Firefox' ? firefoxPage(browsers.Firefox) : chromiumPage(browsers.Chromium)
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
          channel.push(times.channel)
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

async function connectTimes(
  host: AppPage,
  guest: AppPage,
  url: string,
): Promise<{ channel: number; frame: number }> {
  const invite = await startCall(host, 'Hana', url)
  const reply = await joinWithCode(guest, 'Gita', invite, url)
  // Watch for the host's first presented remote frame from before Connect is pressed.
  await host.evaluate(() => {
    const win = window as unknown as { __firstFrame?: Promise<number> }
    win.__firstFrame = new Promise((resolve) => {
      const poll = () => {
        const video = document.querySelector<HTMLVideoElement>('video[aria-label^="Video of"]')
        if (video?.srcObject) video.requestVideoFrameCallback((now) => resolve(now))
        else setTimeout(poll, 5)
      }
      poll()
    })
  }, null)
  await connectWithReply(host, reply)
  const frameAt = await host.evaluate(
    () => (window as unknown as { __firstFrame: Promise<number> }).__firstFrame,
    null,
  )
  const accepted = await host.evaluate(
    () => performance.getEntriesByName('tatap:reply-accepted').at(-1)?.startTime ?? Number.NaN,
    null,
  )
  return {
    channel: await markSpan(host, 'reply-accepted', 'channel-open'),
    frame: frameAt - accepted,
  }
}

function fmt(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
  return `median ${median.toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}, n=${values.length})`
}

/** A loopback TCP port nobody listens on right now. */
function freePort(): Promise<number> {
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

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runCrossBrowserBench()
}
