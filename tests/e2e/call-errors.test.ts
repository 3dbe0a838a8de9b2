import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium } from './driver'
import { APP_LAN_URL } from './env'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import {
  alertText,
  connectWithReply,
  expectVideoAdvancing,
  hasVideoOf,
  joinWithCode,
  notices,
  openApp,
  readCode,
  startCall,
  waitFor,
} from './steps'

/** Changes one character of the code part of a link to another valid code character. */
function damage(link: string): string {
  const at = link.indexOf('#') + 6
  const ch = link[at] === 'A' ? 'B' : 'A'
  return link.slice(0, at) + ch + link.slice(at + 1)
}

/** Dismisses the alert shown, if any: the next one must be new. */
async function dismissAlert(page: AppPage): Promise<void> {
  if (!(await page.isVisible('alert', null))) return
  await page.click('button', 'Dismiss')
  await page.waitFor('alert', null, 'gone')
}

async function pasteInvite(page: AppPage, text: string): Promise<void> {
  await dismissAlert(page)
  await page.fill('Invite code', text)
  await page.click('button', 'Join')
}

/** Waits until the page's alert says something containing (or matching) `expected`. */
function expectAlert(page: AppPage, expected: string | RegExp): Promise<string> {
  return waitFor(
    () => alertText(page),
    (text) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text)),
    15_000,
  )
}

describe('clear errors for wrong codes, and the right code still works after them', () => {
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()
  beforeAll(async () => {
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('guest: garbage, damaged, cut-off and reply-instead-of-invite are each explained', async () => {
    const host = await openPage(browser)
    const other = await openPage(browser)
    const guest = await openPage(browser)
    const stranger = await openPage(browser)
    const invite = await startCall(host, 'Hana')
    const otherInvite = await startCall(other, 'Oki')
    const foreignReply = await joinWithCode(stranger, 'X', otherInvite)

    await openApp(guest, 'Gita')
    await guest.click('button', 'Join a call')

    await pasteInvite(guest, 'hello, are you there?')
    await expectAlert(guest, 'not a Tatap code')
    await pasteInvite(guest, damage(invite))
    await expectAlert(guest, 'damaged')
    await pasteInvite(guest, invite.slice(0, invite.length - 9))
    await expectAlert(guest, /cut off|damaged/)
    await pasteInvite(guest, foreignReply)
    await expectAlert(guest, 'reply code, not an invite')

    // The invite, wrapped by a chat app, still works after all that.
    const wrapped = `${invite.slice(0, 30)}\n${invite.slice(30, 70)}\n  ${invite.slice(70)}  `
    await pasteInvite(guest, wrapped)
    const reply = await readCode(guest, 'Reply code')
    expect(await guest.isVisible('alert', null)).toBe(false)

    // Host side: an invite instead of a reply, a reply for another invite, then the right one.
    await connectWithReply(host, otherInvite)
    await expectAlert(host, 'invite, not a reply')
    await dismissAlert(host)
    await connectWithReply(host, foreignReply)
    await expectAlert(host, 'belongs to another invite')
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
    expect(guest.errors).toEqual([])
  })

  it('a guest without camera or microphone joins receive-only and is told so', async () => {
    const noDevices = await launchChromium({ noFakeDevices: true })
    try {
      const host = await openPage(browser)
      const guest = await openPage(noDevices)
      const invite = await startCall(host, 'Hana')
      const reply = await joinWithCode(guest, 'Gita', invite)
      await expectAlert(guest, 'No camera or microphone was found')
      await connectWithReply(host, reply)
      await expectVideoAdvancing(guest, 'Hana')
      await host.waitFor('img', 'Invite QR code', 'gone')
      expect(await hasVideoOf(host, 'Gita')).toBe(true)
    } finally {
      await noDevices.close()
    }
  })

  it('a guest who refuses camera access joins receive-only and is told how to allow it', async () => {
    const denying = await launchChromium({ denyPermissions: true })
    try {
      const host = await openPage(browser)
      const guest = await openPage(denying, { allowMedia: false })
      const invite = await startCall(host, 'Hana')
      const reply = await joinWithCode(guest, 'Gita', invite)
      await expectAlert(guest, 'blocked')
      await connectWithReply(host, reply)
      await expectVideoAdvancing(guest, 'Hana')
    } finally {
      await denying.close()
    }
  })

  it('an invite opened by two people: the one whose reply is never taken is told why, and what to do', async () => {
    const host = await openPage(browser)
    const first = await openPage(browser)
    const second = await openPage(browser)
    const invite = await startCall(host, 'Hana', APP_LAN_URL)
    const firstReply = await joinWithCode(first, 'Gita', invite)
    // The second person waits 3 s instead of a minute (?replyWait) before being told.
    await joinWithCode(second, 'Sari', invite, `${APP_LAN_URL}&replyWait=3000`)
    await connectWithReply(host, firstReply)
    await first.waitFor('button', 'Leave call', 'visible', 30_000)
    const told = await waitFor(
      () => notices(second),
      (text) => text.includes('An invite works for one person only'),
      15_000,
    )
    expect(told).toContain('ask the host for a new invite')
    expect(await notices(first)).not.toContain('An invite works for one person only')
  })

  it('when the other device is gone, Connect ends in a clear failure, and a new call works', async () => {
    const host = await openPage(browser)
    const guest = await openPage(browser)
    const invite = await startCall(host, 'Hana', `${APP_LAN_URL}&connectTimeout=4000`)
    const reply = await joinWithCode(guest, 'Gita', invite)
    await guest.close()
    await connectWithReply(host, reply)
    await expectAlert(host, /could not reach each other|took too long/)

    // Retry without reloading.
    await host.click('button', 'Start a call')
    const again = await readCode(host, 'Invite code')
    expect(again).not.toBe(invite)
    const guest2 = await openPage(browser)
    await connectWithReply(host, await joinWithCode(guest2, 'Gita', again))
    await expectVideoAdvancing(host, 'Gita')
  })
})
