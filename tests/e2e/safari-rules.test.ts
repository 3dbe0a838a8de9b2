/**
 * Safari's rules, kept in code, shown in Chromium made to behave as Safari does in one respect
 * each (docs/safari.md lists them all, with what only an iPhone can show):
 *
 * - Sound refused until a tap: `play()` with sound rejects with NotAllowedError unless called in
 *   a tap, an unmuted `autoplay` does not start (Chromium's mobile autoplay policy), and an audio
 *   context stays suspended until resumed in one. The remote video plays
 *   muted (its picture moves), one "Tap to turn on sound" un-mutes it and wakes the speaking
 *   meter's audio context; every video of the call has `playsinline`.
 * - No file storage (OPFS gone, as in WebKitGTK or a private window): a received file completes
 *   from memory, and one over the memory limit fails at once with words on both sides.
 * - No install prompt on iOS: an iPhone's Safari gets "Install app" with the Share → Add to Home
 *   Screen steps.
 */

import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditScreen } from './audit'
import { openCustomPage, withoutOpfs } from './custom-page'
import { type AppPage, launchChromium } from './driver'
import { APP_LAN_URL } from './env'
import { closedAfterEachTest } from './lifecycle'
import {
  callBetween,
  expectTransferCard,
  expectVideoAdvancing,
  savedFileSha256,
  waitFor,
} from './steps'

let chromium: Browser
let scratch: string
beforeAll(async () => {
  chromium = await launchChromium()
  scratch = mkdtempSync(join(tmpdir(), 'tatap-safari-'))
})
afterAll(async () => {
  await chromium?.close()
  rmSync(scratch, { recursive: true, force: true })
})
const openPage = closedAfterEachTest(openCustomPage)

/**
 * Before the app: sound as Safari on iPhone allows it. `play()` of an element with sound rejects
 * (NotAllowedError) unless called while a click is being handled; an AudioContext starts
 * suspended and resumes only in a click. The contexts made are kept in `__audioContexts`.
 */
function safariSound(): void {
  let tapping = false
  addEventListener(
    'click',
    () => {
      tapping = true
      setTimeout(() => {
        tapping = false
      })
    },
    true,
  )
  const play = HTMLMediaElement.prototype.play
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (!this.muted && !tapping) {
      return Promise.reject(new DOMException('play() with sound needs a tap', 'NotAllowedError'))
    }
    return play.call(this)
  }
  const contexts: AudioContext[] = []
  ;(window as unknown as { __audioContexts: AudioContext[] }).__audioContexts = contexts
  const Original = AudioContext
  window.AudioContext = class extends Original {
    constructor(options?: AudioContextOptions) {
      super(options)
      contexts.push(this)
      void this.suspend()
    }
    override resume(): Promise<void> {
      return tapping ? super.resume() : Promise.resolve()
    }
  }
}

/** The state of Hana's video on the guest, and of its audio contexts. */
function soundState(page: AppPage) {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('video[aria-label="Video of Hana"]')
    const contexts = (window as unknown as { __audioContexts: AudioContext[] }).__audioContexts
    return {
      muted: video?.muted ?? null,
      paused: video?.paused ?? null,
      contexts: contexts.map((c) => c.state),
    }
  }, null)
}

