import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext, watchPage } from './browsers'
import { recordViolations, tryInjectedCode, violations } from './csp-guard'
import { APP_LAN_URL, APP_URL } from './env'
import { writeBlankCamera, writeCameraPicture } from './fake-camera'
import {
  connectWithReply,
  expectFramesAdvancing,
  expectVideoAdvancing,
  openApp,
  readCode,
} from './flow'

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
  let hostBrowser: Browser
  let guestBrowser: Browser

  async function appContext(browser: Browser): Promise<BrowserContext> {
    const context = await newAppContext(browser)
    await recordViolations(context)
    return context
  }

  beforeAll(async () => {
    writeBlankCamera(hostCamera)
    hostBrowser = await launchChromium({ fakeVideoFile: hostCamera })
  })
  afterAll(async () => {
    await hostBrowser?.close()
    await guestBrowser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('blocks and reports an injected inline script, inline handler and string-built code', async () => {
    const page = await (await appContext(hostBrowser)).newPage()
    const response = await page.goto(APP_LAN_URL)
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    await page.getByRole('button', { name: 'Start a call' }).waitFor()
    expect(await violations(page)).toEqual([])

    await expect(tryInjectedCode(page)).resolves.toEqual({
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
    const hostContext = await appContext(hostBrowser)
    const host = await hostContext.newPage()
    const hostWatch = watchPage(host)
    await openApp(host, 'Hana')
    await host.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    await host.getByRole('button', { name: 'Start a call' }).click()
    const invite = await readCode(host, 'Invite code')

    // The guest's camera sees the host's invite QR; the scanner (its own lazy chunk) reads it.
    writeCameraPicture(
      guestCamera,
      await host.getByRole('img', { name: 'Invite QR code' }).screenshot(),
    )
    await guestBrowser?.close() // a retry launches it again with the new picture
    guestBrowser = await launchChromium({ fakeVideoFile: guestCamera })
    const guest = await (await appContext(guestBrowser)).newPage()
    const guestWatch = watchPage(guest)
    await openApp(guest, 'Gita')
    await guest.getByRole('button', { name: 'Join a call' }).click()
    await guest.getByRole('button', { name: 'Scan QR code' }).click()
    const inviteBox = guest.getByRole('textbox', { name: 'Invite code' })
    await expect.poll(() => inviteBox.inputValue(), { timeout: 20_000 }).toBe(invite)
    await guest.getByRole('button', { name: 'Join', exact: true }).click()
    await connectWithReply(host, await readCode(guest, 'Reply code'))
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')

    await host.getByRole('button', { name: 'Chat' }).click()
    await host.getByRole('textbox', { name: 'Message' }).fill('Halo!')
    await host.getByRole('button', { name: 'Send message' }).click()
    await guest.getByRole('button', { name: 'Chat' }).click()
    await guest.getByRole('log', { name: 'Messages' }).getByText('Halo!').waitFor()

    await host.getByRole('button', { name: 'Share screen' }).click()
    await expectFramesAdvancing(guest, 'Screen of Hana')
    await host.getByRole('button', { name: 'Stop sharing' }).click()

    const file = join(dir, 'notes.bin')
    const bytes = randomBytes(300_000)
    writeFileSync(file, bytes)
    const chooser = host.waitForEvent('filechooser')
    await host.getByRole('button', { name: 'Send file' }).click()
    await (await chooser).setFiles(file)
    await guest.getByRole('button', { name: 'Accept notes.bin' }).click({ timeout: 20_000 })
    const download = guest.waitForEvent('download')
    await guest.getByRole('link', { name: 'Save notes.bin' }).click({ timeout: 30_000 })
    const saved = readFileSync(await (await download).path())
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
    expect(sha(saved)).toBe(sha(bytes))

    for (const [page, watch] of [
      [host, hostWatch],
      [guest, guestWatch],
    ] as const) {
      expect(await violations(page)).toEqual([])
      expect(watch.errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([])
      const foreign = watch.requests.filter(
        (url) => !url.startsWith(APP_URL) && !url.startsWith('data:') && !url.startsWith('blob:'),
      )
      expect(foreign).toEqual([])
    }
    expect(hostWatch.requests.length).toBeGreaterThan(0)
  })
})
