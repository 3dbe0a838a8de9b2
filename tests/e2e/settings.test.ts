import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './driver'
import { APP_URL } from './env'
import { pagesClosedAfterEachTest } from './lifecycle'
import { iceServersOfPeers } from './probes'
import { alertText, expectNotice, readCode } from './steps'

describe('connection settings are validated, kept on the device, and used', () => {
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('explains wrong STUN/TURN input, saves good input, and LAN only really uses no server', async () => {
    const page = await openPage(browser)
    await page.goto(APP_URL)
    await page.click('button', 'Settings')
    await page.fill('STUN servers (one per line)', 'http://nope')
    await page.fill('TURN URL', 'turn:relay.example.org')
    await page.click('button', 'Save')
    const alert = await alertText(page)
    expect(alert).toContain('Line 1 (“http://nope”) is not a STUN address')
    expect(alert).toContain('needs both a username and a password')

    await page.fill('STUN servers (one per line)', 'stun:127.0.0.1:9')
    await page.fill('TURN URL', '')
    await page.click('switch', 'LAN only')
    expect(await page.attribute('switch', 'LAN only', 'aria-checked')).toBe('true')
    await page.click('button', 'Save')
    await expectNotice(page, 'Saved. New calls use these settings.')

    // Kept on the device: still there after the app is opened again.
    await page.goto(APP_URL)
    await page.click('button', 'Settings')
    expect(await page.attribute('switch', 'LAN only', 'aria-checked')).toBe('true')
    await page.click('button', 'Close settings')

    // A call started now gets no ICE servers at all (the STUN line above is not used).
    await page.click('button', 'Start a call')
    await readCode(page, 'Invite code')
    const configured = await iceServersOfPeers(page)
    expect(configured.length).toBeGreaterThan(0)
    expect(configured).toEqual(configured.map(() => []))
  })
})
