import { formatBytes } from '../i18n/format'
import { type Conversation, type ConversationTransfer, isFinal } from '../transfer'
import { chatLine, formatRate, type Printer, printable, progressLine } from './terminal'

export interface TransferPrinterOptions {
  out: Printer
  conversation: Conversation
  /** Where a received file was saved, by its name (the next one of that name). */
  savedAs: (name: string) => string | undefined
  /** A file was offered to us: accept, decline or ask. */
  offered: (id: string) => void
}

/**
 * The conversation as terminal lines: each chat message from someone else once, each transfer's
 * progress as a live status, and a line whenever a transfer changes state (offered, waiting,
 * sent and verified, received and saved, declined, cancelled, failed).
 */
export class TransferPrinter {
  private readonly seen = new Map<string, ConversationTransfer['state']['status']>()
  private readonly started = new Map<string, number>()
  private readonly printed = new Set<string>()
  /** A transfer failed at some point of the call. */
  anyFailed = false

  constructor(private readonly options: TransferPrinterOptions) {}

  /** The last status seen of a transfer. */
  statusOf(id: string): ConversationTransfer['state']['status'] | undefined {
    return this.seen.get(id)
  }

  sizeOf(t: ConversationTransfer): string {
    return formatBytes(t.size)
  }

  /** Prints what changed since the last call. */
  print(): void {
    const { conversation, out } = this.options
    for (const m of conversation.messages()) {
      if (m.from === 'me' || this.printed.has(m.id)) continue
      this.printed.add(m.id)
      out.line(chatLine(m.author, m.text, m.sentAt))
    }
    for (const t of conversation.transfers()) {
      const before = this.seen.get(t.id)
      const now = t.state.status
      this.seen.set(t.id, now)
      if (now === 'transferring') {
        if (before !== 'transferring') this.started.set(t.id, Date.now())
        out.status(t.id, progressLine(t))
      }
      if (now !== before) this.onStatus(t)
    }
  }

  private onStatus(t: ConversationTransfer): void {
    const { out } = this.options
    const name = printable(t.name)
    const size = formatBytes(t.size)
    const peer = printable(t.peerName)
    if (isFinal(t.state)) out.clearStatus(t.id)
    switch (t.state.status) {
      case 'offered':
        out.line(`${peer} offers ${name} (${size})`)
        this.options.offered(t.id)
        break
      case 'waiting-for-accept':
        out.line(`Offering ${name} (${size}) to ${peer}, waiting for it to be accepted…`)
        break
      case 'done': {
        const rate = this.averageRate(t)
        if (t.direction === 'send') {
          out.line(`Sent ${name} (${size}${rate}) — ${peer} verified it (SHA-256)`)
        } else {
          const path = this.options.savedAs(t.name) ?? t.name
          out.line(
            `Received ${name} (${size}${rate}) — SHA-256 verified, saved as ${printable(path)}`,
          )
        }
        break
      }
      case 'declined':
        out.line(`${name}: declined by ${t.state.by === 'me' ? 'you' : peer}`)
        break
      case 'cancelled':
        out.line(`${name}: cancelled by ${t.state.by === 'me' ? 'you' : peer}`)
        break
      case 'failed':
        this.anyFailed = true
        out.line(
          `${name}: failed (${t.state.reason}${t.state.by === 'peer' ? `, reported by ${peer}` : ''})`,
        )
        break
    }
  }

  /** ", 12.3 MB/s" from the first transferred byte to the final state; "" if unknown. */
  private averageRate(t: ConversationTransfer): string {
    const start = this.started.get(t.id)
    if (start === undefined) return ''
    const seconds = Math.max(0.001, (Date.now() - start) / 1000)
    return `, ${formatRate(t.size / seconds)}`
  }
}
