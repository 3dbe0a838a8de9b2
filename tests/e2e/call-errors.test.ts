import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext, watchPage } from './browsers'
import { APP_LAN_URL } from './env'
import {
  alertText,
  connectWithReply,
  expectVideoAdvancing,
  joinWithCode,
  openApp,
  startCall,
} from './flow'

/** Changes one character of the code part of a link to another valid code character. */
function damage(link: string): string {
  const at = link.indexOf('#') + 6
  const ch = link[at] === 'A' ? 'B' : 'A'
  return link.slice(0, at) + ch + link.slice(at + 1)
}

async function pasteInvite(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Invite code' }).fill(text)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
}

describe('clear errors for wrong codes, and the right code still works after them', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('guest: garbage, damaged, cut-off and reply-instead-of-invite are each explained', async () => {
    const host = await (await newAppContext(browser)).newPage()
    const other = await (await newAppContext(browser)).newPage()
    const guest = await (await newAppContext(browser)).newPage()
    const guestWatch = watchPage(guest)
    const invite = await startCall(host, 'Hana')
    const otherInvite = await startCall(other, 'Oki')
    const foreignReply = await joinWithCode(
      await (await newAppContext(browser)).newPage(),
      'X',
      otherInvite,
    )

    await openApp(guest, 'Gita')
    await guest.getByRole('button', { name: 'Join a call' }).click()

    await pasteInvite(guest, 'hello, are you there?')
    expect(await alertText(guest)).toContain('not a Tatap code')
    await pasteInvite(guest, damage(invite))
    expect(await alertText(guest)).toContain('damaged')
    await pasteInvite(guest, invite.slice(0, invite.length - 9))
    expect(await alertText(guest)).toMatch(/cut off|damaged/)
    await pasteInvite(guest, foreignReply)
    expect(await alertText(guest)).toContain('reply code, not an invite')

    // The invite, wrapped by a chat app, still works after all that.
    const wrapped = `${invite.slice(0, 30)}\n${invite.slice(30, 70)}\n  ${invite.slice(70)}  `
    await pasteInvite(guest, wrapped)
    const replyBox = guest.getByRole('textbox', { name: 'Reply code' })
    await replyBox.waitFor({ timeout: 15_000 })
    await expect(guest.getByRole('alert').count()).resolves.toBe(0)
    const reply = await replyBox.inputValue()

    // Host side: an invite instead of a reply, a reply for another invite, then the right one.
    await connectWithReply(host, otherInvite)
    expect(await alertText(host)).toContain('invite, not a reply')
    await connectWithReply(host, foreignReply)
    expect(await alertText(host)).toContain('belongs to another invite')
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
    expect(guestWatch.errors).toEqual([])
  })

  it('a guest without camera or microphone joins receive-only and is told so', async () => {
    const noDevices = await launchChromium({ noFakeDevices: true })
    try {
      const host = await (await newAppContext(browser)).newPage()
      const guest = await (await newAppContext(noDevices)).newPage()
      const invite = await startCall(host, 'Hana')
      const reply = await joinWithCode(guest, 'Gita', invite)
      expect(await alertText(guest)).toContain('No camera or microphone was found')
      await connectWithReply(host, reply)
      await expectVideoAdvancing(guest, 'Hana')
      await host.getByRole('img', { name: 'Invite QR code' }).waitFor({ state: 'detached' })
      await expect(host.getByLabel('Video of Gita').count()).resolves.toBe(1)
    } finally {
      await noDevices.close()
    }
  })

  it('a guest who refuses camera access joins receive-only and is told how to allow it', async () => {
    const denying = await launchChromium({ denyPermissions: true })
    try {
      const host = await (await newAppContext(browser)).newPage()
      const context = await denying.newContext({ locale: 'en-US' })
      const guest = await context.newPage()
      const invite = await startCall(host, 'Hana')
      const reply = await joinWithCode(guest, 'Gita', invite)
      expect(await alertText(guest)).toContain('blocked')
      await connectWithReply(host, reply)
      await expectVideoAdvancing(guest, 'Hana')
    } finally {
      await denying.close()
    }
  })

  it('when the other device is gone, Connect ends in a clear failure, and a new call works', async () => {
    const host = await (await newAppContext(browser)).newPage()
    const guestContext = await newAppContext(browser)
    const guest = await guestContext.newPage()
    await openApp(host, 'Hana', `${APP_LAN_URL}&connectTimeout=4000`)
    await host.getByRole('button', { name: 'Start a call' }).click()
    const box = host.getByRole('textbox', { name: 'Invite code', exact: true })
    await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toMatch(/#/)
    const reply = await joinWithCode(guest, 'Gita', await box.inputValue())
    await guestContext.close()
    await connectWithReply(host, reply)
    expect(await alertText(host)).toMatch(/could not reach each other|took too long/)

    // Retry without reloading.
    await host.getByRole('button', { name: 'Start a call' }).click()
    const again = host.getByRole('textbox', { name: 'Invite code', exact: true })
    await expect.poll(() => again.inputValue(), { timeout: 15_000 }).toMatch(/#/)
    const guest2 = await (await newAppContext(browser)).newPage()
    const reply2 = await joinWithCode(guest2, 'Gita', await again.inputValue())
    await connectWithReply(host, reply2)
    await expectVideoAdvancing(host, 'Gita')
  })
})
