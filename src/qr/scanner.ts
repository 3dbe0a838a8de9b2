/**
 * QR scanning from a camera or a picture. This module is loaded only when a scanner opens
 * (dynamic import), so the decoder stays out of the initial bundle.
 *
 * Contract: `startCameraScan` resolves once the camera is running and calls `onText` for each
 * decoded QR (the caller stops when satisfied); `stop()` always releases the camera and the
 * decoder. The native BarcodeDetector is used where the browser has one with QR support;
 * elsewhere (Chromium on Linux, Safari on iPhone) ZXing-C++ as WebAssembly decodes in a
 * worker (decode-worker.ts): the page only grabs frames (createImageBitmap, asynchronous), so
 * its main thread is never blocked by decoding. We run the frame loop ourselves and take each
 * frame's size from the live video (a size fixed before the camera's first frame once made
 * zxing's own loop decode nothing).
 */
import { DecoderClient } from './decode-protocol'

export interface ScanSession {
  stop(): void
}

/** Finds QR texts in one picture; resolves [] when there is none. */
type Source = HTMLVideoElement | HTMLCanvasElement | ImageBitmap
interface Detector {
  detect(source: Source): Promise<string[]>
  close(): void
}

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>
}
type NativeDetectorClass = new (options: { formats: string[] }) => NativeDetector
type WithDetector = typeof globalThis & {
  BarcodeDetector?: NativeDetectorClass & { getSupportedFormats?: () => Promise<string[]> }
}

/**
 * 1280×720: bench/scanner.ts reads ≥ 95 % of perturbed frames at this size in ~30 ms; a larger
 * picture gives small or distant codes more pixels per module than 640×480 does.
 */
export const CAMERA: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
}
/** Decodes start at most this often (a decode takes ~10–30 ms; the rest stays idle). */
const MIN_FRAME_INTERVAL_MS = 60
/** Pictures chosen from files are scaled down to at most this many pixels on their long side. */
const MAX_PICTURE_SIDE = 2048

async function nativeDetector(): Promise<Detector | null> {
  const Native = (globalThis as WithDetector).BarcodeDetector
  if (!Native) return null
  try {
    const formats = (await Native.getSupportedFormats?.()) ?? []
    if (!formats.includes('qr_code')) return null
    const detector = new Native({ formats: ['qr_code'] })
    return {
      detect: async (source) => (await detector.detect(source)).map((code) => code.rawValue),
      close: () => {},
    }
  } catch {
    return null
  }
}

function sizeOf(source: Source): { width: number; height: number } {
  return source instanceof HTMLVideoElement
    ? { width: source.videoWidth, height: source.videoHeight }
    : { width: source.width, height: source.height }
}

/** The WASM decoder in its worker, fed ImageBitmaps (or pixels where OffscreenCanvas is absent). */
export function workerDetector(): Detector {
  const client = new DecoderClient(
    new Worker(new URL('./decode-worker.ts', import.meta.url), {
      type: 'module',
      name: 'tatap-qr',
    }),
  )
  const bitmaps = typeof OffscreenCanvas === 'function'
  let canvas: HTMLCanvasElement | null = null
  return {
    async detect(source) {
      const { width, height } = sizeOf(source)
      if (width === 0 || height === 0) return []
      if (bitmaps) return client.decode(await createImageBitmap(source))
      canvas ??= document.createElement('canvas')
      const context = canvas.getContext('2d', { willReadFrequently: true })
      if (!context) return []
      canvas.width = width
      canvas.height = height
      context.drawImage(source, 0, 0)
      return client.decode(context.getImageData(0, 0, width, height))
    },
    close: () => client.close(),
  }
}

async function openDetector(): Promise<Detector> {
  return (await nativeDetector()) ?? workerDetector()
}

/** Resolves on the video's next frame (or after a short wait where frames cannot be watched). */
function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if (typeof video.requestVideoFrameCallback === 'function') {
      video.requestVideoFrameCallback(() => resolve())
      setTimeout(resolve, 250) // a paused or hidden video still gets looked at
    } else setTimeout(resolve, MIN_FRAME_INTERVAL_MS)
  })
}

export async function startCameraScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<ScanSession> {
  const detector = await openDetector()
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia(CAMERA)
  } catch (err) {
    detector.close()
    throw err
  }
  video.srcObject = stream
  video.muted = true
  video.playsInline = true
  await video.play().catch(() => undefined)
  let stopped = false
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const started = performance.now()
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        try {
          for (const text of await detector.detect(video)) if (!stopped) onText(text)
        } catch {
          // A frame that cannot be read yet (camera warming up) is not an error worth showing.
        }
      }
      const rest = MIN_FRAME_INTERVAL_MS - (performance.now() - started)
      if (rest > 0) await new Promise((r) => setTimeout(r, rest))
      if (!stopped) await nextFrame(video)
    }
  }
  void loop()
  return {
    stop: () => {
      stopped = true
      detector.close()
      for (const track of stream.getTracks()) track.stop()
      video.srcObject = null
    },
  }
}

/** Reads a QR from a chosen picture; resolves null when the picture holds none. */
export async function scanImageFile(file: Blob): Promise<string | null> {
  let detector: Detector | null = null
  try {
    detector = await openDetector()
    let bitmap = await createImageBitmap(file)
    const scale = MAX_PICTURE_SIDE / Math.max(bitmap.width, bitmap.height)
    if (scale < 1) {
      const resized = await createImageBitmap(bitmap, {
        resizeWidth: Math.round(bitmap.width * scale),
        resizeHeight: Math.round(bitmap.height * scale),
        resizeQuality: 'high',
      })
      bitmap.close()
      bitmap = resized
    }
    try {
      return (await detector.detect(bitmap))[0] ?? null
    } finally {
      bitmap.close()
    }
  } catch {
    return null
  } finally {
    detector?.close()
  }
}
