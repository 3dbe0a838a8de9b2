/**
 * Renders the README and install-dialog screenshots from the production build (run
 * `npx vite build` first): the invite screen on a phone and a call on a wide screen.
 * Usage: npx tsx scripts/screenshots.ts
 */
import { preview } from 'vite'
import { launchChromium } from '../tests/e2e/browsers'
import { connectWithReply, joinWithCode, readCode } from '../tests/e2e/flow'

const PORT = 4196
const URL_LAN = `http://127.0.0.1:${PORT}/?lan`

const server = await preview({
  preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
  logLevel: 'silent',
})
const browser = await launchChromium()
try {
  const phone = await browser.newContext({
    viewport: { width: 412, height: 915 },
    deviceScaleFactor: 2,
    permissions: ['camera', 'microphone'],
  })
  const wide = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['camera', 'microphone'],
  })
  const host = await phone.newPage()
  const guest = await wide.newPage()
  await host.goto(URL_LAN)
  await host.getByRole('textbox', { name: 'Your name' }).fill('Hana')
  await host.getByRole('button', { name: 'Start a call' }).click()
  await host.getByRole('img', { name: 'Invite QR code' }).waitFor()
  await host.screenshot({ path: 'public/screenshots/invite-phone.png' })

  const invite = await readCode(host, 'Invite code')
  const reply = await joinWithCode(guest, 'Gita', invite, URL_LAN)
  await connectWithReply(host, reply)
  await guest.locator('video[aria-label="Video of Hana"]').waitFor()
  await guest.getByRole('button', { name: 'Chat' }).click()
  await guest.getByRole('textbox', { name: 'Message' }).fill('Hi Hana! Sending the slides now.')
  await guest.getByRole('button', { name: 'Send message' }).click()
  await guest.waitForTimeout(2500)
  await guest.screenshot({ path: 'public/screenshots/call-wide.png' })
  console.log('wrote public/screenshots/invite-phone.png and call-wide.png')
} finally {
  await browser.close()
  await server.close()
}
