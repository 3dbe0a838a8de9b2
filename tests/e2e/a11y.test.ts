/**
 * Every screen of the app passes axe-core with no violation, in English and Indonesian, in the
 * light and the dark scheme, on a 390×844 phone — and everything a finger presses is at least
 * 44×44 px there. Screens are reached the way a person reaches them (tapping what is on screen):
 * home, settings, the host's invite, a bad code's error, the scanner (fake camera), the join step
 * with a code, the guest's reply, the call with chat, people, invite, devices and the More
 * options menu open, a file offer and a received file, the leave dialog, and home after a call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en, type Strings } from '../../src/i18n/en'
import { id } from '../../src/i18n/id'
import { auditScreen, emulateColorScheme, type ScreenAudit } from './audit'
import { type AppPage, launchChromium, playwrightOf } from './driver'
import { APP_LAN_URL } from './env'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import { waitFor } from './steps'

const LANGUAGES: { locale: string; t: Strings }[] = [
  { locale: 'en-US', t: en },
  { locale: 'id-ID', t: id },
]
const FILE = 'notes.txt'
/** 18 screens, each checked twice by axe: more than the default 90 s on two busy cores. */
const SCREENS_TIMEOUT_MS = 240_000

let browser: Browser
let scratch: string
const openPage = pagesClosedAfterEachTest()

beforeAll(async () => {
  browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  scratch = mkdtempSync(join(tmpdir(), 'tatap-a11y-'))
  writeFileSync(join(scratch, FILE), 'x'.repeat(5_300_000))
})

afterAll(async () => {
  await browser?.close()
  rmSync(scratch, { recursive: true, force: true })
})

/** Scrolls to the button `name` (as a person scrolls a long screen) and taps it. */
async function scrollAndTap(page: AppPage, name: string): Promise<void> {
  await playwrightOf(page)
    .getByRole('button', { name, exact: true })
    .scrollIntoViewIfNeeded({ timeout: 15_000 })
  await page.tap('button', name)
}

function code(page: AppPage, label: string): Promise<string> {
  return waitFor(
    () => page.readOnlyValue(label),
    (value) => /#\S+$/.test(value),
    15_000,
  )
}

/** One line per problem, so a failure reads as a list of what to fix. */
function problems(audits: ScreenAudit[]): string[] {
  return audits.flatMap((a) => [
    ...a.violations.map((v) => `${a.screen} [${v.scheme}] ${v.rule}: ${v.targets.join(' | ')}`),
    ...a.smallTargets.map((s) => `${a.screen} target under 44×44: ${s}`),
  ])
}

