/**
 * Tatap terminal peer: `npm run peer -- receive | send FILE… | chat [options]` (USAGE in args.ts).
 * Speaks the app's protocol on werift: the codec's codes for the first connection, then the
 * control, chat and file channels — and joins rooms like the app (introductions over the existing
 * connections). Exit codes: see USAGE.
 */
import { stat } from 'node:fs/promises'
import { linkFor, readInvite, readReply } from '../call/codes'
import { Room } from '../call/room'
import { en } from '../i18n/en'
import { PeerSession } from '../rtc/session'
import { randomId } from '../shared/ids'
import { type CliArgs, parseArgs, USAGE } from './args'
import { type DiskFileSource, openFileSource } from './file-source'
import { LineInput } from './input'
import { Printer, terminalQr } from './terminal'
import { EXIT_FAILED, EXIT_INTERRUPTED, TerminalCall } from './terminal-call'
import { TerminalReconnect } from './terminal-reconnect'
import { makeWeriftKeys, WeriftPeer } from './werift-peer'

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
  const keys = await makeWeriftKeys()
  const self = { id: randomId(), name: args.name, media: false, restarts: true }
  const room = new Room({
    self,
    newSession: (role) => {
      const session = new PeerSession(new WeriftPeer({ stun: args.stun, keys }), {
        role,
        hello: self,
      })
      session.on('error', (error) => debug(error.message))
      return session
    },
  })
  let call: TerminalCall | null = null
  let interrupted = false
  process.on('SIGINT', () => {
    if (interrupted || !call) process.exit(EXIT_INTERRUPTED)
    interrupted = true
    out.line('Leaving…')
    void call.leave(EXIT_INTERRUPTED)
  })

  try {
    await checkDir(args.dir)
    const sources = await openSources(args.files)
    const reconnect = new TerminalReconnect({
      room,
      baseUrl: args.app,
      out,
      showCode: (link, intro) => showCode(out, link, intro),
    })
    const current: TerminalCall = new TerminalCall({
      room,
      command: args.command,
      sources,
      dir: args.dir,
      ask: args.ask,
      out,
      input,
      takeLine: (line) => reconnect.takeLine(line),
      invite: () =>
        invite(room, args, out, input, current).catch((err: unknown) => {
          out.line(err instanceof Stop ? err.message : en.errGeneric)
        }),
    })
    call = current
    if (args.host) await invite(room, args, out, input, current)
    else await join(room, args, out, input, current)
    return await current.exit
  } catch (err) {
    await room.leave()
    if (err instanceof Stop) return refuse(err.message, err.code)
    debug(err instanceof Error ? (err.stack ?? err.message) : String(err))
    return refuse('The connection could not be set up. Start again with a new code.', EXIT_FAILED)
  }
}

/** Prints an invite, reads the reply, connects. A bad reply is refused with the app's words. */
async function invite(
  room: Room,
  args: CliArgs,
  out: Printer,
  input: LineInput,
  call: TerminalCall,
) {
  const invitation = await room.invite().catch(() => {
    throw new Stop(EXIT_BAD_INPUT, en.errRoomFull)
  })
  watch(invitation.session, call)
  await showCode(out, linkFor(args.app, invitation.offer), [
    'Invite: scan this QR code with the other device, or send it the link below.',
  ])
  const read = readReply(
    en,
    await readCode(out, input, 'Then paste the reply code or link here and press Enter:'),
    invitation.offer,
  )
  if (!read.ok) {
    invitation.cancel()
    throw new Stop(EXIT_BAD_INPUT, read.problem)
  }
  await invitation.accept(read.signal)
  out.line('Connecting…')
}

/** Reads the invite, prints the reply. */
async function join(room: Room, args: CliArgs, out: Printer, input: LineInput, call: TerminalCall) {
  const text =
    args.invite ?? (await readCode(out, input, 'Paste the invite code or link and press Enter:'))
  const read = readInvite(en, text)
  if (!read.ok) throw new Stop(EXIT_BAD_INPUT, read.problem)
  const joined = await room.join(read.signal).catch(() => {
    throw new Stop(EXIT_BAD_INPUT, en.errRejected)
  })
  watch(joined.session, call)
  await showCode(out, linkFor(args.app, joined.answer, read.signal), [
    'Reply: on the device that invited you, choose Scan reply and scan this QR code,',
    'or paste the link below into its Reply code box.',
  ])
  out.line('Connecting… (once the other side has entered your reply)')
}

/** The code exchange's own connection: a failure before anyone joined ends the program. */
function watch(session: PeerSession, call: TerminalCall): void {
  session.on('phase', (phase) => {
    if (phase.status === 'failed' && !session.remote) call.failed(phase.reason)
  })
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
