import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium } from './driver'
import { randomFile as makeRandomFile } from './files'
import { pagesClosedAfterEachTest } from './lifecycle'
import { cutChannels } from './probes'
import {
  badgeOn,
  callBetween,
  expectMessage,
  expectTransferCard,
  openChat,
  savedFileSha256,
  sendChat,
  waitFor,
} from './steps'

/** The unread count on the Chat button ('' when none shows). */
function chatBadge(page: AppPage): Promise<string> {
  return badgeOn(page, 'Chat')
}

/** Names of the files the page keeps in its private storage for received transfers. */
function storedFiles(page: AppPage): Promise<string[]> {
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
  }, null)
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

describe('chat and files over the call, in real Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-files-'))
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Each test its own call (Hana hosts, Gita joins). */
  async function call(): Promise<{ host: AppPage; guest: AppPage }> {
    const [host, guest] = [await openPage(browser), await openPage(browser)]
    await callBetween(host, guest)
    return { host, guest }
  }

  const randomFile = (stem: string, mib: number) => makeRandomFile(dir, stem, mib)

  /** Sends `file` through Send file; the other side accepts; returns the SHA-256 it saved. */
  async function transfer(
    [from, fromName]: [AppPage, string],
    [to, toName]: [AppPage, string],
    file: { name: string; path: string },
  ): Promise<string> {
    await from.chooseFiles('Send file', [file.path])
    await to.click('button', `Accept ${file.name}`)
    await expectTransferCard(from, file.name, [`To ${toName}:`, 'Sent and verified'], 60_000)
    await to.waitFor('link', `Save ${file.name}`, 'visible', 60_000)
    await expectTransferCard(to, file.name, [`From ${fromName}:`, 'Received and verified'])
    return savedFileSha256(to, file.name)
  }

  it('chat both ways, with an unread count on the closed panel', async () => {
    const { host, guest } = await call()
    await sendChat(host, 'Halo Gita!')
    await waitFor(
      () => chatBadge(guest),
      (badge) => badge === '1',
      10_000,
    )
    await expectMessage(guest, 'Halo Gita!')
    expect(await guest.text('log', 'Messages')).toContain('Hana')
    await waitFor(
      () => chatBadge(guest),
      (badge) => badge === '',
      5_000,
    )
    await sendChat(guest, 'Halo Hana, apa kabar?')
    await expectMessage(host, 'apa kabar?')
  })

  it('messages sent while the chat channel is cut arrive once each, in order', async () => {
    const { host, guest } = await call()
    await Promise.all([openChat(host), openChat(guest)])
    expect(await cutChannels(guest, 'chat')).toBeGreaterThan(0)
    for (const n of [1, 2, 3]) await sendChat(guest, `offline ${n}`)
    for (const n of [1, 2]) await sendChat(host, `meanwhile ${n}`)
    const all = ['offline 1', 'offline 2', 'offline 3', 'meanwhile 1', 'meanwhile 2']
    for (const page of [host, guest]) {
      const text = await waitFor(
        () => page.text('log', 'Messages'),
        (text) => all.every((m) => text.includes(m)),
        15_000,
      )
      for (const m of all) expect(count(text, m)).toBe(1)
      expect(text.indexOf('offline 1')).toBeLessThan(text.indexOf('offline 2'))
      expect(text.indexOf('offline 2')).toBeLessThan(text.indexOf('offline 3'))
      expect(text.indexOf('meanwhile 1')).toBeLessThan(text.indexOf('meanwhile 2'))
    }
    // And the chat keeps working afterwards.
    await sendChat(host, 'after the cut')
    await expectMessage(guest, 'after the cut')
  })

  it('a 50 MB random file both ways arrives with the same SHA-256', async () => {
    const { host, guest } = await call()
    const file = randomFile('random-50mb', 50)
    expect(await transfer([host, 'Hana'], [guest, 'Gita'], file)).toBe(file.sha)
    expect(await transfer([guest, 'Gita'], [host, 'Hana'], file)).toBe(file.sha)
  }, 180_000)

  it('cancel mid-way leaves both sides clean', async () => {
    const { host, guest } = await call()
    const file = randomFile('cancel-me', 50)
    await host.chooseFiles('Send file', [file.path])
    await guest.click('button', `Accept ${file.name}`)
    await waitFor(
      async () => Number(await guest.attribute('progressbar', file.name, 'value')),
      (v) => v > 0,
      20_000,
    )
    await guest.click('button', `Cancel ${file.name}`)
    await expectTransferCard(host, file.name, ['To Gita:', 'Cancelled by the other side'], 10_000)
    const card = await expectTransferCard(guest, file.name, ['From Hana:', 'Cancelled'], 10_000)
    expect(card).not.toContain('by the other side')
    expect(await guest.isVisible('link', `Save ${file.name}`)).toBe(false)
    // Nothing half-received is left in the receiver's storage.
    await waitFor(
      () => storedFiles(guest),
      (names) => names.length === 0,
      5_000,
    )
  }, 120_000)

  it('files received stay available to save after the other side leaves', async () => {
    const { host, guest } = await call()
    const file = randomFile('kept', 2)
    expect(await transfer([host, 'Hana'], [guest, 'Gita'], file)).toBe(file.sha)
    await host.click('button', 'Leave call')
    await guest.waitFor('button', 'Start a call', 'visible', 10_000)
    await guest.waitFor('region', 'Files from your last call')
    expect(await savedFileSha256(guest, file.name)).toBe(file.sha)
    await guest.click('button', `Dismiss ${file.name}`)
    await guest.waitFor('region', 'Files from your last call', 'gone')
  }, 60_000)
})
