import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext } from './browsers'
import { APP_URL } from './env'
import { readCode } from './flow'

describe('connection settings are validated, kept on the device, and used', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('explains wrong STUN/TURN input, saves good input, and LAN only really uses no server', async () => {
    const page = await (await newAppContext(browser)).newPage()
    await page.goto(APP_URL)
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('textbox', { name: 'STUN servers (one per line)' }).fill('http://nope')
    await page.getByRole('textbox', { name: 'TURN URL' }).fill('turn:relay.example.org')
    await page.getByRole('button', { name: 'Save' }).click()
    const alert = await page.getByRole('alert').textContent()
    expect(alert).toContain('Line 1 (“http://nope”) is not a STUN address')
    expect(alert).toContain('needs both a username and a password')

    await page
      .getByRole('textbox', { name: 'STUN servers (one per line)' })
      .fill('stun:127.0.0.1:9')
    await page.getByRole('textbox', { name: 'TURN URL' }).fill('')
    await page.getByRole('switch', { name: 'LAN only' }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved. New calls use these settings.').waitFor()

    // Kept on the device: still there after a reload.
    await page.reload()
    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByRole('switch', { name: 'LAN only' }).isChecked()).resolves.toBe(true)
    await page.getByRole('button', { name: 'Close settings' }).click()

    // A call started now gets no ICE servers at all.
    await page.evaluate(() => {
      const Original = window.RTCPeerConnection
      const configs: RTCConfiguration[] = []
      ;(window as unknown as { __configs: RTCConfiguration[] }).__configs = configs
      window.RTCPeerConnection = class extends Original {
        constructor(config?: RTCConfiguration) {
          super(config)
          configs.push(config ?? {})
        }
      }
    })
    await page.getByRole('button', { name: 'Start a call' }).click()
    await readCode(page, 'Invite code')
    const servers = await page.evaluate(
      () => (window as unknown as { __configs: RTCConfiguration[] }).__configs[0]?.iceServers,
    )
    expect(servers).toEqual([])
  })
})
