/**
 * Scanner benchmark: read rate and time per frame on perturbed camera frames of a real invite QR,
 * at 640×480 and 1280×720, in headless Chromium (no BarcodeDetector on Linux, so this is the
 * path Chromium-on-Linux and iPhone users scan with).
 *
 * Frames are made here with ImageMagick from the app's own QR rendering: the code at 30–75 % of
 * the frame height, rotated up to ±25°, blurred (σ ≤ 1.5), with Gaussian noise and contrast
 * squeezed to as little as 40 %, on grey; seeded, so every run sees the same frames (cached in
 * .cache/bench-frames). Each frame goes through every decoder in turn (interleaved), ROUNDS
 * rounds with the decoder order rotated; the page's main thread is watched for its longest
 * block while each frame decodes. Baseline: the previous decoder (zxing JS, main thread).
 * Prints figures; asserts nothing.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PNG } from 'pngjs'
import { createServer } from 'vite'
import { encodeSignal, inviteLink } from '../src/codec'
import { FIXTURES } from '../src/codec/fixtures'
import { renderQrSvg } from '../src/qr/render'
import { type AppPage, launchChromium, openPage, playwrightOf } from '../tests/e2e/driver'
import { waitFor } from '../tests/e2e/steps'
import { envPort, median, ratio, spread } from './measure'
import type { DecoderName, FrameResult, ScannerBench } from './scanner-page/main'

const run = promisify(execFile)
const PORT = envPort('TATAP_BENCH_SCANNER_PORT', 4691)
const FRAMES = Number(process.env.TATAP_BENCH_FRAMES ?? 100)
const ROUNDS = Number(process.env.TATAP_BENCH_ROUNDS ?? 3)
const SIZES = [
  [640, 480],
  [1280, 720],
] as const
const DECODERS: DecoderName[] = ['wasm-worker', 'js-cycle', 'js-full', 'frames-only']
const CACHE = '.cache/bench-frames'

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An invite link as the app makes it, from a real Chromium offer. */
function inviteText(): string {
  const offer = FIXTURES.find((f) => f.captured && f.type === 'offer')
  if (!offer) throw new Error('no captured offer fixture')
  return inviteLink('https://192.168.1.20:8443/', encodeSignal({ type: 'offer', sdp: offer.sdp }))
}

/** The app's QR (renderQrSvg: unit squares `M{x} {y}h1v1h-1z`, quiet zone included) as a PNG. */
function qrPng(text: string, scale: number): Buffer {
  const { svg } = renderQrSvg(text)
  const full = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1])
  const png = new PNG({ width: full * scale, height: full * scale })
  png.data.fill(255)
  for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = ((Number(y) * scale + dy) * png.width + Number(x) * scale + dx) * 4
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0
      }
    }
  }
  return PNG.sync.write(png)
}

async function makeFrames(text: string, width: number, height: number): Promise<string[]> {
  const dir = join(
    CACHE,
    `${width}x${height}-${Buffer.from(text).toString('base64url').slice(-16)}`,
  )
  mkdirSync(dir, { recursive: true })
  const qr = join(dir, 'qr.png')
  if (!existsSync(qr)) writeFileSync(qr, qrPng(text, 10))
  const next = random(width * 7919 + height)
  const jobs: Array<() => Promise<void>> = []
  const paths: string[] = []
  for (let i = 0; i < FRAMES; i++) {
    const side = Math.round(height * (0.3 + 0.45 * next()))
    const angle = (next() * 2 - 1) * 25
    const room = Math.ceil(side * 1.42) // the rotated square's bounding box
    const x = Math.round(next() * Math.max(0, width - room))
    const y = Math.round(next() * Math.max(0, height - room))
    const blur = (next() * 1.5).toFixed(2)
    const noise = (0.2 + next() * 0.6).toFixed(2)
    const low = Math.round(next() * 30)
    const high = 100 - Math.round(next() * 30)
    const path = join(dir, `frame-${i}.jpg`)
    paths.push(path)
    if (existsSync(path)) continue
    // biome-ignore format: one ImageMagick step per line
    jobs.push(() => run('convert', [
      '-size', `${width}x${height}`, 'xc:gray(55%)',
      '(', qr, '-resize', `${side}x${side}`, '-background', 'white', '-rotate', angle.toFixed(1), ')',
      '-geometry', `+${x}+${y}`, '-composite',
      '-blur', `0x${blur}`, '-attenuate', noise, '+noise', 'Gaussian',
      '+level', `${low}%,${high}%`, '-quality', '92', path,
    ]).then(() => undefined))
  }
  // Two at a time: this machine has 2 cores.
  const workers = [0, 1].map(async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job()
  })
  await Promise.all(workers)
  return paths
}

