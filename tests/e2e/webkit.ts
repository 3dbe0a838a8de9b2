/**
 * WebKitGTK, Debian's real WebKit, for the screens that do not call: its MiniBrowser under a
 * virtual X server (`xvfb-run`), driven by `WebKitWebDriver` over W3C WebDriver (plain HTTP, with
 * fetch). Debian builds it without WebRTC, so Tatap must show its cannot-call screen there.
 *
 * - `serveWithErrorProbe(dist)`: dist/ over HTTP on a free loopback port, its index.html with one
 *   same-origin script first in <head> that records uncaught errors, unhandled rejections and
 *   console.error in `window.__tatapErrors` (WebDriver classic has no log of its own). The
 *   service worker precaches that same index.html, so every start of the app is recorded.
 * - `launchWebKit(viewport)`: one browser session whose page area is exactly `viewport` (the
 *   window is sized, then corrected by what MiniBrowser's toolbar takes). GTK's own widgets are
 *   shrunk by a throwaway gtk.css (XDG_CONFIG_HOME): otherwise the toolbar keeps the window at
 *   least 447 px wide (measured), wider than a phone.
 *
 * Needs Debian's `webkit2gtk-driver` and `xvfb` (scripts/test.sh and .ci/run install them).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { TYPES } from './static-host'

export const MINIBROWSER =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'

/** What is missing to run WebKitGTK here, or null when nothing is. */
export function webKitMissing(): string | null {
  const missing = ['WebKitWebDriver', 'xvfb-run'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  )
  if (!existsSync(MINIBROWSER)) missing.push(MINIBROWSER)
  return missing.length > 0
    ? `${missing.join(', ')} missing: apt-get install webkit2gtk-driver xvfb (scripts/test.sh does)`
    : null
}

const PROBE_PATH = '/__tatap-errors.js'
/** Runs before any script of the app: every error the page raises, as text. */
const PROBE = `(() => {
  const seen = (window.__tatapErrors = [])
  const text = (value) => String(value) + (value && value.stack ? ' at ' + value.stack : '')
  addEventListener('error', (event) => {
    if (event.target === window) seen.push('uncaught: ' + (event.error ? text(event.error) : event.message))
    else seen.push('failed to load: ' + (event.target.src || event.target.href || event.target.tagName))
  }, true)
  addEventListener('unhandledrejection', (event) => seen.push('unhandled rejection: ' + text(event.reason)))
  const error = console.error.bind(console)
  console.error = (...args) => { seen.push('console.error: ' + args.map(text).join(' ')); error(...args) }
})()
`

/** `root` (an absolute path) on a free loopback port, every index.html with the probe first. */
export async function serveWithErrorProbe(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === PROBE_PATH) {
      res.writeHead(200, { 'Content-Type': TYPES['.js'] ?? '' }).end(PROBE)
      return
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    let body: Buffer | string = readFileSync(file)
    if (file.endsWith('index.html')) {
      body = body.toString('utf8').replace('<head>', `<head><script src="${PROBE_PATH}"></script>`)
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { url: `http://127.0.0.1:${address.port}/`, server }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      )
    })
  })
}

/** One WebKitGTK window driven over WebDriver. */
export interface WebKit {
  goto(url: string): Promise<void>
  /** Runs `body` (a function body: `arguments[0]`…) in the page and returns its JSON result. */
  execute<T>(body: string, ...args: unknown[]): Promise<T>
  /** Clicks, as WebDriver does (a real pointer click), the element at `xpath`. */
  click(xpath: string): Promise<void>
  /** What went wrong in the page since it loaded (`window.__tatapErrors`). */
  errors(): Promise<string[]>
  screenshot(path: string): Promise<void>
  close(): Promise<void>
}

interface Reply<T> {
  value: T & { error?: string; message?: string }
}

export async function launchWebKit(viewport: { width: number; height: number }): Promise<WebKit> {
  const port = await freePort()
  const config = mkdtempSync(join(tmpdir(), 'tatap-webkit-'))
  mkdirSync(join(config, 'gtk-3.0'))
  writeFileSync(
    join(config, 'gtk-3.0', 'gtk.css'),
    '* { min-width: 0; min-height: 0; padding: 0; margin: 0; font-size: 1px; }\n',
  )
  const driver: ChildProcess = spawn(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver', `--port=${port}`],
    { detached: true, stdio: 'ignore', env: { ...process.env, XDG_CONFIG_HOME: config } },
  )
  const base = `http://127.0.0.1:${port}`
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const reply = (await response.json()) as Reply<T>
    if (reply.value?.error) throw new Error(`WebDriver ${path}: ${reply.value.message}`)
    return reply.value
  }
  const stop = () => {
    try {
      if (driver.pid) process.kill(-driver.pid)
    } catch {
      // already gone
    }
    rmSync(config, { recursive: true, force: true })
  }
  try {
    const deadline = Date.now() + 15_000
    for (;;) {
      try {
        await call('GET', '/status')
        break
      } catch (error) {
        if (Date.now() > deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
    const { sessionId } = await call<{ sessionId: string }>('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': {
            binary: MINIBROWSER,
            args: ['--automation', '--enable-mock-capture-devices=true'],
          },
        },
      },
    })
    const session = `/session/${sessionId}`
    const execute = <T>(body: string, ...args: unknown[]) =>
      call<T>('POST', `${session}/execute/sync`, { script: body, args })
    // The window, then what the toolbar takes off it.
    let size = { ...viewport }
    for (let i = 0; i < 3; i++) {
      await call('POST', `${session}/window/rect`, size)
      const inner = await execute<{ width: number; height: number }>(
        'return { width: innerWidth, height: innerHeight }',
      )
      if (inner.width === viewport.width && inner.height === viewport.height) break
      size = {
        width: size.width + viewport.width - inner.width,
        height: size.height + viewport.height - inner.height,
      }
    }
    return {
      goto: async (url) => void (await call('POST', `${session}/url`, { url })),
      execute,
      async click(xpath) {
        const element = await call<Record<string, string>>('POST', `${session}/element`, {
          using: 'xpath',
          value: xpath,
        })
        const id = Object.values(element)[0]
        await call('POST', `${session}/element/${id}/click`, {})
      },
      errors: () => execute<string[]>('return window.__tatapErrors || ["no probe in this page"]'),
      async screenshot(path) {
        const png = await call<string>('GET', `${session}/screenshot`)
        writeFileSync(path, Buffer.from(png, 'base64'))
      },
      async close() {
        await call('DELETE', session).catch(() => undefined)
        stop()
      },
    }
  } catch (error) {
    stop()
    throw error
  }
}
