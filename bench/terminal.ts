/**
 * Terminal peer benchmark: file throughput between the real app (production build, headless
 * Chromium, its chat/files UI) and the terminal peer (src/cli, werift) as a separate process, on
 * loopback with no ICE servers. Build first (`npx vite build`); run alone with
 * `npx tsx bench/terminal.ts`. Prints, asserts nothing. 1 MB = 10^6 bytes.
 *
 * - browser → terminal peer, 50 MiB: from the terminal's "offers" line (it accepts by itself) to
 *   its "Received … SHA-256 verified" line;
 * - terminal peer → browser, 50 MiB: from the click on Accept to the terminal's "Sent … verified";
 * - Connect (reply applied) → terminal peer's control channel open ("Connected to").
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { LINK_LINE, type PeerProcess, spawnPeer } from '../src/cli/testing/spawn-peer'
import { type AppPage, launchChromium, openPage } from '../tests/e2e/driver'
import { connectWithReply, startCall } from '../tests/e2e/steps'
import { envPort } from './measure'

const PORT = envPort('TATAP_BENCH_TERMINAL_PORT', 4692)
const APP = `http://127.0.0.1:${PORT}/?lan`
const FILE_BYTES = 50 * 1024 * 1024
const TIMEOUT_MS = 300_000

export async function runTerminalBench(): Promise<void> {
  console.log('\n## Terminal peer (werift, separate process) ⇄ app in headless Chromium\n')
  const dir = mkdtempSync(join(tmpdir(), 'tatap-bench-terminal-'))
  const server = await preview({
    preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'silent',
  })
  const browser = await launchChromium()
  try {
    writeFileSync(join(dir, 'bench.bin'), randomBytes(FILE_BYTES))
    await browserToTerminal(browser, dir)
    await terminalToBrowser(browser, dir)
  } finally {
    await browser.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function browserToTerminal(browser: Browser, dir: string): Promise<void> {
  const { page, terminal, connectMs } = await call(browser, ['receive', '--dir', dir], dir)
  try {
    console.log(`Connect → terminal peer connected: ${connectMs.toFixed(0)} ms`)
    await page.chooseFiles('Send file', [join(dir, 'bench.bin')])
    await terminal.waitFor(/offers bench\.bin/, 20_000)
    const start = performance.now()
    await terminal.waitFor(/^Received bench\.bin .*SHA-256 verified/m, TIMEOUT_MS)
    report('browser → terminal peer', performance.now() - start)
  } finally {
    terminal.kill()
    await page.close()
  }
}

async function terminalToBrowser(browser: Browser, dir: string): Promise<void> {
  const { page, terminal } = await call(browser, ['send', 'bench.bin'], dir)
  try {
    await page.waitFor('button', 'Accept bench.bin', 'visible', 20_000)
    const start = performance.now()
    await page.click('button', 'Accept bench.bin')
    await terminal.waitFor(/^Sent bench\.bin .*verified it/m, TIMEOUT_MS)
    report('terminal peer → browser', performance.now() - start)
  } finally {
    terminal.kill()
    await page.close()
  }
}

/** The browser hosts, the terminal peer joins with the link, the browser applies the reply. */
async function call(
  browser: Browser,
  args: string[],
  cwd: string,
): Promise<{ page: AppPage; terminal: PeerProcess; connectMs: number }> {
  const page = await openPage(browser)
  const invite = await startCall(page, 'Browser', APP)
  const terminal = spawnPeer([...args, '--name', 'Terminal', '--invite', invite, '--app', APP], cwd)
  const reply = (await terminal.waitFor(LINK_LINE))[1] as string
  const start = performance.now()
  await connectWithReply(page, reply)
  await terminal.waitFor(/^Connected to Browser$/m)
  const connectMs = performance.now() - start
  await page.waitFor('button', 'Chat')
  return { page, terminal, connectMs }
}

function report(label: string, ms: number): void {
  const mb = FILE_BYTES / 1e6
  console.log(
    `${label}, 50 MiB (${mb.toFixed(1)} MB) through the app UI, SHA-256 verified: ` +
      `${(mb / (ms / 1000)).toFixed(1)} MB/s (${(ms / 1000).toFixed(1)} s)`,
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runTerminalBench()
}
