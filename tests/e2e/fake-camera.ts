import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PNG } from 'pngjs'

/**
 * Turns pictures into a Y4M file that Chromium plays as its camera
 * (`--use-file-for-fake-video-capture`). Chromium reads the file frame by frame while capturing,
 * so `replacePicture` can change what an already-running fake camera shows.
 */
export const CAMERA_WIDTH = 640
export const CAMERA_HEIGHT = 480
const HEADER = `YUV4MPEG2 W${CAMERA_WIDTH} H${CAMERA_HEIGHT} F10:1 Ip A1:1 C420jpeg\n`
const FRAMES = 2

/** A white camera picture: the placeholder before there is a QR to show. */
export function writeBlankCamera(path: string): void {
  writeFileSync(path, frames(new Uint8Array(CAMERA_WIDTH * CAMERA_HEIGHT).fill(235)))
}

/** Writes `png` (e.g. a screenshot of a QR code), centred on white, as the camera picture. */
export function writeCameraPicture(path: string, png: Buffer): void {
  writeFileSync(path, frames(lumaOf(png)))
}

/** Overwrites the picture of an existing camera file in place (same size, same header). */
export function replacePicture(path: string, png: Buffer): void {
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, frames(lumaOf(png)), 0, undefined, 0)
  } finally {
    closeSync(fd)
  }
}

/**
 * A small, cheap camera: 320×240 at 10 fps, a grey picture with a lighter square that moves
 * between the frames. For rooms, where every browser encodes one copy per other member and
 * decodes as many, on a 2-core machine.
 */
export function writeSmallCamera(path: string): void {
  const [width, height, count] = [320, 240, 10]
  const header = `YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128)
  const parts: Uint8Array[] = [Buffer.from(header)]
  for (let f = 0; f < count; f++) {
    const luma = new Uint8Array(width * height).fill(90)
    for (let y = 80; y < 160; y++) for (let x = 0; x < 60; x++) luma[y * width + x + f * 24] = 200
    parts.push(Buffer.from('FRAME\n'), luma, chroma)
  }
  writeFileSync(path, Buffer.concat(parts))
}

let smallCamera: string | undefined

/**
 * The small camera (`writeSmallCamera`) as a file of this process, written on first use and
 * removed when the process exits: `launchChromium({ fakeVideoFile: smallCameraFile() })`. For
 * the files whose camera is only the background of what they check (docs/testing.md, "Cameras"):
 * a call with it costs its browser about a third less CPU than with Chromium's default fake
 * camera (640×480 at 30 fps), measured 0.74–0.84 against 1.10–1.26 cores.
 */
export function smallCameraFile(): string {
  if (!smallCamera) {
    const path = join(tmpdir(), `tatap-small-camera-${process.pid}.y4m`)
    writeSmallCamera(path)
    process.once('exit', () => rmSync(path, { force: true }))
    smallCamera = path
  }
  return smallCamera
}

function frames(luma: Uint8Array): Buffer {
  const chroma = new Uint8Array((CAMERA_WIDTH / 2) * (CAMERA_HEIGHT / 2) * 2).fill(128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma])
  return Buffer.concat([Buffer.from(HEADER), ...Array.from({ length: FRAMES }, () => frame)])
}

/** Grey levels of the picture centred on a white 640×480 canvas (scaled down if larger). */
function lumaOf(png: Buffer): Uint8Array {
  const image = PNG.sync.read(png)
  const scale = Math.min(1, (CAMERA_HEIGHT - 40) / image.height, (CAMERA_WIDTH - 40) / image.width)
  const width = Math.floor(image.width * scale)
  const height = Math.floor(image.height * scale)
  const left = Math.floor((CAMERA_WIDTH - width) / 2)
  const top = Math.floor((CAMERA_HEIGHT - height) / 2)
  const luma = new Uint8Array(CAMERA_WIDTH * CAMERA_HEIGHT).fill(235)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor(x / scale)
      const sy = Math.floor(y / scale)
      const i = (sy * image.width + sx) * 4
      const grey =
        0.299 * (image.data[i] ?? 255) +
        0.587 * (image.data[i + 1] ?? 255) +
        0.114 * (image.data[i + 2] ?? 255)
      luma[(top + y) * CAMERA_WIDTH + left + x] = Math.round(16 + (grey * 219) / 255)
    }
  }
  return luma
}
