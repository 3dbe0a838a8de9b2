/// <reference lib="webworker" />
/**
 * The QR decoding worker: ZXing-C++ compiled to WebAssembly (zxing-wasm), off the page's main
 * thread. The .wasm file is bundled and precached with the app (never fetched from a CDN), so
 * scanning works offline. Measured on perturbed camera frames (bench/scanner.ts): it reads
 * nearly all frames zxing's JavaScript port missed. Protocol: decode-protocol.ts.
 */
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader'
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'
import { serveDecoder } from './decode-protocol'

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) =>
      path.endsWith('.wasm') ? wasmUrl : prefix + path,
  },
  fireImmediately: true,
}).catch(() => {
  // Reported per request: readBarcodes rejects and the page sees the error.
})

/** Only QR codes; one is all we need. tryHarder/tryRotate/tryDownscale stay on (defaults). */
export const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  maxNumberOfSymbols: 1,
}

let canvas: OffscreenCanvas | null = null
let context: OffscreenCanvasRenderingContext2D | null = null

function toImageData(bitmap: ImageBitmap): ImageData {
  try {
    const { width, height } = bitmap
    if (!canvas) {
      canvas = new OffscreenCanvas(width, height)
      context = canvas.getContext('2d', { willReadFrequently: true })
    }
    if (!context) throw new Error('no 2D context in this worker')
    if (canvas.width !== width) canvas.width = width
    if (canvas.height !== height) canvas.height = height
    context.drawImage(bitmap, 0, 0)
    return context.getImageData(0, 0, width, height)
  } finally {
    bitmap.close()
  }
}

serveDecoder(
  self as unknown as Parameters<typeof serveDecoder>[0],
  async (image) =>
    (await readBarcodes(image, READER_OPTIONS)).filter((r) => r.isValid).map((r) => r.text),
  toImageData,
)
