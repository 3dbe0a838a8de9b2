/**
 * The one driver of the real-browser tests and the bench: Chromium (playwright-core) and Firefox
 * ESR (puppeteer-core over WebDriver BiDi) behind one `AppPage`, driven the way a person uses the
 * app — by role and exact accessible name (the UI contract in DESIGN.md).
 *
 * - `launchChromium()` / `launchFirefox()`: Debian's browsers with fake camera and microphone.
 * - `openPage(browser, options)`: a fresh page in its own context (storage, service worker),
 *   desktop-sized or phone-sized (390×844 or 360×740, touch), in English or Indonesian, with the
 *   test instrumentation (`instrument`) running before the app.
 * - On a phone, `tap()` presses only what a finger could: the element must be on screen and not
 *   covered (`elementFromPoint` at its centre).
 */
import {
  type BrowserContext,
  chromium,
  type Locator,
  type Browser as PlaywrightBrowser,
  type Page as PlaywrightPage,
} from 'playwright-core'
import puppeteer, {
  type ElementHandle,
  type Browser as PuppeteerBrowser,
  type Page as PuppeteerPage,
} from 'puppeteer-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

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

export interface ChromiumOptions {
  /** A .y4m or .mjpeg file the fake camera plays instead of the test pattern. */
  fakeVideoFile?: string
  /** No fake camera or microphone: the machine has none (headless Chromium sees no device). */
  noFakeDevices?: boolean
  /** No auto-accepted permission prompt: camera and microphone requests are refused. */
  denyPermissions?: boolean
  /** How many fake cameras the machine has (default 1). */
  cameras?: number
  /** Further command-line flags. */
  args?: string[]
  /** Environment of the browser process (e.g. a HOME whose NSS database trusts a test CA). */
  env?: Record<string, string>
  /** Another Chromium executable (e.g. a wrapper running it in a network namespace). */
  executable?: string
}

export function launchChromium(options: ChromiumOptions = {}): Promise<PlaywrightBrowser> {
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
  return chromium.launch({
    executablePath: options.executable ?? CHROMIUM_PATH,
    headless: true,
    args,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  })
}

export interface FirefoxOptions {
  /**
   * `fake` (default): a fake camera and microphone, granted without a prompt.
   * `none`: no camera or microphone exists (getUserMedia → NotFoundError).
   * `denied`: devices exist but access is refused (getUserMedia → NotAllowedError).
   */
  media?: 'fake' | 'none' | 'denied'
  /** Further Firefox preferences (e.g. to turn host-address obfuscation off). */
  prefs?: Record<string, unknown>
}

export function launchFirefox(options: FirefoxOptions = {}): Promise<PuppeteerBrowser> {
  const media = options.media ?? 'fake'
  const prefs: Record<string, unknown> = {
    'media.navigator.streams.fake': media !== 'none',
    'media.navigator.permission.disabled': media !== 'denied',
    'intl.accept_languages': 'en-US, en',
  }
  if (media === 'denied') {
    prefs['permissions.default.camera'] = 2
    prefs['permissions.default.microphone'] = 2
  }
  Object.assign(prefs, options.prefs)
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: prefs,
  })
}

export type BrowserKind = 'Chromium' | 'Firefox'
export type Role =
  | 'button'
  | 'textbox'
  | 'img'
  | 'link'
  | 'log'
  | 'progressbar'
  | 'alert'
  | 'status'
  | 'dialog'
  | 'alertdialog'
  | 'navigation'
  | 'listitem'

/** Screen sizes people use: a desktop window and two phones (portrait). */
export const VIEWPORTS = {
  desktop: { width: 900, height: 800, mobile: false },
  phone: { width: 390, height: 844, mobile: true },
  'small-phone': { width: 360, height: 740, mobile: true },
} as const
export type ViewportName = keyof typeof VIEWPORTS

export interface PageOptions {
  viewport?: ViewportName
  /** Browser language: 'en-US' (default) or e.g. 'id-ID'. */
  locale?: string
  /** Chromium: false opens a context that never got camera/microphone permission (its host
   *  addresses then stay behind mDNS names, as for a person who has not allowed the camera). */
  allowMedia?: boolean
}

