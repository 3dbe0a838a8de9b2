import { type Call, type CallEnd, endReads } from '../call/call'
import type { LeaveHow, Member } from '../call/room'
import { en } from '../i18n/en'
import { SAS_SYMBOLS } from '../i18n/sas-symbols'
import { problemText } from '../i18n/sentences'
import type { PeerSession } from '../rtc/session'
import { isFinal } from '../transfer'
import type { Command } from './args'
import type { DiskFileSource } from './file-source'
import { type Printer, printable } from './terminal'
import { TransferPrinter } from './transfer-printer'

/** What the terminal reads lines from (input.ts LineInput). */
export interface TerminalInput {
  next(): Promise<string | null>
  onLine(handler: (line: string) => void): void
  onEnd(handler: () => void): void
}

export interface TerminalCallOptions {
  call: Call<PeerSession>
  command: Command
  /** `send`: the files to offer to everyone who joins. */
  sources: readonly DiskFileSource[]
  ask: boolean
  out: Printer
  input: TerminalInput
  /** Where each received file was saved (disk-sink.ts onSaved), by file name, oldest first. */
  savedAs?: (name: string) => string | undefined
  /** The chat command `/invite`: prints an invite for one more person and takes the reply. */
  invite: () => Promise<void>
  /** A line that is not chat (a Reconnect code, terminal-reconnect.ts): true when taken. */
  takeLine?: (line: string) => boolean
}

/** Exit codes (see USAGE). */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_BAD_INPUT = 2
export const EXIT_INTERRUPTED = 130

/** Before our bye, how long unacknowledged chat messages may take to be acknowledged; paced
 *  sends (transfer/chat.ts) of a long piped input need time, but not forever. */
export const CHAT_DRAIN_MS = 30_000
/** After the last other member left, how long transfers still finishing may take to settle. */
export const SETTLE_MS = 1000

/**
 * The terminal's face of a call (call/call.ts): prints who joins and leaves, verification
 * symbols, chat and transfers; sends typed lines as chat (`/invite` invites one more person);
 * and decides when the program is over. Resolves `exit` with the exit code once the
 * connections are closed:
 * - the call ends by itself (call.ts CallEnd): everyone else left → 0 (1 if a transfer failed, or
 *   `send` files were not all delivered); the last one was lost or cut off → 1; the code
 *   exchange's connection failed before anyone joined → its problem printed, 1;
 * - `send`: every file is final for everyone who joined and nothing incoming is unfinished → bye;
 * - `chat`: input ends → our messages acknowledged (bounded) → bye, 0 (1 if any was not);
 * - leave() (Ctrl+C): bye, 130.
 */
export class TerminalCall {
  private readonly transfers: TransferPrinter
  private readonly ownIds = new Set<string>()
  private readonly verified = new Set<string>()
  private finishing = false
  private resolveExit: (code: number) => void = () => {}
  readonly exit: Promise<number> = new Promise((resolve) => {
    this.resolveExit = resolve
  })

  constructor(private readonly options: TerminalCallOptions) {
    const { call, input, out } = options
    const conversation = call.conversation
    this.transfers = new TransferPrinter({
      out,
      conversation,
      savedAs: options.savedAs ?? (() => undefined),
      offered: (id) => (options.ask ? this.ask(id) : conversation.accept(id)),
    })
    call.on('joined', ({ member }) => this.onJoined(member))
    call.on('change', () => this.printVerifications())
    call.on('left', ({ member, how }) => this.onLeft(member, how))
    call.on('problem', (problem) => out.line(problemText(en, problem)))
    call.on('ended', (end) => void this.onEnded(end))
    conversation.on('change', () => this.onChange())
    input.onLine((line) => {
      if (line.trim() === '/invite') void options.invite()
      else if (!options.takeLine?.(line)) this.sendChat(line)
    })
    input.onEnd(() => {
      if (options.command === 'chat') void this.leave(EXIT_OK)
    })
  }

  /** Says bye (after our chat was acknowledged, bounded) and closes; resolves `exit` with `code`. */
  async leave(code: number): Promise<void> {
    if (this.finishing) return
    this.finishing = true
    await this.chatDelivered()
    const undelivered = this.options.call.conversation
      .messages()
      .filter((m) => m.from === 'me' && m.status !== 'delivered').length
    if (undelivered > 0) {
      this.options.out.line(`${undelivered} of your messages were not delivered.`)
    }
    await this.options.call.leave().done
    this.done(undelivered > 0 && code === EXIT_OK ? EXIT_FAILED : code)
  }

