/**
 * What people reach for in a Meet call (issue 28), in one shared call: Ana on a 360 px phone
 * (touch, More options), Budi on a desktop reading Indonesian, and Citra in Firefox, who joins
 * late and must learn the hands already up.
 * - a chat message arriving with the chat closed shows "NAME: first line" over the video, never
 *   over the call bar; tapping it opens the chat;
 * - raised hands come first in the People list, in the order they went up, for the others too;
 * - a reaction rises over the sender's tile for everyone;
 * - the noise suppression switch changes the microphone track that is sent;
 * - a 20-second recording plays back with video and sound, and the others saw who recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium, launchFirefox, openPage } from './driver'
import { writeSmallCamera } from './fake-camera'
import type { Recorded } from './page-script'
import { callBetween, hasVideoOf, inviteIntoCall, tap, waitFor } from './steps'

const PATIENT_MS = 30_000

let chromium: PlaywrightBrowser
let firefox: PuppeteerBrowser
let scratch: string
let ana: AppPage
let budi: AppPage
let citra: AppPage | null = null

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'tatap-habits-'))
  const camera = join(scratch, 'camera.y4m')
  writeSmallCamera(camera)
  ;[chromium, firefox] = await Promise.all([
    launchChromium({ fakeVideoFile: camera }),
    launchFirefox({ prefs: { 'media.navigator.video.default_fps': 10 } }),
  ])
  ana = await openPage(chromium, { viewport: 'small-phone' })
  budi = await openPage(chromium)
  await callBetween(ana, budi, ['Ana', 'Budi'])
  // Budi reads Indonesian from here on.
  await budi.click('button', 'Settings')
  await budi.select('Language', 'Bahasa Indonesia')
  await budi.click('button', 'Pengaturan')
}, 120_000)

afterAll(async () => {
  await Promise.all([ana?.close(), budi?.close(), citra?.close()].map((p) => p?.catch(() => {})))
  await Promise.all([chromium?.close(), firefox?.close()])
  rmSync(scratch, { recursive: true, force: true })
})

/** Citra (Firefox) joins through Ana's invite, once. */
async function citraJoins(): Promise<AppPage> {
  if (citra) return citra
  citra = await openPage(firefox)
  await inviteIntoCall(ana, citra, 'Citra')
  // Introduced to Budi too: the room is whole.
  const joined = citra
  await waitFor(
    () => hasVideoOf(joined, 'Budi'),
    (shown) => shown,
    PATIENT_MS,
  )
  return joined
}

/** Presses `name` on Ana's phone, behind More options when it is not on the bar. */
async function anaPresses(name: string): Promise<void> {
  if (!(await ana.isVisible('button', name))) await tap(ana, 'More options')
  await tap(ana, name)
}

/** The People list as shown: each row's name and whether its hand is up, in order. */
function peopleRows(page: AppPage, panel: string): Promise<string[]> {
  return page.evaluate((panel) => {
    const list = document.querySelector(`aside[aria-label="${panel}"] ul`)
    return [...(list?.querySelectorAll('li') ?? [])].map((li) => {
      const name = li.querySelector('.person-name')?.textContent?.replace('✋', '').trim() ?? ''
      return li.querySelector('.person-hand') ? `✋ ${name}` : name
    })
  }, panel)
}

/** Which tile shows the reaction `label`: its video's name ('self' for one's own picture). */
function tileOfReaction(page: AppPage, label: string): Promise<string | null> {
  return page.evaluate((label) => {
    const reaction = document.querySelector(`[role="img"][aria-label="${label}"]`)
    if (!reaction) return null
    const tile = reaction.closest('figure')
    return tile?.querySelector('video')?.getAttribute('aria-label') ?? 'no tile'
  }, label)
}

