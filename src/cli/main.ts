/**
 * Tatap terminal peer: `npm run peer -- receive | send FILE… | chat [options]` (USAGE in args.ts).
 * Speaks the browser app's protocol on werift: the codec's codes for the bootstrap, then the
 * control, chat and file channels. Exit codes: see USAGE.
 */
import { stat } from 'node:fs/promises'
import { CodecError, decodeSignal, encodeSignal, inviteLink, type Signal } from '../codec'
import { en } from '../i18n/en'
import { codecErrorText } from '../ui/messages'
import { type CliArgs, parseArgs, USAGE } from './args'
import { Conversation, EXIT_FAILED, EXIT_INTERRUPTED } from './conversation'
import { type DiskFileSource, openFileSource } from './file-source'
import { LineInput } from './input'
import { CliSession } from './session'
import { Printer, terminalQr } from './terminal'

const EXIT_BAD_INPUT = 2

/** A refusal to go on, told to the person as `message`; ends the program with `code`. */
class Stop extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv)
  if (!parsed.ok) {
    if (parsed.help) process.stdout.write(USAGE)
    else process.stderr.write(`${parsed.error}\nRun with --help to see how to use it.\n`)
    return parsed.help ? 0 : EXIT_BAD_INPUT
  }
  const args = parsed.args
  const out = new Printer(process.stdout)
  const debug = args.verbose
    ? (message: string) => process.stderr.write(`[debug] ${message}\n`)
    : () => {}
  // werift leaves some promises unhandled (e.g. "channel not found" for a late SCTP message on a
  // closed stream); they must not end the program with a stack trace.
  process.on('unhandledRejection', (reason) => debug(`unhandled: ${String(reason)}`))

  const input = new LineInput(process.stdin)
  const session = new CliSession(args.host ? 'host' : 'guest', {
    name: args.name,
    stun: args.stun,
    onDebug: debug,
  })
  let conversation: Conversation | null = null
  let interrupted = false
  process.on('SIGINT', () => {
    if (interrupted || !conversation) process.exit(EXIT_INTERRUPTED)
    interrupted = true
    out.line('Leaving…')
    void conversation.leave(EXIT_INTERRUPTED)
  })

  try {
    await checkDir(args.dir)
    const sources = await openSources(args.files)
    await bootstrap(session, args, out, input)
    conversation = new Conversation({
      session,
      command: args.command,
      sources,
      name: args.name,
      dir: args.dir,
      ask: args.ask,
      out,
      input,
    })
    return await conversation.exit
  } catch (err) {
    await session.close()
    if (err instanceof CodecError) return refuse(codecErrorText(en, err.reason))
    if (err instanceof Stop) return refuse(err.message, err.code)
    debug(err instanceof Error ? (err.stack ?? err.message) : String(err))
    return refuse('The connection could not be set up. Start again with a new code.', EXIT_FAILED)
  }
}

/** Host: invite out, reply in. Guest: invite in, reply out. Leaves the session connecting. */
async function bootstrap(
  session: CliSession,
  args: CliArgs,
  out: Printer,
  input: LineInput,
): Promise<void> {
  if (session.role === 'host') {
    const offer = await session.createInvite()
    await showCode(out, inviteLink(args.app, encodeSignal(offer)), [
      'Invite: scan this QR code with the other device, or send it the link below.',
    ])
    const text = await readCode(
      out,
      input,
      'Then paste the reply code or link here and press Enter:',
    )
    const answer = decodeSignal(text, { replyTo: offer })
    if (answer.type !== 'answer') throw new Stop(EXIT_BAD_INPUT, en.errInviteNotReply)
    await session.acceptReply(answer)
    out.line('Connecting…')
    return
  }
  const text =
    args.invite ?? (await readCode(out, input, 'Paste the invite code or link and press Enter:'))
  const offer: Signal = decodeSignal(text)
  if (offer.type !== 'offer') throw new Stop(EXIT_BAD_INPUT, en.errReplyNotInvite)
  let answer: Signal
  try {
    answer = await session.acceptInvite(offer)
  } catch {
    throw new Stop(
      EXIT_BAD_INPUT,
      'That invite could not be used. Ask for a new one and try again.',
    )
  }
  await showCode(out, inviteLink(args.app, encodeSignal(answer, { replyTo: offer })), [
    'Reply: on the device that invited you, choose Scan reply and scan this QR code,',
    'or paste the link below into its Reply code box.',
  ])
  out.line('Connecting… (once the other side has entered your reply)')
}

async function showCode(out: Printer, link: string, intro: readonly string[]): Promise<void> {
  for (const line of intro) out.line(line)
  out.line('')
  out.line(await terminalQr(link))
  out.line(link)
  out.line('')
}

/** The first non-blank line; input ending first counts as an empty code. */
async function readCode(out: Printer, input: LineInput, prompt: string): Promise<string> {
  out.line(prompt)
  for (;;) {
    const line = await input.next()
    if (line === null) throw new Stop(EXIT_BAD_INPUT, en.errEmpty)
    if (line.trim() !== '') return line
  }
}

async function checkDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory()) throw new Stop(EXIT_BAD_INPUT, `${dir} is not a directory.`)
}

async function openSources(paths: readonly string[]): Promise<DiskFileSource[]> {
  const sources: DiskFileSource[] = []
  for (const path of paths) {
    try {
      sources.push(await openFileSource(path))
    } catch (err) {
      for (const source of sources) await source.close()
      const code = (err as NodeJS.ErrnoException).code
      const why =
        code === 'ENOENT'
          ? 'there is no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : 'it is not a readable file'
      throw new Stop(EXIT_BAD_INPUT, `Cannot send ${path}: ${why}.`)
    }
  }
  return sources
}

function refuse(message: string, code = EXIT_BAD_INPUT): number {
  process.stderr.write(`${message}\n`)
  return code
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Unexpected error: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(EXIT_FAILED)
  },
)
