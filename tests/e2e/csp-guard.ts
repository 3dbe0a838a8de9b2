/**
 * The page's Content-Security-Policy, tested from inside: what it reported (recorded by the
 * driver's instrumentation from before the app's first script) and what injected code it stops.
 */
import type { AppPage } from './driver'
import type { Recorded, Violation } from './page-script'

export type { Violation }

/** Every Content-Security-Policy violation the page reported so far. */
export function violations(page: AppPage): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as Recorded).__tatap.violations, null)
}

/**
 * Breaks the policy on purpose, the way injected markup or code would: an inline <script>, an
 * inline event handler, and code built from a string (`new Function`, which falls under eval).
 * The string-built code runs from a timer: code that DevTools evaluates directly is exempt from
 * the page's CSP, a timer callback is not. Returns what ran; the caller checks the reports.
 */
export function tryInjectedCode(
  page: AppPage,
): Promise<{ inlineScript: boolean; inlineHandler: boolean; stringCode: boolean }> {
  return page.evaluate(async () => {
    const ran = { inlineScript: false, inlineHandler: false, stringCode: false }
    const flags = window as unknown as { __tatapInline?: boolean; __tatapHandler?: boolean }
    const script = document.createElement('script')
    script.textContent = 'window.__tatapInline = true'
    document.body.append(script)
    script.remove()
    const button = document.createElement('button')
    button.setAttribute('onclick', 'window.__tatapHandler = true')
    document.body.append(button)
    button.click()
    button.remove()
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        try {
          const StringCode = Function
          ran.stringCode = new StringCode('return 42')() === 42
        } catch {
          ran.stringCode = false
        }
        resolve()
      }, 0),
    )
    // Violation events are dispatched as tasks after the blocked action.
    await new Promise((resolve) => setTimeout(resolve, 50))
    ran.inlineScript = flags.__tatapInline === true
    ran.inlineHandler = flags.__tatapHandler === true
    return ran
  }, null)
}
