/**
 * Renders the README and install-dialog screenshots from the production build (run
 * `npx vite build` first): the invite screen on a phone and a call on a wide screen.
 * Usage: npx tsx scripts/screenshots.ts   (port: TATAP_SCREENSHOTS_PORT, default 4196)
 */
import { writeFileSync } from 'node:fs'
import { preview } from 'vite'
import { envPort } from '../bench/measure'
import { launchChromium, openPage } from '../tests/e2e/driver'
import {
  connectWithReply,
  expectMessage,
  expectVideoAdvancing,
  joinWithCode,
  sendChat,
  startCall,
} from '../tests/e2e/steps'

const PORT = envPort('TATAP_SCREENSHOTS_PORT', 4196)
const URL_LAN = `http://127.0.0.1:${PORT}/?lan`

const server = await preview({
  preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
  logLevel: 'silent',
})
const browser = await launchChromium()
try {
  const host = await openPage(browser, {
    viewport: { width: 412, height: 915, mobile: false, scale: 2 },
  })
  const guest = await openPage(browser, { viewport: { width: 1280, height: 800, mobile: false } })
  const invite = await startCall(host, 'Hana', URL_LAN)
  await host.waitFor('img', 'Invite QR code')
  writeFileSync('public/screenshots/invite-phone.png', await host.screenshotViewport())

  const reply = await joinWithCode(guest, 'Gita', invite, URL_LAN)
  await connectWithReply(host, reply)
  await expectVideoAdvancing(guest, 'Hana')
  await sendChat(guest, 'Hi Hana! Sending the slides now.')
  await expectMessage(guest, 'Hi Hana! Sending the slides now.')
  await expectMessage(host, 'Hi Hana! Sending the slides now.')
  writeFileSync('public/screenshots/call-wide.png', await guest.screenshotViewport())
  console.log('wrote public/screenshots/invite-phone.png and call-wide.png')
} finally {
  await browser.close()
  await server.close()
}