  private onJoined(member: Member<PeerSession>): void {
    this.options.out.line(`Connected to ${printable(member.name)}`)
    if (this.options.command !== 'send') return
    const ids = this.options.call.conversation.sendFiles(this.options.sources, [member.id])
    for (const id of ids) this.ownIds.add(id)
  }

  /** Each connection's verification symbols, once known (rtc/sas.ts). */
  private printVerifications(): void {
    for (const member of this.options.call.members()) {
      if (!member.verification || this.verified.has(member.id)) continue
      this.verified.add(member.id)
      const words = member.verification.map((i) => SAS_SYMBOLS[i]?.en ?? '?').join(' ')
      this.options.out.line(`Check with ${printable(member.name)}: ${words}`)
    }
  }

  private onLeft(member: Member<PeerSession>, how: LeaveHow): void {
    const name = printable(member.name)
    this.options.out.line(
      how === 'left'
        ? `${name} left`
        : how === 'cut-off'
          ? en.cutOff(name)
          : en.lostConnectionTo(name),
    )
  }

  /** Over by itself (call.ts CallEnd): said why, then left — transfers still finishing get a
   *  moment when the last person went. Only everyone having said goodbye is a clean exit. */
  private async onEnded(end: CallEnd<PeerSession>): Promise<void> {
    if (this.finishing) return
    this.finishing = true
    const reads = endReads(end)
    if ('problem' in reads && end.why !== 'alone') {
      this.options.out.line(problemText(en, reads.problem))
    }
    const conversation = this.options.call.conversation
    const deadline = Date.now() + SETTLE_MS
    while (
      end.why === 'alone' &&
      conversation.transfers().some((t) => !isFinal(t.state)) &&
      Date.now() < deadline
    ) {
      await sleep(20)
    }
    await this.options.call.leave().done
    const undelivered = this.options.command === 'send' && !this.allOwnDone()
    const clean = 'notice' in reads && !this.transfers.anyFailed && !undelivered
    this.done(clean ? EXIT_OK : EXIT_FAILED)
  }

  private done(code: number): void {
    for (const source of this.options.sources) void source.close().catch(() => {})
    this.resolveExit(code)
  }

  private sendChat(line: string): void {
    if (line.trim() === '') return
    try {
      this.options.call.conversation.send(line)
    } catch {
      this.options.out.line(en.chatTooLong)
    }
  }

  private async chatDelivered(): Promise<void> {
    const { call } = this.options
    const deadline = Date.now() + CHAT_DRAIN_MS
    const pending = () =>
      call.conversation.messages().some((m) => m.from === 'me' && m.status !== 'delivered')
    while (pending() && call.members().length > 0 && Date.now() < deadline) await sleep(20)
  }

  private onChange(): void {
    this.transfers.print()
    if (this.options.command !== 'send' || this.finishing || this.ownIds.size === 0) return
    const all = this.options.call.conversation.transfers()
    const incoming = all.some((t) => t.direction === 'receive' && !isFinal(t.state))
    const ownFinal = all.filter((t) => this.ownIds.has(t.id)).every((t) => isFinal(t.state))
    if (!incoming && ownFinal) {
      void this.leave(this.allOwnDone() && !this.transfers.anyFailed ? EXIT_OK : EXIT_FAILED)
    }
  }

  private allOwnDone(): boolean {
    return [...this.ownIds].every((id) => this.transfers.statusOf(id) === 'done')
  }

  /** Asks about each offered file in turn, on its own line of input. */
  private readonly asking: string[] = []
  private async ask(id: string): Promise<void> {
    this.asking.push(id)
    if (this.asking.length > 1) return
    const { conversation } = this.options.call
    while (this.asking.length > 0) {
      const next = this.asking[0] as string
      const t = conversation.transfers().find((x) => x.id === next)
      if (t?.state.status === 'offered') {
        this.options.out.line(`Accept ${printable(t.name)} (${this.transfers.sizeOf(t)})? [y/n]`)
        const answer = (await this.options.input.next())?.trim().toLowerCase() ?? 'n'
        if (answer === 'y' || answer === 'yes') conversation.accept(next)
        else conversation.decline(next)
      }
      this.asking.shift()
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
