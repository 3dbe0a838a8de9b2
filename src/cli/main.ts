/**
 * Tatap terminal peer: `npm run peer -- receive | send FILE… | chat [options]` (USAGE in args.ts).
 * Speaks the app's protocol on werift: the codec's codes for the first connection, then the
 * control, chat and file channels — and joins rooms like the app (introductions over the existing
 * connections). Exit codes: see USAGE.
 */
import { stat } from 'node:fs/promises'
import { Call } from '../call/call'
import { readInvite } from '../call/codes'
import type { Problem } from '../call/problems'
import { en } from '../i18n/en'
import { problemText } from '../i18n/sentences'
import { PeerSession } from '../rtc/session'
import { type CliArgs, DEFAULT_NAME, parseArgs, USAGE } from './args'
import { diskSinks, savedPaths } from './disk-sink'
import { type DiskFileSource, openFileSource } from './file-source'
import { LineInput } from './input'
import { Printer, terminalQr } from './terminal'
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, TerminalCall } from './terminal-call'
import { TerminalReconnect } from './terminal-reconnect'
import { makeWeriftKeys, WeriftPeer } from './werift-peer'

/** A refusal to go on, told to the person as `message`; ends the program with `code`. */
class Stop extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

/** A problem with what the person gave us (a code): its words, exit code 2. */
const refused = (problem: Problem) => new Stop(EXIT_BAD_INPUT, problemText(en, problem))

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
  const keys = await makeWeriftKeys()
  const saved = savedPaths()
  const call = new Call<PeerSession>({
    surface: 'terminal',
    name: args.name,
    fallbackName: DEFAULT_NAME,
    baseUrl: args.app,
    createSink: diskSinks({ dir: args.dir, onSaved: saved.onSaved }),
    newSession: (role, hello) => {
      const session = new PeerSession(new WeriftPeer({ stun: args.stun, keys }), { role, hello })
      session.on('error', (error) => debug(error.message))
      return session
    },
  })
  let terminal: TerminalCall | null = null
  let interrupted = false
  process.on('SIGINT', () => {
    if (interrupted || !terminal) process.exit(EXIT_INTERRUPTED)
    interrupted = true
    out.line('Leaving…')
    void terminal.leave(EXIT_INTERRUPTED)
  })

  try {
    await checkDir(args.dir)
    const sources = await openSources(args.files)
    const reconnect = new TerminalReconnect({
      room: call.room,
      baseUrl: args.app,
      out,
      showCode: (link, intro) => showCode(out, link, intro),
    })
    terminal = new TerminalCall({
      call,
      command: args.command,
      sources,
      ask: args.ask,
      out,
      input,
      savedAs: saved.take,
      takeLine: (line) => reconnect.takeLine(line),
      invite: () =>
        invite(call, out, input).catch((err: unknown) => {
          out.line(err instanceof Stop ? err.message : en.errGeneric)
        }),
    })
    if (args.host) await invite(call, out, input)
    else await join(call, args, out, input)
    return await terminal.exit
  } catch (err) {
    await call.leave().done
    if (err instanceof Stop) return refuse(err.message, err.code)
    debug(err instanceof Error ? (err.stack ?? err.message) : String(err))
    return refuse('The connection could not be set up. Start again with a new code.', EXIT_FAILED)
  }
}

/** Prints an invite, reads the reply, connects. A bad reply is refused with the app's words. */
async function invite(call: Call<PeerSession>, out: Printer, input: LineInput): Promise<void> {
  const made = await call.invite()
  if (!made.ok) throw refused(made.problem)
  await showCode(out, made.value.link, [
    'Invite: scan this QR code with the other device, or send it the link below.',
  ])
  const reply = await readCode(
    out,
    input,
    'Then paste the reply code or link here and press Enter:',
  )
  // Said as soon as the reply is read: the connection may fail (and say so) before the reply's
  // description has even been applied.
  const problem = await call.takeReply(reply, () => out.line('Connecting…'))
  if (problem) {
    call.cancelInvite()
    throw refused(problem)
  }
}

/** Reads the invite, prints the reply. */
async function join(
  call: Call<PeerSession>,
  args: CliArgs,
  out: Printer,
  input: LineInput,
): Promise<void> {
  const text =
    args.invite ?? (await readCode(out, input, 'Paste the invite code or link and press Enter:'))
  const read = readInvite(text)
  if (!read.ok) throw refused(read.problem)
  const joined = await call.join(read.signal)
  if (!joined.ok) throw refused(joined.problem)
  await showCode(out, joined.value.reply, [
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
    if (line === null) throw refused({ kind: 'code', reason: 'empty' })
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
