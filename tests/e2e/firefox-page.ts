/**
 * The Firefox side of the driver: an `AppPage` over a puppeteer-core page (WebDriver BiDi),
 * finding elements by role and accessible name in Firefox's own accessibility tree (BiDi
 * `browsingContext.locateNodes` with an accessibility locator, as puppeteer's `::-p-aria` does).
 */
import type {
  BrowserContext,
  ElementHandle,
  Frame,
  Page as PuppeteerPage,
  Viewport,
} from 'puppeteer-core'
import type { AppPage, LoadUntil, Pressable, Role } from './driver'
import { instrument, optionValue, pageCall, uncoveredAt } from './page-script'
import { waitFor } from './wait'

/** A node as BiDi returns it, and as a start node of a search (its shared id). */
interface BidiNode {
  type: 'node'
  sharedId?: string
}
type Locator =
  | { type: 'css'; value: string }
  | { type: 'accessibility'; value: { role: string; name?: string } }

/**
 * What of puppeteer-core's BiDi frame (24.x, pinned in package.json) the queries below use:
 * `locateNodes` with several start nodes, which its public API does not offer, and the realm that
 * turns a found node into an ElementHandle.
 */
interface BidiFrameInternals {
  browsingContext: { locateNodes(locator: Locator, startNodes?: BidiNode[]): Promise<BidiNode[]> }
  mainRealm(): { createHandle(node: BidiNode): ElementHandle }
}

/**
 * In the page: the elements that may be the one with accessible name `name` — an element whose
 * label attribute, labelling element or whole text says exactly that, or, for a role asked
 * without a name, every element that could carry one. Only a shortlist: Firefox's accessibility
 * tree decides (`query`), and searching the whole tree costs it 0.3–1 s (3 s on a busy
 * machine) where a few small subtrees cost 20–80 ms (measured on the call screen).
 */
function shortlist(name: string | null): Element[] {
  const said = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()
  const all = [
    ...document.querySelectorAll(
      'a, button, dd, dialog, img, input, li, nav, output, progress, section, select, summary, svg, textarea, [role], [aria-label], [aria-labelledby]',
    ),
  ]
  if (name === null) return all
  return all.filter((el) => {
    for (const attribute of ['aria-label', 'title', 'alt', 'placeholder']) {
      if (said(el.getAttribute(attribute)) === name) return true
    }
    const labelledBy = el.getAttribute('aria-labelledby')
    if (labelledBy) {
      const text = labelledBy
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
      if (said(text) === name) return true
    }
    const labels = (el as HTMLInputElement).labels
    if (labels && [...labels].some((label) => said(label.textContent) === name)) return true
    return said(el.textContent) === name
  })
}

/** How often a wait looks again (ms). */
const POLL_MS = 100

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

  /**
   * The elements with `role` and accessible `name` (any name if null) in Firefox's accessibility
   * tree, in document order: searched under the candidates first, in the whole tree if none of
   * them has one.
   */
  private async query(role: Role, name: string | null): Promise<ElementHandle[]> {
    const frame = this.page.mainFrame() as Frame & BidiFrameInternals
    const context = frame.browsingContext
    const locator: Locator = {
      type: 'accessibility',
      value: name === null ? { role } : { role, name },
    }
    const listed = await this.page.evaluateHandle(pageCall(shortlist, name))
    const starts: BidiNode[] = []
    for (const handle of (await listed.getProperties()).values()) {
      const node = (handle as unknown as { remoteValue(): BidiNode }).remoteValue()
      if (node.sharedId) starts.push({ type: 'node', sharedId: node.sharedId })
    }
    await listed.dispose()
    let found = starts.length > 0 ? await context.locateNodes(locator, starts) : []
    // None of the shortlist: the whole tree decides.
    if (found.length === 0) found = await context.locateNodes(locator)
    const seen = new Set<string>()
    const unique = found.filter((node) => {
      if (!node.sharedId || seen.has(node.sharedId)) return false
      seen.add(node.sharedId)
      return true
    })
    const realm = frame.mainRealm()
    return unique.map((node) => realm.createHandle(node))
  }

  /** The first element with `role` and `name`, or null (what `$('::-p-aria(…)')` returns). */
  private async first(role: Role, name: string | null): Promise<ElementHandle | null> {
    return (await this.query(role, name))[0] ?? null
  }

  /** Looks for the first element with `role` and `name` until `done` holds for it (null: none). */
  private async until(
    role: Role,
    name: string | null,
    done: (handle: ElementHandle | null) => Promise<boolean>,
    timeoutMs: number,
  ): Promise<ElementHandle | null> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      // A look that fails (the page between two documents) decides nothing: look again.
      const handle = await this.first(role, name).catch(() => undefined)
      if (handle !== undefined && (await done(handle).catch(() => false))) return handle
      if (Date.now() > deadline) {
        throw new Error(
          `${role} "${name ?? '(any)'}" did not become as expected in ${timeoutMs} ms`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }

  async waitFor(
    role: Role,
    name: string | null,
    state: 'visible' | 'gone' = 'visible',
    timeoutMs = 15_000,
  ) {
    const visible = async (handle: ElementHandle | null) => (await handle?.isVisible()) ?? false
    await this.until(
      role,
      name,
      async (handle) => (state === 'visible') === (await visible(handle)),
      timeoutMs,
    )
  }

  async isVisible(role: Role, name: string | null): Promise<boolean> {
    const handle = await this.first(role, name)
    return (await handle?.isVisible()) ?? false
  }

  /** The element shown, found once for a real click (a locator would query again and again). */
  private async shown(role: Role, name: string): Promise<ElementHandle> {
    const handle = await this.until(
      role,
      name,
      async (handle) => (await handle?.isVisible()) ?? false,
      15_000,
    )
    if (!handle) throw new Error(`no ${role} "${name}"`)
    return handle
  }

  /** The element, shown or not, once there is one. */
  private async present(role: Role, name: string | null): Promise<ElementHandle> {
    const handle = await this.until(role, name, async (handle) => handle !== null, 15_000)
    if (!handle) throw new Error(`no ${role} "${name ?? '(any)'}"`)
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
    for (const handle of await this.query('textbox', name)) {
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
    const handle = await this.present(role, name)
    return (await handle.evaluate((el) => el.textContent)) ?? ''
  }

  async attribute(role: Role, name: string, attribute: string): Promise<string | null> {
    const handle = await this.present(role, name)
    return await handle.evaluate((el, a) => el.getAttribute(a), attribute)
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
    const handle = await this.present(role, name)
    return Buffer.from(await handle.screenshot())
  }

  async screenshotViewport(): Promise<Buffer> {
    return Buffer.from(await this.page.screenshot())
  }

  newTab(): Promise<AppPage> {
    return firefoxAppPage(this.page.browserContext(), this.viewport, (page) => page.close())
  }
}
