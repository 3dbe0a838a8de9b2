import type { PeerPhase } from '../rtc/phase'
import {
  CHAT_LABEL,
  CHAT_MAX_TEXT,
  type Chat,
  ChatError,
  FILE_LABEL_PREFIX,
  type FileTransfers,
  isFinal,
  makeChat,
  makeFileTransfers,
  type Transfer,
} from '../transfer'
import type { Command } from './args'
import { diskSinks } from './disk-sink'
import type { DiskFileSource } from './file-source'
import type { LineInput } from './input'
import type { CliSession } from './session'
import {
  chatLine,
  formatBytes,
  formatRate,
  type Printer,
  printable,
  progressLine,
} from './terminal'

export interface ConversationOptions {
  session: CliSession
  command: Command
  /** `send`: the files to send once connected. */
  sources: readonly DiskFileSource[]
  name: string
  dir: string
  ask: boolean
  out: Printer
  input: LineInput
}

/** Exit codes (see USAGE). */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_INTERRUPTED = 130

/** After the other side's bye, how long transfers still finishing may take to settle. */
const SETTLE_AFTER_BYE_MS = 1000
/** Before our bye, how long unacknowledged chat messages may take to be acknowledged. */
const CHAT_DRAIN_MS = 3000
const CHAT_REOPEN_MS = 250

const FAILURE_TEXT = {
  'no-route':
    'The devices could not reach each other. Make sure both are on the same Wi‑Fi, hotspot or LAN; across networks, try --stun URL on both sides.',
  timeout:
    'Connecting took too long. Make sure both devices are on the same network, then start again with a new invite.',
  lost: 'The connection was lost.',
  rejected: 'That code could not be used. Ask for a new one and try again.',
} as const

/**
 * Everything after the bootstrap: chat on `chat` (the host opens it once the control channel is
 * open), files on `file:<id>` channels, progress, and when to leave. Resolves with the exit code
 * once the conversation is over and the connection closed:
 * - the other side leaves: 0 (1 if a transfer failed, or `send` files were not all delivered);
 * - `send`: every file sent is final and nothing incoming is unfinished → bye, 0 if all verified;
 * - `chat`: input ends → pending messages acknowledged (bounded) → bye, 0;
 * - leave() (Ctrl+C): bye, 130;  the connection fails or is lost: 1.
 */
export class Conversation {
  private readonly chat: Chat
  private readonly files: FileTransfers
  private readonly seen = new Map<string, Transfer['state']['status']>()
  private readonly started = new Map<string, number>()
  private readonly savedAs = new Map<string, string[]>()
  private readonly printed = new Set<string>()
  private readonly asking: string[] = []
  private ownIds: string[] = []
  private anyFailed = false
  private connected = false
  private finishing = false
  private resolveExit: (code: number) => void = () => {}
  readonly exit: Promise<number> = new Promise((resolve) => {
    this.resolveExit = resolve
  })

  constructor(private readonly o: ConversationOptions) {
    this.chat = makeChat({ selfName: () => o.name })
    this.files = makeFileTransfers({
      openChannel: (label) => o.session.openChannel(label),
      createSink: diskSinks({
        dir: o.dir,
        onSaved: (meta, path) => this.savedAs.set(meta.name, [...this.paths(meta.name), path]),
      }),
    })
    o.session.on('channel', (channel) => {
      if (channel.label === CHAT_LABEL) this.chat.attach(channel)
      else if (channel.label.startsWith(FILE_LABEL_PREFIX)) this.files.acceptChannel(channel)
      else channel.close()
    })
    o.session.on('hello', ({ name }) => o.out.line(`Connected to ${printable(name)}`))
    o.session.on('phase', (phase) => this.onPhase(phase))
    this.chat.on('change', () => this.printChat())
    this.files.on('change', () => this.onTransfers())
    o.input.onLine((line) => this.sendChat(line))
    o.input.onEnd(() => {
      if (o.command === 'chat') void this.leave(EXIT_OK)
    })
    if (o.session.phase.status === 'connected') this.onPhase(o.session.phase)
  }

  /** Says bye (after cancelling unfinished transfers) and closes; resolves `exit` with `code`. */
  async leave(code: number): Promise<void> {
    if (this.finishing) return
    this.finishing = true
    this.files.dispose()
    await this.chatDelivered()
    await this.o.session.leave()
    this.done(code)
  }

  private get peer(): string {
    return printable(this.o.session.remoteName ?? 'The other side')
  }

  private onPhase(phase: PeerPhase): void {
    const { out, session } = this.o
    switch (phase.status) {
      case 'connected':
        if (this.connected) {
          out.line('Connection restored.')
          return
        }
        this.connected = true
        if (session.role === 'host') this.openChat()
        if (this.o.command === 'send') this.ownIds = this.files.send(this.o.sources)
        break
      case 'interrupted':
        out.line('Connection interrupted — trying to recover…')
        break
      case 'failed':
        out.line(FAILURE_TEXT[phase.reason])
        this.finishing = true
        this.files.dispose()
        void session.close().then(() => this.done(EXIT_FAILED))
        break
      case 'ended':
        if (phase.by === 'peer') void this.peerLeft()
        break
    }
  }

  /** Host: opens `chat`, and again whenever it closes while the call goes on (as the app). */
  private openChat(): void {
    const channel = this.o.session.openChannel(CHAT_LABEL)
    channel.addEventListener('close', () => {
      const status = this.o.session.phase.status
      if (!this.finishing && (status === 'connected' || status === 'interrupted')) {
        setTimeout(() => this.openChat(), CHAT_REOPEN_MS)
      }
    })
    this.chat.attach(channel)
  }

