/**
 * Every browser a link lands in gets words, never a blank page (issue 27):
 *
 * - Firefox with `media.peerconnection.enabled = false` (hardened profiles, privacy add-ons), a
 *   real browser without WebRTC: the start page and an invite link both say this browser cannot
 *   call, keep the invite to copy, and raise no page error; Settings and the language work.
 * - Firefox with cookies and site data blocked (`network.cookie.cookieBehavior = 2`), with and
 *   without WebRTC: localStorage and BroadcastChannel throw there, and the app still starts,
 *   opens Settings and (with WebRTC) starts a call.
 * - Chromium with WebRTC taken away before the app (a stand-in, for axe): that screen passes
 *   axe in both languages and schemes, with every target ≥ 44 px on a phone.
 * - App's built-in browsers (Chromium with their user agents): Instagram on Android offers Open in
 *   Chrome with the invite in the intent link, and Continue here goes on to the join step without
 *   asking for the camera; LINE on an iPhone offers the link to copy into Safari; a built-in
 *   browser without WebRTC gets the cannot-call words and no Continue here.
 * - Start-up failures: a certificate the browser refuses to make shows "Tatap could not start"
 *   with Reload; an app script that never loads leaves index.html's own words.
 *
 * WebKitGTK (no WebRTC either) is in webkit.test.ts.
 */
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeSignal, inviteLink } from '../../src/codec'
import { fixture } from '../../src/codec/fixtures'
import { auditScreen, type ScreenAudit } from './audit'
import { openCustomPage, withoutWebRtc } from './custom-page'
import { type AppPage, launchChromium, launchFirefox, playwrightOf, waitFor } from './driver'
import { APP_LAN_URL, APP_URL } from './env'
import { closedAfterEachTest, pagesClosedAfterEachTest } from './lifecycle'
import { liveCaptureTracks } from './probes'
import { startCall } from './steps'

/** A real invite (a captured Chromium offer), as a chat app would carry it. */
const INVITE = inviteLink(
  APP_URL,
  encodeSignal({ type: 'offer', sdp: fixture('chromiumDcOffer').sdp }),
)
const CANNOT_CALL = 'This browser cannot make calls'

const UA = {
  instagramAndroid:
    'Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Instagram 309.1.0.41.113 Android (33/13; 480dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US; 541635890)',
  lineIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.9.0',
}

let chromium: PlaywrightBrowser
beforeAll(async () => {
  chromium = await launchChromium()
})
afterAll(async () => {
  await chromium?.close()
})

/** Waits until the status next to Copy link says Copied (a status is named by no text). */
function expectCopied(page: AppPage): Promise<string> {
  return waitFor(
    () => page.text('status', null),
    (text) => text === 'Copied',
    5_000,
  )
}

/** The text a person sees on the page (what a blank page has none of). */
function visibleText(page: AppPage): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text; hidden words do not count
  return page.evaluate(() => document.body.innerText.trim(), null)
}

/**
 * The page's errors, less Firefox's own report that it refused the service worker where storage
 * is blocked ("Storage access is restricted…"): the app takes that refusal (registerSW's
 * onRegisterError) and goes on without working offline.
 */
function appErrors(page: AppPage): string[] {
  return page.errors.filter(
    (error) =>
      !/Failed to register\/update a ServiceWorker .*Storage access is restricted/.test(error),
  )
}

/** The words of the screen, and no page error: the opposite of a blank page. */
async function expectWords(page: AppPage, heading: string): Promise<string> {
  await page.waitFor('heading', heading, 'visible', 20_000).catch(async (error) => {
    throw new Error(`no "${heading}"; the page shows: ${JSON.stringify(await visibleText(page))}`, {
      cause: error,
    })
  })
  expect(appErrors(page).join('\n'), `${page.kind} page errors`).toBe('')
  return visibleText(page)
}

