/** Command line of the terminal peer: `<command> [FILE…] [options]`. */

export type Command = 'receive' | 'send' | 'chat'

export interface CliArgs {
  command: Command
  /** Only for `send`: at least one. */
  files: string[]
  /** Start the call (print an invite) instead of joining one. */
  host: boolean
  /** Guest: the invite code or link; null means ask on stdin. */
  invite: string | null
  name: string
  /** Base address of the user's Tatap app, for links and QR codes. */
  app: string
  stun: string[]
  /** Where received files go. */
  dir: string
  /** Confirm each incoming file on stdin. */
  ask: boolean
  verbose: boolean
}

export type ParseResult = { ok: true; args: CliArgs } | { ok: false; help: true } | ParseError

export interface ParseError {
  ok: false
  help?: never
  error: string
}

export const DEFAULT_APP_URL = 'https://tatap.example/'
export const DEFAULT_NAME = 'Terminal'

const COMMANDS: readonly Command[] = ['receive', 'send', 'chat']
const FLAGS = ['--host', '--ask', '--verbose'] as const
const VALUED = ['--invite', '--name', '--app', '--stun', '--dir'] as const

export const USAGE = `Usage: npm run peer -- <command> [FILE…] [options]

Commands:
  receive        Take files and chat from the other side; files are saved in the
                 current directory (or --dir). Runs until the other side leaves.
  send FILE…     Send these files; leave once the other side has verified them all.
  chat           Chat only. Each line you type is sent.
  In every mode lines you type are chat messages and incoming files are accepted;
  /invite prints an invite for one more person. When the network between you and
  someone changes, a reconnect code (or a prompt for theirs) is printed: paste the
  other side's code or reply as a line and the same call carries on.

Options:
  --host         Start the call: print an invite, then paste the reply here.
                 Without it you join a call: pass the invite with --invite or
                 paste it when asked.
  --invite CODE  The invite code or link to join with.
  --name NAME    Your name as the other side sees it (default "${DEFAULT_NAME}").
  --app URL      The address of YOUR Tatap app (e.g. https://192.168.1.20:8443/).
                 Links and QR codes point there, so a phone's camera opens your
                 app. Default ${DEFAULT_APP_URL} (a placeholder: pass your own).
  --stun URL     A STUN server, e.g. stun:stun.example.org:3478 (repeatable).
                 Default: none, which works on one network (Wi-Fi, hotspot, LAN).
  --dir DIR      Directory for received files (default: the current one).
                 Existing files are never replaced: "name (1).ext" is used instead.
  --ask          Ask before accepting each incoming file (answer y or n).
  --verbose      Print connection details and internal errors.
  -h, --help     Show this help.

Exit status: 0 done or the other side left; 1 the connection or a transfer
failed; 2 a bad code or bad arguments; 130 interrupted (Ctrl+C).
`

/** Parses argv (without node and script). Never throws; never touches the file system. */
export function parseArgs(argv: readonly string[]): ParseResult {
  const args: CliArgs = {
    command: 'receive',
    files: [],
    host: false,
    invite: null,
    name: DEFAULT_NAME,
    app: DEFAULT_APP_URL,
    stun: [],
    dir: '.',
    ask: false,
    verbose: false,
  }
  const end = argv.indexOf('--')
  const options = end < 0 ? argv : argv.slice(0, end)
  if (options.includes('-h') || options.includes('--help')) return { ok: false, help: true }
  const positional: string[] = []
  let onlyPositional = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (onlyPositional || !arg.startsWith('-') || arg === '-') {
      positional.push(arg)
      continue
    }
    if (arg === '--') {
      onlyPositional = true
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq > 0 ? arg.slice(0, eq) : arg
    if ((FLAGS as readonly string[]).includes(flag)) {
      if (eq > 0) return fail(`${flag} takes no value`)
      if (flag === '--host') args.host = true
      else if (flag === '--ask') args.ask = true
      else args.verbose = true
      continue
    }
    if (!(VALUED as readonly string[]).includes(flag)) return fail(`unknown option ${flag}`)
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined) return fail(`${flag} needs a value`)
    const problem = setValue(args, flag as (typeof VALUED)[number], value)
    if (problem) return fail(problem)
  }
  const [command, ...rest] = positional
  if (command === undefined) return fail('say what to do: receive, send FILE…, or chat')
  if (!(COMMANDS as readonly string[]).includes(command)) return fail(`unknown command ${command}`)
  args.command = command as Command
  if (args.command === 'send') {
    if (rest.length === 0) return fail('send needs at least one FILE')
    args.files = rest
  } else if (rest.length > 0) return fail(`${command} takes no FILE (did you mean send?)`)
  if (args.host && args.invite !== null) return fail('--host and --invite exclude each other')
  return { ok: true, args }
}

function setValue(args: CliArgs, flag: (typeof VALUED)[number], value: string): string | null {
  switch (flag) {
    case '--invite':
      args.invite = value
      return null
    case '--name': {
      const name = value.trim()
      if (name === '') return '--name must not be empty'
      args.name = name
      return null
    }
    case '--app':
      if (!/^https?:\/\/[^\s/]+/i.test(value)) return `--app needs an http(s) address, not ${value}`
      args.app = value
      return null
    case '--stun':
      if (!/^stuns?:[^\s]+$/i.test(value)) return `--stun needs a stun: URL, not ${value}`
      args.stun.push(value)
      return null
    case '--dir':
      args.dir = value
      return null
  }
}

function fail(error: string): ParseError {
  return { ok: false, error }
}
