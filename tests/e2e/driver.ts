/**
 * The one driver of the real-browser tests, the bench and the screenshot script: Chromium
 * (playwright-core) and Firefox ESR (puppeteer-core over WebDriver BiDi) behind one `AppPage`,
 * driven the way a person uses the app — by role and exact accessible name (the UI contract;
 * docs/testing.md says how the suite drives both browsers and why).
 *
 * - `launchChromium()` / `launchFirefox()`: Debian's browsers with fake camera and microphone;
 *   `launchChromiumProfile()`: Chromium with a real profile (installable, shared by its tabs).
 * - `openPage(browser, options)`: a fresh page in its own context (storage, service worker),
 *   desktop-sized or phone-sized (390×844 or 360×740, touch), in English or Indonesian, with the
 *   test instrumentation (`instrument` in page-script.ts) running before the app.
 * - On a phone, `tap()` presses only what a finger could: the element must be on screen and not
 *   covered (`elementFromPoint` at its centre).
 * - Files: chromium-page.ts and firefox-page.ts implement `AppPage`; page-script.ts holds what
 *   runs inside pages; wait.ts the condition poll.
 */
import {
  type BrowserContext,
  chromium,
  type Browser as PlaywrightBrowser,
  type Page as PlaywrightPage,
} from 'playwright-core'
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core'
import { chromiumAppPage } from './chromium-page'
import { firefoxAppPage } from './firefox-page'
import { instrument, pageCall } from './page-script'

export { waitFor } from './wait'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

/** Fake camera/mic, no permission prompts, no background chatter (docs/testing.md, "Browsers"). */
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
  /**
   * Environment of the browser process, added to this one's. On Linux Chromium reads certificate
   * trust from `$HOME/.pki/nssdb`, so a HOME with its own NSS database trusts what a test added.
   */
  env?: Record<string, string>
  /** Another Chromium executable (e.g. a wrapper running it in a network namespace). */
  executable?: string
}

