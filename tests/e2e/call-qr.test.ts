import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './driver'
import { APP_LAN_URL } from './env'
import { replacePicture, writeBlankCamera, writeCameraPicture } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import { expectVideoAdvancing, openApp, readCode, startCall, waitFor } from './steps'

describe('the QR flow for real: each side’s camera sees the other’s rendered QR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-qr-'))
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
    writeBlankCamera(hostCamera)
  })
  afterAll(async () => {
    await hostBrowser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('guest scans the Invite QR, host scans the Reply QR, and they are in a call', async () => {
    const host = await openPage(hostBrowser)
    const invite = await startCall(host, 'Hana')

    // The guest's camera is pointed at the host's screen.
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
    expect(await guest.isVisible('dialog', null)).toBe(false)
    // The decoder and its WebAssembly come from the app itself (precached), never a CDN.
    expect(guest.requests.some((url) => url.endsWith('.wasm'))).toBe(true)
    const origin = new URL(APP_LAN_URL).origin
    expect(guest.requests.filter((url) => !url.startsWith(origin))).toEqual([])
    await guest.click('button', 'Join')
    await readCode(guest, 'Reply code')

    // Now the host's camera is pointed at the guest's screen.
    replacePicture(hostCamera, await guest.screenshot('img', 'Reply QR code'))
    await host.click('button', 'Scan reply')

    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('a picture of the QR chosen from files works as well as the camera', async () => {
    const host = await openPage(hostBrowser)
    const invite = await startCall(host, 'Hana')
    const picture = join(dir, 'invite.png')
    writeFileSync(picture, await host.screenshot('img', 'Invite QR code'))

    // The camera sees no code (blank); only the picture holds one.
    const guest = await openPage(hostBrowser)
    await openApp(guest, 'Gita')
    await guest.click('button', 'Join a call')
    await guest.click('button', 'Scan QR code')
    await guest.setFiles('Choose a picture', [picture])
    await waitFor(
      () => guest.editableValue('Invite code'),
      (value) => value === invite,
      20_000,
    )
  })
})
