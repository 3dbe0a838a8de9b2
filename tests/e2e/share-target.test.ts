import { createHash, randomBytes } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium, playwrightOf } from './driver'
import { APP_LAN_URL, OFFLINE_PORT } from './env'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import { callBetween, expectTransferCard, savedFileSha256, waitFor } from './steps'

/**
 * Files shared to Tatap from the phone's share sheet (manifest `share_target`, taken by
 * public/sw-share-target.js). Headless Chromium has no share sheet and no installed app, so the
 * share sheet's request is made for real by other means: the same multipart POST to the same
 * action, once as a navigation (what Android does: it opens the action URL with the form) and
 * once as a fetch from the page in a call. Either way only the service worker answers it — in
 * the second test the web server is gone before the POST.
 */

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

interface SharedFile {
  name: string
  type: string
  data: Buffer
}

/** A random file under a name of its own (a retry never meets an earlier attempt's card). */
function randomFile(stem: string, ext: string, type: string, kib: number): SharedFile {
  return {
    name: `${stem}-${randomBytes(3).toString('hex')}.${ext}`,
    type,
    data: randomBytes(kib * 1024),
  }
}

/** Opens the app and waits until its service worker is active (the install of a first visit). */
async function installApp(page: AppPage, url: string): Promise<void> {
  await page.goto(url)
  await page.waitFor('button', 'Start a call')
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined), null)
}

/**
 * What the share sheet does on a phone: a navigation that POSTs the files as multipart form data
 * to the manifest's action — here from a blank page of the same browser, like another app.
 */
async function shareByNavigation(page: AppPage, origin: string, files: SharedFile[]) {
  const tab = playwrightOf(page)
  await tab.goto('about:blank')
  await tab.setContent(
    `<form method="post" enctype="multipart/form-data" action="${origin}/share-target">
       <input type="file" name="files" multiple aria-label="files">
       <button type="submit">Share</button>
     </form>`,
  )
  await tab
    .getByLabel('files')
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.type, buffer: f.data })))
  await Promise.all([
    tab.waitForURL(/\/\?shared$/),
    tab.getByRole('button', { name: 'Share' }).click(),
  ])
}

/** The same POST as a fetch from the app's own page (a page the service worker controls). */
function shareByFetch(page: AppPage, files: SharedFile[]): Promise<string> {
  const wire = files.map((f) => ({ name: f.name, type: f.type, base64: f.data.toString('base64') }))
  return page.evaluate(async (wire) => {
    const form = new FormData()
    for (const f of wire) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
      form.append('files', new File([bytes], f.name, { type: f.type }))
    }
    const response = await fetch('/share-target', {
      method: 'POST',
      body: form,
      redirect: 'manual',
    })
    return response.type
  }, wire)
}

/** How many shared files wait in the store the service worker writes (src/share/cache-store.ts). */
function storedShares(page: AppPage): Promise<number> {
  return page.evaluate(
    async () => (await (await caches.open('tatap-shared-files')).keys()).length,
    null,
  )
}

/** The file names listed under "Files ready to send" ('' when the list is not shown). */
function readyToSend(page: AppPage): Promise<string> {
  return page.evaluate(
    () => document.querySelector('section[aria-label="Files ready to send"]')?.textContent ?? '',
    null,
  )
}

/** The receiver accepts `file`, and its saved bytes are the shared bytes. */
async function acceptAndVerify(
  [from, fromName]: [AppPage, string],
  [to, toName]: [AppPage, string],
  file: SharedFile,
): Promise<void> {
  await to.waitFor('button', `Accept ${file.name}`, 'visible', 30_000)
  await to.click('button', `Accept ${file.name}`)
  await expectTransferCard(from, file.name, [`To ${toName}:`, 'Sent and verified'], 30_000)
  await to.waitFor('link', `Save ${file.name}`, 'visible', 30_000)
  await expectTransferCard(to, file.name, [`From ${fromName}:`, 'Received and verified'])
  expect(await savedFileSha256(to, file.name)).toBe(sha256(file.data))
}

