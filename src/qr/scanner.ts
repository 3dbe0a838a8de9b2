/**
 * QR scanning from a camera or a picture. This module is loaded only when a scanner opens
 * (dynamic import), so @zxing stays out of the initial bundle.
 *
 * Contract: `startCameraScan` resolves once the camera is running and calls `onText` for each
 * decoded QR (the caller stops when satisfied); `stop()` always releases the camera.
 * The native BarcodeDetector is used where the browser has one with QR support; zxing elsewhere.
 */
import { BrowserQRCodeReader, type IScannerControls } from '@zxing/browser'

export interface ScanSession {
  stop(): void
}

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

async function nativeDetector(): Promise<NativeDetector | null> {
  const Detector = (globalThis as WithDetector).BarcodeDetector
  if (!Detector) return null
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? []
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null
  } catch {
    return null
  }
}

export async function startCameraScan(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<ScanSession> {
  const detector = await nativeDetector()
  if (detector) return startNativeScan(detector, video, onText)
  const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 100 })
  const controls: IScannerControls = await reader.decodeFromConstraints(CAMERA, video, (result) => {
    if (result) onText(result.getText())
  })
  return { stop: () => controls.stop() }
}

async function startNativeScan(
  detector: NativeDetector,
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<ScanSession> {
  const stream = await navigator.mediaDevices.getUserMedia(CAMERA)
  video.srcObject = stream
  video.muted = true
  video.playsInline = true
  await video.play()
  let stopped = false
  const tick = async () => {
    if (stopped) return
    try {
      const codes = await detector.detect(video)
      for (const code of codes) onText(code.rawValue)
    } catch {
      // A frame that cannot be read yet (camera warming up) is not an error worth showing.
    }
    if (!stopped) setTimeout(tick, 120)
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
  const url = URL.createObjectURL(file)
  try {
    const detector = await nativeDetector()
    if (detector) {
      const bitmap = await createImageBitmap(file)
      const codes = await detector.detect(bitmap)
      return codes[0]?.rawValue ?? null
    }
    const result = await new BrowserQRCodeReader().decodeFromImageUrl(url)
    return result.getText()
  } catch {
    return null
  } finally {
    URL.revokeObjectURL(url)
  }
}
