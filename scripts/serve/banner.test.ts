import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library'
import { describe, expect, it } from 'vitest'
import { banner } from './banner'

/**
 * Reads a QR code back from the text `qrcode`'s small terminal renderer printed, as a phone
 * camera sees it on a dark terminal: each character holds two modules (upper, lower) drawn as
 * ' ', '▀', '▄' or '█' (dark parts) on white; around the printed block is the terminal's dark
 * background. The renderer's own white border is one module wide, so this checks that it is
 * enough. Decoded with zxing at PIXELS per module.
 */
function decodeTerminalQr(block: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal colour codes
  const lines = block.split('\n').map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''))
  const printed = lines.filter((line) => line.length > 0)
  // The last line is the bottom border: its upper half is white, its lower half is terminal.
  const rows: boolean[][] = []
  for (const line of printed.slice(0, -1)) {
    const chars = [...line]
    rows.push(chars.map((c) => c === '▀' || c === '█'))
    rows.push(chars.map((c) => c === '▄' || c === '█'))
  }
  rows.push(rows[0]?.map(() => false) ?? [])

  const PIXELS = 4
  const MARGIN = 8 // modules of dark terminal around the block
  const size = Math.max(...rows.map((r) => r.length))
  const width = (size + 2 * MARGIN) * PIXELS
  const height = (rows.length + 2 * MARGIN) * PIXELS
  const TERMINAL = 30
  const luma = new Uint8ClampedArray(width * height).fill(TERMINAL)
  for (let y = 0; y < height; y++) {
    const row = rows[Math.floor(y / PIXELS) - MARGIN]
    if (!row) continue
    for (let x = 0; x < width; x++) {
      const module = Math.floor(x / PIXELS) - MARGIN
      if (module >= 0 && module < row.length) luma[y * width + x] = row[module] ? 0 : 255
    }
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, width, height)))
  return new QRCodeReader().decode(bitmap).getText()
}

/** Runs of consecutive lines that carry the renderer's colour codes: the QR codes. */
function qrBlocks(text: string): string[] {
  const blocks: string[][] = []
  let current: string[] | null = null
  for (const line of text.split('\n')) {
    if (!line.includes('\x1b[')) {
      current = null
      continue
    }
    if (!current) {
      current = []
      blocks.push(current)
    }
    current.push(line)
  }
  return blocks.map((lines) => lines.join('\n'))
}

describe('what npm start prints', () => {
  it('two QR codes a phone can scan off the terminal: the install page, then the app', async () => {
    const text = await banner({
      lan: [{ interfaceName: 'wlan0', address: '192.168.1.20', family: 'IPv4' }],
      hostname: 'ana-laptop',
      httpsPort: 8443,
      httpPort: 8080,
      certDir: '.certs',
      caFingerprint: 'AB:CD:EF:01:23',
      ca: { action: 'create', reason: 'missing' },
      server: { action: 'reuse' },
    })
    expect(qrBlocks(text).map(decodeTerminalQr)).toEqual([
      'http://192.168.1.20:8080/',
      'https://192.168.1.20:8443/',
    ])
    expect(text).toContain('Once per phone: scan this')
    expect(text).toContain('Then scan this to open Tatap')
    expect(text).toContain('https://ana-laptop.local:8443/')
    expect(text).toContain('SHA-256 AB:CD:EF:01…')
  })

  it('says so when the computer has no network, and offers localhost', async () => {
    const text = await banner({
      lan: [],
      hostname: 'ana-laptop',
      httpsPort: 8443,
      httpPort: 8080,
      certDir: '.certs',
      caFingerprint: 'AB',
      ca: { action: 'reuse' },
      server: { action: 'reuse' },
    })
    expect(text).toContain('No network found')
    expect(text).toContain('https://localhost:8443/')
  })
})
