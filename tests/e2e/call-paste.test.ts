import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, liveCaptureTracks, newAppContext, watchPage } from './browsers'
import { APP_URL } from './env'
import { alertText, connectWithReply, expectVideoAdvancing, joinWithCode, startCall } from './flow'

describe('a 1:1 call by pasted codes, in real Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('connects, shows each other’s advancing video, and ends for both on Leave call', async () => {
    const host = await (await newAppContext(browser)).newPage()
    const guest = await (await newAppContext(browser)).newPage()
    const hostWatch = watchPage(host)
    const guestWatch = watchPage(guest)

    const invite = await startCall(host, 'Hana')
    await expect(host.getByRole('img', { name: 'Invite QR code' }).isVisible()).resolves.toBe(true)
    expect(invite.startsWith(APP_URL)).toBe(true)

    const reply = await joinWithCode(guest, 'Gita', invite)
    await expect(guest.getByRole('img', { name: 'Reply QR code' }).isVisible()).resolves.toBe(true)
    await connectWithReply(host, reply)

    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')

    await guest.getByRole('button', { name: 'Leave call' }).click()
    await expect(guest.getByRole('button', { name: 'Start a call' }).isVisible()).resolves.toBe(
      true,
    )
    expect(await alertText(host)).toContain('Gita left the call')
    await expect(host.getByRole('button', { name: 'Start a call' }).isVisible()).resolves.toBe(true)

    // Camera and microphone are released on both sides once the call is over.
    for (const page of [host, guest]) {
      await expect.poll(() => liveCaptureTracks(page)).toBe(0)
    }
    expect(hostWatch.errors).toEqual([])
    expect(guestWatch.errors).toEqual([])
    // Nothing was requested from any host other than the app's own.
    for (const url of [...hostWatch.requests, ...guestWatch.requests]) {
      expect(url.startsWith(APP_URL) || url.startsWith('data:')).toBe(true)
    }
  })
})