describe('accessibility of every screen on a phone', () => {
  for (const { locale, t } of LANGUAGES) {
    it(
      `${locale}: axe finds nothing in light or dark, and every target is ≥ 44×44 px`,
      async () => {
        const host = await openPage(browser, { viewport: 'phone', locale })
        const guest = await openPage(browser, { viewport: 'phone', locale })
        const audits: ScreenAudit[] = []
        const audit = async (page: AppPage, screen: string) => {
          audits.push(await auditScreen(page, screen))
        }

        await host.goto(APP_LAN_URL)
        await host.waitFor('button', t.startCall)
        await audit(host, 'home')
        await host.tap('button', t.settings)
        await host.waitFor('region', t.settingsTitle)
        await audit(host, 'settings')
        await scrollAndTap(host, t.closeSettings)
        await host.fill(t.yourName, 'Hana')
        await host.tap('button', t.startCall)
        const invite = await code(host, t.inviteCode)
        await audit(host, 'host invite')

        await guest.goto(APP_LAN_URL)
        await guest.fill(t.yourName, 'Gita')
        await guest.tap('button', t.joinCall)
        await guest.fill(t.inviteCode, 'not a code at all')
        await guest.tap('button', t.join)
        await guest.waitFor('alert', null)
        await audit(guest, 'join error')
        await guest.tap('button', t.dismiss)
        await guest.tap('button', t.scanQr)
        await guest.waitFor('dialog', t.scannerTitle)
        await audit(guest, 'scanner')
        await guest.tap('button', t.closeScanner)
        await guest.fill(t.inviteCode, invite)
        await audit(guest, 'join with code')
        await guest.tap('button', t.join)
        const reply = await code(guest, t.replyCode)
        await audit(guest, 'guest reply')

        await host.fill(t.replyCode, reply)
        await host.tap('button', t.connect)
        await host.waitFor('button', t.leaveCall, 'visible', 30_000)
        await guest.waitFor('button', t.leaveCall, 'visible', 30_000)
        await audit(host, 'call')
        await host.tap('button', t.chat)
        await host.fill(t.message, 'Halo')
        await host.tap('button', t.sendMessage)
        await audit(host, 'chat panel')
        await host.tap('button', t.closeChat)
        await host.tap('button', t.people)
        await host.waitFor('button', t.sendFileTo('Gita'))
        await audit(host, 'people panel')
        await host.tap('button', t.closePeople)
        await host.tap('button', t.moreOptions)
        await audit(host, 'more options')
        await host.tap('button', t.inviteSomeone)
        await code(host, t.inviteCode)
        await audit(host, 'invite panel')
        await host.tap('button', t.closeInvite)
        await host.tap('button', t.moreOptions)
        await host.tap('button', t.settings)
        await audit(host, 'device settings')
        await host.tap('button', t.closeSettings)

        await guest.tap('button', t.moreOptions)
        await guest.chooseFiles(t.sendFile, [join(scratch, FILE)])
        await host.waitFor('button', t.accept(FILE))
        await audit(host, 'file offer')
        await host.tap('button', t.accept(FILE))
        await host.waitFor('link', t.save(FILE), 'visible', 30_000)
        await audit(host, 'file received')

        await host.evaluate(() => history.back(), null)
        await host.waitFor('alertdialog', t.leaveTitle)
        await audit(host, 'leave dialog')
        await host.tap('button', t.stay)
        await guest.tap('button', t.leaveCall)
        await guest.waitFor('button', t.startCall)
        await audit(guest, 'home after leaving')
        await host.waitFor('button', t.leaveCall, 'gone', 30_000).catch(() => undefined)
        if (await host.isVisible('button', t.leaveCall)) await host.tap('button', t.leaveCall)
        await host.waitFor('button', t.dismissFile(FILE))
        await audit(host, 'home with received file')

        console.log(
          `${locale}: ${audits
            .map(
              (a) =>
                `${a.screen} ${new Set(a.violations.map((v) => `${v.scheme}:${v.rule}`)).size}/${a.smallTargets.length}`,
            )
            .join(', ')} (axe violations light+dark / small targets)`,
        )
        expect(problems(audits)).toEqual([])
      },
      SCREENS_TIMEOUT_MS,
    )
  }
})

