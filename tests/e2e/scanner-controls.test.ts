import type { Browser } from 'playwright-core'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium, playwrightOf } from './driver'
import { pagesClosedAfterEachTest } from './lifecycle'
import { liveCaptureTracks } from './probes'
import { openApp, waitFor } from './steps'

/**
 * The QR scanner's Flashlight and Switch camera buttons. Headless Chromium's fake cameras have
 * no torch (their getCapabilities() has no `torch`), so no test here can light a real torch: the
 * one test that shows the button feeds the page a camera track that *claims* a torch, and checks
 * the button appears and asks the track for it — not that any light comes on. Chromium's fake
 * device list can hold several cameras (`--use-fake-device-for-media-stream=device-count=2`,
 * measured: fake_device_0, fake_device_1); a camera from a file (the QR tests') is always one.
 */

/** Label of the camera track the scanner's video shows ('' if none). */
function scannerCamera(page: AppPage): Promise<string> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('.scanner video')
    const stream = video?.srcObject as MediaStream | null | undefined
    return stream?.getVideoTracks()[0]?.label ?? ''
  }, null)
}

async function openScanner(page: AppPage): Promise<void> {
  await openApp(page, 'Gita')
  await page.click('button', 'Join a call')
  await page.click('button', 'Scan QR code')
  // "Starting the camera…" goes once the camera runs and its controls are known.
  await waitFor(
    () => page.evaluate(() => document.querySelector('.scanner-status') === null, null),
    (gone) => gone,
    15_000,
  )
  expect(await scannerCamera(page)).not.toBe('')
}

/** Width and height of the button `name` in CSS pixels. */
function sizeOf(page: AppPage, name: string): Promise<{ width: number; height: number }> {
  return playwrightOf(page)
    .getByRole('button', { name, exact: true })
    .evaluate((el) => {
      const box = el.getBoundingClientRect()
      return { width: box.width, height: box.height }
    })
}

describe('the scanner’s camera controls', () => {
  const openPage = pagesClosedAfterEachTest()
  let browser: Browser | undefined
  afterEach(async () => {
    await browser?.close()
    browser = undefined
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('one camera without a torch: neither Switch camera nor Flashlight is offered', async () => {
    browser = await launchChromium()
    const page = await openPage(browser, { viewport: 'phone' })
    await openScanner(page)
    expect(await page.isVisible('dialog', 'Point the camera at the QR code')).toBe(true)
    expect(await page.isVisible('button', 'Switch camera')).toBe(false)
    expect(await page.isVisible('button', 'Flashlight')).toBe(false)
  })

  it('two cameras: Switch camera cycles through both, releasing each, and the view stays live', async () => {
    browser = await launchChromium({ cameras: 2 })
    const page = await openPage(browser, { viewport: 'phone' })
    await openScanner(page)
    await page.waitFor('button', 'Switch camera')
    const size = await sizeOf(page, 'Switch camera')
    expect(size.width).toBeGreaterThanOrEqual(44)
    expect(size.height).toBeGreaterThanOrEqual(44)
    // Fake cameras have no torch either.
    expect(await page.isVisible('button', 'Flashlight')).toBe(false)

    const first = await scannerCamera(page)
    await page.tap('button', 'Switch camera')
    const second = await waitFor(
      () => scannerCamera(page),
      (label) => label !== '' && label !== first,
      10_000,
    )
    expect([first, second].sort()).toEqual(['fake_device_0', 'fake_device_1'])
    // One camera at a time: the one switched away from is released.
    expect(await liveCaptureTracks(page, 'video')).toBe(1)
    // The scanner's view shows the new camera's pictures.
    const frames = await scannerFrames(page)
    await waitFor(
      () => scannerFrames(page),
      (n) => n > frames + 3,
      10_000,
    )

    await page.tap('button', 'Switch camera')
    await waitFor(
      () => scannerCamera(page),
      (label) => label === first,
      10_000,
    )
    await page.click('button', 'Close scanner')
    await waitFor(
      () => liveCaptureTracks(page, 'video'),
      (n) => n === 0,
      5_000,
    )
  })

  it('a camera that reports a torch gets a Flashlight toggle that asks the camera for it (simulated)', async () => {
    browser = await launchChromium()
    const page = await openPage(browser, { viewport: 'phone' })
    // What a phone's back camera says in Chromium on Android; the fake camera says nothing.
    await playwrightOf(page).addInitScript(() => {
      const win = window as unknown as { __torch: unknown[] }
      win.__torch = []
      const capabilities = MediaStreamTrack.prototype.getCapabilities
      MediaStreamTrack.prototype.getCapabilities = function (this: MediaStreamTrack) {
        return { ...capabilities.call(this), torch: true } as MediaTrackCapabilities
      }
      MediaStreamTrack.prototype.applyConstraints = async (c?: MediaTrackConstraints) => {
        win.__torch.push(c?.advanced?.[0])
      }
    })
    await openScanner(page)
    await page.waitFor('button', 'Flashlight')
    const size = await sizeOf(page, 'Flashlight')
    expect(size.width).toBeGreaterThanOrEqual(44)
    expect(size.height).toBeGreaterThanOrEqual(44)
    expect(await page.attribute('button', 'Flashlight', 'aria-pressed')).toBe('false')

    await page.tap('button', 'Flashlight')
    await waitFor(
      () => page.attribute('button', 'Flashlight', 'aria-pressed'),
      (pressed) => pressed === 'true',
      5_000,
    )
    await page.tap('button', 'Flashlight')
    await waitFor(
      () => page.attribute('button', 'Flashlight', 'aria-pressed'),
      (pressed) => pressed === 'false',
      5_000,
    )
    const asked = await page.evaluate(
      () => (window as unknown as { __torch: unknown[] }).__torch,
      null,
    )
    expect(asked).toEqual([{ torch: true }, { torch: false }])
  })
})

/** Frames the scanner's video has shown so far. */
function scannerFrames(page: AppPage): Promise<number> {
  return page.evaluate(
    () =>
      document.querySelector<HTMLVideoElement>('.scanner video')?.getVideoPlaybackQuality()
        .totalVideoFrames ?? 0,
    null,
  )
}
