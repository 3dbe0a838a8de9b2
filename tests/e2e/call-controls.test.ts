import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext } from './browsers'
import {
  connectWithReply,
  decodedFrames,
  expectFramesAdvancing,
  expectVideoAdvancing,
  joinWithCode,
  startCall,
  waitFor,
} from './flow'

/** Audio energy the page has received so far on its inbound audio stream (WebRTC stats). */
function receivedAudioEnergy(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __tatapPeers?: RTCPeerConnection[] }).__tatapPeers ?? []
    let energy = 0
    for (const pc of pcs) {
      const stats = await pc.getStats()
      stats.forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') {
          energy += report.totalAudioEnergy ?? 0
        }
      })
    }
    return energy
  })
}

async function energyOver(page: Page, ms: number): Promise<number> {
  const before = await receivedAudioEnergy(page)
  await page.waitForTimeout(ms)
  return (await receivedAudioEnergy(page)) - before
}

describe('call controls change what the other side really receives', () => {
  let browser: Browser
  let host: Page
  let guest: Page

  beforeAll(async () => {
    // Chromium's second fake camera delivers Y16 (depth) frames no encoder takes; the third is
    // an ordinary MJPEG camera. Switching twice lands on it.
    browser = await launchChromium({ cameras: 3 })
    host = await (await newAppContext(browser)).newPage()
    guest = await (await newAppContext(browser)).newPage()
    for (const page of [host, guest]) {
      await page.addInitScript(() => {
        const peers: RTCPeerConnection[] = []
        ;(window as unknown as { __tatapPeers: RTCPeerConnection[] }).__tatapPeers = peers
        const Original = window.RTCPeerConnection
        window.RTCPeerConnection = class extends Original {
          constructor(config?: RTCConfiguration) {
            super(config)
            peers.push(this)
          }
        }
      })
    }
    const invite = await startCall(host, 'Hana')
    const reply = await joinWithCode(guest, 'Gita', invite)
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** Label of the camera track the host is sending. */
  const sentCameraLabel = () =>
    host.evaluate(
      () =>
        ((window as unknown as { __tatapPeers: RTCPeerConnection[] }).__tatapPeers ?? [])
          .flatMap((pc) => pc.getSenders())
          .map((s) => s.track)
          .find((t) => t?.kind === 'video')?.label ?? '',
    )

  it('says the call goes directly over this network, with its round trip', async () => {
    await host.getByRole('button', { name: /Direct on this network/ }).click({ timeout: 10_000 })
    const details = host.getByRole('definition').first()
    await details.waitFor()
    expect(await details.textContent()).toMatch(/^\d+ ms$/)
    await expect(
      guest.getByRole('img', { name: /^Connection quality: (good|fair|poor)$/ }).count(),
    ).resolves.toBeGreaterThan(0)
  })

  it('mute silences the microphone for the other side, unmute brings it back', async () => {
    await expect.poll(() => energyOver(guest, 1000), { timeout: 10_000 }).toBeGreaterThan(0.001)
    await host.getByRole('button', { name: 'Mute microphone' }).click()
    await host.getByRole('button', { name: 'Unmute microphone' }).waitFor()
    await expect.poll(() => energyOver(guest, 1000), { timeout: 10_000 }).toBeLessThan(0.0001)
    await guest.getByRole('img', { name: 'Hana is muted' }).waitFor()
    await host.getByRole('button', { name: 'Unmute microphone' }).click()
    await expect.poll(() => energyOver(guest, 1000), { timeout: 10_000 }).toBeGreaterThan(0.001)
  })

  it('camera off stops the frames and shows the avatar; camera on resumes them', async () => {
    await host.getByRole('button', { name: 'Turn camera off' }).click()
    await host.getByRole('button', { name: 'Turn camera on' }).waitFor()
    // Give frames in flight time to drain, then they must stop.
    await guest.waitForTimeout(800)
    const stopped = await decodedFrames(guest, 'Video of Hana')
    await guest.waitForTimeout(1500)
    expect(await decodedFrames(guest, 'Video of Hana')).toBe(stopped)
    await expect(guest.locator('.remote.camera-off .avatar').isVisible()).resolves.toBe(true)
    // The host's camera is really released.
    const liveVideo = await host.evaluate(
      () =>
        ((window as unknown as { __tatapStreams: MediaStream[] }).__tatapStreams ?? [])
          .flatMap((s) => s.getVideoTracks())
          .filter((t) => t.readyState === 'live').length,
    )
    expect(liveVideo).toBe(0)
    await host.getByRole('button', { name: 'Turn camera on' }).click()
    await expectVideoAdvancing(guest, 'Hana')
    await expect(guest.locator('.remote.camera-off').count()).resolves.toBe(0)
  })

  it('switch camera changes the camera the other side sees and keeps frames flowing', async () => {
    const sentCamera = () =>
      host.evaluate(
        () =>
          ((window as unknown as { __tatapPeers: RTCPeerConnection[] }).__tatapPeers ?? [])
            .flatMap((pc) => pc.getSenders())
            .map((s) => s.track)
            .find((t) => t?.kind === 'video')?.label ?? '',
      )
    expect(await sentCamera()).toBe('fake_device_0')
    await host.getByRole('button', { name: 'Switch camera' }).click()
    await waitFor(sentCamera, (label) => label === 'fake_device_1', 5000)
    await host.getByRole('button', { name: 'Switch camera' }).click()
    await waitFor(sentCamera, (label) => label === 'fake_device_2', 5000)
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('the camera can be chosen by name in the call’s device settings', async () => {
    await host.getByRole('button', { name: 'Settings' }).click()
    await host.getByRole('combobox', { name: 'Camera' }).selectOption({ label: 'fake_device_0' })
    await waitFor(sentCameraLabel, (label) => label === 'fake_device_0', 5000)
    await expectVideoAdvancing(guest, 'Hana')
    await host.getByRole('button', { name: 'Close settings' }).click()
  })

  it('screen share both ways, at the same instant, shows large on the other side; stop removes it', async () => {
    await Promise.all([
      host.getByRole('button', { name: 'Share screen' }).click(),
      guest.getByRole('button', { name: 'Share screen' }).click(),
    ])
    await expectFramesAdvancing(guest, 'Screen of Hana')
    await expectFramesAdvancing(host, 'Screen of Gita')
    await expectVideoAdvancing(guest, 'Hana')
    await host.getByRole('button', { name: 'Stop sharing' }).click()
    await guest.locator('video[aria-label="Screen of Hana"]').waitFor({ state: 'detached' })
    await guest.getByRole('button', { name: 'Stop sharing' }).click()
    await host.locator('video[aria-label="Screen of Gita"]').waitFor({ state: 'detached' })
    await expectVideoAdvancing(host, 'Gita')
  })
})
