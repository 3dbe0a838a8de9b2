import { conversationPeer } from '../call/conversation-peer'
import type { LeaveHow, Member, Room } from '../call/room'
import { en } from '../i18n/en'
import { formatBytes } from '../i18n/format'
import { SAS_SYMBOLS } from '../i18n/sas-symbols'
import { peerFailureText } from '../i18n/sentences'
import type { PeerSession } from '../rtc/session'
import {
  type Conversation,
  type ConversationTransfer,
  isFinal,
  makeConversation,
} from '../transfer'
import type { Command } from './args'
import { diskSinks } from './disk-sink'
import type { DiskFileSource } from './file-source'
import type { LineInput } from './input'
import { chatLine, formatRate, type Printer, printable, progressLine } from './terminal'

export interface TerminalCallOptions {
  room: Room<PeerSession>
  command: Command
  /** `send`: the files to offer to everyone who joins. */
  sources: readonly DiskFileSource[]
  dir: string
  ask: boolean
  out: Printer
  input: LineInput
  /** The chat command `/invite`: prints an invite for one more person and takes the reply. */
  invite: () => Promise<void>
  /** A line that is not chat (a Reconnect code, terminal-reconnect.ts): true when taken. */
  takeLine?: (line: string) => boolean
}

/** Exit codes (see USAGE). */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_INTERRUPTED = 130

/** Before our bye, how long unacknowledged chat messages may take to be acknowledged; paced
 *  sends (transfer/chat.ts) of a long piped input need time, but not forever. */
const CHAT_DRAIN_MS = 30_000
/** After the last other member left, how long transfers still finishing may take to settle. */
const SETTLE_MS = 1000

/**
 * The terminal's side of a call: prints who joins and leaves, chat and transfers; sends lines as
 * chat (`/invite` invites one more person); and decides when it is over. Resolves `exit` with the
 * exit code once the connections are closed:
 * - everyone else left: 0 (1 if a transfer failed, or `send` files were not all delivered);
 * - `send`: every file is final for everyone who joined and nothing incoming is unfinished → bye;
 * - `chat`: input ends → our messages acknowledged (bounded) → bye, 0 (1 if any was not);
 * - leave() (Ctrl+C): bye, 130;  the first connection fails, or the last one is lost: 1.
 */
export class TerminalCall {
  private readonly conversation: Conversation
  private readonly seen = new Map<string, ConversationTransfer['state']['status']>()
  private readonly started = new Map<string, number>()
  private readonly savedAs = new Map<string, string[]>()
  private readonly printed = new Set<string>()
  private readonly asking: string[] = []
  private readonly ownIds = new Set<string>()
  private readonly verified = new Set<string>()
  private anyFailed = false
  private finishing = false
  private resolveExit: (code: number) => void = () => {}
  readonly exit: Promise<number> = new Promise((resolve) => {
    this.resolveExit = resolve
  })

  constructor(private readonly options: TerminalCallOptions) {
    const { room, input } = options
    this.conversation = makeConversation({
      selfName: () => room.self.name,
      createSink: diskSinks({
        dir: options.dir,
        onSaved: (meta, path) => this.savedAs.set(meta.name, [...this.paths(meta.name), path]),
      }),
    })
    room.on('joined', (member) => this.onJoined(member))
    room.on('change', () => this.printVerifications())
    room.on('left', ({ member, how }) => this.onLeft(member, how))
    this.conversation.on('change', () => this.onChange())
    input.onLine((line) => {
      if (line.trim() === '/invite') void options.invite()
      else if (!options.takeLine?.(line)) this.sendChat(line)
    })
    input.onEnd(() => {
      if (options.command === 'chat') void this.leave(EXIT_OK)
    })
  }

  /** The first connection (a code exchange) failed before anyone joined. */
  failed(reason: Parameters<typeof peerFailureText>[1]): void {
    if (this.finishing) return
    this.options.out.line(peerFailureText(en, reason))
    this.finishing = true
    void this.options.room.leave().then(() => this.done(EXIT_FAILED))
  }

  /** Says bye (after our chat was acknowledged, bounded) and closes; resolves `exit` with `code`. */
  async leave(code: number): Promise<void> {
    if (this.finishing) return
    this.finishing = true
    await this.chatDelivered()
    const undelivered = this.conversation
      .messages()
      .filter((m) => m.from === 'me' && m.status !== 'delivered').length
    if (undelivered > 0)
      this.options.out.line(`${undelivered} of your messages were not delivered.`)
    this.conversation.dispose()
    await this.options.room.leave()
    this.done(undelivered > 0 && code === EXIT_OK ? EXIT_FAILED : code)
  }

  private onJoined(member: Member<PeerSession>): void {
    if (!member.session) return
    this.options.out.line(`Connected to ${printable(member.name)}`)
    this.conversation.addPeer(conversationPeer(member.id, member.name, member.session))
    if (this.options.command === 'send') {
      for (const id of this.conversation.sendFiles(this.options.sources, [member.id]))
        this.ownIds.add(id)
    }
  }

