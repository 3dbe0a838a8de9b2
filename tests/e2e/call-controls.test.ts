import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium } from './driver'
import { liveCaptureTracks, receivedAudioEnergy, sentTrackLabel } from './probes'
import { sharedCall } from './shared-call'
import {
  callBetween,
  decodedFrames,
  expectFramesAdvancing,
  expectVideoAdvancing,
  hasVideo,
  waitFor,
} from './steps'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Audio energy `page` receives over the next `ms`. */
async function energyOver(page: AppPage, ms: number): Promise<number> {
  const before = await receivedAudioEnergy(page)
  await sleep(ms)
  return (await receivedAudioEnergy(page)) - before
}

/** Waits until one second of received audio has `loud` (or quiet) energy. */
function expectAudio(page: AppPage, loud: boolean): Promise<number> {
  return waitFor(
    () => energyOver(page, 1000),
    (energy) => (loud ? energy > 0.001 : energy < 0.0001),
    10_000,
  )
}

/** Starts noting every name `page`'s screen says is speaking; the reader returns (and forgets)
 *  those noted since it last read, and those said now. */
async function noteSpeakers(page: AppPage): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const heard: string[] = []
    const note = () => {
      for (const status of document.querySelectorAll('[role="status"]')) {
        const said = /^(.+) is speaking$/.exec(status.textContent ?? '')
        if (said?.[1]) heard.push(said[1])
      }
    }
    ;(window as unknown as { __speakers: () => string[] }).__speakers = () => {
      note()
      return heard.splice(0)
    }
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    })
  }, null)
  return () =>
    page.evaluate(() => (window as unknown as { __speakers: () => string[] }).__speakers(), null)
}

/** Whether the tile of `name` shows their initial (the avatar of a camera that is off). */
function showsAvatarOf(page: AppPage, name: string): Promise<boolean> {
  return page.evaluate((label) => {
    const tile = document.querySelector(`video[aria-label="${label}"]`)?.closest('.camera-off')
    return Boolean(tile?.querySelector('.avatar'))
  }, `Video of ${name}`)
}

