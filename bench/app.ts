/**
 * App benchmarks in headless Chromium against the production build (run `npm run build` first;
 * `npm run bench` does). Prints medians of repeated runs; asserts nothing.
 *
 * - Start a call → invite shown, with no ICE servers and with a STUN server that never answers
 *   (a local UDP socket that swallows requests, the case that otherwise costs ~40 s);
 * - Connect → control data channel open; Connect → first remote video frame;
 * - initial JavaScript (gzip) with the scanner lazy-loaded.
 */
import { createSocket } from 'node:dgram'
import { readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { preview } from 'vite'
import { launchChromium, newAppContext } from '../tests/e2e/browsers'
import { connectWithReply, joinWithCode, startCall } from '../tests/e2e/flow'
import { envPort, ratio } from './measure'

const PORT = envPort('TATAP_BENCH_APP_PORT', 4198)
const BASE = `http://127.0.0.1:${PORT}/`
const RUNS = 7

export async function runAppBench(): Promise<void> {
  console.log('\n## App (headless Chromium, production build)\n')
  const server = await preview({
    preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'silent',
  })
  const blackhole = createSocket('udp4')
  await new Promise<void>((resolve) => blackhole.bind(0, '127.0.0.1', resolve))
  const stunPort = blackhole.address().port
  const browser = await launchChromium()
  try {
    const js = await jsGzipBytes(browser)
    console.log(
      `initial JavaScript (what the home page loads), gzip: ${(js.initial / 1024).toFixed(1)} KB`,
    )
    console.log(
      `loaded later (scanner, workers, hash), gzip: ${(js.later / 1024).toFixed(1)} KB JS + ${(js.wasm / 1024).toFixed(1)} KB WebAssembly`,
    )
    // Interleaved: the bare getUserMedia + gathering the app has to do, then the app itself.
    const noServers: number[] = []
    const bare: number[] = []
    for (let i = 0; i < RUNS; i++) {
      bare.push(await bareInviteTime(browser))
      noServers.push(await inviteTime(browser, `${BASE}?lan`, null))
    }
    const deadStun = await repeat(() =>
      inviteTime(browser, BASE, [{ urls: `stun:127.0.0.1:${stunPort}` }]),
    )
    console.log(`bare getUserMedia + ICE gathering (no ICE servers): ${fmt(bare)}`)
    console.log(
      `Start a call → invite shown, no ICE servers: ${fmt(noServers)}; ratio to bare ${ratio(noServers, bare)}`,
    )
    console.log(`Start a call → invite shown, STUN server not answering: ${fmt(deadStun)}`)
    const open: number[] = []
    const frame: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const times = await connectTimes(browser)
      open.push(times.open)
      frame.push(times.frame)
    }
    console.log(`Connect → data channel open: ${fmt(open)}`)
    console.log(`Connect → first remote video frame: ${fmt(frame)}`)
  } finally {
    await browser.close()
    blackhole.close()
    await server.close()
  }
}

function fmt(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
  return `median ${median.toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}, n=${values.length})`
}

async function repeat(run: () => Promise<number>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < RUNS; i++) out.push(await run())
  return out
}

function between(page: Page, from: string, to: string): Promise<number> {
  return page.evaluate(
    ([a, b]) => {
      const start = performance.getEntriesByName(`tatap:${a}`).at(-1)
      const end = performance.getEntriesByName(`tatap:${b}`).at(-1)
      return start && end ? end.startTime - start.startTime : Number.NaN
    },
    [from, to],
  )
}

async function inviteTime(browser: Browser, url: string, servers: RTCIceServer[] | null) {
  const context = await newAppContext(browser)
  const page = await context.newPage()
  await page.goto(url)
  if (servers) {
    const settings = { lanOnly: false, stun: servers.map((s) => s.urls), turn: null }
    await page.evaluate(
      (s) => localStorage.setItem('tatap.iceSettings', JSON.stringify(s)),
      settings,
    )
    await page.reload()
  }
  await page.getByRole('button', { name: 'Start a call' }).click()
  await page.getByRole('img', { name: 'Invite QR code' }).waitFor({ timeout: 60_000 })
  const ms = await between(page, 'start-call', 'invite-shown')
  await context.close()
  return ms
}

async function connectTimes(browser: Browser): Promise<{ open: number; frame: number }> {
  const hostContext = await newAppContext(browser)
  const guestContext = await newAppContext(browser)
  const host = await hostContext.newPage()
  const guest = await guestContext.newPage()
  const invite = await startCall(host, 'Hana', `${BASE}?lan`)
  const reply = await joinWithCode(guest, 'Gita', invite, `${BASE}?lan`)
  // Watch for the first decoded remote frame from before Connect is pressed.
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  // `void`: evaluate must not wait for the promise it stores.
  await host.evaluate(`
    void (window.__firstFrame = new Promise((resolve) => {
      const poll = () => {
        const video = document.querySelector('video[aria-label^="Video of"]')
        if (video && video.srcObject) video.requestVideoFrameCallback((now) => resolve(now))
        else setTimeout(poll, 5)
      }
      poll()
    }))
  `)
  await connectWithReply(host, reply)
  const frameAt = await host.evaluate(
    () => (window as unknown as { __firstFrame: Promise<number> }).__firstFrame,
  )
  const open = await between(host, 'reply-accepted', 'channel-open')
  const accepted = await host.evaluate(
    () => performance.getEntriesByName('tatap:reply-accepted').at(-1)?.startTime ?? 0,
  )
  await hostContext.close()
  await guestContext.close()
  return { open, frame: frameAt - accepted }
}

/** What the app must do before it can show an invite, done directly: camera + mic, gathering. */
async function bareInviteTime(browser: Browser): Promise<number> {
  const context = await newAppContext(browser)
  const page = await context.newPage()
  await page.goto(`${BASE}?lan`)
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  const ms = await page.evaluate<number>(`(async () => {
    const started = performance.now()
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
    const pc = new RTCPeerConnection({ iceServers: [] })
    pc.createDataChannel('bare')
    await pc.setLocalDescription(await pc.createOffer())
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve()
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve()
      })
    })
    const ms = performance.now() - started
    for (const track of stream.getTracks()) track.stop()
    pc.close()
    return ms
  })()`)
  await context.close()
  return ms
}

/**
 * Gzipped bytes of the JavaScript the home page loads (every .js response until the page is
 * idle, service worker excluded), and of the rest of dist/assets (loaded when scanning or
 * sending files). Sizes are those of the files in dist/.
 */
async function jsGzipBytes(
  browser: Browser,
): Promise<{ initial: number; later: number; wasm: number }> {
  const context = await newAppContext(browser)
  const page = await context.newPage()
  const loaded = new Set<string>()
  page.on('response', (response) => {
    const name = response.url().split('/').pop() ?? ''
    if (name.endsWith('.js') && name !== 'sw.js') loaded.add(name)
  })
  await page.goto(BASE, { waitUntil: 'networkidle' })
  await context.close()
  const files = readdirSync('dist/assets')
  const size = (name: string) => gzipSync(readFileSync(`dist/assets/${name}`)).length
  const sum = (names: string[]) => names.reduce((total, n) => total + size(n), 0)
  return {
    initial: sum(files.filter((n) => loaded.has(n))),
    later: sum(files.filter((n) => n.endsWith('.js') && !loaded.has(n))),
    wasm: sum(files.filter((n) => n.endsWith('.wasm'))),
  }
}
