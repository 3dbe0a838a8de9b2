/** The Chromium side of the driver: an `AppPage` over a playwright-core page. */
import type {
  BrowserContext,
  ConsoleMessage,
  Locator,
  Page as PlaywrightPage,
} from 'playwright-core'
import type { AppPage, LoadUntil, Pressable, Role } from './driver'
import { pageCall, uncoveredAt } from './page-script'

/** Collects what a page logs as errors, and every request it makes. */
function watch(page: PlaywrightPage): { errors: string[]; requests: string[] } {
  const errors: string[] = []
  const requests: string[] = []
  // The message, and where it was thrown (a few frames): a failure in CI is read from this alone.
  page.on('pageerror', (error) => {
    const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
    errors.push([`pageerror: ${error.message}`, ...frames.slice(0, 6)].join('\n'))
  })
  page.on('console', (message) => {
    if (message.type() !== 'error' || isFaviconFetchFailure(message)) return
    errors.push(`console: ${message.text()}`)
  })
  page.on('request', (request) => requests.push(request.url()))
  return { errors, requests }
}

/**
 * Chromium fetches the page's favicon by itself, and again about 1.5 s after load (measured);
 * on a phone that has just moved to another network that fetch fails and logs an error which is
 * not the app's doing. (The home header shows the same file: its failure is not counted either.)
 */
function isFaviconFetchFailure(message: ConsoleMessage): boolean {
  return (
    message.text().startsWith('Failed to load resource') &&
    new URL(message.location().url, 'http://x/').pathname === FAVICON_PATH
  )
}

/** The favicon index.html links. */
const FAVICON_PATH = '/icons/icon.svg'

/** A new page of `context` (whose init script instruments it); `close` ends what it owns. */
export async function chromiumAppPage(
  context: BrowserContext,
  touch: boolean,
  close: (page: PlaywrightPage) => Promise<void>,
): Promise<AppPage> {
  const page = await context.newPage()
  const { errors, requests } = watch(page)
  return new ChromiumAppPage(page, touch, errors, requests, () => close(page))
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

  private textbox(name: string, readOnly: boolean): Locator {
    return this.by('textbox', name).and(
      this.playwright.locator(readOnly ? '[readonly]' : ':not([readonly])'),
    )
  }

  async goto(url: string, until: LoadUntil = 'load'): Promise<void> {
    await this.playwright.goto(url, { waitUntil: until })
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

  async click(role: Pressable, name: string): Promise<void> {
    await this.by(role, name).click({ timeout: 15_000 })
  }

  async tap(role: Pressable, name: string): Promise<void> {
    const element = this.by(role, name)
    await element.waitFor({ state: 'visible', timeout: 15_000 })
    const problem = await element.evaluate(uncoveredAt)
    if (problem) throw new Error(`cannot tap ${role} "${name}": ${problem}`)
    if (this.touch) await element.tap({ timeout: 5000 })
    else await element.click({ timeout: 5000 })
  }

  async fill(name: string, value: string): Promise<void> {
    await this.textbox(name, false).fill(value)
  }

  async readOnlyValue(name: string): Promise<string> {
    const box = this.textbox(name, true)
    return (await box.count()) > 0 ? box.first().inputValue() : ''
  }

  editableValue(name: string): Promise<string> {
    return this.textbox(name, false).inputValue({ timeout: 15_000 })
  }

  async select(name: string, option: string): Promise<void> {
    await this.by('combobox', name).selectOption({ label: option }, { timeout: 15_000 })
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

  async setFiles(label: string, paths: string[]): Promise<void> {
    await this.playwright.getByLabel(label, { exact: true }).setInputFiles(paths)
  }

  screenshot(role: Role, name: string): Promise<Buffer> {
    return this.by(role, name).screenshot()
  }

  screenshotViewport(): Promise<Buffer> {
    return this.playwright.screenshot()
  }

  newTab(): Promise<AppPage> {
    return chromiumAppPage(this.playwright.context(), this.touch, (page) => page.close())
  }
}
