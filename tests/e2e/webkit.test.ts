/**
 * WebKitGTK — Debian's real WebKit, built without WebRTC — at 390×844: the start page, an invite
 * link and Settings render, with no uncaught error, and say in words that this browser cannot
 * make calls (the invite kept to copy). Driven over W3C WebDriver (webkit.ts); the build is
 * served by webkit.ts with an error probe, on a port of its own.
 */

import type { Server } from 'node:http'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeSignal, inviteLink } from '../../src/codec'
import { fixture } from '../../src/codec/fixtures'
import { waitFor } from './wait'
import { launchWebKit, serveWithErrorProbe, type WebKit, webKitMissing } from './webkit'

const PHONE = { width: 390, height: 844 }
const CANNOT_CALL = 'This browser cannot make calls'

let webkit: WebKit
let server: Server
let base: string

beforeAll(async () => {
  const missing = webKitMissing()
  if (missing) throw new Error(missing)
  ;({ url: base, server } = await serveWithErrorProbe(resolve('dist')))
  webkit = await launchWebKit(PHONE)
}, 60_000)

afterAll(async () => {
  await webkit?.close()
  await new Promise((done) => server?.close(done))
})

/** Loads `url` as a new document (about:blank first, so a fragment alone is a real load). */
async function load(url: string): Promise<void> {
  await webkit.goto('about:blank')
  await webkit.goto(url)
}

/** The page's headings, once one of them is `heading` (or what it shows instead, on failure). */
async function headingsOnceShown(heading: string): Promise<string[]> {
  return waitFor(
    () =>
      webkit.execute<string[]>(
        'return [...document.querySelectorAll("h1, h2")].map((h) => h.textContent.trim())',
      ),
    (headings) => headings.includes(heading),
    20_000,
  ).catch(async (error) => {
    const text = await webkit.execute<string>('return document.body.innerText.trim()')
    const errors = await webkit.errors()
    throw new Error(
      `WebKitGTK never showed "${heading}"; the page shows: ${JSON.stringify(text)}; errors: ${JSON.stringify(errors)}`,
      { cause: error },
    )
  })
}

/** What a phone-sized WebKit page must hold: its size, nothing wider than the screen. */
async function expectPhoneLayout(): Promise<void> {
  const layout = await webkit.execute<{ width: number; height: number; scroll: number }>(
    'return { width: innerWidth, height: innerHeight, scroll: document.documentElement.scrollWidth }',
  )
  expect(layout).toEqual({ width: PHONE.width, height: PHONE.height, scroll: PHONE.width })
}

describe('WebKitGTK (no WebRTC) at 390×844', () => {
  it('the start page says this browser cannot make calls, with no uncaught error', async () => {
    await load(base)
    // The premise, and what else this WebKit lacks that the app must do without.
    const lacks = await webkit.execute<Record<string, string>>(`return {
      RTCPeerConnection: typeof window.RTCPeerConnection,
      getDirectory: typeof navigator.storage?.getDirectory,
      BarcodeDetector: typeof window.BarcodeDetector,
      share: typeof navigator.share,
      userAgent: navigator.userAgent,
    }`)
    console.log('WebKitGTK:', JSON.stringify(lacks))
    expect(lacks.RTCPeerConnection).toBe('undefined')
    await headingsOnceShown(CANNOT_CALL)
    const text = await webkit.execute<string>('return document.body.innerText')
    expect(text).toContain('Open Tatap in an up-to-date Chrome, Edge, Firefox or Safari instead.')
    expect(await webkit.execute<string>('return document.querySelector("textarea").value')).toBe(
      base,
    )
    await expectPhoneLayout()
    expect(await webkit.errors()).toEqual([])
  })

  it('an invite link shows the same words and keeps the invite to copy', async () => {
    const invite = inviteLink(
      base,
      encodeSignal({ type: 'offer', sdp: fixture('chromiumDcOffer').sdp }),
    )
    await load(invite)
    await headingsOnceShown(CANNOT_CALL)
    const shown = await webkit.execute<{ label: string; value: string; hash: string }>(`
      const box = document.querySelector('textarea')
      return { label: box.closest('label').textContent.trim(), value: box.value, hash: location.hash }`)
    expect(shown).toEqual({ label: 'Invite link', value: invite, hash: '' })
    await webkit.click("//button[normalize-space()='Copy link']")
    await waitFor(
      () => webkit.execute<string>('return document.querySelector("[role=status]").textContent'),
      (status) => status === 'Copied',
      5_000,
    )
    await expectPhoneLayout()
    expect(await webkit.errors()).toEqual([])
  })

  it('Settings opens, and Bahasa Indonesia words the cannot-call screen', async () => {
    await load(base)
    await headingsOnceShown(CANNOT_CALL)
    await webkit.click("//button[normalize-space()='Settings']")
    await headingsOnceShown('Connection settings')
    await expectPhoneLayout()
    await webkit.click("//option[normalize-space()='Bahasa Indonesia']")
    await webkit.click("//button[normalize-space()='Tutup pengaturan']")
    await headingsOnceShown('Peramban ini tidak bisa melakukan panggilan')
    await expectPhoneLayout()
    expect(await webkit.errors()).toEqual([])
    // The language is remembered: put it back for whoever runs next in this profile.
    await webkit.execute('localStorage.clear()')
  })
})
