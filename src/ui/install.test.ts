import { describe, expect, it } from 'vitest'
import { needsIosInstallSteps } from './install'

const safariIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const chromeIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1'
const safariIpad =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'
const instagramIphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 339.0.3.12.91 (iPhone15,2; iOS 18_5; ja_JP; ja; scale=3.00; 1179x2556)'
const chromeAndroid =
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36'

const on = (userAgent: string, standalone = false, maxTouchPoints = 5) => ({
  userAgent,
  maxTouchPoints,
  standalone,
})

describe('needsIosInstallSteps (iOS never fires beforeinstallprompt)', () => {
  it('Safari (and Chrome) on an iPhone or iPad: Share → Add to Home Screen', () => {
    expect(needsIosInstallSteps(on(safariIphone))).toBe(true)
    expect(needsIosInstallSteps(on(chromeIphone))).toBe(true)
    expect(needsIosInstallSteps(on(safariIpad))).toBe(true)
  })

  it('not once installed, not in an app’s browser (no Add to Home Screen there), not on a Mac', () => {
    expect(needsIosInstallSteps(on(safariIphone, true))).toBe(false)
    expect(needsIosInstallSteps(on(instagramIphone))).toBe(false)
    expect(needsIosInstallSteps(on(safariIpad, false, 0))).toBe(false)
  })

  it('not on Android, whose browsers offer their own install prompt', () => {
    expect(needsIosInstallSteps(on(chromeAndroid))).toBe(false)
  })
})
