/**
 * A whole call on phones, done only by tapping what is on screen and not covered (driver `tap`):
 * join, mute, camera, chat, files (a dozen cards at once), the back gesture, leave — at 390×844 in
 * English and at 360×740 in Indonesian, with every name read from the language's strings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en, type Strings } from '../../src/i18n/en'
import { id } from '../../src/i18n/id'
import { type AppPage, launchChromium, type ViewportName } from './driver'
import { APP_LAN_URL } from './env'
import { pagesClosedAfterEachTest } from './lifecycle'
import { badgeOn, expectFramesAdvancing, expectNotice, notices, waitFor } from './steps'

const PHONES: { viewport: ViewportName; locale: string; t: Strings }[] = [
  { viewport: 'phone', locale: 'en-US', t: en },
  { viewport: 'small-phone', locale: 'id-ID', t: id },
]
/** More file offers at once than a phone screen holds. */
const FILE_COUNT = 12

let browser: Browser
let scratch: string
const openPage = pagesClosedAfterEachTest()

beforeAll(async () => {
  browser = await launchChromium()
  scratch = mkdtempSync(join(tmpdir(), 'tatap-phone-'))
})

afterAll(async () => {
  await browser?.close()
  rmSync(scratch, { recursive: true, force: true })
})

/** What covers the centre of the button `name`, or null when a finger could press it. */
function coveredBy(page: AppPage, name: string): Promise<string | null> {
  return page.evaluate((name) => {
    const el = [...document.querySelectorAll('button')].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
    )
    if (!el) return 'not on the page'
    const box = el.getBoundingClientRect()
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2]
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return 'off screen'
    const top = document.elementFromPoint(x, y)
    return top && (top === el || el.contains(top)) ? null : (top?.outerHTML.slice(0, 80) ?? 'none')
  }, name)
}

/** The on-screen size of the button `name`, in CSS pixels. */
function buttonSize(page: AppPage, name: string): Promise<{ width: number; height: number }> {
  return page.evaluate((name) => {
    const el = [...document.querySelectorAll('button')].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
    )
    const box = el?.getBoundingClientRect()
    return { width: box?.width ?? 0, height: box?.height ?? 0 }
  }, name)
}

/** Reads the code shown in the read-only box `label` once it is there. */
function shownCode(page: AppPage, label: string): Promise<string> {
  return waitFor(
    () => page.readOnlyValue(label),
    (value) => /#\S+$/.test(value),
    15_000,
  )
}

describe('a whole call on a phone, by tapping only', () => {
  for (const { viewport, locale, t } of PHONES) {
    it(`${viewport} in ${locale}: join, mute, camera, chat, a dozen files, back gesture, leave`, async () => {
      const host = await openPage(browser, { viewport, locale })
      const guest = await openPage(browser, { viewport, locale })

      // Join by pasted codes.
      await host.goto(APP_LAN_URL)
      await host.fill(t.yourName, 'Hana')
      await host.tap('button', t.startCall)
      const invite = await shownCode(host, t.inviteCode)
      await guest.goto(APP_LAN_URL)
      await guest.fill(t.yourName, 'Gita')
      await guest.tap('button', t.joinCall)
      await guest.fill(t.inviteCode, invite)
      await guest.tap('button', t.join)
      const reply = await shownCode(guest, t.replyCode)
      await host.fill(t.replyCode, reply)
      await host.tap('button', t.connect)
      await expectFramesAdvancing(host, t.videoOf('Gita'))
      await expectFramesAdvancing(guest, t.videoOf('Hana'))

      // Every control in the call bar is a comfortable touch target, and none is covered.
      for (const name of [t.muteMic, t.cameraOff, t.chat, t.moreOptions, t.leaveCall]) {
        expect(await coveredBy(guest, name), name).toBeNull()
        const size = await buttonSize(guest, name)
        expect(size.width, name).toBeGreaterThanOrEqual(44)
        expect(size.height, name).toBeGreaterThanOrEqual(44)
      }

      // Mute: the other side sees the muted mark; unmute removes it.
      await guest.tap('button', t.muteMic)
      await host.waitFor('img', t.isMuted('Gita'), 'visible', 15_000)
      await guest.tap('button', t.unmuteMic)
      await host.waitFor('img', t.isMuted('Gita'), 'gone', 15_000)

      // Camera off: the button says so; on again: frames flow to the other side again.
      await guest.tap('button', t.cameraOff)
      await guest.waitFor('button', t.cameraOn)
      await guest.tap('button', t.cameraOn)
      await expectFramesAdvancing(host, t.videoOf('Gita'))

      // Chat: the host's closed chat shows a badge; opening it shows the message.
      await guest.tap('button', t.chat)
      await guest.fill(t.message, 'Halo Hana')
      await guest.tap('button', t.sendMessage)
      await waitFor(
        () => badgeOn(host, t.chat),
        (badge) => badge === '1',
        15_000,
      )
      await host.tap('button', t.chat)
      await waitFor(
        () => host.text('log', t.messages),
        (log) => log.includes('Halo Hana'),
        15_000,
      )

      // A dozen files at once while the host's chat is open: the offers show over the chat, the
      // call bar stays uncovered, and the list scrolls to the last one.
      const names = Array.from(
        { length: FILE_COUNT },
        (_, i) => `foto-${String(i + 1).padStart(2, '0')}.txt`,
      )
      const paths = names.map((name) => {
        const path = join(scratch, `${viewport}-${name}`)
        writeFileSync(path, `isi ${name}\n`)
        return path
      })
      await guest.tap('button', t.moreOptions)
      await guest.chooseFiles(t.sendFile, paths)
      const first = t.accept(`${viewport}-${names[0]}`)
      const last = t.accept(`${viewport}-${names.at(-1)}`)
      await host.waitFor('button', last, 'visible', 20_000)
      expect(await coveredBy(host, t.leaveCall)).toBeNull()
      expect(await coveredBy(host, t.chat)).toBeNull()
      await host.tap('button', first)
      await host.waitFor('link', t.save(`${viewport}-${names[0]}`), 'visible', 20_000)
      // The person swipes the list up to reach the last offer.
      await host.evaluate(() => {
        const list = document.querySelector('.transfers')
        list?.scrollTo({ top: list.scrollHeight })
      }, null)
      await host.tap('button', last)
      await host.waitFor('link', t.save(`${viewport}-${names.at(-1)}`), 'visible', 20_000)

      // The back gesture asks first; Stay keeps the call.
      await host.evaluate(() => history.back(), null)
      await host.waitFor('alertdialog', t.leaveTitle)
      await host.tap('button', t.stay)
      await host.waitFor('alertdialog', t.leaveTitle, 'gone')
      expect(await coveredBy(host, t.leaveCall)).toBeNull()
      await expectFramesAdvancing(host, t.videoOf('Gita'))

      // Leave call is one tap; the other side reads it as information, not an error.
      await host.tap('button', t.leaveCall)
      await host.waitFor('button', t.startCall)
      await expectNotice(guest, t.leftTheCall('Hana'))
      expect(await notices(guest)).toContain(t.leftTheCall('Hana'))
      expect(await guest.isVisible('alert', null)).toBe(false)
      expect(host.errors).toEqual([])
      expect(guest.errors).toEqual([])
    })
  }
})
