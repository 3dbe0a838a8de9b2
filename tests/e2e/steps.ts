/**
 * What a person does in the app, as steps on an AppPage (driver.ts) — the same in Chromium and
 * Firefox, on a desktop or a phone — plus what tests measure that a person cannot see.
 */
import type { AppPage } from './driver'
import { playwrightOf, waitFor } from './driver'
import { APP_LAN_URL } from './env'

export { waitFor }

/** How buttons are pressed: `tap` on a phone (only what is on screen and not covered). */
export type Press = (page: AppPage, name: string) => Promise<void>
export const click: Press = (page, name) => page.click('button', name)
export const tap: Press = (page, name) => page.tap('button', name)

export async function openApp(page: AppPage, name: string, url = APP_LAN_URL): Promise<void> {
  await page.goto(url)
  await page.fill('Your name', name)
}

/** Host: starts a call and returns the invite link once it is shown. */
export async function startCall(
  page: AppPage,
  name: string,
  url = APP_LAN_URL,
  press = click,
): Promise<string> {
  await openApp(page, name, url)
  await press(page, 'Start a call')
  return readCode(page, 'Invite code')
}

export function readCode(page: AppPage, label: 'Invite code' | 'Reply code'): Promise<string> {
  return waitFor(
    () => page.readOnlyValue(label),
    (value) => /#\S+$/.test(value),
    15_000,
  )
}

/** Guest: pastes the invite, joins, and returns the reply link once it is shown. */
export async function joinWithCode(
  page: AppPage,
  name: string,
  invite: string,
  url = APP_LAN_URL,
  press = click,
): Promise<string> {
  await openApp(page, name, url)
  await press(page, 'Join a call')
  await page.fill('Invite code', invite)
  await press(page, 'Join')
  return readCode(page, 'Reply code')
}

/** Host (or the member who invited): pastes the reply and connects. */
export async function connectWithReply(page: AppPage, reply: string, press = click): Promise<void> {
  await page.fill('Reply code', reply)
  await press(page, 'Connect')
}

/** In a call: opens the invite panel (behind More options on a phone) and returns the invite. */
export async function inviteFromCall(page: AppPage, press = click): Promise<string> {
  if (!(await page.isVisible('button', 'Invite someone'))) await press(page, 'More options')
  await press(page, 'Invite someone')
  return readCode(page, 'Invite code')
}

/** `newcomer` joins through `inviter`'s invite from inside its call. */
export async function inviteIntoCall(
  inviter: AppPage,
  newcomer: AppPage,
  name: string,
): Promise<void> {
  const invite = await inviteFromCall(inviter)
  const reply = await joinWithCode(newcomer, name, invite)
  await connectWithReply(inviter, reply)
  await newcomer.waitFor('button', 'Leave call', 'visible', 30_000)
}

/**
 * A 1:1 call by pasted codes: `hostName` starts it on `host`, `guestName` joins on `guest`;
 * resolves once both are in the call (their call bars show).
 */
export async function callBetween(
  host: AppPage,
  guest: AppPage,
  [hostName, guestName] = ['Hana', 'Gita'],
  url = APP_LAN_URL,
): Promise<void> {
  const reply = await joinWithCode(guest, guestName, await startCall(host, hostName, url), url)
  await connectWithReply(host, reply)
  await Promise.all([inCall(host, 'the host'), inCall(guest, 'the guest')])
}

/** Waits for the call screen; if it never comes, the error says what the page shows instead. */
async function inCall(page: AppPage, who: string, patienceMs = 30_000): Promise<void> {
  try {
    await page.waitFor('button', 'Leave call', 'visible', patienceMs)
  } catch (error) {
    throw new Error(`${who} never reached the call: ${await screenSummary(page)}`, {
      cause: error,
    })
  }
}

