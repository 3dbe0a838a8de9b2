/**
 * QR scanning from a camera or a picture. This module is loaded only when a scanner opens
 * (dynamic import), so @zxing stays out of the initial bundle.
 *
 * Contract: `startCameraScan` resolves once the camera is running and calls `onText` for each
 * decoded QR (the caller stops when satisfied); `stop()` always releases the camera.
 * The native BarcodeDetector is used where the browser has one with QR support; zxing elsewhere.
 * We run the frame loop ourselves and size the capture canvas from the live video on every
 * frame: zxing's own loop sized its canvas once, and when that happened before the camera's
 * first frame it never decoded anything (seen in about half of the runs here).
 */
import { BrowserQRCodeReader } from '@zxing/browser'

export interface ScanSession {
  stop(): void
}

/** Finds QR texts in one picture; resolves [] when there is none. */
type Detect = (source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap) => Promise<string[]>

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>
}
type NativeDetectorClass = new (options: { formats: string[] }) => NativeDetector
type WithDetector = typeof globalThis & {
  BarcodeDetector?: NativeDetectorClass & { getSupportedFormats?: () => Promise<string[]> }
}

const CAMERA: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
}
const FRAME_INTERVAL_MS = 120

async function nativeDetect(): Promise<Detect | null> {
  const Detector = (globalThis as WithDetector).BarcodeDetector
  if (!Detector) return null
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? []
    if (!formats.includes('qr_code')) return null
    const detector = new Detector({ formats: ['qr_code'] })
    return async (source) => (await detector.detect(source)).map((code) => code.rawValue)
  } catch {
    return null
  }
}

/**
 * zxing's finder-pattern search misses about 1 in 100 perfectly drawn version-7 symbols at a
 * given size (measured: 6 of 600) and a picture that misses once misses every time. The same
 * picture scaled to 3/4 or 1/2 decodes, so successive attempts cycle through these scales.
 */
const ZXING_SCALES = [1, 0.75, 0.5] as const

function zxingDetect(): Detect {
  const reader = new BrowserQRCodeReader()
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  let attempt = 0
  return async (source) => {
    const scale = ZXING_SCALES[attempt++ % ZXING_SCALES.length] ?? 1
    const sourceWidth = source instanceof HTMLVideoElement ? source.videoWidth : source.width
    const sourceHeight = source instanceof HTMLVideoElement ? source.videoHeight : source.height
    const width = Math.round(sourceWidth * scale)
    const height = Math.round(sourceHeight * scale)
    if (!context || width === 0 || height === 0) return []
    if (canvas.width !== width) canvas.width = width
    if (canvas.height !== height) canvas.height = height
    context.drawImage(source, 0, 0, width, height)
    try {
      return [reader.decodeFromCanvas(canvas).getText()]
    } catch {
      return [] // No QR in this frame: the normal case while aiming.
    }
  }
}

export async function startCameraScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<ScanSession> {
  const detect = (await nativeDetect()) ?? zxingDetect()
  const stream = await navigator.mediaDevices.getUserMedia(CAMERA)
  video.srcObject = stream
  video.muted = true
  video.playsInline = true
  await video.play().catch(() => undefined)
  let stopped = false
  const tick = async () => {
    if (stopped) return
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      try {
        for (const text of await detect(video)) onText(text)
      } catch {
        // A frame that cannot be read yet (camera warming up) is not an error worth showing.
      }
    }
    if (!stopped) setTimeout(tick, FRAME_INTERVAL_MS)
  }
  void tick()
  return {
    stop: () => {
      stopped = true
      for (const track of stream.getTracks()) track.stop()
      video.srcObject = null
    },
  }
}

/** Reads a QR from a chosen picture; resolves null when the picture holds none. */
export async function scanImageFile(file: Blob): Promise<string | null> {
  try {
    const detect = (await nativeDetect()) ?? zxingDetect()
    const bitmap = await createImageBitmap(file)
    try {
      // One attempt per scale zxing may need (the native detector answers the first time).
      for (let attempt = 0; attempt < ZXING_SCALES.length; attempt++) {
        const text = (await detect(bitmap))[0]
        if (text) return text
      }
      return null
    } finally {
      bitmap.close()
    }
  } catch {
    return null
  }
}