  private async peerLeft(): Promise<void> {
    if (this.finishing) return
    this.finishing = true
    const deadline = Date.now() + SETTLE_AFTER_BYE_MS
    while (this.files.transfers().some((t) => !isFinal(t.state)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    this.o.out.line(`${this.peer} left`)
    this.files.dispose()
    await this.o.session.close()
    const undelivered = this.o.command === 'send' && !this.allOwnDone()
    this.done(this.anyFailed || undelivered ? EXIT_FAILED : EXIT_OK)
  }

  private done(code: number): void {
    for (const source of this.o.sources) void source.close().catch(() => {})
    this.resolveExit(code)
  }

  private sendChat(line: string): void {
    if (line.trim() === '') return
    try {
      this.chat.send(line)
    } catch (err) {
      if (!(err instanceof ChatError)) throw err
      if (err.reason === 'too-long')
        this.o.out.line(`Not sent: at most ${CHAT_MAX_TEXT} characters.`)
    }
  }

  private printChat(): void {
    for (const m of this.chat.messages()) {
      if (m.from !== 'peer' || this.printed.has(m.id)) continue
      this.printed.add(m.id)
      this.o.out.line(chatLine(m.author, m.text, m.sentAt))
    }
  }

  private async chatDelivered(): Promise<void> {
    const deadline = Date.now() + CHAT_DRAIN_MS
    const pending = () =>
      this.chat.messages().some((m) => m.from === 'me' && m.status !== 'delivered')
    while (pending() && this.o.session.phase.status === 'connected' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  private onTransfers(): void {
    for (const t of this.files.transfers()) {
      const before = this.seen.get(t.id)
      const now = t.state.status
      this.seen.set(t.id, now)
      if (now === 'transferring') {
        if (before !== 'transferring') this.started.set(t.id, Date.now())
        this.o.out.status(t.id, progressLine(t))
      }
      if (now !== before) this.onStatus(t)
    }
    if (this.o.command === 'send' && !this.finishing && this.ownIds.length > 0) {
      const incoming = this.files
        .transfers()
        .some((t) => t.direction === 'receive' && !isFinal(t.state))
      if (!incoming && this.ownIds.every((id) => this.isFinal(id))) {
        void this.leave(this.allOwnDone() && !this.anyFailed ? EXIT_OK : EXIT_FAILED)
      }
    }
  }

  private onStatus(t: Transfer): void {
    const { out } = this.o
    const name = printable(t.name)
    const size = formatBytes(t.size)
    if (isFinal(t.state)) out.clearStatus(t.id)
    switch (t.state.status) {
      case 'offered':
        out.line(`${this.peer} offers ${name} (${size})`)
        if (this.o.ask) void this.ask(t.id)
        else this.files.accept(t.id)
        break
      case 'waiting-for-accept':
        out.line(`Offering ${name} (${size}), waiting for it to be accepted…`)
        break
      case 'done': {
        const rate = this.averageRate(t)
        if (t.direction === 'send') {
          out.line(`Sent ${name} (${size}${rate}) — ${this.peer} verified it (SHA-256)`)
        } else {
          const path = this.paths(t.name).shift() ?? t.name
          this.savedAs.set(t.name, this.paths(t.name).slice(1))
          out.line(
            `Received ${name} (${size}${rate}) — SHA-256 verified, saved as ${printable(path)}`,
          )
        }
        break
      }
      case 'declined':
        out.line(`${name}: declined by ${t.state.by === 'me' ? 'you' : this.peer}`)
        break
      case 'cancelled':
        out.line(`${name}: cancelled by ${t.state.by === 'me' ? 'you' : this.peer}`)
        break
      case 'failed':
        this.anyFailed = true
        out.line(
          `${name}: failed (${t.state.reason}${t.state.by === 'peer' ? `, reported by ${this.peer}` : ''})`,
        )
        break
    }
  }

  private async ask(id: string): Promise<void> {
    this.asking.push(id)
    if (this.asking.length > 1) return
    while (this.asking.length > 0) {
      const next = this.asking[0] as string
      const t = this.files.transfers().find((x) => x.id === next)
      if (t?.state.status === 'offered') {
        this.o.out.line(`Accept ${printable(t.name)} (${formatBytes(t.size)})? [y/n]`)
        const answer = (await this.o.input.next())?.trim().toLowerCase() ?? 'n'
        if (answer === 'y' || answer === 'yes') this.files.accept(next)
        else this.files.decline(next)
      }
      this.asking.shift()
    }
  }

  private isFinal(id: string): boolean {
    const t = this.files.transfers().find((x) => x.id === id)
    return t === undefined || isFinal(t.state)
  }

  private allOwnDone(): boolean {
    return this.ownIds.every((id) => this.seen.get(id) === 'done')
  }

  private paths(name: string): string[] {
    return this.savedAs.get(name) ?? []
  }

  /** ", 12.3 MB/s" from the first transferred byte to the final state; "" if unknown. */
  private averageRate(t: Transfer): string {
    const start = this.started.get(t.id)
    if (start === undefined) return ''
    const seconds = Math.max(0.001, (Date.now() - start) / 1000)
    return `, ${formatRate(t.size / seconds)}`
  }
}