describe('what people do in a Meet call', { timeout: 240_000 }, () => {
  it('a message arriving with the chat closed shows its preview over the video, not the call bar; tapping it opens the chat', async () => {
    await budi.click('button', 'Obrolan')
    await budi.fill('Pesan', 'Makan siang jam 12?')
    await budi.click('button', 'Kirim pesan')
    const preview = 'Budi: Makan siang jam 12?'
    await ana.waitFor('button', preview, 'visible', PATIENT_MS)
    const clear = await ana.evaluate((name) => {
      const button = [...document.querySelectorAll('button')].find(
        (b) => b.textContent?.replace(/\s+/g, ' ').trim() === name,
      )
      const bar = document.querySelector('[role="toolbar"].controls')
      if (!button || !bar) return 'missing'
      return button.getBoundingClientRect().bottom <= bar.getBoundingClientRect().top
        ? 'clear'
        : 'over the call bar'
    }, preview)
    expect(clear).toBe('clear')
    await tap(ana, preview)
    await ana.waitFor('textbox', 'Message')
    expect(await ana.text('log', 'Messages')).toContain('Makan siang jam 12?')
    await ana.waitFor('button', preview, 'gone')
    // Budi's own message showed him no preview.
    expect(await budi.isVisible('button', preview)).toBe(false)
    await tap(ana, 'Close chat')
    await budi.click('button', 'Tutup obrolan')
  })

  it('raised hands come first in the People list, in the order raised, also for a Firefox member who joined after', async () => {
    // Both are muted: speaking a while lowers a raised hand, and the fake microphones beep.
    await budi.click('button', 'Bisukan mikrofon')
    await budi.click('button', 'Angkat tangan')
    await anaPresses('Mute microphone')
    await anaPresses('Raise hand')
    expect(await ana.isVisible('img', 'Ana raised a hand')).toBe(true)
    const late = await citraJoins()
    await late.click('button', 'People')
    await waitFor(
      () => peopleRows(late, 'People'),
      (rows) => rows[0] === '✋ Budi' && rows[1] === '✋ Ana',
      PATIENT_MS,
    )
    expect((await peopleRows(late, 'People'))[2]).toMatch(/^Citra/)
    await budi.click('button', 'Peserta')
    await waitFor(
      () => peopleRows(budi, 'Peserta'),
      (rows) => rows[0]?.startsWith('✋ Budi') === true && rows[1] === '✋ Ana',
      PATIENT_MS,
    )
    // Budi lowers his: Ana's is the first hand now, his row goes back in line.
    await budi.click('button', 'Turunkan tangan')
    await waitFor(
      () => peopleRows(late, 'People'),
      (rows) => rows[0] === '✋ Ana' && !rows.includes('✋ Budi'),
      PATIENT_MS,
    )
    await anaPresses('Lower hand')
    await waitFor(
      () => peopleRows(late, 'People'),
      (rows) => rows.every((row) => !row.startsWith('✋')),
      PATIENT_MS,
    )
    await late.click('button', 'People')
    await budi.click('button', 'Peserta')
  })

  it('a reaction rises over the sender’s tile for everyone', async () => {
    const late = await citraJoins()
    await anaPresses('Reactions')
    await tap(ana, 'Thumbs up')
    await Promise.all([
      waitFor(
        () => tileOfReaction(budi, 'Ana: Jempol'),
        (tile) => tile === 'Video Ana',
        PATIENT_MS,
      ),
      waitFor(
        () => tileOfReaction(late, 'Ana: Thumbs up'),
        (tile) => tile === 'Video of Ana',
        PATIENT_MS,
      ),
      waitFor(
        () => tileOfReaction(ana, 'Ana: Thumbs up'),
        (tile) => tile === 'You',
        PATIENT_MS,
      ),
    ])
    await anaPresses('Reactions')
  })

  it('the noise suppression switch changes the microphone track the others are sent', async () => {
    /** noiseSuppression of the microphone track Ana sends (the same on every connection). */
    const sent = () =>
      ana.evaluate(() => {
        const pcs = (window as unknown as Recorded).__tatap.peers
        const tracks = pcs
          .filter((pc) => pc.connectionState === 'connected')
          .flatMap((pc) => pc.getSenders())
          .map((s) => s.track)
          .filter((t): t is MediaStreamTrack => t?.kind === 'audio')
        return [...new Set(tracks.map((t) => String(t.getSettings().noiseSuppression)))].join()
      }, null)
    expect(await sent()).toBe('true')
    await anaPresses('Settings')
    expect(await ana.attribute('switch', 'Noise suppression', 'aria-checked')).toBe('true')
    await ana.tap('switch', 'Noise suppression')
    expect(await ana.attribute('switch', 'Noise suppression', 'aria-checked')).toBe('false')
    await waitFor(sent, (value) => value === 'false', PATIENT_MS)
    await ana.tap('switch', 'Noise suppression')
    await waitFor(sent, (value) => value === 'true', PATIENT_MS)
    await tap(ana, 'Close settings')
  })

  it('a 20-second recording of the call is a WebM file with video and sound, and everyone saw who recorded', async () => {
    const late = await citraJoins()
    // A recording of last week (its download long done) and one of a minute ago.
    const recent = `${Date.now() - 60_000}.webm`
    await budi.evaluate(
      async (names) => {
        const root = await navigator.storage.getDirectory()
        const dir = await root.getDirectoryHandle('tatap-recordings', { create: true })
        for (const name of names) await dir.getFileHandle(name, { create: true })
      },
      ['1000.webm', recent],
    )
    await budi.click('button', 'Rekam panggilan')
    await Promise.all(
      [ana, late].map((page) =>
        waitFor(
          () => page.evaluate(() => document.body.textContent ?? '', null),
          (text) => text.includes('Budi is recording'),
          PATIENT_MS,
        ),
      ),
    )
    expect(await budi.evaluate(() => document.body.textContent ?? '', null)).toContain(
      'Anda sedang merekam',
    )
    await new Promise((resolve) => setTimeout(resolve, 20_000))
    await budi.click('button', 'Hentikan rekaman')
    // The file is complete once Budi's screen says where it went.
    await waitFor(
      () => budi.evaluate(() => document.body.textContent ?? '', null),
      (text) => text.includes('Rekaman disimpan sebagai Tatap call '),
      PATIENT_MS,
    )
    await waitFor(
      () => ana.evaluate(() => document.body.textContent ?? '', null),
      (text) => !text.includes('Budi is recording'),
      PATIENT_MS,
    )
    // The file as the download hands it over, read from Budi's storage (where last week's
    // recording was removed when this one started)...
    const saved = await budi.evaluate(async (recent) => {
      const root = await navigator.storage.getDirectory()
      const dir = await root.getDirectoryHandle('tatap-recordings')
      const names: string[] = []
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
        names.push(name)
      }
      if (names.includes('1000.webm') || !names.includes(recent)) {
        throw new Error(`stored recordings: ${names.join(', ')}`)
      }
      const file = await (await dir.getFileHandle(names.sort().at(-1) ?? '')).getFile()
      const bytes = new Uint8Array(await file.arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      }
      return btoa(binary)
    }, recent)
    // ...played where a person plays it: not in the app, whose CSP lets no media URL load (its
    // videos play streams), so a blob: there fails as "not supported" (MediaError 4).
    const player = await chromium.newPage()
    try {
      const played = await player.evaluate(async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
        const video = document.createElement('video')
        video.muted = true
        video.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }))
        await new Promise((resolve, reject) => {
          video.onloadedmetadata = resolve
          video.onerror = () =>
            reject(
              new Error(`the file does not play: ${bytes.length} B, error ${video.error?.code}`),
            )
        })
        // MediaRecorder writes no duration: seeking past the end makes the browser find it.
        video.currentTime = 1e9
        await new Promise((resolve) => {
          video.ondurationchange = resolve
          setTimeout(resolve, 3000)
        })
        const duration = video.duration
        video.currentTime = 0
        await video.play()
        await new Promise((resolve) => setTimeout(resolve, 1500))
        const audioBytes = (video as unknown as { webkitAudioDecodedByteCount: number })
          .webkitAudioDecodedByteCount
        const frames = video.getVideoPlaybackQuality().totalVideoFrames
        return {
          duration,
          width: video.videoWidth,
          height: video.videoHeight,
          audioBytes,
          frames,
        }
      }, saved)
      expect(played.duration).toBeGreaterThan(17)
      expect(played.duration).toBeLessThan(30)
      expect(played.width).toBe(1280)
      expect(played.height).toBe(720)
      expect(played.frames).toBeGreaterThan(5)
      expect(played.audioBytes).toBeGreaterThan(0)
    } finally {
      await player.close()
    }
  })
})