function chromiumArgs(options: ChromiumOptions): string[] {
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

function chromiumLaunch(options: ChromiumOptions) {
  return {
    executablePath: options.executable ?? CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(options),
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  }
}

export function launchChromium(options: ChromiumOptions = {}): Promise<PlaywrightBrowser> {
  return chromium.launch(chromiumLaunch(options))
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

export type AnyBrowser = PlaywrightBrowser | PuppeteerBrowser
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
  | 'combobox'
  | 'switch'
  | 'definition'
  | 'region'
  | 'heading'
/** What a person presses. */
export type Pressable = 'button' | 'link' | 'switch'
/** When `goto` is done: at the load event, or once the network has been quiet a moment. */
export type LoadUntil = 'load' | 'networkidle'

/** Screen sizes people use: a desktop window and two phones (portrait). */
export const VIEWPORTS = {
  desktop: { width: 900, height: 800, mobile: false },
  phone: { width: 390, height: 844, mobile: true },
  'small-phone': { width: 360, height: 740, mobile: true },
} as const
export type ViewportName = keyof typeof VIEWPORTS
/** Any other size (e.g. for README screenshots); `scale` is the device pixel ratio. */
export interface CustomViewport {
  width: number
  height: number
  mobile: boolean
  scale?: number
}

export interface PageOptions {
  viewport?: ViewportName | CustomViewport
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
  goto(url: string, until?: LoadUntil): Promise<void>
  /** Waits until the element is shown (`visible`), or until it is hidden or removed (`gone`). */
  waitFor(
    role: Role,
    name: string | null,
    state?: 'visible' | 'gone',
    timeoutMs?: number,
  ): Promise<void>
  isVisible(role: Role, name: string | null): Promise<boolean>
  click(role: Pressable, name: string): Promise<void>
  /**
   * Presses the element as a finger would: it must be visible, inside the viewport and not
   * covered by anything else at its centre; fails with what covers it otherwise.
   */
  tap(role: Pressable, name: string): Promise<void>
  /** Fills the editable text box `name` (a read-only box of the same name is skipped). */
  fill(name: string, value: string): Promise<void>
  /** The value of the read-only text box `name`; '' while there is none. */
  readOnlyValue(name: string): Promise<string>
  /** The value of the editable text box `name` (waits for it). */
  editableValue(name: string): Promise<string>
  /** Picks the option labelled `option` in the combobox `name`. */
  select(name: string, option: string): Promise<void>
  text(role: Role, name: string | null): Promise<string>
  attribute(role: Role, name: string, attribute: string): Promise<string | null>
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>
  /** Clicks `button`, which opens the file chooser, and picks `paths` in it. */
  chooseFiles(button: string, paths: string[]): Promise<void>
  /** Gives `paths` to the file input labelled `label` (e.g. a label styled as a button). */
  setFiles(label: string, paths: string[]): Promise<void>
  /** A PNG of the element (e.g. the QR image exactly as rendered). */
  screenshot(role: Role, name: string): Promise<Buffer>
  /** A PNG of what the viewport shows. */
  screenshotViewport(): Promise<Buffer>
  /** Another tab of the same browser context (same storage and service worker). */
  newTab(): Promise<AppPage>
  /** Closes the page and whatever it owns (its context, for `openPage`). */
  close(): Promise<void>
}

function viewportOf(options: PageOptions): CustomViewport {
  const viewport = options.viewport ?? 'desktop'
  return typeof viewport === 'string' ? VIEWPORTS[viewport] : viewport
}

/** A fresh page of `browser` in its own context, instrumented. */
export async function openPage(browser: AnyBrowser, options: PageOptions = {}): Promise<AppPage> {
  const viewport = viewportOf(options)
  if ('newContext' in browser) {
    const context = await browser.newContext({
      ...(options.allowMedia === false ? {} : { permissions: MEDIA_PERMISSIONS }),
      viewport: { width: viewport.width, height: viewport.height },
      deviceScaleFactor: viewport.scale ?? 1,
      isMobile: viewport.mobile,
      hasTouch: viewport.mobile,
      locale: options.locale ?? 'en-US',
    })
    await context.addInitScript({ content: pageCall(instrument, null) })
    return chromiumAppPage(context, viewport.mobile, () => context.close())
  }
  const context = await browser.createBrowserContext()
  const size = {
    width: viewport.width,
    height: viewport.height,
    deviceScaleFactor: viewport.scale ?? 1,
  }
  return firefoxAppPage(context, size, () => context.close())
}

/**
 * What a context grants. Chromium's Browser.grantPermissions denies every permission it does not
 * list, so the screen wake lock — granted without a prompt to a visible page in a real browser —
 * must be listed too, or a call could never keep the screen on here.
 */
const MEDIA_PERMISSIONS = [
  'camera',
  'microphone',
  'clipboard-read',
  'clipboard-write',
  'screen-wake-lock',
]

/** Chromium with a real profile: its tabs share storage and one service worker. */
export interface ChromiumProfile {
  /** The context of the profile (for CDP sessions: installability). */
  readonly context: BrowserContext
  /** A new instrumented tab. */
  newPage(): Promise<AppPage>
  close(): Promise<void>
}

/**
 * Chromium with a real (non-incognito) profile in `userDataDir`, desktop-sized, camera allowed.
 * Installability needs this: every context of `launchChromium` is incognito, where Chromium
 * refuses to install anything ("in-incognito") and checks nothing else.
 */
export async function launchChromiumProfile(
  userDataDir: string,
  options: ChromiumOptions = {},
): Promise<ChromiumProfile> {
  const { width, height } = VIEWPORTS.desktop
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...chromiumLaunch(options),
    permissions: MEDIA_PERMISSIONS,
    viewport: { width, height },
    locale: 'en-US',
  })
  await context.addInitScript({ content: pageCall(instrument, null) })
  return {
    context,
    newPage: () => chromiumAppPage(context, false, (page) => page.close()),
    close: () => context.close(),
  }
}

/** The playwright page behind a Chromium `AppPage`, for what only Chromium offers (CDP, routes). */
export function playwrightOf(page: AppPage): PlaywrightPage {
  if (!page.playwright) throw new Error(`${page.kind} has no playwright page; this needs Chromium`)
  return page.playwright
}