/** A page of the app, driven by role and exact accessible name. */
export interface AppPage {
  readonly kind: BrowserKind
  /** Console errors and uncaught exceptions the page produced. */
  readonly errors: string[]
  /** Every URL the page requested. */
  readonly requests: string[]
  /** The playwright page behind a Chromium AppPage (for what only Chromium tests need). */
  readonly playwright: PlaywrightPage | null
  goto(url: string): Promise<void>
  /** Waits until the element is shown (`visible`), or until it is hidden or removed (`gone`). */
  waitFor(
    role: Role,
    name: string | null,
    state?: 'visible' | 'gone',
    timeoutMs?: number,
  ): Promise<void>
  isVisible(role: Role, name: string | null): Promise<boolean>
  click(role: 'button' | 'link', name: string): Promise<void>
  /**
   * Presses the element as a finger would: it must be visible, inside the viewport and not
   * covered by anything else at its centre; fails with what covers it otherwise.
   */
  tap(role: 'button' | 'link', name: string): Promise<void>
  /** Fills the editable text box `name` (a read-only box of the same name is skipped). */
  fill(name: string, value: string): Promise<void>
  /** The value of the read-only text box `name`; '' while there is none. */
  readOnlyValue(name: string): Promise<string>
  text(role: Role, name: string | null): Promise<string>
  attribute(role: Role, name: string, attribute: string): Promise<string | null>
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>
  /** Clicks `button`, which opens the file chooser, and picks `paths` in it. */
  chooseFiles(button: string, paths: string[]): Promise<void>
  /** A PNG of the element (e.g. the QR image exactly as rendered). */
  screenshot(role: Role, name: string): Promise<Buffer>
  close(): Promise<void>
}

/**
 * Test instrumentation, run in the page before the app: one recorder of what a test checks but
 * a person cannot see — the streams getUserMedia handed out (to check the camera is released),
 * the RTCPeerConnections the app made and the data channels it opened (to read SDP, stats and
 * to cut a channel on purpose). The one place that wraps RTCPeerConnection in tests.
 */
function instrument(): void {
  const win = window as unknown as {
    __tatap?: { streams: MediaStream[]; peers: RTCPeerConnection[]; channels: RTCDataChannel[] }
    RTCPeerConnection: typeof RTCPeerConnection
  }
  if (win.__tatap) return
  const seen = {
    streams: [] as MediaStream[],
    peers: [] as RTCPeerConnection[],
    channels: [] as RTCDataChannel[],
  }
  win.__tatap = seen
  const Original = win.RTCPeerConnection
  win.RTCPeerConnection = new Proxy(Original, {
    construct: (target, args: ConstructorParameters<typeof RTCPeerConnection>) => {
      const pc = new target(...args)
      seen.peers.push(pc)
      pc.addEventListener('datachannel', (event) => seen.channels.push(event.channel))
      const create = pc.createDataChannel.bind(pc)
      pc.createDataChannel = (label: string, init?: RTCDataChannelInit) => {
        const channel = create(label, init)
        seen.channels.push(channel)
        return channel
      }
      return pc
    },
  })
  const devices = navigator.mediaDevices
  if (!devices) return
  const original = devices.getUserMedia.bind(devices)
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints)
    seen.streams.push(stream)
    return stream
  }
}

/**
 * A page function as source text calling it with `arg` (JSON). Under tsx, esbuild's keepNames
 * wraps named inner functions in a `__name(…)` helper that does not exist in the page, so each
 * call brings a no-op one along.
 */
