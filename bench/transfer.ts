/**
 * Call benchmarks in headless Chromium against the production build (`npm run build` first).
 *
 * Files: the app's transfer through the UI (Send file → Accept → Save link shown) against the
 * ceiling, a bare data channel between two pages with the app's flow control (bare-channel.ts),
 * in ROUNDS interleaved rounds of [bare, app cameras off, app cameras on, bare again while the
 * app's call runs its cameras: what the machine alone leaves a channel then]. Each figure: MB/s,
 * its ratio to the same round's bare channel, and the CPU the pair's browsers spent per MB (all
 * their processes, CDP SystemInfo). Peak JS heap on both sides, for a small and a large file:
 * flat means memory does not grow with file size.
 * Each side of a pair (the app's host and guest, the bare channel's two pages) runs in a browser
 * of its own, as on two devices: in one browser both sides' packets pass through one network
 * service thread, which was the ceiling of both the bare channel and the app (stop 24's trace:
 * 1.0 CPU-s/s on that one thread). TATAP_BENCH_ONE_BROWSER=1 measures as before (one browser
 * per pair).
 * Screen share: Share screen → first frame of the screen on the other side.
 * Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { type AppPage, launchChromium, openPage, playwrightOf } from '../tests/e2e/driver'
import { firstFrameTime, pageTimeOrigin, watchFirstFrame } from '../tests/e2e/probes'
import { callBetween, hasVideo, waitFor } from '../tests/e2e/steps'
import { connectBare } from './bare-channel'
import { cpuMeter, envPort, ratio, spread } from './measure'

const PORT = envPort('TATAP_BENCH_TRANSFER_PORT', 4690)
const URL_LAN = `http://127.0.0.1:${PORT}/?lan`
const ROUNDS = Number(process.env.TATAP_BENCH_ROUNDS ?? 3)
const FILE_MIB = Number(process.env.TATAP_BENCH_FILE_MIB ?? 200)
const SMALL_MIB = 16
const ONE_BROWSER = process.env.TATAP_BENCH_ONE_BROWSER === '1'

/** The browsers of a pair's two sides: two, or the same one twice (TATAP_BENCH_ONE_BROWSER). */
async function launchPair(): Promise<[Browser, Browser]> {
  const first = await launchChromium()
  return [first, ONE_BROWSER ? first : await launchChromium()]
}

/** CPU seconds of every process of the pair's browsers (cpuMeter of each, summed). */
async function pairCpuMeter(pair: readonly Browser[]): Promise<() => Promise<number>> {
  const meters = await Promise.all([...new Set(pair)].map((b) => cpuMeter(b)))
  return async () => (await Promise.all(meters.map((m) => m()))).reduce((a, b) => a + b, 0)
}

interface Run {
  mbps: number
  cpuMsPerMb: number
  /** CPU per MB less what the browser burns idle at that moment (a call's audio and video). */
  netCpuMsPerMb: number
}

const IDLE_SAMPLE_MS = 3000

/** CPU seconds per second the browser spends with nothing transferring. */
async function idleRate(cpu: () => Promise<number>): Promise<number> {
  const before = await cpu()
  await new Promise((r) => setTimeout(r, IDLE_SAMPLE_MS))
  return ((await cpu()) - before) / (IDLE_SAMPLE_MS / 1000)
}

