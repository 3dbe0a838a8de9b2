import { create, type QRCodeSegment } from 'qrcode'
import { qrSegments } from '../codec'

/**
 * Renders text as an SVG QR code at error-correction level M with the standard 4-module quiet
 * zone. One path of unit squares on an integer grid with `crispEdges`, so it stays sharp at any
 * displayed size. Links are split into a byte segment (prefix) and an alphanumeric one (code),
 * which the codec measured to be about one QR version smaller.
 */
export interface RenderedQr {
  svg: string
  version: number
  modules: number
}

const QUIET_ZONE = 4

export function renderQrSvg(text: string): RenderedQr {
  const qr = create(toQrcodeSegments(text), { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const full = size + QUIET_ZONE * 2
  let path = ''
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(y, x)) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `<rect width="${full}" height="${full}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  return { svg, version: qr.version, modules: size }
}

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}

/** The codec's segmentation in the `qrcode` package's shape (byte data as UTF-8 bytes). */
function toQrcodeSegments(text: string): QRCodeSegment[] {
  const utf8 = new TextEncoder()
  return qrSegments(text).map((segment) =>
    segment.mode === 'byte'
      ? { mode: 'byte', data: utf8.encode(segment.data) }
      : { mode: 'alphanumeric', data: segment.data },
  )
}
