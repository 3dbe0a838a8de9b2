/**
 * Codec benchmark: size and speed per SDP fixture. Prints a table; asserts nothing (the size
 * targets are asserted in src/codec/targets.test.ts).
 *
 * Columns: SDP chars; lz-string chars (LZString.compressToEncodedURIComponent of the SDP, the
 * naive baseline); code bytes and chars; chars of the link https://tatap.example/#<code>; QR
 * version at ECC M for the bare code and for the link (segments from qrSegments); median
 * encode+decode time in ms over RUNS runs.
 *
 * Run alone: npx tsx bench/codec.ts
 */
import LZString from 'lz-string'
import QRCode from 'qrcode'
import { textToBytes } from '../src/codec/alphabet'
import { FIXTURES } from '../src/codec/fixtures'
import { decodeSignal, encodeSignal, inviteLink, qrSegments } from '../src/codec/index'

const BASE_URL = 'https://tatap.example/'
const RUNS = 2000

function qrVersion(text: string): number {
  return QRCode.create(qrSegments(text) as QRCode.QRCodeSegment[], { errorCorrectionLevel: 'M' })
    .version
}

function medianMs(run: () => void): number {
  for (let i = 0; i < 200; i++) run()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? Number.NaN
}

export async function runCodecBench(): Promise<void> {
  console.log('\n## Codec (Node, per fixture)\n')
  const header = [
    'fixture',
    'SDP chars',
    'lz-string chars',
    'code bytes',
    'code chars',
    'link chars',
    'QR code (M)',
    'QR link (M)',
    'enc+dec ms',
  ]
  const rows = FIXTURES.map((f) => {
    const code = encodeSignal(f)
    const link = inviteLink(BASE_URL, code)
    const ms = medianMs(() => decodeSignal(encodeSignal(f)))
    return [
      f.name,
      f.sdp.length,
      LZString.compressToEncodedURIComponent(f.sdp).length,
      textToBytes(code).length,
      code.length,
      link.length,
      qrVersion(code),
      qrVersion(link),
      ms.toFixed(4),
    ].map(String)
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`
  console.log(line(header))
  console.log(
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  )
  for (const row of rows) console.log(line(row))
}

if (import.meta.url === `file://${process.argv[1]}`) await runCodecBench()
