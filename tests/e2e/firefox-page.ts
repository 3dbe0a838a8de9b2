/**
 * The Firefox side of the driver: an `AppPage` over a puppeteer-core page (WebDriver BiDi),
 * finding elements with `::-p-aria` selectors, i.e. in Firefox's own accessibility tree.
 */
import type { BrowserContext, ElementHandle, Page as PuppeteerPage, Viewport } from 'puppeteer-core'
import type { AppPage, LoadUntil, Pressable, Role } from './driver'
import { instrument, optionValue, pageCall, uncoveredAt } from './page-script'
import { waitFor } from './wait'

/** A new instrumented page of `context`; `close` ends what it owns. */
export async function firefoxAppPage(
  context: BrowserContext,
  viewport: Viewport,
  close: (page: PuppeteerPage) => Promise<void>,
): Promise<AppPage> {
  const page = await context.newPage()
  await page.setViewport(viewport)
  await page.evaluateOnNewDocument(pageCall(instrument, null))
  const errors: string[] = []
  const requests: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('request', (request) => requests.push(request.url()))
  return new FirefoxAppPage(page, viewport, errors, requests, () => close(page))
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
    private readonly viewport: Viewport,
    readonly errors: string[],
    readonly requests: string[],
    readonly close: () => Promise<void>,
  ) {}

  async goto(url: string, until: LoadUntil = 'load'): Promise<void> {
    await this.page.goto(url, { waitUntil: until === 'load' ? 'load' : 'networkidle0' })
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
  private async shown(role: Role, name: string): Promise<ElementHandle> {
    const handle = await this.page.waitForSelector(aria(role, name), {
      visible: true,
      timeout: 15_000,
    })
    if (!handle) throw new Error(`no ${role} "${name}"`)
    return handle
  }

  async click(role: Pressable, name: string): Promise<void> {
    await (await this.shown(role, name)).click()
  }

  async tap(role: Pressable, name: string): Promise<void> {
    const target = await this.shown(role, name)
    const problem = await target.evaluate(uncoveredAt)
    if (problem) throw new Error(`cannot tap ${role} "${name}": ${problem}`)
    await target.click()
  }

  async fill(name: string, value: string): Promise<void> {
    const box = await this.waitForTextbox(name, false)
    // Sets the value and fires `input`, as playwright's fill does; typing key by key over BiDi
    // costs seconds per message on a busy machine.
    await box.asLocator().fill(value, { typingThreshold: 0 })
  }

  async readOnlyValue(name: string): Promise<string> {
    const box = await this.textbox(name, true)
    return box ? box.evaluate((el) => (el as HTMLInputElement).value) : ''
  }

  async editableValue(name: string): Promise<string> {
    const box = await this.waitForTextbox(name, false)
    return box.evaluate((el) => (el as HTMLInputElement).value)
  }

  private async waitForTextbox(name: string, readOnly: boolean): Promise<ElementHandle> {
    const box = await waitFor(
      () => this.textbox(name, readOnly),
      (handle) => handle !== null,
      15_000,
    )
    if (!box) throw new Error(`no text box "${name}"`)
    return box
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

  async select(name: string, option: string): Promise<void> {
    const box = (await this.shown('combobox', name)) as ElementHandle<HTMLSelectElement>
    const value = await box.evaluate(optionValue, option)
    if (value === null) throw new Error(`combobox "${name}" has no option "${option}"`)
    await box.select(value)
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

  async setFiles(label: string, paths: string[]): Promise<void> {
    for (const input of await this.page.$$('input[type="file"]')) {
      const named = await input.evaluate(
        (el, want) =>
          el.getAttribute('aria-label') === want ||
          [...((el as HTMLInputElement).labels ?? [])].some((l) => l.textContent?.trim() === want),
        label,
      )
      if (named) return (input as ElementHandle<HTMLInputElement>).uploadFile(...paths)
    }
    throw new Error(`no file input labelled "${label}"`)
  }

  async screenshot(role: Role, name: string): Promise<Buffer> {
    const handle = await this.page.waitForSelector(aria(role, name), { timeout: 15_000 })
    if (!handle) throw new Error(`no ${role} ${name}`)
    return Buffer.from(await handle.screenshot())
  }

  async screenshotViewport(): Promise<Buffer> {
    return Buffer.from(await this.page.screenshot())
  }

  newTab(): Promise<AppPage> {
    return firefoxAppPage(this.page.browserContext(), this.viewport, (page) => page.close())
  }
}