function pageCall(fn: (arg: never) => unknown, arg: unknown): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}) })()`
}

/** A fresh page of `browser` in its own context, instrumented. */
export async function openPage(
  browser: PlaywrightBrowser | PuppeteerBrowser,
  options: PageOptions = {},
): Promise<AppPage> {
  return 'newContext' in browser ? chromiumPage(browser, options) : firefoxPage(browser, options)
}

async function chromiumPage(browser: PlaywrightBrowser, options: PageOptions): Promise<AppPage> {
  const viewport = VIEWPORTS[options.viewport ?? 'desktop']
  const context: BrowserContext = await browser.newContext({
    ...(options.allowMedia === false
      ? {}
      : { permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] }),
    viewport: { width: viewport.width, height: viewport.height },
    isMobile: viewport.mobile,
    hasTouch: viewport.mobile,
    locale: options.locale ?? 'en-US',
  })
  await context.addInitScript({ content: pageCall(instrument, null) })
  const page = await context.newPage()
  const errors: string[] = []
  const requests: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('request', (request) => requests.push(request.url()))
  return new ChromiumAppPage(page, viewport.mobile, errors, requests, () => context.close())
}

async function firefoxPage(browser: PuppeteerBrowser, options: PageOptions): Promise<AppPage> {
  const context = await browser.createBrowserContext()
  const page = await context.newPage()
  const viewport = VIEWPORTS[options.viewport ?? 'desktop']
  await page.setViewport({ width: viewport.width, height: viewport.height })
  await page.evaluateOnNewDocument(pageCall(instrument, null))
  const errors: string[] = []
  const requests: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('request', (request) => requests.push(request.url()))
  return new FirefoxAppPage(page, errors, requests, () => context.close())
}

/** In the page: is the element's centre inside the viewport and the element itself there? */
function uncoveredAt(el: Element): string | null {
  const box = el.getBoundingClientRect()
  const x = box.left + box.width / 2
  const y = box.top + box.height / 2
  if (box.width === 0 || box.height === 0) return 'it has no size'
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) {
    return `its centre (${Math.round(x)}, ${Math.round(y)}) is off screen (${innerWidth}×${innerHeight})`
  }
  const top = document.elementFromPoint(x, y)
  if (top && (top === el || el.contains(top))) return null
  const what = top ? `${top.tagName.toLowerCase()}.${[...top.classList].join('.')}` : 'nothing'
  return `it is covered by ${what} ${top?.getAttribute('aria-label') ?? top?.textContent?.slice(0, 40) ?? ''}`
}

class ChromiumAppPage implements AppPage {
  readonly kind = 'Chromium'
  constructor(
    readonly playwright: PlaywrightPage,
    private readonly touch: boolean,
    readonly errors: string[],
    readonly requests: string[],
    readonly close: () => Promise<void>,
  ) {}

  private by(role: Role, name: string | null): Locator {
    return name === null
      ? this.playwright.getByRole(role)
      : this.playwright.getByRole(role, { name, exact: true })
  }

  async goto(url: string): Promise<void> {
    await this.playwright.goto(url)
  }

  async waitFor(
    role: Role,
    name: string | null,
    state: 'visible' | 'gone' = 'visible',
    timeoutMs = 15_000,
  ) {
    await this.by(role, name)
      .first()
      .waitFor({ state: state === 'visible' ? 'visible' : 'hidden', timeout: timeoutMs })
  }

  isVisible(role: Role, name: string | null): Promise<boolean> {
    return this.by(role, name).first().isVisible()
  }

  async click(role: 'button' | 'link', name: string): Promise<void> {
    await this.by(role, name).click({ timeout: 15_000 })
  }

  async tap(role: 'button' | 'link', name: string): Promise<void> {
    const element = this.by(role, name)
    await element.waitFor({ state: 'visible', timeout: 15_000 })
    const problem = await element.evaluate(uncoveredAt)
    if (problem) throw new Error(`cannot tap ${role} "${name}": ${problem}`)
    if (this.touch) await element.tap({ timeout: 5000 })
    else await element.click({ timeout: 5000 })
  }

  async fill(name: string, value: string): Promise<void> {
    await this.by('textbox', name).and(this.playwright.locator(':not([readonly])')).fill(value)
  }

  async readOnlyValue(name: string): Promise<string> {
    const box = this.by('textbox', name).and(this.playwright.locator('[readonly]'))
    return (await box.count()) > 0 ? box.first().inputValue() : ''
  }

  async text(role: Role, name: string | null): Promise<string> {
    const element = this.by(role, name).first()
    await element.waitFor({ timeout: 15_000 })
    return (await element.textContent()) ?? ''
  }

  attribute(role: Role, name: string, attribute: string): Promise<string | null> {
    return this.by(role, name).getAttribute(attribute, { timeout: 15_000 })
  }

  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.playwright.evaluate<R>(pageCall(fn, arg))
  }

  async chooseFiles(button: string, paths: string[]): Promise<void> {
    const [chooser] = await Promise.all([
      this.playwright.waitForEvent('filechooser', { timeout: 10_000 }),
      this.click('button', button),
    ])
    await chooser.setFiles(paths)
  }

  screenshot(role: Role, name: string): Promise<Buffer> {
    return this.by(role, name).screenshot()
  }
}

/** `::-p-aria` selector: role and exact accessible name, from the browser's accessibility tree. */
function aria(role: Role, name: string | null): string {
  if (name === null) return `::-p-aria([role="${role}"])`
  return `::-p-aria([name="${name.replaceAll('"', '\\"')}"][role="${role}"])`
}

class FirefoxAppPage implements AppPage {
  readonly kind = 'Firefox'
  readonly playwright = null
  constructor(
    private readonly page: PuppeteerPage,
    readonly errors: string[],
    readonly requests: string[],
    readonly close: () => Promise<void>,
  ) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url)
  }

  async waitFor(
    role: Role,
    name: string | null,
    state: 'visible' | 'gone' = 'visible',
    timeoutMs = 15_000,
  ) {
    await this.page.waitForSelector(aria(role, name), {
      visible: state === 'visible',
      hidden: state === 'gone',
      timeout: timeoutMs,
    })
  }

  async isVisible(role: Role, name: string | null): Promise<boolean> {
    const handle = await this.page.$(aria(role, name))
    return (await handle?.isVisible()) ?? false
  }

  /** One accessibility-tree query, then a real click (a locator would query again and again). */
  async click(role: 'button' | 'link', name: string): Promise<void> {
    const target = await this.page.waitForSelector(aria(role, name), {
      visible: true,
      timeout: 15_000,
    })
    await target?.click()
  }

  async tap(role: 'button' | 'link', name: string): Promise<void> {
    const target = await this.page.waitForSelector(aria(role, name), {
      visible: true,
      timeout: 15_000,
    })
    const problem = await target?.evaluate(uncoveredAt)
    if (problem) throw new Error(`cannot tap ${role} "${name}": ${problem}`)
    await target?.click()
  }

  async fill(name: string, value: string): Promise<void> {
    const box = await waitFor(
      () => this.textbox(name, false),
      (handle) => handle !== null,
      15_000,
    )
    // Sets the value and fires `input`, as playwright's fill does; typing key by key over BiDi
    // costs seconds per message on a busy machine.
    await box?.asLocator().fill(value, { typingThreshold: 0 })
  }

  async readOnlyValue(name: string): Promise<string> {
    const box = await this.textbox(name, true)
    return box ? box.evaluate((el) => (el as HTMLInputElement).value) : ''
  }

  /** The visible text box `name` that is (or is not) read-only; null while there is none. */
  private async textbox(name: string, readOnly: boolean): Promise<ElementHandle | null> {
    for (const handle of await this.page.$$(aria('textbox', name))) {
      const matches = await handle.evaluate(
        (el, want) => (el as HTMLInputElement).readOnly === want,
        readOnly,
      )
      if (matches && (await handle.isVisible())) return handle
    }
    return null
  }

  async text(role: Role, name: string | null): Promise<string> {
    const handle = await this.page.waitForSelector(aria(role, name), { timeout: 15_000 })
    return (await handle?.evaluate((el) => el.textContent)) ?? ''
  }

  async attribute(role: Role, name: string, attribute: string): Promise<string | null> {
    const handle = await this.page.waitForSelector(aria(role, name), { timeout: 15_000 })
    return (await handle?.evaluate((el, a) => el.getAttribute(a), attribute)) ?? null
  }

  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.page.evaluate(pageCall(fn, arg)) as Promise<R>
  }

  async chooseFiles(button: string, paths: string[]): Promise<void> {
    const [chooser] = await Promise.all([
      this.page.waitForFileChooser({ timeout: 10_000 }),
      this.click('button', button),
    ])
    await chooser.accept(paths)
  }

  async screenshot(role: Role, name: string): Promise<Buffer> {
    const handle = await this.page.waitForSelector(aria(role, name), { timeout: 15_000 })
    if (!handle) throw new Error(`no ${role} ${name}`)
    return Buffer.from(await handle.screenshot())
  }
}

/** Polls `read` until `done` holds; throws with the last value after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${String(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