export async function runScannerBench(): Promise<void> {
  console.log('\n## QR scanner on perturbed frames (headless Chromium, no BarcodeDetector)\n')
  const text = inviteText()
  const server = await createServer({
    server: { port: PORT, strictPort: true, host: '127.0.0.1' },
    // Bundled up front: a dependency discovered on first load would reload the page mid-run.
    optimizeDeps: { include: ['@zxing/browser', 'zxing-wasm/reader'] },
    logLevel: 'silent',
  })
  await server.listen()
  const browser = await launchChromium()
  try {
    const app = await openPage(browser, { allowMedia: false })
    // Routes and tracing are Chromium's own: the scanner bench runs in Chromium only.
    const page = playwrightOf(app)
    await app.goto(`http://127.0.0.1:${PORT}/bench/scanner-page/index.html`)
    await waitFor(() => app.evaluate(() => '__scannerBench' in window, null), Boolean, 30_000)
    for (const [width, height] of SIZES) {
      const paths = await makeFrames(text, width, height)
      const urls = paths.map((_, i) => `/__frames/${width}x${height}/${i}.jpg`)
      await page.route(`**/__frames/${width}x${height}/*`, (route) => {
        const index = Number(route.request().url().split('/').pop()?.split('.')[0])
        return route.fulfill({ path: paths[index] as string, contentType: 'image/jpeg' })
      })
      // Warm up (module loading, WASM compilation) outside the measured passes.
      await runRound(app, urls.slice(0, 3), text, DECODERS)
      const rounds: Pass[][] = []
      for (let round = 0; round < ROUNDS; round++) {
        const passes: Pass[] = []
        for (let i = 0; i < DECODERS.length; i++) {
          const decoder = DECODERS[(i + round) % DECODERS.length] as DecoderName
          await browser.startTracing(page, { categories: ['toplevel'] })
          const frames = await runRound(app, urls, text, [decoder])
          passes.push({ decoder, frames, ...threadCpu(await browser.stopTracing()) })
        }
        rounds.push(passes)
      }
      report(`${width}×${height}`, rounds)
    }
  } finally {
    await browser.close()
    await server.close()
  }
}

/** One pass of the scanner page over `urls` with each of `decoders` in turn. */
function runRound(
  app: AppPage,
  urls: string[],
  text: string,
  decoders: DecoderName[],
): Promise<FrameResult[]> {
  type Page = { __scannerBench: ScannerBench }
  return app.evaluate(([u, t, d]) => (window as unknown as Page).__scannerBench.runRound(u, t, d), [
    urls,
    text,
    decoders,
  ] as [string[], string, DecoderName[]])
}

interface Pass {
  decoder: DecoderName
  frames: FrameResult[]
  /** CPU ms of the page's threads (main + workers) over the pass, from the trace's tdur. */
  cpuMs: number
  /** The longest single task on the page's main thread: wall ms (dur) and thread CPU ms (tdur).
   *  Thread time here sometimes exceeds wall time (tdur > dur in the same event), so both are
   *  printed and the page's own watch (FrameResult.block) is the figure to judge by. */
  longestMainTaskMs: number
  longestMainTaskCpuMs: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}

/**
 * CPU time from a Chromium trace ('toplevel' category): task durations in thread time (tdur,
 * µs), which a busy machine's scheduling does not inflate the way wall time is.
 */
function threadCpu(trace: Buffer): {
  cpuMs: number
  longestMainTaskMs: number
  longestMainTaskCpuMs: number
} {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents
  const names = new Map<string, string>()
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  }
  let cpu = 0
  let longest = 0
  let longestCpu = 0
  for (const e of events) {
    if (e.ph !== 'X' || !/RunTask$/.test(e.name) || e.tdur === undefined) continue
    const thread = names.get(`${e.pid}:${e.tid}`) ?? ''
    if (thread === 'CrRendererMain') {
      cpu += e.tdur
      longest = Math.max(longest, e.dur ?? 0)
      longestCpu = Math.max(longestCpu, e.tdur)
    } else if (/Worker/.test(thread)) cpu += e.tdur
  }
  return {
    cpuMs: cpu / 1000,
    longestMainTaskMs: longest / 1000,
    longestMainTaskCpuMs: longestCpu / 1000,
  }
}

function report(size: string, rounds: Pass[][]): void {
  const per = (decoder: DecoderName, pick: (p: Pass) => number) =>
    rounds.map((passes) => pick(passes.find((p) => p.decoder === decoder) as Pass))
  const rate = (p: Pass) => (100 * p.frames.filter((r) => r.read).length) / p.frames.length
  const wall = (p: Pass) => median(p.frames.map((r) => r.ms))
  const cpu = (p: Pass) => p.cpuMs / p.frames.length
  const worstBlock = (p: Pass) => Math.max(...p.frames.map((r) => r.block))
  const typicalBlock = (p: Pass) => median(p.frames.map((r) => r.block))
  const n = rounds[0]?.[0]?.frames.length ?? 0
  console.log(
    `${size}, ${n} frames × ${rounds.length} rounds (each pass one decoder, order rotated):`,
  )
  for (const decoder of DECODERS) {
    console.log(
      `  ${decoder.padEnd(11)} read ${spread(per(decoder, rate), 0, ' %')} = ${ratio(per(decoder, rate), per('js-cycle', rate))} × js-cycle; ` +
        `CPU per frame ${spread(per(decoder, cpu), 1, ' ms')}; wall per frame ${spread(per(decoder, wall), 1, ' ms')}; ` +
        `main thread blocked (page's watch) per frame ${spread(per(decoder, typicalBlock), 1, ' ms')}, worst frame ${spread(per(decoder, worstBlock), 1, ' ms')}; ` +
        `longest main-thread task (trace) ${spread(
          per(decoder, (p) => p.longestMainTaskMs),
          1,
          ' ms',
        )} wall, ${spread(
          per(decoder, (p) => p.longestMainTaskCpuMs),
          1,
          ' ms',
        )} thread CPU`,
    )
  }
  console.log(
    '  (CPU per frame counts every thread of the page, frame supply included: frames-only)',
  )
}

if (import.meta.url === `file://${process.argv[1]}`) await runScannerBench()
