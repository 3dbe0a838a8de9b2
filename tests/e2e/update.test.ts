import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium } from './driver'
import { UPDATE_PORT } from './env'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import { callBetween, expectNotice, expectVideoAdvancing, notices, waitFor } from './steps'

const ORIGIN = `http://127.0.0.1:${UPDATE_PORT}/`
const URL_LAN = `${ORIGIN}?lan`
const SECOND_BUILD = 'e2e-second-deploy'

/** Runs `vite build` with TATAP_BUILD_ID set, into `outDir`; resolves when it is done. */
function buildSecondVersion(outDir: string): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--logLevel',
      'error',
      '--outDir',
      outDir,
      '--emptyOutDir',
    ],
    { env: { ...process.env, TATAP_BUILD_ID: SECOND_BUILD }, stdio: 'inherit' },
  )
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`build exited ${code}`)),
    ),
  )
}

const UPDATE_READY = 'A new version of Tatap is ready'

/** The version the page runs, as Settings shows it ("Tatap version …"). */
async function shownVersion(page: AppPage): Promise<string> {
  await page.click('button', 'Settings')
  const text = await page.text('region', 'Connection settings')
  await page.click('button', 'Close settings')
  const version = /Tatap version \S+/.exec(text)?.[0]
  if (!version) throw new Error(`Settings show no version: ${text}`)
  return version
}

function hasWaitingWorker(page: AppPage): Promise<boolean> {
  return page.evaluate(
    async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
    null,
  )
}

/** What the app does when a phone comes back to it: the page becomes visible again. */
function becomeVisible(page: AppPage): Promise<void> {
  return page.evaluate(() => void document.dispatchEvent(new Event('visibilitychange')), null)
}

/** Marks the page's current document, to tell when a reload has replaced it. */
function markDocument(page: AppPage): Promise<void> {
  return page.evaluate(() => {
    ;(window as unknown as { __tatapOldDocument?: boolean }).__tatapOldDocument = true
  }, null)
}

function isOldDocument(page: AppPage): Promise<boolean> {
  return page
    .evaluate(
      () => (window as unknown as { __tatapOldDocument?: boolean }).__tatapOldDocument === true,
      null,
    )
    .catch(() => true) // navigating: the old document is going
}

describe('a second deploy reaches an open app, but never during a call', () => {
  const site = mkdtempSync(join(tmpdir(), 'tatap-site-'))
  const second = mkdtempSync(join(tmpdir(), 'tatap-v2-'))
  let server: Awaited<ReturnType<typeof preview>>
  let browser: Browser
  let secondBuild: Promise<void>
  const openPage = pagesClosedAfterEachTest()

  beforeAll(async () => {
    secondBuild = buildSecondVersion(second) // meanwhile, version 2 is built
    server = await preview({
      build: { outDir: site },
      preview: { port: UPDATE_PORT, strictPort: true, host: '127.0.0.1', open: false },
      logLevel: 'silent',
    })
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await secondBuild?.catch(() => undefined)
    await browser?.close()
    await server?.close()
    rmSync(site, { recursive: true, force: true })
    rmSync(second, { recursive: true, force: true })
  })

  it('not offered during the call; offered when it ends; Update runs version 2', async () => {
    // Version 1 (the suite's build) is what the site serves; a retry starts from it again.
    rmSync(site, { recursive: true, force: true })
    cpSync('dist', site, { recursive: true })
    const host = await openPage(browser)
    const guest = await openPage(browser)
    for (const page of [host, guest]) {
      await page.goto(URL_LAN)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined), null)
    }
    const firstVersion = await shownVersion(host)
    expect(firstVersion).not.toContain(SECOND_BUILD)

    await callBetween(host, guest, ['Hana', 'Gita'], URL_LAN)
    await expectVideoAdvancing(host, 'Gita')

    // Deploy version 2 to the same origin, then both phones come back to the app.
    await secondBuild
    cpSync(second, site, { recursive: true })
    for (const page of [host, guest]) await becomeVisible(page)
    await waitFor(() => hasWaitingWorker(host), Boolean, 20_000)
    await waitFor(() => hasWaitingWorker(guest), Boolean, 20_000)

    // The new version waits; nobody is interrupted.
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const page of [host, guest]) {
      expect(await page.isVisible('button', 'Update')).toBe(false)
      expect(await notices(page)).not.toContain(UPDATE_READY)
    }
    await expectVideoAdvancing(guest, 'Hana')
    await expectVideoAdvancing(host, 'Gita')

    await host.click('button', 'Leave call')
    await expectNotice(host, UPDATE_READY)
    await expectNotice(guest, UPDATE_READY) // its call ended too
    await markDocument(host)
    await host.click('button', 'Update')
    await waitFor(
      () => isOldDocument(host),
      (old) => !old,
      15_000,
    )
    await host.waitFor('button', 'Start a call')
    expect(await shownVersion(host)).toBe(`${firstVersion}+${SECOND_BUILD}`)
    expect(await host.isVisible('button', 'Update')).toBe(false)
  }, 150_000) // a production build runs inside it: on a busy 2-core machine that alone takes a minute
})