describe('dark mode', () => {
  it('follows the device: the start screen turns dark with light text, the Start button stays readable (screenshots kept in test-results/)', async () => {
    const page = await openPage(browser, { viewport: 'phone' })
    await page.goto(APP_LAN_URL)
    await page.waitFor('button', en.startCall)
    const shown: Record<string, { page: number; text: number; button: number }> = {}
    for (const scheme of ['light', 'dark'] as const) {
      await emulateColorScheme(page, scheme)
      shown[scheme] = await page.evaluate(() => {
        /** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
        const luminance = (css: string) => {
          const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
            const c = Number(v) / 255
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
          })
          return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0)
        }
        const start = [...document.querySelectorAll('button')].find(
          (b) => b.textContent?.trim() === 'Start a call',
        )
        return {
          page: luminance(getComputedStyle(document.documentElement).backgroundColor),
          text: luminance(getComputedStyle(document.body).color),
          button: start ? luminance(getComputedStyle(start).backgroundColor) : -1,
        }
      }, null)
      await playwrightOf(page).screenshot({ path: `test-results/home-${scheme}.png` })
    }
    expect(shown.light?.page).toBeGreaterThan(0.8)
    expect(shown.light?.text).toBeLessThan(0.1)
    expect(shown.dark?.page).toBeLessThan(0.05)
    expect(shown.dark?.text).toBeGreaterThan(0.6)
    // The main button keeps its fill in both (a colour, not the page's own background).
    expect(shown.dark?.button).toBeGreaterThan(shown.dark?.page ?? 1)
  })
})

/**
 * Every element's own words on screen: leaf texts, accessible names, placeholders and titles —
 * what a person reads or hears.
 */
function wordsOnScreen(page: AppPage): Promise<string[]> {
  return page.evaluate(() => {
    const words = new Set<string>()
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.getClientRects().length === 0) continue
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const value = el.getAttribute(attr)
        if (value) words.add(value.trim())
      }
      if (el.children.length === 0 && el.textContent?.trim()) words.add(el.textContent.trim())
    }
    return [...words]
  }, null)
}

/** English sentences with an Indonesian translation of their own (functions and names aside). */
const ENGLISH_ONLY = Object.entries(en)
  .filter(([key, value]) => typeof value === 'string' && value !== id[key as keyof Strings])
  .map(([, value]) => value as string)

describe('switching the language', () => {
  it('turns a call on a phone into Indonesian at once — no reload, the call goes on — and stays chosen', async () => {
    const host = await openPage(browser, { viewport: 'phone', locale: 'en-US' })
    const guest = await openPage(browser, { viewport: 'phone', locale: 'en-US' })
    await host.goto(APP_LAN_URL)
    await host.fill(en.yourName, 'Hana')
    await host.tap('button', en.startCall)
    const invite = await code(host, en.inviteCode)
    await guest.goto(APP_LAN_URL)
    await guest.fill(en.yourName, 'Gita')
    await guest.tap('button', en.joinCall)
    await guest.fill(en.inviteCode, invite)
    await guest.tap('button', en.join)
    await host.fill(en.replyCode, await code(guest, en.replyCode))
    await host.tap('button', en.connect)
    await host.waitFor('button', en.leaveCall, 'visible', 30_000)
    await guest.waitFor('button', en.leaveCall, 'visible', 30_000)

    // A message and a 5.3 MB file offer, shown in English first.
    await guest.tap('button', en.chat)
    await guest.fill(en.message, 'Halo Hana')
    await guest.tap('button', en.sendMessage)
    await guest.tap('button', en.closeChat)
    await guest.tap('button', en.moreOptions)
    await guest.chooseFiles(en.sendFile, [join(scratch, FILE)])
    await host.waitFor('button', en.accept(FILE))
    expect(await host.text('listitem', null)).toContain('(5.3 MB)')
    await host.evaluate(() => {
      ;(window as unknown as { sameDocument: boolean }).sameDocument = true
    }, null)

    await host.tap('button', en.moreOptions)
    await host.tap('button', en.settings)
    await host.select(en.language, 'Bahasa Indonesia')

    await host.waitFor('button', id.closeSettings)
    expect(await host.evaluate(() => document.documentElement.lang, null)).toBe('id')
    expect(
      await host.evaluate(
        () => (window as unknown as { sameDocument?: boolean }).sameDocument === true,
        null,
      ),
    ).toBe(true)
    expect(await host.isVisible('button', id.leaveCall)).toBe(true)
    expect(await host.isVisible('button', id.accept(FILE))).toBe(true)
    await waitFor(
      () => host.evaluate(() => document.querySelector('.transfers')?.textContent ?? '', null),
      (text) => text.includes('(5,3 MB)') && text.includes(id.wantsToSend('Gita')),
      5_000,
    )
    await host.tap('button', id.closeSettings)
    await host.tap('button', id.chat)
    const time = await host.evaluate(
      () => document.querySelector('.message time')?.textContent,
      null,
    )
    expect(time).toMatch(/^\d{2}\.\d{2}$/)
    const english = (await wordsOnScreen(host)).filter((w) => ENGLISH_ONLY.includes(w))
    expect(english).toEqual([])

    // The call went on: the guest still reaches the host, and a reply comes back.
    await guest.tap('button', en.chat)
    await guest.fill(en.message, 'masih di sini?')
    await guest.tap('button', en.sendMessage)
    await waitFor(
      () => host.text('log', id.messages),
      (text) => text.includes('masih di sini?'),
      15_000,
    )

    // Remembered: the next visit opens in Indonesian although the browser asks for English.
    await host.tap('button', id.leaveCall)
    await host.goto(APP_LAN_URL)
    await host.waitFor('button', id.startCall)
    expect(await host.evaluate(() => document.documentElement.lang, null)).toBe('id')
  })
})
