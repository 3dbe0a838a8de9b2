import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext } from './browsers'
import { UPDATE_PORT } from './env'
import { connectWithReply, expectVideoAdvancing, joinWithCode, startCall, waitFor } from './flow'

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

/** The version the page runs, as Settings shows it. */
async function shownVersion(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Settings' }).click()
  const text = (await page.getByText(/^Tatap version /).textContent()) ?? ''
  await page.getByRole('button', { name: 'Close settings' }).click()
  return text
}

function hasWaitingWorker(page: Page): Promise<boolean> {
  return page.evaluate(async () =>
    Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
  )
}

/** What the app does when a phone comes back to it: the page becomes visible again. */
function becomeVisible(page: Page): Promise<void> {
  return page.evaluate(() => void document.dispatchEvent(new Event('visibilitychange')))
}

describe('a second deploy reaches an open app, but never during a call', () => {
  const site = mkdtempSync(join(tmpdir(), 'tatap-site-'))
  const second = mkdtempSync(join(tmpdir(), 'tatap-v2-'))
  let server: Awaited<ReturnType<typeof preview>>
  let browser: Browser
  let secondBuild: Promise<void>

  beforeAll(async () => {
    secondBuild = buildSecondVersion(second) // meanwhile, version 2 is built
    server = await preview({
      build: { outDir: site },
      preview: { port: UPDATE_PORT, strictPort: true, host: '127.0.0.1', open: false },
      logLevel: 'silent',
    })
    browser = await launchChromium()
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
    const host = await (await newAppContext(browser)).newPage()
    const guest = await (await newAppContext(browser)).newPage()
    for (const page of [host, guest]) {
      await page.goto(URL_LAN)
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    }
    const firstVersion = await shownVersion(host)
    expect(firstVersion).not.toContain(SECOND_BUILD)

    const invite = await startCall(host, 'Hana', URL_LAN)
    await connectWithReply(host, await joinWithCode(guest, 'Gita', invite, URL_LAN))
    await expectVideoAdvancing(host, 'Gita')

    // Deploy version 2 to the same origin, then both phones come back to the app.
    await secondBuild
    cpSync(second, site, { recursive: true })
    for (const page of [host, guest]) await becomeVisible(page)
    await waitFor(() => hasWaitingWorker(host), Boolean, 20_000)
    await waitFor(() => hasWaitingWorker(guest), Boolean, 20_000)

    // The new version waits; nobody is interrupted.
    await host.waitForTimeout(500)
    for (const page of [host, guest]) {
      expect(await page.getByRole('button', { name: 'Update' }).count()).toBe(0)
      expect(await page.getByText('A new version of Tatap is ready').count()).toBe(0)
    }
    await expectVideoAdvancing(guest, 'Hana')
    await expectVideoAdvancing(host, 'Gita')

    await host.getByRole('button', { name: 'Leave call' }).click()
    await host.getByText('A new version of Tatap is ready').waitFor()
    await guest.getByText('A new version of Tatap is ready').waitFor() // its call ended too
    const reloaded = host.waitForEvent('load')
    await host.getByRole('button', { name: 'Update' }).click()
    await reloaded
    await host.getByRole('button', { name: 'Start a call' }).waitFor()
    expect(await shownVersion(host)).toBe(`${firstVersion}+${SECOND_BUILD}`)
    expect(await host.getByRole('button', { name: 'Update' }).count()).toBe(0)
  }, 150_000) // a production build runs inside it: on a busy 2-core machine that alone takes a minute
})
