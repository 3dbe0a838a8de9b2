import { describe, expect, it } from 'vitest'
import type { Transfer } from '../transfer'
import { chatLine, formatRate, Printer, printable, progressLine, terminalQr } from './terminal'

function sink(isTTY: boolean) {
  const chunks: string[] = []
  return { chunks, out: { isTTY, write: (text: string) => chunks.push(text) } }
}

describe('Printer', () => {
  it('elsewhere than a TTY: whole lines, each status at most once a second', () => {
    let now = 0
    const { chunks, out } = sink(false)
    const printer = new Printer(out, () => now)
    printer.status('a', 'a 1%')
    printer.status('a', 'a 2%')
    printer.status('b', 'b 1%')
    now = 1000
    printer.status('a', 'a 50%')
    printer.line('hello')
    printer.clearStatus('a')
    printer.status('a', 'a again')
    expect(chunks.join('')).toBe('a 1%\nb 1%\na 50%\nhello\na again\n')
  })

  it('on a TTY: one status line redrawn in place, lines printed above it', () => {
    const { chunks, out } = sink(true)
    const printer = new Printer(out)
    printer.status('a', 'A')
    printer.status('b', 'B')
    printer.line('msg')
    printer.clearStatus('a')
    printer.clearStatus('b')
    expect(chunks.join('')).toBe(
      'A' + '\r\x1b[KA  |  B' + '\r\x1b[Kmsg\nA  |  B' + '\r\x1b[KB' + '\r\x1b[K',
    )
  })
})

describe('formatting', () => {
  it('rates in MB/s', () => {
    expect(formatRate(12_345_678)).toBe('12.3 MB/s')
  })

  it('chat as [HH:MM] NAME: text, with the other side’s control characters defused', () => {
    const at = new Date(2026, 0, 2, 9, 5).getTime()
    expect(chatLine('Ana', 'hi', at)).toBe('[09:05] Ana: hi')
    expect(chatLine('A\x1b[2J', 'two\nlines\u202e', at)).toBe(
      '[09:05] A\ufffd[2J: two\n    lines\ufffd',
    )
    expect(printable('tab\there\x9b')).toBe('tab\ufffdhere\ufffd')
  })

  it('progress with percent and rate', () => {
    const t = {
      direction: 'receive',
      name: 'a.bin',
      progress: { bytes: 2_500_000, total: 5_000_000, bytesPerSecond: 3_000_000, secondsLeft: 1 },
    } as Transfer
    expect(progressLine(t)).toBe('Receiving a.bin  50%  3.0 MB/s')
  })
})

describe('terminalQr', () => {
  it('draws a QR with half blocks, sized by the codec segmentation', async () => {
    const link = `https://tatap.example/#${'A1'.repeat(60)}`
    const qr = await terminalQr(link)
    const rows = qr.trimEnd().split('\n')
    expect(qr).toMatch(/[▀▄█]/)
    // Byte + alphanumeric segments at level M: version 7 (45 modules) + quiet zone, 2 rows a line.
    expect(rows.length).toBeLessThanOrEqual(Math.ceil((45 + 4) / 2) + 1)
  })
})
