import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext } from './browsers'
import { APP_LAN_URL } from './env'
import { replacePicture, writeBlankCamera, writeCameraPicture } from './fake-camera'
import { expectVideoAdvancing, openApp, readCode } from './flow'

/** The QR image exactly as the page renders it, as PNG. */
async function screenshotQr(page: Page, name: 'Invite QR code' | 'Reply QR code'): Promise<Buffer> {
  return page.getByRole('img', { name }).screenshot()
}

describe('the QR flow for real: each side’s camera sees the other’s rendered QR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-qr-'))
  const hostCamera = join(dir, 'host.y4m')
  const guestCamera = join(dir, 'guest.y4m')
  let hostBrowser: Browser
  let guestBrowser: Browser

  beforeAll(async () => {
    writeBlankCamera(hostCamera)
    hostBrowser = await launchChromium({ fakeVideoFile: hostCamera })
  })
  afterAll(async () => {
    await hostBrowser?.close()
    await guestBrowser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('guest scans the Invite QR, host scans the Reply QR, and they are in a call', async () => {
    const host = await (await newAppContext(hostBrowser)).newPage()
    await openApp(host, 'Hana')
    await host.getByRole('button', { name: 'Start a call' }).click()
    const invite = await readCode(host, 'Invite code')

    // The guest's camera is pointed at the host's screen.
    writeCameraPicture(guestCamera, await screenshotQr(host, 'Invite QR code'))
    guestBrowser = await launchChromium({ fakeVideoFile: guestCamera })
    const guestContext = await newAppContext(guestBrowser)
    // The decoder and its WebAssembly come from the app itself (precached), never a CDN.
    const requests: string[] = []
    guestContext.on('request', (request) => requests.push(request.url()))
    const guest = await guestContext.newPage()
    await openApp(guest, 'Gita', APP_LAN_URL)
    await guest.getByRole('button', { name: 'Join a call' }).click()
    await guest.getByRole('button', { name: 'Scan QR code' }).click()
    const inviteBox = guest.getByRole('textbox', { name: 'Invite code' })
    await expect.poll(() => inviteBox.inputValue(), { timeout: 20_000 }).toBe(invite)
    await expect(guest.getByRole('dialog').count()).resolves.toBe(0)
    expect(requests.some((url) => url.endsWith('.wasm'))).toBe(true)
    expect(requests.filter((url) => !url.startsWith(new URL(APP_LAN_URL).origin))).toEqual([])
    await guest.getByRole('button', { name: 'Join', exact: true }).click()
    await readCode(guest, 'Reply code')

    // Now the host's camera is pointed at the guest's screen.
    replacePicture(hostCamera, await screenshotQr(guest, 'Reply QR code'))
    await host.getByRole('button', { name: 'Scan reply' }).click()

    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('a picture of the QR chosen from files works as well as the camera', async () => {
    writeBlankCamera(hostCamera) // the camera sees no code; only the picture holds one
    const host = await (await newAppContext(hostBrowser)).newPage()
    await openApp(host, 'Hana')
    await host.getByRole('button', { name: 'Start a call' }).click()
    const invite = await readCode(host, 'Invite code')
    const picture = join(dir, 'invite.png')
    writeFileSync(picture, await screenshotQr(host, 'Invite QR code'))

    const guest = await (await newAppContext(hostBrowser)).newPage()
    await openApp(guest, 'Gita')
    await guest.getByRole('button', { name: 'Join a call' }).click()
    await guest.getByRole('button', { name: 'Scan QR code' }).click()
    await guest.getByLabel('Choose a picture').setInputFiles(picture)
    const inviteBox = guest.getByRole('textbox', { name: 'Invite code' })
    await expect.poll(() => inviteBox.inputValue(), { timeout: 20_000 }).toBe(invite)
  })
})
