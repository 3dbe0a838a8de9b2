import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tryInjectedCode, violations } from './csp-guard'
import { launchChromium } from './driver'
import { APP_LAN_URL, APP_URL } from './env'
import { writeBlankCamera, writeCameraPicture } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import {
  connectWithReply,
  expectFramesAdvancing,
  expectMessage,
  expectVideoAdvancing,
  openApp,
  readCode,
  savedFileSha256,
  sendChat,
  waitFor,
} from './steps'

/**
 * The built app under its own Content-Security-Policy (meta in index.html and the header that
 * vite preview sends): an injected inline script and eval are blocked and reported, and a whole
 * call — the invite scanned from the other screen's QR, video, chat, a screen share, a file —
 * runs with no violation report and no request to any other origin.
 */
describe('the page locked down by its Content-Security-Policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-csp-'))
  const hostCamera = join(dir, 'host.y4m')
  const guestCamera = join(dir, 'guest.y4m')
  const openPage = pagesClosedAfterEachTest()
  let hostBrowser: Browser
  /** Launched once the host's QR exists, for the test that needs it. */
  let guestBrowser: Browser | undefined

  beforeAll(async () => {
    writeBlankCamera(hostCamera)
    hostBrowser = await launchChromium({ fakeVideoFile: hostCamera })
  })
  afterEach(async () => {
    await guestBrowser?.close()
    guestBrowser = undefined
  })
  afterAll(async () => {
    await hostBrowser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('blocks and reports an injected inline script, inline handler and string-built code', async () => {
    const response = await fetch(APP_LAN_URL)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const page = await openPage(hostBrowser)
    await page.goto(APP_LAN_URL)
    await page.waitFor('button', 'Start a call')
    expect(await violations(page)).toEqual([])

    expect(await tryInjectedCode(page)).toEqual({
      inlineScript: false,
      inlineHandler: false,
      stringCode: false,
    })
    const reported = (await violations(page)).map((v) => `${v.directive} ${v.blocked}`)
    expect(reported).toEqual(
      expect.arrayContaining([
        'script-src-elem inline',
        'script-src-attr inline',
        'script-src eval',
      ]),
    )
  })

  it('a whole call with QR scan, chat, screen share and a file raises no violation', async () => {
    const host = await openPage(hostBrowser)
    await openApp(host, 'Hana')
    await host.evaluate(() => navigator.serviceWorker.ready.then(() => undefined), null)
    await host.click('button', 'Start a call')
    const invite = await readCode(host, 'Invite code')

    // The guest's camera sees the host's invite QR; the scanner (its own lazy chunk) reads it.
    writeCameraPicture(guestCamera, await host.screenshot('img', 'Invite QR code'))
    guestBrowser = await launchChromium({ fakeVideoFile: guestCamera })
    const guest = await openPage(guestBrowser)
    await openApp(guest, 'Gita')
    await guest.click('button', 'Join a call')
    await guest.click('button', 'Scan QR code')
    await waitFor(
      () => guest.editableValue('Invite code'),
      (value) => value === invite,
      20_000,
    )
    await guest.click('button', 'Join')
    await connectWithReply(host, await readCode(guest, 'Reply code'))
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')

    await sendChat(host, 'Halo!')
    await expectMessage(guest, 'Halo!')

    await host.click('button', 'Share screen')
    await expectFramesAdvancing(guest, 'Screen of Hana')
    await host.click('button', 'Stop sharing')

    const file = join(dir, `notes-${randomBytes(3).toString('hex')}.bin`)
    const name = file.slice(dir.length + 1)
    const bytes = randomBytes(300_000)
    writeFileSync(file, bytes)
    await host.chooseFiles('Send file', [file])
    await guest.click('button', `Accept ${name}`)
    await guest.waitFor('link', `Save ${name}`, 'visible', 30_000)
    expect(await savedFileSha256(guest, name)).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    )

    for (const page of [host, guest]) {
      expect(await violations(page)).toEqual([])
      expect(page.errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([])
      const foreign = page.requests.filter(
        (url) => !url.startsWith(APP_URL) && !url.startsWith('data:') && !url.startsWith('blob:'),
      )
      expect(foreign).toEqual([])
    }
    expect(host.requests.length).toBeGreaterThan(0)
  })
})
