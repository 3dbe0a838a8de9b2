/**
 * Call benchmarks in headless Chromium against the production build (`npm run build` first):
 * - file transfer through the UI: MB/s for 50 MB and 200 MB files, and the peak JS heap on both
 *   sides during each (flat means memory does not grow with file size);
 * - Share screen → first frame of the screen on the other side.
 * Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { preview } from 'vite'
import { launchChromium, newAppContext } from '../tests/e2e/browsers'
import { connectWithReply, joinWithCode, startCall } from '../tests/e2e/flow'

const PORT = 4197
const URL_LAN = `http://127.0.0.1:${PORT}/?lan`

export async function runTransferBench(): Promise<void> {
  console.log('\n## Call: files and screen share (headless Chromium ⇄ Chromium, this machine)\n')
  const server = await preview({
    preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'silent',
  })
  const browser = await launchChromium()
  const dir = mkdtempSync(join(tmpdir(), 'tatap-bench-'))
  try {
    const { host, guest } = await connect(browser)
    // Both ends and both video calls share this machine's 2 cores; with the cameras off the
    // figure shows what the transfer itself costs.
    for (const cameras of ['on', 'off'] as const) {
      if (cameras === 'off') {
        for (const page of [host, guest]) {
          await page.getByRole('button', { name: 'Turn camera off' }).click()
        }
      }
      for (const mb of [50, 200]) {
        const name = `bench-${mb}mb-${cameras}.bin`
        const path = join(dir, name)
        const bytes = mb * 1024 * 1024
        writeFileSync(path, randomBytes(bytes))
        const result = await sendFile(host, guest, path, name)
        console.log(
          `file ${mb} MiB, cameras ${cameras}: ${(bytes / 1e6 / result.seconds).toFixed(1)} MB/s ` +
            `(${result.seconds.toFixed(1)} s); peak JS heap: sender ${result.senderPeakMb.toFixed(1)} MB, ` +
            `receiver ${result.receiverPeakMb.toFixed(1)} MB`,
        )
        rmSync(path)
      }
    }
    for (const page of [host, guest]) {
      await page.getByRole('button', { name: 'Turn camera on' }).click()
    }
    const shares: number[] = []
    for (let i = 0; i < 5; i++) shares.push(await screenShareLatency(host, guest))
    shares.sort((a, b) => a - b)
    console.log(
      `Share screen → first remote frame: median ${shares[2]?.toFixed(0)} ms (min ${shares[0]?.toFixed(0)}, max ${shares[4]?.toFixed(0)}, n=5)`,
    )
  } finally {
    await browser.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function connect(browser: Awaited<ReturnType<typeof launchChromium>>) {
  const host = await (await newAppContext(browser)).newPage()
  const guest = await (await newAppContext(browser)).newPage()
  const invite = await startCall(host, 'Hana', URL_LAN)
  const reply = await joinWithCode(guest, 'Gita', invite, URL_LAN)
  await connectWithReply(host, reply)
  await host.locator('video[aria-label="Video of Gita"]').waitFor()
  await guest.locator('video[aria-label="Video of Hana"]').waitFor()
  return { host, guest }
}

/** Samples the page's used JS heap (after V8's own accounting) until stopped; returns the peak. */
async function heapSampler(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page)
  let peak = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      peak = Math.max(peak, usage.usedSize)
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  return async () => {
    running = false
    await loop
    await cdp.detach()
    return peak / 1024 / 1024
  }
}

async function sendFile(host: Page, guest: Page, path: string, name: string) {
  const chooser = host.waitForEvent('filechooser')
  await host.getByRole('button', { name: 'Send file' }).click()
  await (await chooser).setFiles(path)
  const stopSender = await heapSampler(host)
  const stopReceiver = await heapSampler(guest)
  const started = performance.now()
  await guest.getByRole('button', { name: `Accept ${name}` }).click()
  await guest.getByRole('link', { name: `Save ${name}` }).waitFor({ timeout: 300_000 })
  const seconds = (performance.now() - started) / 1000
  return { seconds, senderPeakMb: await stopSender(), receiverPeakMb: await stopReceiver() }
}

async function screenShareLatency(host: Page, guest: Page): Promise<number> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  // `void`: evaluate must not wait for the promise it stores.
  await guest.evaluate(`
    void (window.__screenFrame = new Promise((resolve) => {
      const poll = () => {
        const video = document.querySelector('video[aria-label^="Screen of"]')
        if (video && video.srcObject) {
          video.requestVideoFrameCallback(() => resolve(performance.timeOrigin + performance.now()))
        } else setTimeout(poll, 2)
      }
      poll()
    }))
  `)
  // A real click: getDisplayMedia needs the person's gesture. Both clocks are this machine's.
  const clicked = Date.now()
  await host.getByRole('button', { name: 'Share screen' }).click()
  const frameAt = await guest.evaluate(
    () => (window as unknown as { __screenFrame: Promise<number> }).__screenFrame,
  )
  await host.getByRole('button', { name: 'Stop sharing' }).click()
  await guest.locator('video[aria-label^="Screen of"]').waitFor({ state: 'detached' })
  return frameAt - clicked
}

if (import.meta.url === `file://${process.argv[1]}`) await runTransferBench()