describe('call controls change what the other side really receives', () => {
  let browser: Browser

  beforeAll(async () => {
    // Chromium's second fake camera delivers Y16 (depth) frames no encoder takes; the third is
    // an ordinary MJPEG camera. Switching twice lands on it.
    browser = await launchChromium({ cameras: 3 })
  })
  afterAll(async () => {
    await browser?.close()
  })

  /**
   * One call for the file (shared-call.ts): Hana hosts, Gita joins. Each test leaves it as it
   * found it — both microphones and cameras on, the first camera sent, no panel open.
   */
  const call = sharedCall(async (open) => {
    const [host, guest] = [await open(browser), await open(browser)]
    await callBetween(host, guest)
    return { host, guest }
  })

  it('says the call goes directly over this network, with its round trip', async () => {
    const { host, guest } = await call()
    // The chip's name joins its quality picture and its words; only Chromium is asked here (the
    // fake cameras of this file are Chromium's), so its locator may match part of the name.
    const chip = host.playwright?.getByRole('button', { name: /Direct on this network/ })
    await chip?.click({ timeout: 10_000 })
    expect(await host.text('definition', null)).toMatch(/^\d+ ms$/)
    const levels = ['good', 'fair', 'poor'].map((level) => `Connection quality: ${level}`)
    await waitFor(
      async () => (await Promise.all(levels.map((l) => guest.isVisible('img', l)))).some(Boolean),
      Boolean,
      10_000,
    )
    // Pressed again, the chip folds its details away.
    await chip?.click({ timeout: 10_000 })
    await host.waitFor('definition', null, 'gone')
  })

  it('mute silences the microphone for the other side, unmute brings it back', async () => {
    const { host, guest } = await call()
    await expectAudio(guest, true)
    // Gita has her People list open, checking the words with Hana, while Hana mutes.
    await guest.click('button', 'People')
    await guest.playwright?.getByText('Check with Hana', { exact: true }).click()
    const checking = () =>
      guest.evaluate(() => document.querySelectorAll('details.verification[open]').length, null)
    expect(await checking()).toBe(1)
    await host.click('button', 'Mute microphone')
    await host.waitFor('button', 'Unmute microphone')
    await expectAudio(guest, false)
    await guest.waitFor('img', 'Hana is muted')
    // Her list says so, and what she had open stays open.
    await guest.waitFor('img', 'Microphone off')
    expect(await checking()).toBe(1)
    await guest.click('button', 'Close people')
    await host.click('button', 'Unmute microphone')
    await expectAudio(guest, true)
    await guest.waitFor('img', 'Hana is muted', 'gone')
  })

  it('whoever is heard is outlined as speaking, and nobody whose microphone is muted', async () => {
    const { host, guest } = await call()
    const speakers = await noteSpeakers(host)
    // Chromium's fake microphone beeps twice a second: Gita is heard now and then.
    await waitFor(speakers, (names) => names.includes('Gita'), 20_000)
    await guest.click('button', 'Mute microphone')
    await expectAudio(host, false)
    await speakers()
    await sleep(4000)
    expect(await speakers()).toEqual([])
    await guest.click('button', 'Unmute microphone')
    await expectAudio(host, true)
  })

  it('camera off stops the frames and shows the avatar; camera on resumes them', async () => {
    const { host, guest } = await call()
    await expectVideoAdvancing(guest, 'Hana')
    await host.click('button', 'Turn camera off')
    await host.waitFor('button', 'Turn camera on')
    // Give frames in flight time to drain, then they must stop.
    await sleep(800)
    const stopped = await decodedFrames(guest, 'Video of Hana')
    await sleep(1500)
    expect(await decodedFrames(guest, 'Video of Hana')).toBe(stopped)
    expect(await showsAvatarOf(guest, 'Hana')).toBe(true)
    // The host's camera is really released.
    expect(await liveCaptureTracks(host, 'video')).toBe(0)
    await host.click('button', 'Turn camera on')
    await expectVideoAdvancing(guest, 'Hana')
    expect(await showsAvatarOf(guest, 'Hana')).toBe(false)
  })

  it('switch camera changes the camera the other side sees and keeps frames flowing', async () => {
    const { host, guest } = await call()
    const sentCamera = () => sentTrackLabel(host, 'video')
    await waitFor(sentCamera, (label) => label === 'fake_device_0', 5000)
    await host.click('button', 'Switch camera')
    await waitFor(sentCamera, (label) => label === 'fake_device_1', 5000)
    await host.click('button', 'Switch camera')
    await waitFor(sentCamera, (label) => label === 'fake_device_2', 5000)
    await expectVideoAdvancing(guest, 'Hana')
    // Past the last camera, the first again.
    await host.click('button', 'Switch camera')
    await waitFor(sentCamera, (label) => label === 'fake_device_0', 5000)
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('the camera can be chosen by name in the call’s device settings', async () => {
    const { host, guest } = await call()
    await waitFor(
      () => sentTrackLabel(host, 'video'),
      (label) => label === 'fake_device_0',
      5000,
    )
    await host.click('button', 'Settings')
    await host.select('Camera', 'fake_device_2')
    await waitFor(
      () => sentTrackLabel(host, 'video'),
      (label) => label === 'fake_device_2',
      5000,
    )
    await expectVideoAdvancing(guest, 'Hana')
    await host.select('Camera', 'fake_device_0')
    await waitFor(
      () => sentTrackLabel(host, 'video'),
      (label) => label === 'fake_device_0',
      5000,
    )
    await host.click('button', 'Close settings')
    await host.waitFor('combobox', 'Camera', 'gone')
  })

  it('screen share both ways, at the same instant, shows large on the other side; stop removes it', async () => {
    const { host, guest } = await call()
    await Promise.all([host.click('button', 'Share screen'), guest.click('button', 'Share screen')])
    await expectFramesAdvancing(guest, 'Screen of Hana')
    await expectFramesAdvancing(host, 'Screen of Gita')
    await expectVideoAdvancing(guest, 'Hana')
    await host.click('button', 'Stop sharing')
    await waitFor(
      () => hasVideo(guest, 'Screen of Hana'),
      (shown) => !shown,
      10_000,
    )
    await guest.click('button', 'Stop sharing')
    await waitFor(
      () => hasVideo(host, 'Screen of Gita'),
      (shown) => !shown,
      10_000,
    )
    await expectVideoAdvancing(host, 'Gita')
  })
})
