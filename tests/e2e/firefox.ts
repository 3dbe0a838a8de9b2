/**
 * Firefox for the real-browser tests, and one driver over both browsers so a cross-browser test
 * writes each step once.
 *
 * - `launchFirefox()`: Firefox ESR from Debian, driven by puppeteer-core over WebDriver BiDi
 *   (DESIGN.md), with a fake camera and microphone, none at all, or access refused.
 * - `AppPage`: the few things a person does on a page — click a button, fill a text box, read one —
 *   found by role and exact accessible name (the UI contract), in either browser:
 *   `firefoxPage(browser)` (puppeteer, `::-p-aria` selectors, i.e. Firefox's accessibility tree)
 *   and `chromiumPage(browser)` (playwright-core `getByRole`).
 * - Steps built on it, mirroring flow.ts: `startCall`, `joinWithCode`, `connectWithReply`,
 *   `expectVideoAdvancing`, chat and file transfer, plus measurement helpers reading the page's
 *   own RTCPeerConnection (its local SDP, the selected candidate pair).
 */
import type { Locator, Browser as PlaywrightBrowser, Page as PlaywrightPage } from 'playwright-core'
import puppeteer, {
  type ElementHandle,
  type Browser as PuppeteerBrowser,
  type Page as PuppeteerPage,
} from 'puppeteer-core'
import { newAppContext, watchPage } from './browsers'
import { APP_LAN_URL } from './env'
import { waitFor } from './flow'

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

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
export type Role = 'button' | 'textbox' | 'img' | 'link' | 'log' | 'progressbar' | 'alert'

/** A page of the app, driven by role and exact accessible name. */
export interface AppPage {
  readonly kind: BrowserKind
  /** Console errors and uncaught exceptions the page produced. */
  readonly errors: string[]
  /** Every URL the page requested. */
  readonly requests: string[]
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
  /** Fills the editable text box `name` (a read-only box of the same name is skipped). */
  fill(name: string, value: string): Promise<void>
  /** The value of the read-only text box `name`; '' while there is none. */
  readOnlyValue(name: string): Promise<string>
  text(role: Role, name: string | null): Promise<string>
  attribute(role: Role, name: string, attribute: string): Promise<string | null>
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>
  /** Clicks `button`, which opens the file chooser, and picks `paths` in it. */
  chooseFiles(button: string, paths: string[]): Promise<void>
  close(): Promise<void>
}

/**
 * Test instrumentation run before the app: records the streams getUserMedia hands out (to check
 * the camera is released) and the RTCPeerConnections the app makes (to read SDP and stats).
 */
function recordInPage(): void {
  const win = window as unknown as {
    __tatapStreams?: MediaStream[]
    __tatapPeers: RTCPeerConnection[]
    RTCPeerConnection: typeof RTCPeerConnection
  }
  win.__tatapPeers = []
  const Original = win.RTCPeerConnection
  win.RTCPeerConnection = new Proxy(Original, {
    construct: (target, args: ConstructorParameters<typeof RTCPeerConnection>) => {
      const pc = new target(...args)
      win.__tatapPeers.push(pc)
      return pc
    },
  })
  // In Chromium, browsers.ts's recordMediaStreams already does this part.
  const devices = navigator.mediaDevices
  if (win.__tatapStreams || !devices) return
  win.__tatapStreams = []
  const original = devices.getUserMedia.bind(devices)
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints)
    win.__tatapStreams?.push(stream)
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

/** A fresh, isolated Firefox page (its own user context: storage, service worker). */
export async function firefoxPage(browser: PuppeteerBrowser): Promise<AppPage> {
  const context = await browser.createBrowserContext()
  const page = await context.newPage()
  await page.setViewport({ width: 900, height: 800 })
  await page.evaluateOnNewDocument(pageCall(recordInPage, null))
  const errors: string[] = []
  const requests: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('request', (request) => requests.push(request.url()))
  return new FirefoxAppPage(page, errors, requests, () => context.close())
}

/**
 * A fresh Chromium page in its own context: camera and microphone allowed (browsers.ts), or with
 * `allowMedia: false` a context that never got that permission (Chromium then hides its
 * addresses behind mDNS names, as for a person who has not allowed the camera).
 */
export async function chromiumPage(
  browser: PlaywrightBrowser,
  { allowMedia = true }: { allowMedia?: boolean } = {},
): Promise<AppPage> {
  const context = allowMedia
    ? await newAppContext(browser)
    : await browser.newContext({ viewport: { width: 900, height: 800 }, locale: 'en-US' })
  await context.addInitScript({ content: pageCall(recordInPage, null) })
  const page = await context.newPage()
  const { errors, requests } = watchPage(page)
  return new ChromiumAppPage(page, errors, requests, () => context.close())
}