export async function runTransferBench(): Promise<void> {
  console.log('\n## Call: files and screen share (headless Chromium ⇄ Chromium, this machine)\n')
  const server = await preview({
    preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'silent',
  })
  console.log(
    ONE_BROWSER
      ? 'both sides of each pair in one browser (TATAP_BENCH_ONE_BROWSER=1)\n'
      : 'each side in a browser of its own, as on two devices\n',
  )
  // The call's browsers apart from the bare channel's, so that each CPU meter sees only its own
  // pair: the call's idle pages do not count against the bare channel.
  const callBrowsers = await launchPair()
  const bareBrowsers = await launchPair()
  const dir = mkdtempSync(join(tmpdir(), 'tatap-bench-'))
  try {
    const cpu = await pairCpuMeter(callBrowsers)
    const bareCpu = await pairCpuMeter(bareBrowsers)
    const { host, guest } = await connect(callBrowsers)
    // Never granted the camera, like the pages of a bare channel test.
    const bareA = await openPage(bareBrowsers[0], { allowMedia: false })
    const bareB = await openPage(bareBrowsers[1], { allowMedia: false })
    await bareA.goto(URL_LAN)
    await bareB.goto(URL_LAN)
    const bare = await connectBare(bareA, bareB)
    await setCameras([host, guest], 'off')
    const bytes = FILE_MIB * 1024 * 1024
    const path = join(dir, 'bench.bin')
    writeFileSync(path, randomBytes(bytes))
    const small = join(dir, 'small.bin')
    writeFileSync(small, randomBytes(SMALL_MIB * 1024 * 1024))

    const heapSmall = await sendFile(host, guest, small, 'small-0.bin', cpu)
    const runs: Record<'bare' | 'off' | 'on' | 'beside', Run[]> = {
      bare: [],
      off: [],
      on: [],
      beside: [],
    }
    const heaps: Array<{ sender: number; receiver: number }> = []
    /** The bare channel once: its idle CPU first, then the file's bytes from memory. */
    const bareRun = async (): Promise<Run> => {
      const idle = await idleRate(bareCpu)
      const before = await bareCpu()
      const ms = await bare.transfer(bytes)
      return figures(bytes, ms / 1000, (await bareCpu()) - before, idle)
    }
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await bareRun())
      const offIdle = await idleRate(cpu)
      const off = await sendFile(host, guest, path, `off-${round}.bin`, cpu)
      runs.off.push(figures(bytes, off.seconds, off.cpuSeconds, offIdle))
      heaps.push({ sender: off.senderPeakMb, receiver: off.receiverPeakMb })
      await setCameras([host, guest], 'on')
      const onIdle = await idleRate(cpu)
      const on = await sendFile(host, guest, path, `on-${round}.bin`, cpu)
      runs.on.push(figures(bytes, on.seconds, on.cpuSeconds, onIdle))
      runs.beside.push(await bareRun())
      await setCameras([host, guest], 'off')
      process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`)
    }
    const mb = (r: Run[]) => r.map((x) => x.mbps)
    const cpuOf = (r: Run[]) => r.map((x) => x.cpuMsPerMb)
    const netOf = (r: Run[]) => r.map((x) => x.netCpuMsPerMb)
    console.log(
      `file ${FILE_MIB} MiB, ${ROUNDS} interleaved rounds [bare, app cameras off, app cameras on, bare beside cameras]:`,
    )
    console.log(
      `  bare channel (ceiling): ${spread(mb(runs.bare), 1, ' MB/s')}; CPU ${spread(cpuOf(runs.bare), 0, ' ms/MB')}, net of idle ${spread(netOf(runs.bare), 0, ' ms/MB')}`,
    )
    for (const cams of ['off', 'on'] as const) {
      console.log(
        `  app, cameras ${cams}: ${spread(mb(runs[cams]), 1, ' MB/s')}; ratio to bare ${ratio(mb(runs[cams]), mb(runs.bare))}; ` +
          `CPU ${spread(cpuOf(runs[cams]), 0, ' ms/MB')} = ${ratio(cpuOf(runs[cams]), cpuOf(runs.bare))} × bare; ` +
          `net of the call's idle CPU ${spread(netOf(runs[cams]), 0, ' ms/MB')} = ${ratio(netOf(runs[cams]), netOf(runs.bare))} × bare`,
      )
    }
    console.log(
      `  bare channel beside the app's call with its cameras on (other browsers, same cores): ${spread(mb(runs.beside), 1, ' MB/s')}; ` +
        `ratio to bare ${ratio(mb(runs.beside), mb(runs.bare))}; the app with cameras on is ${ratio(mb(runs.on), mb(runs.beside))} of it`,
    )
    const peak = (pick: (h: { sender: number; receiver: number }) => number) =>
      Math.max(...heaps.map(pick)).toFixed(1)
    console.log(
      `  peak JS heap: ${SMALL_MIB} MiB file sender ${heapSmall.senderPeakMb.toFixed(1)} MB, receiver ` +
        `${heapSmall.receiverPeakMb.toFixed(1)} MB; ${FILE_MIB} MiB file sender ${peak((h) => h.sender)} MB, receiver ${peak((h) => h.receiver)} MB`,
    )

    await setCameras([host, guest], 'on')
    const shares: number[] = []
    for (let i = 0; i < 5; i++) shares.push(await screenShareLatency(host, guest))
    console.log(`Share screen → first remote frame: ${spread(shares, 0, ' ms')}`)
  } finally {
    for (const b of new Set([...callBrowsers, ...bareBrowsers])) await b.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function figures(bytes: number, seconds: number, cpuSeconds: number, idle: number): Run {
  const mb = bytes / 1e6
  return {
    mbps: mb / seconds,
    cpuMsPerMb: (cpuSeconds * 1000) / mb,
    netCpuMsPerMb: (Math.max(0, cpuSeconds - idle * seconds) * 1000) / mb,
  }
}

async function setCameras(pages: AppPage[], want: 'on' | 'off'): Promise<void> {
  const name = want === 'on' ? 'Turn camera on' : 'Turn camera off'
  for (const page of pages) {
    if (await page.isVisible('button', name)) await page.click('button', name)
  }
}

async function connect([hostBrowser, guestBrowser]: readonly [Browser, Browser]) {
  const host = await openPage(hostBrowser)
  const guest = await openPage(guestBrowser)
  await callBetween(host, guest, ['Hana', 'Gita'], URL_LAN)
  await waitFor(() => hasVideo(host, 'Video of Gita'), Boolean, 15_000)
  await waitFor(() => hasVideo(guest, 'Video of Hana'), Boolean, 15_000)
  return { host, guest }
}

/** Samples the page's used JS heap (after V8's own accounting) until stopped; returns the peak. */
async function heapSampler(page: AppPage): Promise<() => Promise<number>> {
  const cdp = await playwrightOf(page).context().newCDPSession(playwrightOf(page))
  let peak = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      peak = Math.max(peak, usage.usedSize)
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  return async () => {
    running = false
    await loop
    await cdp.detach()
    return peak / 1024 / 1024
  }
}

async function sendFile(
  host: AppPage,
  guest: AppPage,
  path: string,
  name: string,
  cpu: () => Promise<number>,
) {
  // Each transfer needs its own name (the UI finds its Accept and Save by name): a hard link.
  const linked = join(dirname(path), name)
  linkSync(path, linked)
  await host.chooseFiles('Send file', [linked])
  const stopSender = await heapSampler(host)
  const stopReceiver = await heapSampler(guest)
  const cpuBefore = await cpu()
  const started = performance.now()
  await guest.click('button', `Accept ${name}`)
  await guest.waitFor('link', `Save ${name}`, 'visible', 600_000)
  const seconds = (performance.now() - started) / 1000
  const cpuSeconds = (await cpu()) - cpuBefore
  return {
    seconds,
    cpuSeconds,
    senderPeakMb: await stopSender(),
    receiverPeakMb: await stopReceiver(),
  }
}

async function screenShareLatency(host: AppPage, guest: AppPage): Promise<number> {
  await watchFirstFrame(guest, 'Screen of')
  // A real click: getDisplayMedia needs the person's gesture. Both clocks are this machine's.
  const clicked = Date.now()
  await host.click('button', 'Share screen')
  const frameAt = (await pageTimeOrigin(guest)) + (await firstFrameTime(guest))
  await host.click('button', 'Stop sharing')
  await waitFor(
    () => hasVideo(guest, 'Screen of Hana'),
    (shown) => !shown,
    15_000,
  )
  return frameAt - clicked
}

if (import.meta.url === `file://${process.argv[1]}`) await runTransferBench()