describe('Firefox with media.peerconnection.enabled = false', () => {
  let firefox: PuppeteerBrowser
  beforeAll(async () => {
    firefox = await launchFirefox({ prefs: { 'media.peerconnection.enabled': false } })
  })
  afterAll(async () => {
    await firefox?.close()
  })
  const openPage = pagesClosedAfterEachTest()

  it('the start page says it cannot call, names the switch and the browsers, no page error', async () => {
    const page = await openPage(firefox, { viewport: 'phone' })
    await page.goto(APP_URL)
    // The premise: this Firefox really has no WebRTC.
    expect(await page.evaluate(() => typeof window.RTCPeerConnection, null)).toBe('undefined')
    const text = await expectWords(page, CANNOT_CALL)
    expect(text).toContain('media.peerconnection.enabled')
    expect(text).toContain('Open Tatap in an up-to-date Chrome, Edge, Firefox or Safari instead.')
    expect(await page.readOnlyValue('Tatap link')).toBe(APP_URL)
    expect(await page.isVisible('button', 'Start a call')).toBe(false)
  })

  it('an invite link keeps the invite, to copy and open elsewhere', async () => {
    const page = await openPage(firefox, { viewport: 'phone' })
    await page.goto(INVITE)
    const text = await expectWords(page, CANNOT_CALL)
    expect(text).toContain('Your invite is kept in this link.')
    expect(await page.readOnlyValue('Invite link')).toBe(INVITE)
    await page.click('button', 'Copy link')
    await expectCopied(page)
    expect(page.errors.join('\n')).toBe('')
  })

  it('Settings opens, and the language switches that screen too', async () => {
    const page = await openPage(firefox, { viewport: 'phone' })
    await page.goto(APP_URL)
    await expectWords(page, CANNOT_CALL)
    await page.click('button', 'Settings')
    await page.select('Language', 'Bahasa Indonesia')
    await page.click('button', 'Tutup pengaturan')
    await expectWords(page, 'Peramban ini tidak bisa melakukan panggilan')
  })
})

describe('Firefox hardened further: WebRTC off and every cookie and storage blocked', () => {
  let firefox: PuppeteerBrowser
  beforeAll(async () => {
    firefox = await launchFirefox({
      prefs: { 'media.peerconnection.enabled': false, 'network.cookie.cookieBehavior': 2 },
    })
  })
  afterAll(async () => {
    await firefox?.close()
  })
  const openPage = pagesClosedAfterEachTest()

  it('the start page and Settings still show, in words, with no page error', async () => {
    const page = await openPage(firefox, { viewport: 'phone' })
    await page.goto(INVITE)
    // The premise: touching localStorage throws here.
    expect(
      await page.evaluate(() => {
        try {
          return typeof localStorage
        } catch (error) {
          return String(error)
        }
      }, null),
    ).toMatch(/SecurityError/)
    await expectWords(page, CANNOT_CALL)
    expect(await page.readOnlyValue('Invite link')).toBe(INVITE)
    await page.click('button', 'Settings')
    await page.select('Language', 'Bahasa Indonesia')
    await page.click('button', 'Tutup pengaturan')
    await expectWords(page, 'Peramban ini tidak bisa melakukan panggilan')
  })
})

describe('Firefox with every cookie and storage blocked, WebRTC on', () => {
  let firefox: PuppeteerBrowser
  beforeAll(async () => {
    firefox = await launchFirefox({ prefs: { 'network.cookie.cookieBehavior': 2 } })
  })
  afterAll(async () => {
    await firefox?.close()
  })
  const openPage = pagesClosedAfterEachTest()

  it('starts, opens Settings, and starts a call (nothing remembered, nothing thrown)', async () => {
    const page = await openPage(firefox, { viewport: 'phone' })
    await page.goto(APP_LAN_URL)
    await page.click('button', 'Settings')
    await page.waitFor('combobox', 'Language')
    await page.click('button', 'Close settings')
    const invite = await startCall(page, 'Hana')
    expect(invite.startsWith(APP_URL)).toBe(true)
    expect(appErrors(page).join('\n')).toBe('')
  })
})

describe('Chromium without WebRTC (a stand-in, for axe)', () => {
  const openPage = closedAfterEachTest(openCustomPage)

  it('the cannot-call screen of an invite passes axe in both languages and schemes, targets ≥ 44 px', async () => {
    const audits: ScreenAudit[] = []
    for (const [locale, heading] of [
      ['en-US', CANNOT_CALL],
      ['id-ID', 'Peramban ini tidak bisa melakukan panggilan'],
    ] as const) {
      const page = await openPage(chromium, { locale, before: [withoutWebRtc] })
      await page.goto(INVITE)
      await expectWords(page, heading)
      audits.push(await auditScreen(page, `cannot call (${locale})`))
    }
    const problems = audits.flatMap((a) => [
      ...a.violations.map((v) => `${a.screen} [${v.scheme}] ${v.rule}: ${v.targets.join(' | ')}`),
      ...a.smallTargets.map((s) => `${a.screen} target under 44×44: ${s}`),
    ])
    expect(problems).toEqual([])
  })
})