/** `::-p-aria` selector: role and exact accessible name, from the browser's accessibility tree. */
function aria(role: Role, name: string | null): string {
  if (name === null) return `::-p-aria([role="${role}"])`
  return `::-p-aria([name="${name.replaceAll('"', '\\"')}"][role="${role}"])`
}

class FirefoxAppPage implements AppPage {
  readonly kind = 'Firefox'
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
  ): Promise<void> {
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
}

class ChromiumAppPage implements AppPage {
  readonly kind = 'Chromium'
  constructor(
    private readonly page: PlaywrightPage,
    readonly errors: string[],
    readonly requests: string[],
    readonly close: () => Promise<void>,
  ) {}

  private by(role: Role, name: string | null): Locator {
    return name === null
      ? this.page.getByRole(role)
      : this.page.getByRole(role, { name, exact: true })
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url)
  }

  async waitFor(
    role: Role,
    name: string | null,
    state: 'visible' | 'gone' = 'visible',
    timeoutMs = 15_000,
  ): Promise<void> {
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

  async fill(name: string, value: string): Promise<void> {
    await this.by('textbox', name).and(this.page.locator(':not([readonly])')).fill(value)
  }

  async readOnlyValue(name: string): Promise<string> {
    const box = this.by('textbox', name).and(this.page.locator('[readonly]'))
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
    return this.page.evaluate<R>(pageCall(fn, arg))
  }

  async chooseFiles(button: string, paths: string[]): Promise<void> {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser', { timeout: 10_000 }),
      this.click('button', button),
    ])
    await chooser.setFiles(paths)
  }
}

// Steps, mirroring flow.ts for an AppPage.

export async function openApp(page: AppPage, name: string, url = APP_LAN_URL): Promise<void> {
  await page.goto(url)
  await page.fill('Your name', name)
}

/** Host: starts a call and returns the invite link once it is shown. */
export async function startCall(page: AppPage, name: string, url = APP_LAN_URL): Promise<string> {
  await openApp(page, name, url)
  await page.click('button', 'Start a call')
  return readCode(page, 'Invite code')
}

export function readCode(page: AppPage, label: 'Invite code' | 'Reply code'): Promise<string> {
  return waitFor(
    () => page.readOnlyValue(label),
    (value) => /#\S+$/.test(value),
    15_000,
  )
}

/** Guest: pastes the invite, joins, and returns the reply link once it is shown. */
export async function joinWithCode(
  page: AppPage,
  name: string,
  invite: string,
  url = APP_LAN_URL,
): Promise<string> {
  await openApp(page, name, url)
  await page.click('button', 'Join a call')
  await page.fill('Invite code', invite)
  await page.click('button', 'Join')
  return readCode(page, 'Reply code')
}

export async function connectWithReply(page: AppPage, reply: string): Promise<void> {
  await page.fill('Reply code', reply)
  await page.click('button', 'Connect')
}

/**
 * Frames the browser has shown for the video labelled `label` (0 if none yet). Firefox leaves
 * `getVideoPlaybackQuality().totalVideoFrames` at 0 for a MediaStream (measured: 0 while 60 frames
 * were painted in 2 s), so there its own `mozPaintedFrames` counts.
 */
export function decodedFrames(page: AppPage, label: string): Promise<number> {
  return page.evaluate((label) => {
    const video = document.querySelector<HTMLVideoElement>(`video[aria-label="${label}"]`)
    if (!video) return 0
    const painted = (video as HTMLVideoElement & { mozPaintedFrames?: number }).mozPaintedFrames
    return video.getVideoPlaybackQuality().totalVideoFrames || painted || 0
  }, label)
}

/** Asserts the video `Video of NAME` exists and keeps decoding new frames. */
export async function expectVideoAdvancing(page: AppPage, name: string): Promise<void> {
  const label = `Video of ${name}`
  const first = await waitFor(
    () => decodedFrames(page, label),
    (n) => n > 0,
    20_000,
  )
  await waitFor(
    () => decodedFrames(page, label),
    (n) => n > first + 3,
    10_000,
  )
}

/** Whether a `Video of NAME` element is on the page (whether or not it shows frames). */
export function hasVideoOf(page: AppPage, name: string): Promise<boolean> {
  return page.evaluate(
    (label) => document.querySelector(`video[aria-label="${label}"]`) !== null,
    `Video of ${name}`,
  )
}

export async function alertText(page: AppPage): Promise<string> {
  return page.text('alert', null)
}

