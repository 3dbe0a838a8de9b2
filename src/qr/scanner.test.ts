import { describe, expect, it } from 'vitest'
import { type NativeBarcodeDetector, nativeDetector } from './scanner'

/** A BarcodeDetector that lists `formats` and reads `found` from any picture. */
function detectorClass(formats: () => Promise<string[]>, found = ['CODE']): NativeBarcodeDetector {
  return class {
    static getSupportedFormats = formats
    constructor(readonly options: { formats: string[] }) {}
    async detect() {
      return found.map((rawValue) => ({ rawValue }))
    }
  }
}

describe('nativeDetector: the browser’s QR reader, only where it can read QR codes', () => {
  it('none where there is no BarcodeDetector (Chromium on Linux, Safari on iPhone)', async () => {
    expect(await nativeDetector(undefined)).toBeNull()
  })

  it('none where it lists no qr_code (WebKitGTK lists nothing)', async () => {
    expect(await nativeDetector(detectorClass(async () => []))).toBeNull()
    expect(await nativeDetector(detectorClass(async () => ['ean_13']))).toBeNull()
  })

  it('none, and nothing thrown, where asking for its formats fails', async () => {
    const failing = detectorClass(() => Promise.reject(new Error('not now')))
    expect(await nativeDetector(failing)).toBeNull()
  })

  it('reads with it where it has qr_code', async () => {
    const detector = await nativeDetector(detectorClass(async () => ['qr_code', 'ean_13']))
    expect(detector).not.toBeNull()
    expect(await detector?.detect({} as HTMLCanvasElement)).toEqual(['CODE'])
  })
})
