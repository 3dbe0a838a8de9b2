import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './driver'
import { APP_LAN_URL, APP_URL, OFFLINE_PORT } from './env'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import {
  alertText,
  callBetween,
  connectWithReply,
  expectNotice,
  expectVideoAdvancing,
  joinWithCode,
  openApp,
  readCode,
  startCall,
} from './steps'

describe('the invite link, and calls with the network cut', () => {
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()
  beforeAll(async () => {
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('opening the invite link lands on Join with the invite filled in, then connects', async () => {
    const host = await openPage(browser)
    const guest = await openPage(browser)
    const invite = await startCall(host, 'Hana')

    await guest.goto(invite)
    await guest.waitFor('button', 'Join')
    expect(await guest.editableValue('Invite code')).toBe(invite)
    // The code does not stay in the address bar (or in history) once taken in.
    expect(await guest.evaluate(() => location.hash, null)).toBe('')
    await guest.click('button', 'Join')
    const reply = await readCode(guest, 'Reply code')
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Guest')
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('links opened in a tab already showing the app are taken in without a reload', async () => {
    const host = await openPage(browser)
    const guest = await openPage(browser)
    const invite = await startCall(host, 'Hana')

    // The guest's tab shows the start screen with a name typed; then the invite link opens in it.
    await openApp(guest, 'Gita', APP_URL)
    await guest.evaluate(() => {
      ;(window as unknown as { __sameDocument: boolean }).__sameDocument = true
    }, null)
    await guest.goto(invite)
    await guest.waitFor('button', 'Join')
    expect(await guest.editableValue('Invite code')).toBe(invite)
    expect(
      await guest.evaluate(
        () => (window as unknown as { __sameDocument?: boolean }).__sameDocument ?? false,
        null,
      ),
    ).toBe(true)
    await guest.click('button', 'Join')
    const reply = await readCode(guest, 'Reply code')

    // The reply link opened in the host's own tab, where its invite waits, connects the call.
    await host.goto(reply.replace(APP_URL, APP_LAN_URL))
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('a reply link opened in a new tab of the host’s browser is handed to the waiting call', async () => {
    const host = await openPage(browser)
    const guest = await openPage(browser)
    const invite = await startCall(host, 'Hana')
    const reply = await joinWithCode(guest, 'Gita', invite)

    // As if the phone's camera app opened the Reply QR: a new tab with the reply link.
    const cameraTab = await host.newTab()
    await cameraTab.goto(reply)
    await expectNotice(cameraTab, 'The reply was handed to your call in the other tab.')
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')

    // The same link with no call waiting for it says where it belongs.
    const stray = await openPage(browser)
    await stray.goto(reply)
    expect(await alertText(stray)).toContain('no call is waiting for it in this browser')
  })

  it('after one visit the app loads and completes a call with the server gone', async () => {
    // Its own server, so this test can take it away. (DevTools' offline mode would also cut
    // WebRTC on loopback, which is the LAN here; a vanished web server is the real situation.)
    const server = await preview({
      preview: { port: OFFLINE_PORT, strictPort: true, host: '127.0.0.1', open: false },
      logLevel: 'silent',
    })
    let serving = true
    const url = `http://127.0.0.1:${OFFLINE_PORT}/?lan`
    try {
      const host = await openPage(browser)
      const guest = await openPage(browser)
      for (const page of [host, guest]) {
        await page.goto(url)
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined), null)
      }
      await server.close()
      serving = false
      await expect(fetch(url)).rejects.toThrow()
      for (const page of [host, guest]) {
        await page.goto(url)
        await page.waitFor('button', 'Start a call')
      }
      await callBetween(host, guest, ['Hana', 'Gita'], url)
      await expectVideoAdvancing(host, 'Gita')
      await expectVideoAdvancing(guest, 'Hana')
    } finally {
      if (serving) await server.close()
    }
  })
})
