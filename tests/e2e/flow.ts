import type { Page } from 'playwright-core'
import { APP_LAN_URL } from './env'

/** Steps a person takes, by role and accessible name (the UI contract in DESIGN.md). */

export async function openApp(page: Page, name: string, url = APP_LAN_URL): Promise<void> {
  await page.goto(url)
  await page.getByRole('textbox', { name: 'Your name' }).fill(name)
}

export async function startCall(page: Page, name: string, url = APP_LAN_URL): Promise<string> {
  await openApp(page, name, url)
  await page.getByRole('button', { name: 'Start a call' }).click()
  return readCode(page, 'Invite code')
}

export async function readCode(page: Page, label: 'Invite code' | 'Reply code'): Promise<string> {
  const box = page
    .getByRole('textbox', { name: label, exact: true })
    .and(page.locator('[readonly]'))
  await box.waitFor({ timeout: 15_000 })
  return waitFor(
    () => box.inputValue(),
    (value) => /#\S+$/.test(value),
    15_000,
  )
}

export async function joinWithCode(
  page: Page,
  name: string,
  invite: string,
  url = APP_LAN_URL,
): Promise<string> {
  await openApp(page, name, url)
  await page.getByRole('button', { name: 'Join a call' }).click()
  await page.getByRole('textbox', { name: 'Invite code' }).fill(invite)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
  return readCode(page, 'Reply code')
}

export async function connectWithReply(page: Page, reply: string): Promise<void> {
  await page
    .getByRole('textbox', { name: 'Reply code' })
    .and(page.locator(':not([readonly])'))
    .fill(reply)
  await page.getByRole('button', { name: 'Connect' }).click()
}

/** Frames the browser has decoded for the video labelled `label` (0 if none yet). */
export function decodedFrames(page: Page, label: string): Promise<number> {
  return page.evaluate((label) => {
    const video = document.querySelector<HTMLVideoElement>(`video[aria-label="${label}"]`)
    return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0
  }, label)
}

/** Asserts the remote video labelled `Video of NAME` exists and its decoded frames keep growing. */
export function expectVideoAdvancing(page: Page, name: string): Promise<void> {
  return expectFramesAdvancing(page, `Video of ${name}`)
}

/** Asserts the video labelled `label` is visible and decodes new frames. Usable in hooks too. */
export async function expectFramesAdvancing(page: Page, label: string): Promise<void> {
  await page.locator(`video[aria-label="${label}"]`).waitFor({ timeout: 20_000 })
  const first = await waitFor(
    () => decodedFrames(page, label),
    (n) => n > 0,
    20_000,
  )
  await waitFor(
    () => decodedFrames(page, label),
    (n) => n > first + 3,
    10_000,
  )
}

/** Polls `read` until `done` holds; throws with the last value after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${String(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole('alert')
  await alert.waitFor({ timeout: 15_000 })
  return (await alert.textContent()) ?? ''
}
