import type { Platform } from './in-app-browser'

/**
 * Where to send a person whose browser cannot call, or who is in an app's built-in browser, and
 * how: on Android an `intent:` link opens the very same address (the invite in its fragment
 * included) in Chrome; iOS has no such link for Safari, so the person copies the address and
 * pastes it there; elsewhere any up-to-date browser does. Pure.
 */
export interface Elsewhere {
  /** The browser to name, or null: "an up-to-date Chrome, Edge, Firefox or Safari". */
  readonly browser: 'Chrome' | 'Safari' | null
  /** A link that opens the address in that browser, or null where only copying works. */
  readonly intent: string | null
}

export function whereToOpen(platform: Platform, href: string): Elsewhere {
  if (platform === 'android') return { browser: 'Chrome', intent: chromeIntentUrl(href) }
  if (platform === 'ios') return { browser: 'Safari', intent: null }
  return { browser: null, intent: null }
}

/**
 * `intent://HOST/PATH?QUERY#FRAGMENT#Intent;scheme=https;package=com.android.chrome;
 * S.browser_fallback_url=…;end`. Android's Intent.parseUri cuts the intent part at the LAST '#',
 * so the address keeps its own fragment (the invite code) before it; the fallback address, opened
 * where Chrome is missing, is percent-encoded and has none. Null for anything but http(s).
 */
export function chromeIntentUrl(href: string): string | null {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  const scheme = url.protocol.slice(0, -1)
  const address = `${url.host}${url.pathname}${url.search}${url.hash}`
  const fallback = encodeURIComponent(url.href)
  return `intent://${address}#Intent;scheme=${scheme};package=com.android.chrome;S.browser_fallback_url=${fallback};end`
}
