import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newAppContext } from './browsers'
import { connectWithReply, expectVideoAdvancing, joinWithCode, startCall, waitFor } from './flow'

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

/** Records every data channel the page creates or receives, so a test can cut one. */
async function recordChannels(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const channels: RTCDataChannel[] = []
    ;(window as unknown as { __tatapChannels: RTCDataChannel[] }).__tatapChannels = channels
    const create = RTCPeerConnection.prototype.createDataChannel
    RTCPeerConnection.prototype.createDataChannel = function (label, init) {
      const channel = create.call(this, label, init)
      channels.push(channel)
      return channel
    }
    const Original = window.RTCPeerConnection
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config)
        this.addEventListener('datachannel', (e) => channels.push(e.channel))
      }
    }
  })
}

function messagesText(page: Page): Promise<string> {
  return page
    .getByRole('log', { name: 'Messages' })
    .textContent()
    .then((text) => text ?? '')
}

/** Names of the files the page keeps in its private storage for received transfers. */
function storedFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory()
    const names: string[] = []
    try {
      const incoming = await root.getDirectoryHandle('tatap-incoming')
      for await (const name of (incoming as unknown as { keys(): AsyncIterable<string> }).keys()) {
        names.push(name)
      }
    } catch {
      // No folder yet: nothing stored.
    }
    return names.sort()
  })
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text)
  await page.getByRole('button', { name: 'Send message' }).click()
}

async function chooseFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Send file' }).click()
  await (await chooser).setFiles(path)
}

/** Sends `path` from `from` to `to` through the UI; returns the SHA-256 of what `to` saved. */
async function transfer(from: Page, to: Page, path: string, name: string): Promise<string> {
  await chooseFile(from, path)
  await to.getByRole('button', { name: `Accept ${name}` }).click({ timeout: 20_000 })
  await from.getByText('Sent and verified').waitFor({ timeout: 60_000 })
  const download = to.waitForEvent('download')
  await to.getByRole('link', { name: `Save ${name}` }).click({ timeout: 60_000 })
  const saved = await (await download).path()
  return sha256(readFileSync(saved))
}

describe('chat and files over the call, in real Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-files-'))
  let browser: Browser
  let host: Page
  let guest: Page

  beforeAll(async () => {
    browser = await launchChromium()
    host = await (await newAppContext(browser)).newPage()
    guest = await (await newAppContext(browser)).newPage()
    await recordChannels(guest)
    const invite = await startCall(host, 'Hana')
    const reply = await joinWithCode(guest, 'Gita', invite)
    await connectWithReply(host, reply)
    await expectVideoAdvancing(host, 'Gita')
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('chat both ways, with an unread count on the closed panel', async () => {
    await host.getByRole('button', { name: 'Chat' }).click()
    await sendMessage(host, 'Halo Gita!')
    await waitFor(
      () => guest.locator('.control .badge').textContent(),
      (badge) => badge === '1',
      10_000,
    )
    await guest.getByRole('button', { name: 'Chat' }).click()
    await waitFor(
      () => messagesText(guest),
      (text) => text.includes('Halo Gita!'),
      10_000,
    )
    expect(await messagesText(guest)).toContain('Hana')
    await sendMessage(guest, 'Halo Hana, apa kabar?')
    await waitFor(
      () => messagesText(host),
      (text) => text.includes('apa kabar?'),
      10_000,
    )
  })

  it('messages sent while the chat channel is cut arrive once each, in order', async () => {
    await guest.evaluate(() => {
      const channels = (window as unknown as { __tatapChannels: RTCDataChannel[] }).__tatapChannels
      for (const channel of channels) if (channel.label === 'chat') channel.close()
    })
    for (const n of [1, 2, 3]) await sendMessage(guest, `offline ${n}`)
    for (const n of [1, 2]) await sendMessage(host, `meanwhile ${n}`)
    const all = ['offline 1', 'offline 2', 'offline 3', 'meanwhile 1', 'meanwhile 2']
    for (const page of [host, guest]) {
      const text = await waitFor(
        () => messagesText(page),
        (text) => all.every((m) => text.includes(m)),
        15_000,
      )
      for (const m of all) expect(count(text, m)).toBe(1)
      expect(text.indexOf('offline 1')).toBeLessThan(text.indexOf('offline 2'))
      expect(text.indexOf('offline 2')).toBeLessThan(text.indexOf('offline 3'))
      expect(text.indexOf('meanwhile 1')).toBeLessThan(text.indexOf('meanwhile 2'))
    }
    // And the chat keeps working afterwards.
    await sendMessage(host, 'after the cut')
    await waitFor(
      () => messagesText(guest),
      (text) => text.includes('after the cut'),
      10_000,
    )
  })

  it('a 50 MB random file both ways arrives with the same SHA-256', async () => {
    const data = randomBytes(50 * 1024 * 1024)
    const path = join(dir, 'random-50mb.bin')
    writeFileSync(path, data)
    expect(await transfer(host, guest, path, 'random-50mb.bin')).toBe(sha256(data))
    expect(await transfer(guest, host, path, 'random-50mb.bin')).toBe(sha256(data))
  }, 180_000)

  it('cancel mid-way leaves both sides clean', async () => {
    const before = await storedFiles(guest)
    const path = join(dir, 'cancel-me.bin')
    writeFileSync(path, randomBytes(50 * 1024 * 1024))
    await chooseFile(host, path)
    await guest.getByRole('button', { name: 'Accept cancel-me.bin' }).click({ timeout: 20_000 })
    const bar = guest.getByRole('progressbar', { name: 'cancel-me.bin' })
    await waitFor(
      async () => Number(await bar.getAttribute('value')),
      (v) => v > 0,
      20_000,
    )
    await guest.getByRole('button', { name: 'Cancel cancel-me.bin' }).click()
    await host.getByText('Cancelled by the other side').waitFor({ timeout: 10_000 })
    await guest.getByText('Cancelled', { exact: true }).waitFor({ timeout: 10_000 })
    await expect(guest.getByRole('link', { name: 'Save cancel-me.bin' }).count()).resolves.toBe(0)
    // Nothing half-received is left in the receiver's storage.
    expect(await storedFiles(guest)).toEqual(before)
  }, 120_000)

  it('files received stay available to save after the other side leaves', async () => {
    await host.getByRole('button', { name: 'Leave call' }).click()
    await guest.getByRole('button', { name: 'Start a call' }).waitFor({ timeout: 10_000 })
    const files = guest.getByRole('region', { name: 'Files from your last call' })
    await files.waitFor()
    const download = guest.waitForEvent('download')
    await files.getByRole('link', { name: 'Save random-50mb.bin' }).click()
    const saved = readFileSync(await (await download).path())
    expect(sha256(saved)).toBe(sha256(readFileSync(join(dir, 'random-50mb.bin'))))
    await files.getByRole('button', { name: 'Dismiss random-50mb.bin' }).click()
    await files.waitFor({ state: 'detached' })
  }, 60_000)
})
