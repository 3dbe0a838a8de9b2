import { type QRCodeSegment, toString as qrToString } from 'qrcode'
import { qrSegments } from '../codec'
import { formatTime } from '../i18n/format'
import type { Transfer } from '../transfer'

/** Where the printer writes: process.stdout fits. */
export interface Output {
  write(text: string): unknown
  readonly isTTY?: boolean
}

/** Status lines of non-terminal output (pipes, logs) are repeated at most this often per key. */
const PLAIN_STATUS_MS = 1000

/**
 * Lines plus live status (transfer progress). On a TTY the statuses share one line at the bottom
 * that is redrawn in place; elsewhere each status is printed as a plain line, at most once per
 * PLAIN_STATUS_MS per key, so logs stay short and every line is whole.
 */
export class Printer {
  private readonly statuses = new Map<string, string>()
  private readonly lastPlain = new Map<string, number>()
  private shown = false

  constructor(
    private readonly out: Output,
    private readonly now: () => number = Date.now,
  ) {}

  line(text: string): void {
    this.hideStatus()
    this.out.write(`${text}\n`)
    this.showStatus()
  }

  status(key: string, text: string): void {
    if (!this.out.isTTY) {
      const last = this.lastPlain.get(key) ?? Number.NEGATIVE_INFINITY
      if (this.now() - last < PLAIN_STATUS_MS) return
      this.lastPlain.set(key, this.now())
      this.out.write(`${text}\n`)
      return
    }
    this.statuses.set(key, text)
    this.hideStatus()
    this.showStatus()
  }

  clearStatus(key: string): void {
    this.lastPlain.delete(key)
    if (!this.statuses.delete(key)) return
    this.hideStatus()
    this.showStatus()
  }

  private hideStatus(): void {
    if (this.shown) this.out.write('\r\x1b[K')
    this.shown = false
  }

  private showStatus(): void {
    if (!this.out.isTTY || this.statuses.size === 0) return
    this.out.write([...this.statuses.values()].join('  |  '))
    this.shown = true
  }
}

/** A QR code of `text` drawn with Unicode half blocks, error correction M, codec segmentation. */
export function terminalQr(text: string): Promise<string> {
  const utf8 = new TextEncoder()
  const segments: QRCodeSegment[] = qrSegments(text).map((s) =>
    s.mode === 'byte'
      ? { mode: 'byte', data: utf8.encode(s.data) }
      : { mode: 'alphanumeric', data: s.data },
  )
  return qrToString(segments, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
}

export function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`
}

/**
 * Text from the other side, safe to print: control characters (terminal escape sequences) and
 * bidirectional overrides become U+FFFD; a line break continues indented.
 */
export function printable(text: string): string {
  return (
    text
      .replace(/\r\n?|\n/g, '\n    ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
  )
}

/** `[HH:MM] NAME: text` */
export function chatLine(author: string, text: string, sentAt: number): string {
  return `[${formatTime(sentAt, 'en-GB')}] ${printable(author)}: ${printable(text)}`
}

/** `Receiving photo.jpg  42%  12.3 MB/s` */
export function progressLine(transfer: Transfer): string {
  const { bytes, total, bytesPerSecond } = transfer.progress
  const percent = total === 0 ? 100 : Math.floor((bytes / total) * 100)
  const verb = transfer.direction === 'send' ? 'Sending' : 'Receiving'
  return `${verb} ${printable(transfer.name)}  ${percent}%  ${formatRate(bytesPerSecond)}`
}
