import { describe, expect, it } from 'vitest'
import { inAppBrowserOf, isFirefox, platformOf, userAgentFactsOf } from './in-app-browser'

/**
 * User agents as these apps and browsers send them (versions vary; the markers do not). The
 * WebKitGTK one is MiniBrowser 2.50 on this machine.
 */
const UA = {
  instagramAndroid:
    'Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Instagram 309.1.0.41.113 Android (33/13; 480dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US; 541635890)',
  instagramIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 339.0.3.12.91 (iPhone15,2; iOS 18_5; ja_JP; ja; scale=3.00; 1179x2556)',
  facebookAndroid:
    'Mozilla/5.0 (Linux; Android 12; SM-A025G Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/113.0.5672.76 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/419.0.0.37.71;]',
  facebookIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/444.0.0.35.106;FBBV/538024137;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1.2;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/539658829]',
  messengerAndroid:
    'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.163 Mobile Safari/537.36 [FB_IAB/Orca-Android;FBAV/425.0.0.22.49;]',
  lineIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0',
  lineAndroid:
    'Mozilla/5.0 (Linux; Android 13; SM-A536E Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Line/13.21.1/IAB',
  telegramAndroid:
    'Mozilla/5.0 (Linux; Android 7.1.2; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.193 Mobile Safari/537.36 Telegram-Android/11.4.3 (Samsung SM-G965N; Android 7.1.2; SDK 25; LOW)',
  whatsappAndroid:
    'Mozilla/5.0 (Linux; Android 14; SM-A546E Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 (WhatsApp)',
  tiktokAndroid:
    'Mozilla/5.0 (Linux; Android 12; 2201117TY Build/SKQ1.211006.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/112.0.5615.136 Mobile Safari/537.36 trill_300904 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/trill app_version/30.9.4 ByteLocale/en ByteFullLocale/en Region/IN AppId/1180 Spark/1.4.4.4-bugfix AppVersion/30.9.4 BytedanceWebview/d8a21c6',
  xAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240705.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 TwitterAndroid',
  wechatIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN',
  webViewAndroid:
    'Mozilla/5.0 (Linux; Android 12; SM-A025G Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/113.0.5672.76 Mobile Safari/537.36',
  webViewIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  safariIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  firefoxIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
  safariIpad:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  webViewIpad:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  samsungAndroid:
    'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0 Mobile Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
  webkitGtk:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
  chromeDesktop:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
} as const

const phone = (userAgent: string, standalone = false) => ({
  userAgent,
  maxTouchPoints: 5,
  standalone,
})

describe('inAppBrowserOf', () => {
  it.each([
    ['instagramAndroid', 'Instagram', 'android'],
    ['instagramIos', 'Instagram', 'ios'],
    ['facebookAndroid', 'Facebook', 'android'],
    ['facebookIos', 'Facebook', 'ios'],
    ['messengerAndroid', 'Messenger', 'android'],
    ['lineIos', 'LINE', 'ios'],
    ['lineAndroid', 'LINE', 'android'],
    ['telegramAndroid', 'Telegram', 'android'],
    ['whatsappAndroid', 'WhatsApp', 'android'],
    ['tiktokAndroid', 'TikTok', 'android'],
    ['xAndroid', 'X', 'android'],
    ['wechatIos', 'WeChat', 'ios'],
  ] as const)('%s is %s’s browser on %s', (key, app, platform) => {
    expect(inAppBrowserOf(phone(UA[key]))).toEqual({ app, platform })
  })

  it('a bare web view is an in-app browser without a name (Android `wv`, iOS without Safari/N)', () => {
    expect(inAppBrowserOf(phone(UA.webViewAndroid))).toEqual({ app: null, platform: 'android' })
    expect(inAppBrowserOf(phone(UA.webViewIos))).toEqual({ app: null, platform: 'ios' })
    expect(inAppBrowserOf(phone(UA.webViewIpad))).toEqual({ app: null, platform: 'ios' })
  })

  it.each([
    'safariIos',
    'chromeIos',
    'firefoxIos',
    'safariIpad',
    'chromeAndroid',
    'samsungAndroid',
    'firefoxAndroid',
  ] as const)('%s is a browser of its own', (key) => {
    expect(inAppBrowserOf(phone(UA[key]))).toBeNull()
  })

  it('desktop browsers (and WebKitGTK) are not in-app browsers', () => {
    for (const userAgent of [UA.firefoxLinux, UA.webkitGtk, UA.chromeDesktop]) {
      expect(inAppBrowserOf({ userAgent, maxTouchPoints: 0, standalone: false })).toBeNull()
    }
  })

  it('Tatap installed on an iPhone Home Screen (no Safari/N either) is not an in-app browser', () => {
    expect(inAppBrowserOf(phone(UA.webViewIos, true))).toBeNull()
  })
})

describe('platformOf', () => {
  it('tells Android, iPhone and iPad (even with a Mac user agent) from the rest', () => {
    expect(platformOf(UA.chromeAndroid, 5)).toBe('android')
    expect(platformOf(UA.firefoxAndroid, 5)).toBe('android')
    expect(platformOf(UA.safariIos, 5)).toBe('ios')
    expect(platformOf(UA.safariIpad, 5)).toBe('ios')
    expect(platformOf(UA.safariIpad, 0)).toBe('other') // a Mac
    expect(platformOf(UA.webkitGtk, 0)).toBe('other')
    expect(platformOf(UA.chromeDesktop, 0)).toBe('other')
  })
})

describe('isFirefox', () => {
  it('is Firefox on the desktop, Android and iOS, and nothing else', () => {
    expect(isFirefox(UA.firefoxLinux)).toBe(true)
    expect(isFirefox(UA.firefoxAndroid)).toBe(true)
    expect(isFirefox(UA.firefoxIos)).toBe(true)
    expect(isFirefox(UA.safariIos)).toBe(false)
    expect(isFirefox(UA.chromeAndroid)).toBe(false)
  })
})

describe('userAgentFactsOf', () => {
  const media = (standalone: boolean) => (query: string) => ({
    matches: standalone && query === '(display-mode: standalone)',
  })

  it('reads the user agent and touch points, and installed from either signal', () => {
    const navigator = { userAgent: UA.safariIos, maxTouchPoints: 5 }
    expect(userAgentFactsOf({ navigator, matchMedia: media(false) })).toEqual({
      userAgent: UA.safariIos,
      maxTouchPoints: 5,
      standalone: false,
    })
    expect(userAgentFactsOf({ navigator, matchMedia: media(true) }).standalone).toBe(true)
    // iOS before 16.4 says so only as navigator.standalone.
    const ios = { ...navigator, standalone: true }
    expect(userAgentFactsOf({ navigator: ios, matchMedia: media(false) }).standalone).toBe(true)
  })

  it('a browser without matchMedia or maxTouchPoints reads as not installed, no touch', () => {
    expect(userAgentFactsOf({ navigator: { userAgent: 'x' } })).toEqual({
      userAgent: 'x',
      maxTouchPoints: 0,
      standalone: false,
    })
  })
})