/** Camera and microphone tracks the page obtained that are still running. */
export function liveCaptureTracks(page: AppPage): Promise<number> {
  return page.evaluate(() => {
    const streams = (window as unknown as { __tatapStreams?: MediaStream[] }).__tatapStreams ?? []
    return streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length
  }, null)
}

// Chat and files, by the names of the chat/file UI contract.

/** Opens the chat panel unless its message box is already shown. */
export async function openChat(page: AppPage): Promise<void> {
  if (await page.isVisible('textbox', 'Message')) return
  await page.click('button', 'Chat')
  await page.waitFor('textbox', 'Message')
}

export async function sendChat(page: AppPage, text: string): Promise<void> {
  await openChat(page)
  await page.fill('Message', text)
  await page.click('button', 'Send message')
}

/** Waits until the `Messages` log shows `text`; opens the chat panel to look. */
export async function expectMessage(page: AppPage, text: string): Promise<void> {
  await openChat(page)
  await waitFor(
    () => page.text('log', 'Messages'),
    (shown) => shown.includes(text),
    15_000,
  )
}

/**
 * Starts noting whether a progress bar named `name` ever shows on the page: a fast transfer may
 * show it for a moment only, so polling could miss it; a MutationObserver cannot.
 */
export function watchProgressbar(page: AppPage, name: string): Promise<void> {
  return page.evaluate((name) => {
    const win = window as unknown as { __tatapSawProgress?: Set<string> }
    win.__tatapSawProgress ??= new Set()
    const seen = win.__tatapSawProgress
    const look = () => {
      for (const bar of document.querySelectorAll('progress, [role="progressbar"]')) {
        if (bar.getAttribute('aria-label') === name) seen.add(name)
      }
    }
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true })
    look()
  }, name)
}

export function sawProgressbar(page: AppPage, name: string): Promise<boolean> {
  return page.evaluate(
    (name) =>
      (window as unknown as { __tatapSawProgress?: Set<string> }).__tatapSawProgress?.has(name) ??
      false,
    name,
  )
}

/** SHA-256 (hex) of what the `Save NAME` link holds, read in the page from its blob: URL. */
export async function savedFileSha256(page: AppPage, name: string): Promise<string> {
  const href = await page.attribute('link', `Save ${name}`, 'href')
  if (!href) throw new Error(`Save ${name} has no href`)
  return page.evaluate(async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer()
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
  }, href)
}

// Measurements from the page's own RTCPeerConnection (recorded by `recordInPage`).

/** The local SDP of the app's latest peer connection (what went into the code, unencoded). */
export function localSdp(page: AppPage): Promise<string> {
  return page.evaluate(() => {
    const peers = (window as unknown as { __tatapPeers?: RTCPeerConnection[] }).__tatapPeers
    return peers?.at(-1)?.localDescription?.sdp ?? ''
  }, null)
}

export interface CandidatePair {
  local: string
  remote: string
}

/** The ICE candidate pair the app's latest connection uses: "type protocol address:port". */
export function selectedPair(page: AppPage): Promise<CandidatePair | null> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __tatapPeers?: RTCPeerConnection[] }).__tatapPeers
    const pc = peers?.at(-1)
    if (!pc) return null
    const stats = await pc.getStats()
    type Entry = Record<string, unknown> & { type: string; id: string }
    const entries: Entry[] = []
    stats.forEach((entry: Entry) => {
      entries.push(entry)
    })
    const transport = entries.find((e) => e.type === 'transport' && e.selectedCandidatePairId)
    // Firefox has no transport.selectedCandidatePairId; it flags the pair itself.
    const pair = transport
      ? stats.get(String(transport.selectedCandidatePairId))
      : entries.find((e) => e.type === 'candidate-pair' && e.selected === true)
    if (!pair) return null
    const describe = (id: unknown) => {
      const c = stats.get(String(id)) as Record<string, unknown> | undefined
      return c ? `${c.candidateType} ${c.protocol} ${c.address}:${c.port}` : 'unknown'
    }
    return { local: describe(pair.localCandidateId), remote: describe(pair.remoteCandidateId) }
  }, null)
}

/** Milliseconds between the app's latest User Timing marks `tatap:FROM` and `tatap:TO`. */
export function markSpan(page: AppPage, from: string, to: string): Promise<number> {
  return page.evaluate(
    ([a, b]) => {
      const start = performance.getEntriesByName(`tatap:${a}`).at(-1)
      const end = performance.getEntriesByName(`tatap:${b}`).at(-1)
      return start && end ? end.startTime - start.startTime : Number.NaN
    },
    [from, to],
  )
}