  /** Each connection's verification symbols, once known (rtc/sas.ts). */
  private printVerifications(): void {
    for (const member of this.options.room.members()) {
      if (!member.verification || this.verified.has(member.id)) continue
      this.verified.add(member.id)
      const words = member.verification.map((i) => SAS_SYMBOLS[i]?.en ?? '?').join(' ')
      this.options.out.line(`Check with ${printable(member.name)}: ${words}`)
    }
  }

  private async onLeft(member: Member<PeerSession>, how: LeaveHow): Promise<void> {
    this.conversation.removePeer(member.id)
    const name = printable(member.name)
    this.options.out.line(
      how === 'left'
        ? `${name} left`
        : how === 'cut-off'
          ? en.cutOff(name)
          : en.lostConnectionTo(name),
    )
    if (this.finishing || this.options.room.members().length > 0) return
    this.finishing = true
    const deadline = Date.now() + SETTLE_MS
    while (this.conversation.transfers().some((t) => !isFinal(t.state)) && Date.now() < deadline) {
      await sleep(20)
    }
    this.conversation.dispose()
    await this.options.room.leave()
    const undelivered = this.options.command === 'send' && !this.allOwnDone()
    this.done(how !== 'left' || this.anyFailed || undelivered ? EXIT_FAILED : EXIT_OK)
  }

  private done(code: number): void {
    for (const source of this.options.sources) void source.close().catch(() => {})
    this.resolveExit(code)
  }

  private sendChat(line: string): void {
    if (line.trim() === '') return
    try {
      this.conversation.send(line)
    } catch {
      this.options.out.line(en.chatTooLong)
    }
  }

  private async chatDelivered(): Promise<void> {
    const deadline = Date.now() + CHAT_DRAIN_MS
    const pending = () =>
      this.conversation.messages().some((m) => m.from === 'me' && m.status !== 'delivered')
    while (pending() && this.options.room.members().length > 0 && Date.now() < deadline)
      await sleep(20)
  }

  private onChange(): void {
    for (const m of this.conversation.messages()) {
      if (m.from === 'me' || this.printed.has(m.id)) continue
      this.printed.add(m.id)
      this.options.out.line(chatLine(m.author, m.text, m.sentAt))
    }
    for (const t of this.conversation.transfers()) {
      const before = this.seen.get(t.id)
      const now = t.state.status
      this.seen.set(t.id, now)
      if (now === 'transferring') {
        if (before !== 'transferring') this.started.set(t.id, Date.now())
        this.options.out.status(t.id, progressLine(t))
      }
      if (now !== before) this.onStatus(t)
    }
    const all = this.conversation.transfers()
    if (this.options.command === 'send' && !this.finishing && this.ownIds.size > 0) {
      const incoming = all.some((t) => t.direction === 'receive' && !isFinal(t.state))
      const ownFinal = all.filter((t) => this.ownIds.has(t.id)).every((t) => isFinal(t.state))
      if (!incoming && ownFinal)
        void this.leave(this.allOwnDone() && !this.anyFailed ? EXIT_OK : EXIT_FAILED)
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
        if (this.options.ask) void this.ask(t.id)
        else this.conversation.accept(t.id)
        break
      case 'waiting-for-accept':
        out.line(`Offering ${name} (${size}) to ${peer}, waiting for it to be accepted…`)
        break
      case 'done': {
        const rate = this.averageRate(t)
        if (t.direction === 'send') {
          out.line(`Sent ${name} (${size}${rate}) — ${peer} verified it (SHA-256)`)
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

  private async ask(id: string): Promise<void> {
    this.asking.push(id)
    if (this.asking.length > 1) return
    while (this.asking.length > 0) {
      const next = this.asking[0] as string
      const t = this.conversation.transfers().find((x) => x.id === next)
      if (t?.state.status === 'offered') {
        this.options.out.line(`Accept ${printable(t.name)} (${formatBytes(t.size)})? [y/n]`)
        const answer = (await this.options.input.next())?.trim().toLowerCase() ?? 'n'
        if (answer === 'y' || answer === 'yes') this.conversation.accept(next)
        else this.conversation.decline(next)
      }
      this.asking.shift()
    }
  }

  private allOwnDone(): boolean {
    return [...this.ownIds].every((id) => this.seen.get(id) === 'done')
  }

  private paths(name: string): string[] {
    return this.savedAs.get(name) ?? []
  }

  /** ", 12.3 MB/s" from the first transferred byte to the final state; "" if unknown. */
  private averageRate(t: ConversationTransfer): string {
    const start = this.started.get(t.id)
    if (start === undefined) return ''
    const seconds = Math.max(0.001, (Date.now() - start) / 1000)
    return `, ${formatRate(t.size / seconds)}`
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
