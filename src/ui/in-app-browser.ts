/**
 * In-app browsers: the web view a chat or social app opens a tapped link in (Instagram, LINE,
 * Facebook, TikTok, …). They often refuse the camera, lose the page when the app is switched, and
 * cannot install Tatap, so before the camera is asked for the app offers to open the same link
 * in the phone's browser (OpenElsewhere.tsx). Recognised from the user agent, which is all a page
 * can see: by the marker an app adds to it, else by the marks of a bare web view (Android's
 * `; wv)`, an iPhone WebKit that does not call itself Safari). Pure: the facts come in.
 */
export type Platform = 'android' | 'ios' | 'other'

export interface UserAgentFacts {
  readonly userAgent: string
  /** `navigator.maxTouchPoints`: an iPad asks for desktop pages with a Mac's user agent. */
  readonly maxTouchPoints: number
  /** The page runs as an installed app (display-mode standalone, or iOS `navigator.standalone`). */
  readonly standalone: boolean
}

export interface InAppBrowser {
  /** The app's name as people know it, or null for a web view that does not say whose it is. */
  readonly app: string | null
  readonly platform: Platform
}

/**
 * Markers apps add to their web view's user agent, first match wins (Messenger before Facebook:
 * Messenger's carries Facebook's marks too).
 */
const APPS: readonly (readonly [name: string, marker: RegExp])[] = [
  ['Messenger', /FBAN\/Messenger|FB_IAB\/(?:Orca-Android|MESSENGER)/],
  ['Instagram', /\bInstagram\b/],
  ['Facebook', /FBAN\/|FBAV\/|FB_IAB\/|FBIOS/],
  ['LINE', /\bLine\/\d/i],
  ['WhatsApp', /\bWhatsApp\b/i],
  ['Telegram', /\bTelegram/i],
  ['TikTok', /musical_ly|BytedanceWebview|\bTikTok\b|\btrill_\d/i],
  ['Snapchat', /\bSnapchat\b/i],
  ['X', /\bTwitter/],
  ['LinkedIn', /LinkedInApp/],
  ['WeChat', /MicroMessenger/],
  ['KakaoTalk', /KAKAOTALK/i],
  ['Zalo', /\bZalo/i],
  ['Pinterest', /\bPinterest/i],
  ['Google', /\bGSA\/\d/],
]

export function platformOf(userAgent: string, maxTouchPoints: number): Platform {
  if (/\bAndroid\b/.test(userAgent)) return 'android'
  if (/\b(?:iPhone|iPad|iPod)\b/.test(userAgent)) return 'ios'
  // iPadOS 13+ asks for desktop pages as a Mac; no Mac has a touch screen.
  if (/\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1) return 'ios'
  return 'other'
}

/** The in-app browser this page runs in, or null for a browser of its own (or an installed app). */
export function inAppBrowserOf(facts: UserAgentFacts): InAppBrowser | null {
  const { userAgent } = facts
  const platform = platformOf(userAgent, facts.maxTouchPoints)
  const named = APPS.find(([, marker]) => marker.test(userAgent))
  if (named) return { app: named[0], platform }
  if (platform === 'android' && /; wv\)/.test(userAgent)) return { app: null, platform }
  // Safari, and every other iOS browser (CriOS, FxiOS, EdgiOS), ends with `Safari/N`; a web view
  // does not. Neither does Tatap installed on the Home Screen, which is no in-app browser.
  if (
    platform === 'ios' &&
    !facts.standalone &&
    /AppleWebKit\//.test(userAgent) &&
    !/\bSafari\/\d/.test(userAgent)
  ) {
    return { app: null, platform }
  }
  return null
}

/** Firefox on any system (its iOS version says FxiOS): for the words about its WebRTC switch. */
export function isFirefox(userAgent: string): boolean {
  return /\b(?:Firefox|FxiOS)\/\d/.test(userAgent)
}

/** The globals `UserAgentFacts` are read from (a window fits). */
export interface UserAgentGlobals {
  readonly navigator: { readonly userAgent: string; readonly maxTouchPoints?: number }
  readonly matchMedia?: (query: string) => { readonly matches: boolean }
}

export function userAgentFactsOf(globals: UserAgentGlobals): UserAgentFacts {
  const { navigator } = globals
  const displayStandalone = globals.matchMedia?.('(display-mode: standalone)').matches ?? false
  const iosStandalone = (navigator as { standalone?: unknown }).standalone === true
  return {
    userAgent: navigator.userAgent,
    maxTouchPoints: navigator.maxTouchPoints ?? 0,
    standalone: displayStandalone || iosStandalone,
  }
}
