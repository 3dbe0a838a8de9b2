import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDnsName } from '../../scripts/serve/addresses'
import { tryInjectedCode, violations } from './csp-guard'
import { type AppPage, type ChromiumProfile, launchChromiumProfile, playwrightOf } from './driver'
import { SERVE_HTTP_PORT, SERVE_HTTPS_PORT, STATIC_HTTPS_PORT } from './env'
import { smallCameraFile } from './fake-camera'
import { closedAfterEachTest } from './lifecycle'
import { type RunningServer, startServeProcess } from './serve-process'
import { serveStatic } from './static-host'
import { callBetween, expectVideoAdvancing } from './steps'
import { homeTrusting } from './trust-store'

/** This machine's mDNS name, which the server certificate covers; Chromium maps it to loopback. */
const LOCAL_NAME = localDnsName(hostname()) ?? 'localhost'
const APP = `https://${LOCAL_NAME}:${SERVE_HTTPS_PORT}/`
const INSTALL = `http://127.0.0.1:${SERVE_HTTP_PORT}/`

function portRefuses(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      done(false)
    })
    socket.once('error', () => done(true))
  })
}

/** Chromium's own verdict on installing the page (empty = installable). */
async function installabilityErrors(profile: ChromiumProfile, page: AppPage): Promise<string[]> {
  const cdp = await profile.context.newCDPSession(playwrightOf(page))
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: Array<{ errorId: string }>
  }
  return installabilityErrors.map((e) => e.errorId)
}

/** Waits until the page's service worker is activated (the precache is complete by then). */
async function serviceWorkerReady(page: AppPage): Promise<string> {
  return page.evaluate(async () => {
    const worker = (await navigator.serviceWorker.ready).active
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((done) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && done()),
      )
    }
    return worker?.state ?? 'none'
  }, null)
}

describe('npm start: a LAN server a phone trusts, installs from and then calls offline with', () => {
  const certDir = mkdtempSync(join(tmpdir(), 'tatap-serve-certs-'))
  let server: RunningServer
  const profile = mkdtempSync(join(tmpdir(), 'tatap-serve-profile-'))
  let home: string
  let browser: ChromiumProfile
  /** A tab of the profile, closed after the test that opened it. */
  const newTab = closedAfterEachTest(() => browser.newPage())

  const startServer = () =>
    startServeProcess({
      TATAP_HTTPS_PORT: String(SERVE_HTTPS_PORT),
      TATAP_HTTP_PORT: String(SERVE_HTTP_PORT),
      TATAP_CERT_DIR: certDir,
      TATAP_LISTEN: '127.0.0.1',
    })

  beforeAll(async () => {
    server = await startServer()
    console.log(
      `npm start (no build) ready in ${server.startMs} ms; ${server.output().match(/Ready in .*/)?.[0]}`,
    )
    // The phone's owner installed the CA from the install page: this HOME trusts it.
    home = homeTrusting(join(certDir, 'tatap-ca.pem'))
    browser = await launchChromiumProfile(profile, {
      env: { HOME: home },
      args: [`--host-resolver-rules=MAP ${LOCAL_NAME} 127.0.0.1`],
      fakeVideoFile: smallCameraFile(),
    })
  })
  afterAll(async () => {
    await server?.stop()
    await browser?.close()
    rmSync(certDir, { recursive: true, force: true })
    rmSync(profile, { recursive: true, force: true })
    if (home) rmSync(home, { recursive: true, force: true })
  })

  it('prints both addresses and serves the install page, the CA and the iPhone profile over HTTP', async () => {
    expect(server.output()).toContain(INSTALL)
    expect(server.output()).toContain(`https://127.0.0.1:${SERVE_HTTPS_PORT}/`)
    const caDer = new X509Certificate(readFileSync(join(certDir, 'tatap-ca.pem'))).raw

    const page = await fetch(INSTALL, { headers: { 'Accept-Language': 'en' } })
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await page.text()
    expect(html).toContain('Android')
    expect(html).toContain('iPhone')
    expect(html).toContain(`href="https://127.0.0.1:${SERVE_HTTPS_PORT}/"`)

    const crt = await fetch(new URL('tatap-ca.crt', INSTALL))
    expect(crt.headers.get('content-type')).toBe('application/x-x509-ca-cert')
    expect(Buffer.from(await crt.arrayBuffer()).equals(caDer)).toBe(true)

    const profile = await fetch(new URL('tatap-ca.mobileconfig', INSTALL))
    expect(profile.headers.get('content-type')).toBe('application/x-apple-aspen-config')
    expect(await profile.text()).toContain(`<data>${caDer.toString('base64')}</data>`)
  })

  it('with the CA trusted: no certificate warning, service worker, installable; then a call with the server gone', async () => {
    if (server.exited()) server = await startServer() // a retry: the first try stopped it
    // Two tabs of one phone-like profile: the host, and the guest they call.
    const host = await newTab()
    const guest = await newTab()
    // No certificate-error bypass anywhere: an untrusted certificate fails this goto.
    const response = await playwrightOf(host).goto(`${APP}?lan`)
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(response?.headers()['referrer-policy']).toBe('no-referrer')
    expect(await serviceWorkerReady(host)).toBe('activated')
    await expect.poll(() => installabilityErrors(browser, host)).toEqual([])
    await guest.goto(`${APP}?lan`)
    expect(await serviceWorkerReady(guest)).toBe('activated')

    await server.stop()
    expect(await portRefuses(SERVE_HTTPS_PORT)).toBe(true)
    for (const page of [host, guest]) {
      await page.goto(`${APP}?lan`)
      await page.waitFor('button', 'Start a call')
    }
    await callBetween(host, guest, ['Hana', 'Gita'], `${APP}?lan`)
    await expectVideoAdvancing(host, 'Gita')
    await expectVideoAdvancing(guest, 'Hana')
  })

  it('npm run build’s dist/ works from any static HTTPS host: installable, offline, CSP from the meta tag', async () => {
    const root = resolve('dist')
    const host = await serveStatic({
      root,
      port: STATIC_HTTPS_PORT,
      key: readFileSync(join(certDir, 'tatap-server-key.pem'), 'utf8'),
      cert: readFileSync(join(certDir, 'tatap-server.pem'), 'utf8'),
    })
    const url = `https://localhost:${STATIC_HTTPS_PORT}/?lan`
    const page = await newTab()
    try {
      const response = await playwrightOf(page).goto(url)
      expect(response?.headers()['content-security-policy']).toBeUndefined()
      expect(await serviceWorkerReady(page)).toBe('activated')
      await expect.poll(() => installabilityErrors(browser, page)).toEqual([])
      // The policy holds with no header at all: the build's <meta> enforces it.
      expect(await tryInjectedCode(page)).toEqual({
        inlineScript: false,
        inlineHandler: false,
        stringCode: false,
      })
      expect((await violations(page)).length).toBeGreaterThanOrEqual(3)
    } finally {
      host.closeAllConnections()
      await new Promise((done) => host.close(done))
    }
    await page.goto(url)
    await page.waitFor('button', 'Start a call')
  })
})
