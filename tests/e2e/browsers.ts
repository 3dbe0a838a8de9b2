import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags from DESIGN.md: fake camera/mic, no permission prompts, no background chatter. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--autoplay-policy=no-user-gesture-required',
]

export interface LaunchOptions {
  /** A .y4m or .mjpeg file the fake camera plays instead of the test pattern. */
  fakeVideoFile?: string
  /** No fake camera or microphone: the machine has none (headless Chromium sees no device). */
  noFakeDevices?: boolean
  /** No auto-accepted permission prompt: camera and microphone requests are refused. */
  denyPermissions?: boolean
  /** How many fake cameras the machine has (default 1). */
  cameras?: number
  /** More command-line flags, e.g. `--host-resolver-rules=…`. */
  args?: string[]
  /**
   * Environment of the browser process. On Linux Chromium reads certificate trust from
   * `$HOME/.pki/nssdb`, so a HOME with its own NSS database trusts exactly what a test added.
   */
  env?: Record<string, string | undefined>
}

function chromiumArgs(options: LaunchOptions): string[] {
  const args = CHROMIUM_FLAGS.filter(
    (flag) =>
      !(
        (options.noFakeDevices || options.cameras) &&
        flag === '--use-fake-device-for-media-stream'
      ) && !(options.denyPermissions && flag === '--use-fake-ui-for-media-stream'),
  )
  if (options.cameras && !options.noFakeDevices) {
    args.push(`--use-fake-device-for-media-stream=device-count=${options.cameras}`)
  }
  if (options.fakeVideoFile) args.push(`--use-file-for-fake-video-capture=${options.fakeVideoFile}`)
  args.push(...(options.args ?? []))
  return args
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(options),
    ...(options.env ? { env: options.env } : {}),
  })
}

/**
 * Chromium with a real (non-incognito) profile in `userDataDir`, set up like `newAppContext`.
 * Installability needs this: every context of `launchChromium` is incognito, where Chromium
 * refuses to install anything ("in-incognito") and checks nothing else.
 */
export async function launchPersistentChromium(
  userDataDir: string,
  options: LaunchOptions = {},
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(options),
    ...(options.env ? { env: options.env } : {}),
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    viewport: { width: 900, height: 800 },
    locale: 'en-US',
  })
  await recordMediaStreams(context)
  return context
}

export async function newAppContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    viewport: { width: 900, height: 800 },
    locale: 'en-US',
  })
  await recordMediaStreams(context)
  return context
}

/** Collects what a page logs as errors, and every request it makes, for assertions. */
export function watchPage(page: Page): { errors: string[]; requests: string[] } {
  const errors: string[] = []
  const requests: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('request', (request) => requests.push(request.url()))
  return { errors, requests }
}

/**
 * Records every stream getUserMedia hands the page, so a test can check the camera and
 * microphone were really released (tracks ended), not just hidden.
 */
export async function recordMediaStreams(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const streams: MediaStream[] = []
    ;(window as unknown as { __tatapStreams: MediaStream[] }).__tatapStreams = streams
    const devices = navigator.mediaDevices
    if (!devices) return
    const original = devices.getUserMedia.bind(devices)
    devices.getUserMedia = async (constraints) => {
      const stream = await original(constraints)
      streams.push(stream)
      return stream
    }
  })
}

/** Camera and microphone tracks the page obtained that are still running. */
export function liveCaptureTracks(page: Page): Promise<number> {
  return page.evaluate(() => {
    const streams = (window as unknown as { __tatapStreams?: MediaStream[] }).__tatapStreams ?? []
    return streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length
  })
}
