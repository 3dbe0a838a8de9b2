import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './driver'
import { APP_URL } from './env'
import { pagesClosedAfterEachTest } from './lifecycle'
import { liveCaptureTracks } from './probes'
import {
  callBetween,
  connectWithReply,
  expectNotice,
  expectVideoAdvancing,
  joinWithCode,
  startCall,
  waitFor,
} from './steps'

describe('a 1:1 call by pasted codes, in real Chromium', () => {
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('connects, shows each other’s advancing video, and ends for both on Leave call', async () => {
    const host = await openPage(browser)
    const guest = await openPage(browser)

    const invite = await startCall(host, 'Hana')
    expect(await host.isVisible('img', 'Invite QR code')).toBe(true)
    expect(invite.startsWith(APP_URL)).toBe(true)

    const reply = await joinWithCode(guest, 'Gita', invite)
    expect(await guest.isVisible('img', 'Reply QR code')).toBe(true)
    await connectWithReply(host, reply)

    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')

    await guest.click('button', 'Leave call')
    await guest.waitFor('button', 'Start a call')
    await expectNotice(host, 'Gita left the call')
    await host.waitFor('button', 'Start a call')

    // Camera and microphone are released on both sides once the call is over.
    for (const page of [host, guest]) {
      await waitFor(
        () => liveCaptureTracks(page),
        (n) => n === 0,
        5_000,
      )
    }
    expect(host.errors).toEqual([])
    expect(guest.errors).toEqual([])
    // Nothing was requested from any host other than the app's own.
    for (const url of [...host.requests, ...guest.requests]) {
      expect(url.startsWith(APP_URL) || url.startsWith('data:'), url).toBe(true)
    }
  })

  it('closing the tab says goodbye: the other side reads “left the call”, not a lost connection', async () => {
    const [host, guest] = [await openPage(browser), await openPage(browser)]
    await callBetween(host, guest)

    await guest.close()
    await expectNotice(host, 'Gita left the call')
    await host.waitFor('button', 'Start a call')
    expect(await host.isVisible('alert', null)).toBe(false)
  })
})
