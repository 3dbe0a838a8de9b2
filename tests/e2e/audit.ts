/**
 * What a person with a screen reader, a phone or a dark screen notices, measured in the page:
 * axe-core's violations (injected through CDP, so the app's CSP does not stand in the way), the
 * colour scheme the page is shown in, and touch targets smaller than 44×44 CSS px.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { CDPSession, Page } from 'playwright-core'
import { type AppPage, playwrightOf } from './driver'

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** One axe rule broken on a screen, with the elements that break it. */
export interface Violation {
  rule: string
  impact: string | null
  help: string
  targets: string[]
}

/** axe's violations of the page as it is now (all rules axe runs by default: WCAG 2.x A/AA and
 *  best practices such as one `h1` per page). */
export async function axeViolations(page: AppPage): Promise<Violation[]> {
  const pw = playwrightOf(page)
  if ((await pw.evaluate('typeof window.axe')) !== 'object') await pw.evaluate(AXE_SOURCE)
  return pw.evaluate(async () => {
    type AxeResult = {
      violations: {
        id: string
        impact: string | null
        help: string
        nodes: { target: unknown[]; failureSummary?: string }[]
      }[]
    }
    const axe = (
      window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResult> } }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }))
  })
}

const sessions = new WeakMap<Page, CDPSession>()

/** Shows the page as on a device set to a light or dark theme (`prefers-color-scheme`). */
export async function emulateColorScheme(page: AppPage, scheme: 'light' | 'dark'): Promise<void> {
  const pw = playwrightOf(page)
  let cdp = sessions.get(pw)
  if (!cdp) {
    cdp = await pw.context().newCDPSession(pw)
    sessions.set(pw, cdp)
  }
  await cdp.send('Emulation.setEmulatedMedia', {
    features: [{ name: 'prefers-color-scheme', value: scheme }],
  })
  const shown = await pw.evaluate(() =>
    matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  )
  if (shown !== scheme) throw new Error(`the page still shows the ${shown} scheme`)
}

/**
 * Everything a finger presses that is rendered smaller than `min`×`min` CSS px, as
 * "NAME W×H". A visually hidden input counts through the label that stands for it, a checkbox
 * through the label around it.
 */
export function smallTargets(page: AppPage, min = 44): Promise<string[]> {
  return page.evaluate((min) => {
    const selector =
      'button, a[href], select, summary, textarea, input:not([type="hidden"]), label.button, [role="button"]'
    const small: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      // A checkbox inside its label is pressed anywhere on the label: that is its target.
      const target =
        el instanceof HTMLInputElement && el.type === 'checkbox' ? (el.closest('label') ?? el) : el
      const box = target.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue
      if (box.width <= 1 && box.height <= 1) continue // visually hidden; its label is the target
      if (box.width + 0.5 < min || box.height + 0.5 < min) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.tagName).trim()
        small.push(
          `${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        )
      }
    }
    return small
  }, min)
}

/** What one screen showed: its axe violations in each scheme and its small touch targets. */
export interface ScreenAudit {
  screen: string
  violations: { scheme: 'light' | 'dark'; rule: string; targets: string[] }[]
  smallTargets: string[]
}

/** Audits the screen on show in the light and the dark scheme (left in light afterwards). */
export async function auditScreen(page: AppPage, screen: string): Promise<ScreenAudit> {
  const violations: ScreenAudit['violations'] = []
  for (const scheme of ['light', 'dark'] as const) {
    await emulateColorScheme(page, scheme)
    for (const v of await axeViolations(page))
      violations.push({ scheme, rule: v.rule, targets: v.targets })
  }
  await emulateColorScheme(page, 'light')
  return { screen, violations, smallTargets: await smallTargets(page) }
}