/** The page's heading, alerts and status messages, for a failure message. */
function screenSummary(page: AppPage): Promise<string> {
  return page.evaluate(() => {
    const texts = (selector: string) =>
      [...document.querySelectorAll(selector)]
        .map((el) => (el.textContent ?? '').trim())
        .filter(Boolean)
    return JSON.stringify({
      url: location.href.replace(/#.*/, '#…'),
      headings: texts('h1, h2'),
      alerts: texts('[role="alert"]'),
      statuses: texts('[role="status"]'),
    })
  }, null)
}

/**
 * Frames the browser has shown for the video labelled `label` (0 if none yet). Firefox leaves
 * `getVideoPlaybackQuality().totalVideoFrames` at 0 for a MediaStream (measured: 0 while 60 frames
 * were painted in 2 s), so there its own `mozPaintedFrames` counts.
 */
export function decodedFrames(page: AppPage, label: string): Promise<number> {
  return page.evaluate((label) => {
    const video = document.querySelector<HTMLVideoElement>(`video[aria-label="${label}"]`)
    if (!video) return 0
    const painted = (video as HTMLVideoElement & { mozPaintedFrames?: number }).mozPaintedFrames
    return video.getVideoPlaybackQuality().totalVideoFrames || painted || 0
  }, label)
}

/**
 * Asserts the video labelled `label` is on the page and keeps showing new frames: a first one
 * within `patienceMs` (40 s by default), then a few more within the next `patienceMs` (15 s).
 */
export async function expectFramesAdvancing(
  page: AppPage,
  label: string,
  patienceMs?: number,
): Promise<void> {
  try {
    const first = await waitFor(
      () => decodedFrames(page, label),
      (n) => n > 0,
      patienceMs ?? 40_000,
    )
    await waitFor(
      () => decodedFrames(page, label),
      (n) => n > first + 3,
      patienceMs ?? 15_000,
    )
  } catch (err) {
    throw new Error(`${page.kind}: "${label}" is not advancing (${String(err)})`)
  }
}

/** Asserts `Video of NAME` keeps showing new frames. */
export function expectVideoAdvancing(
  page: AppPage,
  name: string,
  patienceMs?: number,
): Promise<void> {
  return expectFramesAdvancing(page, `Video of ${name}`, patienceMs)
}

/** Whether a video labelled `label` is on the page (whether or not it shows frames). */
export function hasVideo(page: AppPage, label: string): Promise<boolean> {
  return page.evaluate(
    (label) => document.querySelector(`video[aria-label="${label}"]`) !== null,
    label,
  )
}

/** Whether a `Video of NAME` element is on the page (whether or not it shows frames). */
export function hasVideoOf(page: AppPage, name: string): Promise<boolean> {
  return hasVideo(page, `Video of ${name}`)
}

export function alertText(page: AppPage): Promise<string> {
  return page.text('alert', null)
}

/** What the page's status messages (role=status: notices, prompts) say, one per line. */
export function notices(page: AppPage): Promise<string> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll('[role="status"]')]
        .map((el) => el.textContent ?? '')
        .join('\n'),
    null,
  )
}

/** Waits until a status message (role=status) says `text` (with `gone`: no longer says it). */
export function expectNotice(page: AppPage, text: string, gone = false, timeoutMs = 15_000) {
  return waitFor(
    () => notices(page),
    (shown) => shown.includes(text) !== gone,
    timeoutMs,
  )
}

// Chat and files, by the names of the chat/file UI contract.

/** Opens the chat panel unless its message box is already shown. */
export async function openChat(page: AppPage, press = click): Promise<void> {
  if (await page.isVisible('textbox', 'Message')) return
  await press(page, 'Chat')
  await page.waitFor('textbox', 'Message')
}

export async function sendChat(page: AppPage, text: string, press = click): Promise<void> {
  await openChat(page, press)
  await page.fill('Message', text)
  await press(page, 'Send message')
}

/** Waits until the `Messages` log shows `text`; opens the chat panel to look. */
export async function expectMessage(
  page: AppPage,
  text: string,
  press = click,
  timeoutMs = 15_000,
): Promise<void> {
  await openChat(page, press)
  await waitFor(
    () => page.text('log', 'Messages'),
    (shown) => shown.includes(text),
    timeoutMs,
  )
}

