/**
 * App benchmarks in headless Chromium against the production build (run `npm run build` first;
 * `npm run bench` does). Prints medians of repeated runs; asserts nothing.
 *
 * - Start a call → invite shown, with no ICE servers and with a STUN server that never answers
 *   (a local UDP socket that swallows requests, the case that otherwise costs ~40 s);
 * - Join (the invite pasted) → reply shown, no ICE servers;
 * - Connect → control data channel open; Connect → first remote video frame;
 * - initial JavaScript (gzip) with the scanner lazy-loaded.
 */
import { createSocket } from 'node:dgram'
import { readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { launchChromium, openPage } from '../tests/e2e/driver'
import { markSpan } from '../tests/e2e/probes'
import { joinWithCode, startCall } from '../tests/e2e/steps'
import { connectTimes } from './connect'
import { envPort, fmt, ratio, saveStunServers } from './measure'

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
    // The guest in a browser of its own: in the host's, its camera would already be running.
    const guestBrowser = await launchChromium()
    const replies = await repeat(() => replyTime(browser, guestBrowser, `${BASE}?lan`)).finally(
      () => guestBrowser.close(),
    )
    console.log(`Join → reply shown, no ICE servers: ${fmt(replies)}`)
    const open: number[] = []
    const frame: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const [host, guest] = [await openPage(browser), await openPage(browser)]
      const times = await connectTimes(host, guest, `${BASE}?lan`).finally(() =>
        Promise.all([host.close(), guest.close()]),
      )
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

async function repeat(run: () => Promise<number>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < RUNS; i++) out.push(await run())
  return out
}

async function inviteTime(browser: Browser, url: string, servers: RTCIceServer[] | null) {
  const page = await openPage(browser)
  try {
    await page.goto(url)
    if (servers) {
      await saveStunServers(
        page,
        servers.flatMap((s) => s.urls),
      )
      await page.goto(url)
    }
    await page.click('button', 'Start a call')
    await page.waitFor('img', 'Invite QR code', 'visible', 60_000)
    return await markSpan(page, 'start-call', 'invite-shown')
  } finally {
    await page.close()
  }
}

/** Guest: Join pressed with a pasted invite → reply code shown (the app's own marks). */
async function replyTime(hosts: Browser, guests: Browser, url: string): Promise<number> {
  const [host, guest] = [await openPage(hosts), await openPage(guests)]
  try {
    await joinWithCode(guest, 'Gita', await startCall(host, 'Hana', url), url)
    return await markSpan(guest, 'join', 'reply-shown')
  } finally {
    await Promise.all([host.close(), guest.close()])
  }
}

/** What the app must do before it can show an invite, done directly: camera + mic, gathering. */
async function bareInviteTime(browser: Browser): Promise<number> {
  const page = await openPage(browser)
  try {
    await page.goto(`${BASE}?lan`)
    return await page.evaluate(async () => {
      const started = performance.now()
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
      const pc = new RTCPeerConnection({ iceServers: [] })
      pc.createDataChannel('bare')
      await pc.setLocalDescription(await pc.createOffer())
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve()
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') resolve()
        })
      })
      const ms = performance.now() - started
      for (const track of stream.getTracks()) track.stop()
      pc.close()
      return ms
    }, null)
  } finally {
    await page.close()
  }
}

/**
 * Gzipped bytes of the JavaScript the home page loads (every .js response until the page is
 * idle, service worker excluded), and of the rest of dist/assets (loaded when scanning or
 * sending files). Sizes are those of the files in dist/.
 */
async function jsGzipBytes(
  browser: Browser,
): Promise<{ initial: number; later: number; wasm: number }> {
  const page = await openPage(browser)
  await page.goto(BASE, 'networkidle')
  const loaded = new Set(page.requests.map((url) => new URL(url).pathname.split('/').pop() ?? ''))
  loaded.delete('sw.js')
  await page.close()
  const files = readdirSync('dist/assets')
  const size = (name: string) => gzipSync(readFileSync(`dist/assets/${name}`)).length
  const sum = (names: string[]) => names.reduce((total, n) => total + size(n), 0)
  return {
    initial: sum(files.filter((n) => n.endsWith('.js') && loaded.has(n))),
    later: sum(files.filter((n) => n.endsWith('.js') && !loaded.has(n))),
    wasm: sum(files.filter((n) => n.endsWith('.wasm'))),
  }
}
