/**
 * A Chromium `AppPage` that is some other browser in one respect: another user agent (an app's
 * built-in browser, an iPhone), or a script run before the app's own that takes something away
 * or changes how it behaves (no WebRTC, no OPFS, Safari's refusal to play sound). Otherwise as
 * `openPage` in driver.ts: own context, viewport, language, instrumented, camera allowed.
 */
import type { Browser } from 'playwright-core'
import { chromiumAppPage } from './chromium-page'
import { type AppPage, VIEWPORTS, type ViewportName } from './driver'
import { instrument, pageCall } from './page-script'

export interface CustomPageOptions {
  viewport?: ViewportName
  locale?: string
  userAgent?: string
  /** Page functions run before the app (and before the test instrumentation), in order. */
  before?: Array<() => void>
}

export async function openCustomPage(
  browser: Browser,
  options: CustomPageOptions = {},
): Promise<AppPage> {
  const viewport = VIEWPORTS[options.viewport ?? 'phone']
  const context = await browser.newContext({
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    viewport: { width: viewport.width, height: viewport.height },
    isMobile: viewport.mobile,
    hasTouch: viewport.mobile,
    locale: options.locale ?? 'en-US',
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  })
  for (const script of options.before ?? []) {
    await context.addInitScript({ content: pageCall(script, null) })
  }
  await context.addInitScript({ content: pageCall(instrument, null) })
  return chromiumAppPage(context, viewport.mobile, () => context.close())
}

/** Before the app: this browser has no WebRTC at all (as WebKitGTK, or Firefox switched off). */
export function withoutWebRtc(): void {
  const win = window as unknown as Record<string, unknown>
  for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection']) delete win[name]
}

/** Before the app: no Origin Private File System (WebKitGTK, private windows of Safari/Firefox). */
export function withoutOpfs(): void {
  delete (StorageManager.prototype as Partial<StorageManager>).getDirectory
}