describe('sound refused until a tap (Safari on iPhone)', () => {
  // Chromium's own mobile policy refuses an unmuted `autoplay` too (the flag given last wins).
  let strict: Browser
  beforeAll(async () => {
    strict = await launchChromium({ args: ['--autoplay-policy=user-gesture-required'] })
  })
  afterAll(async () => {
    await strict?.close()
  })

  it('the picture plays muted, one tap turns the sound and the speaking meter on', async () => {
    const [host, guest] = await Promise.all([
      openPage(strict, { viewport: 'desktop', before: [safariSound] }),
      openPage(strict, { viewport: 'desktop', before: [safariSound] }),
    ])
    await callBetween(host, guest)
    await guest.waitFor('button', 'Tap to turn on sound', 'visible', 20_000)
    // Refused with sound, the video plays muted: its picture moves, it is not frozen.
    await expectVideoAdvancing(guest, 'Hana')
    const held = await waitFor(
      () => soundState(guest),
      (s) => s.contexts.length > 0,
      10_000,
    )
    expect(held).toEqual({ muted: true, paused: false, contexts: ['suspended'] })
    await guest.click('button', 'Tap to turn on sound')
    await guest.waitFor('button', 'Tap to turn on sound', 'gone')
    const heard = await waitFor(
      () => soundState(guest),
      (s) => s.contexts[0] === 'running',
      5_000,
    )
    expect(heard).toEqual({ muted: false, paused: false, contexts: ['running'] })
    await expectVideoAdvancing(guest, 'Hana')
    // Every video of the call plays inline (iOS would take it full screen otherwise).
    for (const page of [host, guest]) {
      const videos = await page.evaluate(
        () => [...document.querySelectorAll('video')].map((v) => v.hasAttribute('playsinline')),
        null,
      )
      expect(videos.length).toBeGreaterThanOrEqual(2)
      expect(videos.every(Boolean)).toBe(true)
    }
    expect([...host.errors, ...guest.errors].join('\n')).toBe('')
  })
})

describe('receiving without file storage (no OPFS)', () => {
  it('a file completes from memory; one over 250 MB fails at once, worded on both sides', async () => {
    const [host, guest] = await Promise.all([
      openPage(chromium, { viewport: 'desktop' }),
      openPage(chromium, { viewport: 'desktop', before: [withoutOpfs] }),
    ])
    await callBetween(host, guest)
    expect(await guest.evaluate(() => typeof navigator.storage.getDirectory, null)).toBe(
      'undefined',
    )

    const small = join(scratch, 'notes.bin')
    const bytes = randomBytes(2 * 1024 * 1024)
    writeFileSync(small, bytes)
    await host.chooseFiles('Send file', [small])
    await guest.click('button', 'Accept notes.bin')
    await guest.waitFor('link', 'Save notes.bin', 'visible', 30_000)
    expect(await savedFileSha256(guest, 'notes.bin')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    )
    await expectTransferCard(guest, 'notes.bin', ['Received and verified'])

    // 300 MB that take no disk: only the announced size matters, no byte is sent.
    const large = join(scratch, 'video.mp4')
    writeFileSync(large, '')
    truncateSync(large, 300_000_000)
    await host.chooseFiles('Send file', [large])
    await guest.click('button', 'Accept video.mp4')
    await expectTransferCard(guest, 'video.mp4', [
      'Too large for this browser: with no file storage it keeps received files in memory, up to 250 MB.',
    ])
    await expectTransferCard(host, 'video.mp4', [
      'The other device could not keep a file this large: its browser has no file storage',
    ])
    expect([...host.errors, ...guest.errors].join('\n')).toBe('')
  })
})

describe('installing on an iPhone (no beforeinstallprompt)', () => {
  const IPHONE_SAFARI =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

  it('Install app shows the Share → Add to Home Screen steps, axe-clean', async () => {
    const page = await openPage(chromium, { userAgent: IPHONE_SAFARI })
    await page.goto(APP_LAN_URL)
    await page.tap('button', 'Install app')
    await page.waitFor('heading', 'Install Tatap')
    expect(await page.text('region', 'Install Tatap')).toContain(
      'Tap Share (the square with an arrow) in the browser’s bar, then Add to Home Screen.',
    )
    const audit = await auditScreen(page, 'iPhone install steps')
    expect([...audit.violations, ...audit.smallTargets]).toEqual([])
    await page.tap('button', 'Close')
    await page.waitFor('heading', 'Install Tatap', 'gone')
    expect(page.errors.join('\n')).toBe('')
  })
})