describe('files from the share sheet (Web Share Target)', () => {
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()
  beforeAll(async () => {
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shared during a call: the others are offered the file at once, and its bytes arrive', async () => {
    const host = await openPage(browser)
    const guest = await openPage(browser)
    // An installed app: its service worker is active and controls the page of the call.
    await installApp(host, APP_LAN_URL)
    await callBetween(host, guest)
    expect(await host.evaluate(() => navigator.serviceWorker.controller !== null, null)).toBe(true)

    const photo = randomFile('holiday', 'jpg', 'image/jpeg', 2 * 1024)
    // Answered by the service worker with a redirect to the app (the network never sees it).
    expect(await shareByFetch(host, [photo])).toBe('opaqueredirect')

    // Nobody is offered anything until the person says so.
    await host.waitFor('button', 'Send to everyone', 'visible', 15_000)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await guest.isVisible('button', `Accept ${photo.name}`)).toBe(false)
    await host.click('button', 'Send to everyone')
    await acceptAndVerify([host, 'Hana'], [guest, 'Gita'], photo)
    // Offered once, then gone from the store: nothing waits for the next call.
    expect(await storedShares(host)).toBe(0)
    await host.click('button', 'Leave call')
    await host.waitFor('button', 'Start a call')
    expect(await readyToSend(host)).toBe('')
  }, 180_000)

  it('shared with no call and no server: listed on home, kept across a reload, discardable, offered when the next call connects', async () => {
    // Its own server, taken away before the share: the service worker alone must answer.
    const server = await preview({
      preview: { port: OFFLINE_PORT, strictPort: true, host: '127.0.0.1', open: false },
      logLevel: 'silent',
    })
    let serving = true
    const origin = `http://127.0.0.1:${OFFLINE_PORT}`
    const url = `${origin}/?lan`
    try {
      const host = await openPage(browser)
      const guest = await openPage(browser)
      for (const page of [host, guest]) await installApp(page, url)
      await server.close()
      serving = false

      const report = randomFile('report', 'pdf', 'application/pdf', 200)
      const extra = randomFile('not-this-one', 'txt', 'text/plain', 1)
      await shareByNavigation(host, origin, [report, extra])

      // The app opened on its start screen with both files ready to send.
      await host.waitFor('region', 'Files ready to send')
      expect(await readyToSend(host)).toContain(report.name)
      expect(await readyToSend(host)).toContain(extra.name)
      // The marker is not left in the address bar for a reload to repeat.
      expect(await host.evaluate(() => location.search, null)).toBe('')

      await host.goto(`${origin}/`)
      await host.waitFor('region', 'Files ready to send')
      expect(await readyToSend(host)).toContain(report.name)

      await host.click('button', `Discard ${extra.name}`)
      await waitFor(
        () => readyToSend(host),
        (text) => !text.includes(extra.name) && text.includes(report.name),
        5_000,
      )
      // The list hides it at once; the stored copy goes right after (pending-shares.ts).
      await waitFor(
        () => storedShares(host),
        (count) => count === 1,
        5_000,
      )

      await callBetween(host, guest, ['Hana', 'Gita'], url)
      await host.waitFor('button', 'Send to everyone', 'visible', 15_000)
      await host.click('button', 'Send to everyone')
      await acceptAndVerify([host, 'Hana'], [guest, 'Gita'], report)
      // The discarded file was never offered; the offered one no longer waits.
      expect(await guest.isVisible('button', `Accept ${extra.name}`)).toBe(false)
      expect(await storedShares(host)).toBe(0)
    } finally {
      if (serving) await server.close()
    }
  }, 180_000)

  it('a website posting files to the share action is refused: nothing stored, nothing offered', async () => {
    const host = await openPage(browser)
    await installApp(host, APP_LAN_URL)
    const origin = new URL(APP_LAN_URL).origin
    const tab = playwrightOf(host)
    // A page of another website with a form aimed at Tatap's share action (its referrer names it).
    await tab.route('http://elsewhere.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" enctype="multipart/form-data" action="${origin}/share-target">
                 <input type="file" name="files" aria-label="files">
                 <button type="submit">Share</button>
               </form>`,
      }),
    )
    await tab.goto('http://elsewhere.test/')
    const planted = randomFile('planted', 'html', 'text/html', 1)
    await tab
      .getByLabel('files')
      .setInputFiles([{ name: planted.name, mimeType: planted.type, buffer: planted.data }])
    const [response] = await Promise.all([
      tab.waitForResponse((r) => r.url().endsWith('/share-target')),
      tab.getByRole('button', { name: 'Share' }).click(),
    ])
    expect(response.status()).toBe(403)
    await host.goto(APP_LAN_URL)
    await host.waitFor('button', 'Start a call')
    expect(await storedShares(host)).toBe(0)
    expect(await readyToSend(host)).toBe('')
  }, 90_000)
})
