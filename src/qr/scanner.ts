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
import { cameraIds, hasTorch, nextCamera, setTorch } from './camera-controls'
import { DecoderClient } from './decode-protocol'

export interface ScanSession {
  stop(): void
  /** Whether the camera in use has a torch the page may switch (phones, in Chromium). */
  hasTorch(): boolean
  /** Switches the torch; resolves whether it took effect. */
  setTorch(on: boolean): Promise<boolean>
  /** How many cameras the device has (known once the camera runs; labels need permission). */
  cameraCount(): number
  /**
   * Moves to the next camera, keeping the scan running; resolves false (still on the old one)
   * when there is no other camera or it could not be opened. The torch is off afterwards.
   */
  switchCamera(): Promise<boolean>
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
export type NativeBarcodeDetector = NativeDetectorClass & {
  getSupportedFormats?: () => Promise<string[]>
}
type WithDetector = typeof globalThis & { BarcodeDetector?: NativeBarcodeDetector }

/**
 * 1280×720: bench/scanner.ts reads ≥ 95 % of perturbed frames at this size in ~30 ms; a larger
 * picture gives small or distant codes more pixels per module than 640×480 does.
 */
const CAMERA_SIZE = { width: { ideal: 1280 }, height: { ideal: 720 } } as const
export const CAMERA: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, ...CAMERA_SIZE },
}
/** Decodes start at most this often (a decode takes ~10–30 ms; the rest stays idle). */
const MIN_FRAME_INTERVAL_MS = 60
/** Pictures chosen from files are scaled down to at most this many pixels on their long side. */
const MAX_PICTURE_SIDE = 2048

/**
 * The browser's own QR reader, or null where there is none to use: no BarcodeDetector (Chromium
 * on Linux, Safari on iPhone, Firefox), one without the `qr_code` format (WebKitGTK lists no
 * formats), or one that throws. Null means the WebAssembly decoder reads instead.
 */
export async function nativeDetector(
  Native = (globalThis as WithDetector).BarcodeDetector,
): Promise<Detector | null> {
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
  const show = async (next: MediaStream): Promise<void> => {
    video.srcObject = next
    video.muted = true
    video.playsInline = true
    await video.play().catch(() => undefined)
  }
  await show(stream)
  const cameras = cameraIds(await navigator.mediaDevices.enumerateDevices().catch(() => []))
  const track = () => stream.getVideoTracks()[0]
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
      for (const t of stream.getTracks()) t.stop()
      video.srcObject = null
    },
    hasTorch: () => {
      const current = track()
      return current !== undefined && hasTorch(current)
    },
    setTorch: async (on) => {
      const current = track()
      return current !== undefined && setTorch(current, on)
    },
    cameraCount: () => cameras.length,
    switchCamera: async () => {
      const was = track()?.getSettings().deviceId
      const next = nextCamera(cameras, was)
      if (!next || stopped) return false
      // A phone opens one camera at a time: the old one goes first.
      for (const t of stream.getTracks()) t.stop()
      const open = (deviceId: string | undefined) =>
        navigator.mediaDevices.getUserMedia(
          deviceId
            ? { audio: false, video: { ...CAMERA_SIZE, deviceId: { exact: deviceId } } }
            : CAMERA,
        )
      let opened: MediaStream
      let switched = true
      try {
        opened = await open(next)
      } catch {
        // Back to the camera we had, so scanning goes on (if even that fails, the view stays
        // black and Close scanner or Choose a picture remain).
        switched = false
        try {
          opened = await open(was)
        } catch {
          return false
        }
      }
      stream = opened
      if (stopped) for (const t of opened.getTracks()) t.stop()
      else await show(opened)
      return switched && !stopped
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
