import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The entry point, absolute, so a peer can run in any working directory. */
export const PEER_MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))
/** The project root: npx resolves tsx from its node_modules whatever the working directory. */
const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url))
/** A link line as the peer prints it under its QR code (code after '#'). */
export const LINK_LINE = /^(https?:\/\/\S+#\S+)$/m

/**
 * A terminal peer run as `npx tsx src/cli/main.ts ARGS…` in `cwd` (default: the project root),
 * with piped stdio, for tests and benchmarks.
 */
export interface PeerProcess {
  stdout(): string
  stderr(): string
  /** Resolves with the first match in stdout; rejects after `timeoutMs` or if the peer exits. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  writeLine(text: string): void
  /** Closes the peer's stdin (as Ctrl+D). */
  endInput(): void
  /** The exit code (null if killed by a signal). */
  readonly exited: Promise<number | null>
  /** Ctrl+C: SIGINT to the peer's process group, as a terminal sends it. */
  interrupt(): void
  /** Ends the peer and its npx/tsx children (its own process group), if still running. */
  kill(): void
}

/**
 * `netns`: run it inside that network namespace (`ip netns exec`, which needs root), as a host
 * of its own for tests of what crosses a network.
 */
export function spawnPeer(
  args: readonly string[],
  cwd?: string,
  options: { netns?: string } = {},
): PeerProcess {
  const command = ['npx', '--prefix', PROJECT_ROOT, 'tsx', PEER_MAIN, ...args]
  const [file, ...rest] = options.netns
    ? ['ip', 'netns', 'exec', options.netns, ...command]
    : command
  const child: ChildProcessWithoutNullStreams = spawn(file as string, rest, {
    cwd,
    detached: true,
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  let out = ''
  let err = ''
  let running = true
  const waiters = new Set<() => void>()
  const notify = () => {
    for (const check of [...waiters]) check()
  }
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8')
    notify()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8')
  })
  const signal = (name: NodeJS.Signals): void => {
    if (!running || child.pid === undefined) return
    try {
      process.kill(-child.pid, name)
    } catch {
      // already gone
    }
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      running = false
      notify()
      resolve(code)
    })
  })
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`timed out waiting for ${pattern}`)),
          timeoutMs,
        )
        const finish = (error: Error | null, match?: RegExpMatchArray) => {
          clearTimeout(timer)
          waiters.delete(check)
          if (error)
            reject(new Error(`${error.message}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`))
          else resolve(match as RegExpMatchArray)
        }
        const check = () => {
          const match = out.match(pattern)
          if (match) finish(null, match)
          else if (!running) finish(new Error(`peer exited before ${pattern}`))
        }
        waiters.add(check)
        check()
      })
    },
    writeLine(text) {
      child.stdin.write(`${text}\n`)
    },
    endInput() {
      child.stdin.end()
    },
    exited,
    interrupt: () => signal('SIGINT'),
    kill: () => signal('SIGKILL'),
  }
}
