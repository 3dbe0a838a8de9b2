import { type ChildProcess, spawn } from 'node:child_process'

export interface RunningServer {
  /** Everything the server printed so far. */
  output: () => string
  /** Milliseconds from spawning to "Ready". */
  startMs: number
  /** The process has exited (stopped, or crashed). */
  exited: () => boolean
  /** Stops it with SIGTERM (as Ctrl+C would) and resolves once the process has exited. */
  stop: () => Promise<void>
}

/**
 * Runs `npm start`'s script for real (`--no-build`: the suite built dist/ already) as its own
 * process, and resolves once it printed that it is ready. Rejects with its output if it exits
 * or is not ready within `timeoutMs`.
 */
export function startServeProcess(
  env: Record<string, string>,
  timeoutMs = 45_000,
): Promise<RunningServer> {
  const started = Date.now()
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/serve/main.ts', '--no-build'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`npm start was not ready in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited with ${code}:\n${output}`))
    }
    child.once('exit', onEarlyExit)
    const onData = () => {
      if (!output.includes('Ready in')) return
      clearTimeout(timer)
      child.off('exit', onEarlyExit)
      child.stdout?.off('data', onData)
      resolve({
        output: () => output,
        startMs: Date.now() - started,
        exited: () => child.exitCode !== null || child.signalCode !== null,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM')
          await exited
        },
      })
    }
    child.stdout?.on('data', onData)
  })
}