/** How often `text` appears in the `Messages` log (each message must arrive once). */
export async function messageCount(page: AppPage, text: string): Promise<number> {
  await openChat(page)
  const shown = await page.text('log', 'Messages')
  return shown.split(text).length - 1
}

/**
 * Starts noting whether a progress bar named `name` ever shows on the page: a fast transfer may
 * show it for a moment only, so polling could miss it; a MutationObserver cannot.
 */
export function watchProgressbar(page: AppPage, name: string): Promise<void> {
  return page.evaluate((name) => {
    const win = window as unknown as { __tatapSawProgress?: Set<string> }
    win.__tatapSawProgress ??= new Set()
    const seen = win.__tatapSawProgress
    const look = () => {
      for (const bar of document.querySelectorAll('progress, [role="progressbar"]')) {
        if (bar.getAttribute('aria-label') === name) seen.add(name)
      }
    }
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true })
    look()
  }, name)
}

export function sawProgressbar(page: AppPage, name: string): Promise<boolean> {
  return page.evaluate(
    (name) =>
      (window as unknown as { __tatapSawProgress?: Set<string> }).__tatapSawProgress?.has(name) ??
      false,
    name,
  )
}

/** SHA-256 (hex) of what the `Save NAME` link holds, read in the page from its blob: URL. */
export async function savedFileSha256(page: AppPage, name: string): Promise<string> {
  const href = await page.attribute('link', `Save ${name}`, 'href')
  if (!href) throw new Error(`Save ${name} has no href`)
  return page.evaluate(async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer()
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
  }, href)
}

/** The texts of the transfer cards of `file` ("To Gita: file (size) … Sent and verified"). */
export function transferCards(page: AppPage, file: string): Promise<string[]> {
  return page.evaluate(
    (file) =>
      [...document.querySelectorAll('.transfers li')]
        .map((el) => el.textContent ?? '')
        .filter((text) => text.includes(file)),
    file,
  )
}

/**
 * Waits until one transfer card of `file` says all of `texts` (e.g. "To Gita:" and "Sent and
 * verified": a file sent back under the same name has a card of each direction); returns it.
 */
export async function expectTransferCard(
  page: AppPage,
  file: string,
  texts: string[],
  timeoutMs = 15_000,
): Promise<string> {
  const says = (card: string) => texts.every((text) => card.includes(text))
  const cards = await waitFor(
    () => transferCards(page, file),
    (all) => all.some(says),
    timeoutMs,
  )
  return cards.find(says) ?? ''
}

/**
 * The count drawn on the call-bar button `name` ('' when none shows). The app draws it with CSS
 * (`::after`), outside the accessible name, so it is read from what is painted.
 */
export function badgeOn(page: AppPage, name: string): Promise<string> {
  return page.evaluate((name) => {
    const button = [...document.querySelectorAll('button.control')].find(
      (b) => b.getAttribute('aria-label') === name && b.getClientRects().length > 0,
    )
    const content = button ? getComputedStyle(button, '::after').content : 'none'
    return content === 'none' || content === 'normal' ? '' : content.replace(/^"|"$/g, '')
  }, name)
}

/**
 * A finger swiping across the page from (fromX, y) to (toX, y): real touch input through the
 * DevTools protocol (Chromium), so the browser's own gesture handling decides what it becomes —
 * a scroll, Back, or pointer events for the app.
 */
export async function touchSwipe(page: AppPage, y: number, fromX: number, toX: number) {
  const tab = playwrightOf(page)
  const cdp = await tab.context().newCDPSession(tab)
  const steps = 8
  await cdp.send('Input.dispatchTouchEvent', {
    type: 'touchStart',
    touchPoints: [{ x: fromX, y }],
  })
  for (let i = 1; i <= steps; i++) {
    const x = fromX + ((toX - fromX) * i) / steps
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] })
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await cdp.detach()
}
