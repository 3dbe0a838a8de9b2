import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext } from './browsers'

const OFFLINE_PORT = 4197

import {
  alertText,
  connectWithReply,
  expectVideoAdvancing,
  joinWithCode,
  readCode,
  startCall,
} from './flow'

describe('the invite link, and calls with the network cut', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('opening the invite link lands on Join with the invite filled in, then connects', async () => {
    const host = await (await newAppContext(browser)).newPage()
    const guest = await (await newAppContext(browser)).newPage()
    const invite = await startCall(host, 'Hana')

    await guest.goto(invite)
    await guest.getByRole('button', { name: 'Join', exact: true }).waitFor()
    await expect(guest.getByRole('textbox', { name: 'Invite code' }).inputValue()).resolves.toBe(
      invite,
    )
    // The code does not stay in the address bar (or in history) once taken in.
    expect(new URL(guest.url()).hash).toBe('')
    await guest.getByRole('button', { name: 'Join', exact: true }).click()
    const reply = await readCode(guest, 'Reply code')
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Guest')
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('a reply link opened in a new tab of the host’s browser is handed to the waiting call', async () => {
    const hostContext = await newAppContext(browser)
    const host = await hostContext.newPage()
    const guest = await (await newAppContext(browser)).newPage()
    const invite = await startCall(host, 'Hana')
    const reply = await joinWithCode(guest, 'Gita', invite)

    // As if the phone's camera app opened the Reply QR: a new tab with the reply link.
    const cameraTab = await hostContext.newPage()
    await cameraTab.goto(reply)
    await cameraTab.getByText('The reply was handed to your call in the other tab.').waitFor()
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')

    // The same link with no call waiting for it says where it belongs.
    const stray = await (await newAppContext(browser)).newPage()
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
    const url = `http://127.0.0.1:${OFFLINE_PORT}/?lan`
    const host = await (await newAppContext(browser)).newPage()
    const guest = await (await newAppContext(browser)).newPage()
    for (const page of [host, guest]) {
      await page.goto(url)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    }
    await server.close()
    await expect(fetch(url)).rejects.toThrow()
    for (const page of [host, guest]) {
      await page.reload()
      await page.getByRole('button', { name: 'Start a call' }).waitFor()
    }
    const invite = await startCall(host, 'Hana', url)
    const reply = await joinWithCode(guest, 'Gita', invite, url)
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
  })
})
