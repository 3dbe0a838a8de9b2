/**
 * The last resort when the app fails to start (main.tsx catches it): words in place of a blank
 * page, in both languages at once, with a Reload button. Plain DOM and its own two sentences, on
 * purpose: whatever failed (Solid, the strings, a module) must not be needed to say so. A failure
 * before any script runs (a browser too old to read the app) is covered by index.html's
 * `.boot-fallback`.
 */
export function showStartupError(root: HTMLElement, error: unknown): void {
  const element = (tag: string, text: string, lang: string) => {
    const el = document.createElement(tag)
    el.textContent = text
    el.lang = lang
    return el
  }
  const reload = element('button', 'Reload · Muat ulang', 'en')
  reload.className = 'primary'
  reload.addEventListener('click', () => location.reload())
  const detail = element('p', String(error), 'en')
  detail.className = 'hint left'
  const panel = document.createElement('section')
  panel.className = 'panel'
  panel.setAttribute('role', 'alert')
  panel.append(
    element('h1', 'Tatap could not start', 'en'),
    element(
      'p',
      'Reload the page. If this happens again, open Tatap in an up-to-date Chrome, Safari or Firefox.',
      'en',
    ),
    element('h2', 'Tatap tidak dapat dimulai', 'id'),
    element(
      'p',
      'Muat ulang halaman. Jika terjadi lagi, buka Tatap di Chrome, Safari, atau Firefox versi terbaru.',
      'id',
    ),
    reload,
    // What failed, for whoever is asked to help.
    detail,
  )
  const main = document.createElement('main')
  main.append(panel)
  root.replaceChildren(main)
}
