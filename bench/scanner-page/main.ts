/**
 * The scanner bench's page (served by Vite's dev server; driven by bench/scanner.ts). It runs
 * the app's own decoder (src/qr/scanner.ts workerDetector: zxing-wasm in a worker) and, as the
 * baseline in the same run, the previous one (zxing's JavaScript port on the main thread, one
 * attempt per frame cycling scales 1, ¾, ½ — and scale 1 alone) over the same frames.
 */
import { BrowserQRCodeReader } from '@zxing/browser'
import { workerDetector } from '../../src/qr/scanner'

/** 'frames-only': fetch and decode the JPEG, decode no QR — what supplying frames costs. */
export type DecoderName = 'wasm-worker' | 'js-cycle' | 'js-full' | 'frames-only'

export interface FrameResult {
  decoder: DecoderName
  read: boolean
  /** Wall milliseconds from handing the frame over to the answer. */
  ms: number
  /** Longest gap between main-thread ticks while this frame was being decoded. */
  block: number
}

const SCALES = [1, 0.75, 0.5] as const
const reader = new BrowserQRCodeReader()
const canvas = document.createElement('canvas')
const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D
let attempt = 0

function jsDecode(bitmap: ImageBitmap, scale: number): string[] {
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  try {
    return [reader.decodeFromCanvas(canvas).getText()]
  } catch {
    return []
  }
}

const wasm = workerDetector()

/** Measures the longest main-thread block: a MessageChannel ping-pong records the gaps. */
function blockWatcher(): () => number {
  const channel = new MessageChannel()
  let last = performance.now()
  let worst = 0
  let running = true
  channel.port1.onmessage = () => {
    const now = performance.now()
    worst = Math.max(worst, now - last)
    last = now
    if (running) channel.port2.postMessage(0)
  }
  channel.port2.postMessage(0)
  return () => {
    running = false
    worst = Math.max(worst, performance.now() - last)
    channel.port1.close()
    return worst
  }
}

async function decodeOnce(decoder: DecoderName, frame: Blob, expected: string) {
  const bitmap = await createImageBitmap(frame)
  await new Promise((r) => setTimeout(r, 0))
  const stop = blockWatcher()
  const started = performance.now()
  let texts: string[]
  if (decoder === 'wasm-worker') texts = await wasm.detect(bitmap)
  else if (decoder === 'frames-only') texts = []
  else {
    const scale = decoder === 'js-full' ? 1 : (SCALES[attempt++ % SCALES.length] ?? 1)
    texts = jsDecode(bitmap, scale)
  }
  const ms = performance.now() - started
  // Let the watcher see one more tick after the answer, then stop it.
  await new Promise((r) => setTimeout(r, 0))
  const block = stop()
  bitmap.close()
  return { decoder, read: texts.includes(expected), ms, block }
}

/** One round: every frame through every decoder, in the order given (rotated per round). */
async function runRound(
  urls: string[],
  expected: string,
  order: DecoderName[],
): Promise<FrameResult[]> {
  const results: FrameResult[] = []
  for (const url of urls) {
    const frame = await (await fetch(url)).blob()
    for (const decoder of order) results.push(await decodeOnce(decoder, frame, expected))
  }
  return results
}

/** What the page offers the benchmark, on `window.__scannerBench`. */
export interface ScannerBench {
  runRound: typeof runRound
}

const bench: ScannerBench = { runRound }
;(window as unknown as { __scannerBench: ScannerBench }).__scannerBench = bench