describe("an app's built-in browser", () => {
  const openPage = closedAfterEachTest(openCustomPage)

  it('Instagram on Android: Open in Chrome carries the invite; Continue here joins, camera not yet asked', async () => {
    const page = await openPage(chromium, { userAgent: UA.instagramAndroid })
    await page.goto(INVITE)
    await expectWords(page, 'You are in Instagram’s browser')
    const intent = (await page.attribute('link', 'Open in Chrome', 'href')) ?? ''
    expect(intent).toMatch(/^intent:\/\/127\.0\.0\.1:\d+\/#[^#]+#Intent;/)
    expect(intent).toContain(
      `#${INVITE.split('#')[1]}#Intent;scheme=http;package=com.android.chrome;`,
    )
    expect(await page.readOnlyValue('Invite link')).toBe(INVITE)
    expect(await liveCaptureTracks(page)).toBe(0)
    await page.tap('button', 'Continue here')
    await page.waitFor('button', 'Join')
    expect(await page.editableValue('Invite code')).toBe(INVITE)
    expect(await liveCaptureTracks(page)).toBe(0)
    expect(page.errors.join('\n')).toBe('')
    const audit = await auditScreen(page, 'join after Continue here')
    expect(audit.violations).toEqual([])
  })

  it('LINE on an iPhone: no intent link; the invite to copy, and where to paste it', async () => {
    const page = await openPage(chromium, { userAgent: UA.lineIphone })
    await page.goto(INVITE)
    const text = await expectWords(page, 'You are in LINE’s browser')
    expect(text).toContain('Open Tatap in Safari instead.')
    expect(text).toContain('Then open Safari, tap the address bar, paste the link and go.')
    expect(await page.isVisible('link', 'Open in Chrome')).toBe(false)
    await page.tap('button', 'Copy link')
    await expectCopied(page)
    const copied = await playwrightOf(page).evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(INVITE)
    const audit = await auditScreen(page, 'in-app browser (LINE)')
    expect([...audit.violations, ...audit.smallTargets]).toEqual([])
  })

  it('a built-in browser without WebRTC says it cannot call, and offers no Continue here', async () => {
    const page = await openPage(chromium, {
      userAgent: UA.instagramAndroid,
      before: [withoutWebRtc],
    })
    await page.goto(INVITE)
    await expectWords(page, CANNOT_CALL)
    expect(await page.isVisible('link', 'Open in Chrome')).toBe(true)
    expect(await page.isVisible('button', 'Continue here')).toBe(false)
  })
})

describe('start-up failures are worded', () => {
  const openPage = closedAfterEachTest(openCustomPage)

  it('a certificate the browser will not make: "Tatap could not start", with Reload', async () => {
    const page = await openPage(chromium, {
      before: [
        () => {
          RTCPeerConnection.generateCertificate = () =>
            Promise.reject(new DOMException('refused here', 'NotSupportedError'))
        },
      ],
    })
    await page.goto(APP_URL)
    await page.waitFor('alert', null)
    const text = await visibleText(page)
    expect(text).toContain('Tatap could not start')
    expect(text).toContain('Tatap tidak dapat dimulai')
    expect(text).toContain('NotSupportedError: refused here')
    expect(await page.isVisible('button', 'Reload · Muat ulang')).toBe(true)
  })

  it('an app script that never loads: index.html’s own words appear', async () => {
    const page = await openPage(chromium)
    await playwrightOf(page).route(/\/assets\/index-[^/]+\.js$/, (route) => route.abort())
    await page.goto(APP_URL)
    expect(await visibleText(page)).toBe('')
    await page.waitFor('alert', null, 'visible', 15_000)
    const text = await visibleText(page)
    expect(text).toContain('Tatap has not started.')
    expect(text).toContain('Tatap belum dimulai.')
  })
})
