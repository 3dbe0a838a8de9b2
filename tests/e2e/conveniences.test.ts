/**
 * What people expect of a call app on a phone and a desktop (issue 13), in real Chromium: the
 * screen stays on during a call, a hidden page notifies of messages and file offers (one
 * notification for a burst), Ctrl+D / Ctrl+E as in Google Meet, a pasted file is offered like
 * Send file, and a remote person's video goes picture-in-picture and comes back on leave.
 *
 * Headless Chromium cannot hide a page, so "the person switched apps" is simulated in the page
 * (probes.ts `setPageHidden`, which says what that leaves unshown).
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium, playwrightOf } from './driver'
import { smallCameraFile } from './fake-camera'
import { pageCall } from './page-script'
import { heldWakeLocks, pictureInPictureVideo, setPageHidden, shownNotifications } from './probes'
import { sharedCall } from './shared-call'
import {
  callBetween,
  expectMessage,
  expectNotice,
  expectVideoAdvancing,
  openChat,
  sendChat,
  waitFor,
} from './steps'

const NOTIFY = 'Notify me when hidden'

describe('phone and desktop conveniences of a call', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await browser?.close()
  })

  /**
   * A call between a desktop host and a guest on a desktop (shared by the tests that use it,
   * shared-call.ts: each leaves it as it found it — microphones and cameras on, no chat panel
   * open, no file offer waiting), or on a 390×844 touch phone (each test that uses it leaves
   * the call, so the next one gets a new call).
   */
  const desktopCall = sharedCall(async (open) => {
    const [host, guest] = [await open(browser), await open(browser)]
    await callBetween(host, guest)
    return { host, guest }
  })
  const phoneCall = sharedCall(async (open) => {
    const [host, guest] = [await open(browser), await open(browser, { viewport: 'phone' })]
    await callBetween(host, guest)
    return { host, guest }
  })
  const call = (guestOn?: 'phone') => (guestOn ? phoneCall() : desktopCall())

  it('keeps the screen of a phone on during the call, again after the page was hidden, and not after', async () => {
    const { host, guest } = await call('phone')
    phoneCall.ending()
    for (const page of [host, guest]) {
      await waitFor(
        () => heldWakeLocks(page),
        (n) => n === 1,
        5000,
      )
    }
    // Switching away drops the lock (the browser's doing); coming back takes a new one.
    await setPageHidden(guest, true)
    expect(await heldWakeLocks(guest)).toBe(0)
    await setPageHidden(guest, false)
    await waitFor(
      () => heldWakeLocks(guest),
      (n) => n === 1,
      5000,
    )

    await guest.tap('button', 'Leave call')
    await guest.waitFor('button', 'Start a call')
    await expectNotice(host, 'Gita left the call')
    await host.waitFor('button', 'Start a call')
    for (const page of [host, guest]) {
      await waitFor(
        () => heldWakeLocks(page),
        (n) => n === 0,
        5000,
      )
    }
  })

  it('shows a remote person in picture-in-picture on a phone, and leaving the call closes it', async () => {
    const { host, guest } = await call('phone')
    phoneCall.ending()
    await expectVideoAdvancing(guest, 'Hana')
    // Only a remote person's tile has the button; your own picture does not.
    expect(await guest.evaluate(() => document.querySelectorAll('button.pip').length, null)).toBe(1)
    await guest.tap('button', 'Show Hana in picture-in-picture')
    await waitFor(
      () => pictureInPictureVideo(guest),
      (label) => label === 'Video of Hana',
      10_000,
    )
    await guest.waitFor('button', 'Close picture-in-picture')
    await guest.tap('button', 'Close picture-in-picture')
    await waitFor(
      () => pictureInPictureVideo(guest),
      (label) => label === null,
      10_000,
    )

    await guest.tap('button', 'Show Hana in picture-in-picture')
    await waitFor(
      () => pictureInPictureVideo(guest),
      (label) => label === 'Video of Hana',
      10_000,
    )
    await guest.tap('button', 'Leave call')
    await guest.waitFor('button', 'Start a call')
    await waitFor(
      () => pictureInPictureVideo(guest),
      (label) => label === null,
      5000,
    )
    expect(host.errors).toEqual([])
  })

  it('notifies of messages and file offers while hidden, once the person turned it on', async () => {
    const { host, guest } = await call()
    // Not allowed yet — the context's grants leave notifications out, so they count as blocked:
    // the switch cannot be turned on and says where to allow them.
    await openChat(guest)
    expect(await guest.attribute('switch', NOTIFY, 'disabled')).not.toBeNull()
    await guest.waitFor('switch', NOTIFY)
    expect(
      await guest.evaluate(() => document.querySelector('.notify-switch')?.textContent ?? '', null),
    ).toContain('allow notifications in your browser’s site settings')
    // Allowed in the site settings (headless shows no prompt to click "Allow" in). Added to the
    // context's grants: per origin, Chromium would deny that origin everything else. The switch
    // follows at once.
    await playwrightOf(guest).context().grantPermissions(['notifications'])
    await waitFor(
      () => guest.attribute('switch', NOTIFY, 'disabled'),
      (disabled) => disabled === null,
      5000,
    )

    // Hidden but not turned on: nothing.
    await setPageHidden(guest, true)
    await sendChat(host, 'not yet')
    await expectMessage(guest, 'not yet')
    expect(await shownNotifications(guest)).toEqual([])
    await setPageHidden(guest, false)

    await openChat(guest)
    expect(await guest.attribute('switch', NOTIFY, 'aria-checked')).toBe('false')
    await guest.click('switch', NOTIFY)
    await waitFor(
      () => guest.attribute('switch', NOTIFY, 'aria-checked'),
      (checked) => checked === 'true',
      5000,
    )

    // Visible: the message shows in the call, no notification.
    await sendChat(host, 'while you look')
    await expectMessage(guest, 'while you look')
    expect(await shownNotifications(guest)).toEqual([])

    await setPageHidden(guest, true)
    await sendChat(host, 'Halo 1')
    await waitFor(
      () => shownNotifications(guest),
      (shown) => shown.length === 1,
      10_000,
    )
    expect(await shownNotifications(guest)).toEqual([
      { title: 'Hana', body: 'Halo 1', tag: 'tatap-chat' },
    ])

    // A burst replaces that one notification instead of stacking three.
    await sendChat(host, 'Halo 2')
    await sendChat(host, 'Halo 3')
    await waitFor(
      () => shownNotifications(guest),
      (shown) => shown.some((n) => n.body === 'Hana: Halo 3'),
      10_000,
    )
    expect(await shownNotifications(guest)).toEqual([
      { title: '3 new messages', body: 'Hana: Halo 3', tag: 'tatap-chat' },
    ])

    // A file offer has a notification of its own.
    await offerPastedFile(host, 'plan.txt', 'body')
    await waitFor(
      () => shownNotifications(guest),
      (shown) => shown.length === 2,
      10_000,
    )
    expect((await shownNotifications(guest)).at(-1)).toEqual({
      title: 'Hana wants to send you a file',
      body: 'plan.txt',
      tag: 'tatap-file',
    })

    // A tap on the chat notification closes it and brings the app's window to the front.
    const tapped = await tapNotification(guest, 'tatap-chat')
    expect(tapped.focused).toEqual([playwrightOf(guest).url()])
    expect(tapped.left).toEqual(['tatap-file'])

    // Back in the call: the notifications are gone, the call shows it all.
    await setPageHidden(guest, false)
    await waitFor(
      () => shownNotifications(guest),
      (shown) => shown.length === 0,
      5000,
    )
    await guest.waitFor('button', 'Accept plan.txt')
    expect(guest.errors).toEqual([])
    await guest.click('button', 'Decline plan.txt')
    await guest.waitFor('button', 'Accept plan.txt', 'gone')
    await closeChat(guest)
    // A dozen round trips through the chat on two cores shared with other browsers.
  }, 150_000)

  it('Ctrl+D and Ctrl+E turn microphone and camera off and on, also from the chat box', async () => {
    const { host, guest } = await call()
    const keyboard = playwrightOf(host).keyboard
    expect(await host.attribute('button', 'Mute microphone', 'title')).toBe(
      'Mute microphone (Ctrl+D)',
    )
    expect(await host.attribute('button', 'Turn camera off', 'title')).toBe(
      'Turn camera off (Ctrl+E)',
    )
    // Whether anything after the app (the browser's bookmark / search) would still act on it.
    await host.evaluate(() => {
      const win = window as unknown as { __keptDefault: string[] }
      win.__keptDefault = []
      window.addEventListener('keydown', (e) => {
        if (e.ctrlKey && e.key.length === 1 && !e.defaultPrevented) win.__keptDefault.push(e.key)
      })
    }, null)

    await keyboard.press('Control+d')
    await host.waitFor('button', 'Unmute microphone')
    await guest.waitFor('img', 'Hana is muted')
    await keyboard.press('Control+d')
    await host.waitFor('button', 'Mute microphone')
    await guest.waitFor('img', 'Hana is muted', 'gone')

    await keyboard.press('Control+e')
    await host.waitFor('button', 'Turn camera on')
    await keyboard.press('Control+e')
    await host.waitFor('button', 'Turn camera off')
    await expectVideoAdvancing(guest, 'Hana')

    // Typing in the chat box: the shortcut still works and the text stays as typed.
    await openChat(host)
    await host.fill('Message', 'draft')
    await playwrightOf(host).getByRole('textbox', { name: 'Message' }).press('Control+d')
    await host.waitFor('button', 'Unmute microphone')
    expect(await host.editableValue('Message')).toBe('draft')
    // Plain typing of the same letters is typing.
    await playwrightOf(host).getByRole('textbox', { name: 'Message' }).press('d')
    expect(await host.editableValue('Message')).toBe('draftd')
    expect(await host.isVisible('button', 'Unmute microphone')).toBe(true)

    expect(
      await host.evaluate(
        () => (window as unknown as { __keptDefault: string[] }).__keptDefault,
        null,
      ),
    ).toEqual([])
    await keyboard.press('Control+d')
    await host.waitFor('button', 'Mute microphone')
    await guest.waitFor('img', 'Hana is muted', 'gone')
    await host.fill('Message', '')
    await closeChat(host)
  })

  it('a file pasted in the call or into the chat box is offered; pasted text stays text', async () => {
    const { host, guest } = await call()
    // A real Ctrl+V of a picture on the clipboard, anywhere in the call.
    await host.evaluate(async () => {
      const canvas = new OffscreenCanvas(8, 8)
      canvas.getContext('2d')?.fillRect(0, 0, 8, 8)
      const png = await canvas.convertToBlob({ type: 'image/png' })
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })])
    }, null)
    await playwrightOf(host).locator('body').press('Control+v')
    await guest.waitFor('button', 'Accept image.png')

    // A copied file pasted into the chat box (the page's paste event, as a file manager's).
    await openChat(host)
    await offerPastedFile(host, 'notes.txt', 'chat box')
    await guest.waitFor('button', 'Accept notes.txt')

    // Text pasted into the chat box is ordinary text, and offers nothing.
    await host.evaluate(() => navigator.clipboard.writeText('Halo dari papan klip'), null)
    await playwrightOf(host).getByRole('textbox', { name: 'Message' }).press('Control+v')
    expect(await host.editableValue('Message')).toBe('Halo dari papan klip')
    await host.click('button', 'Send message')
    await expectMessage(guest, 'Halo dari papan klip')
    const offers = await guest.evaluate(
      () =>
        [...document.querySelectorAll('button')].filter((b) => b.textContent?.startsWith('Accept'))
          .length,
      null,
    )
    expect(offers).toBe(2)
    for (const file of ['image.png', 'notes.txt']) {
      await guest.click('button', `Decline ${file}`)
      await guest.waitFor('button', `Accept ${file}`, 'gone')
    }
    await closeChat(host)
    await closeChat(guest)
  })
})

/** Closes the page's chat panel if it is open. */
async function closeChat(page: AppPage): Promise<void> {
  if (await page.isVisible('textbox', 'Message')) await page.click('button', 'Close chat')
  await page.waitFor('textbox', 'Message', 'gone')
}

/**
 * Fires the paste of a copied file `name` at the place `where` ('body' or the 'chat box'), as a
 * paste from a file manager arrives: a ClipboardEvent whose DataTransfer holds the File.
 */
function offerPastedFile(page: AppPage, name: string, where: 'body' | 'chat box'): Promise<void> {
  return page.evaluate(
    ({ name, where }) => {
      const data = new DataTransfer()
      data.items.add(new File([`contents of ${name}\n`], name, { type: 'text/plain' }))
      const target =
        where === 'body'
          ? document.body
          : (document.querySelector('input[aria-label="Message"]') ?? document.body)
      if (target instanceof HTMLElement) target.focus()
      target.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      )
    },
    { name, where },
  )
}

/**
 * Taps the page's notification `tag` as far as a test can: headless Chromium has no notification
 * tray to click, so this dispatches a `notificationclick` for it in the app's service worker and
 * waits for the handler (public/sw-notifications.js). An untrusted event may not focus a window,
 * so `WindowClient.focus` is replaced for the moment by a recorder: returns the URLs of the
 * windows the handler asked to focus, and the tags still shown afterwards.
 */
async function tapNotification(
  page: AppPage,
  tag: string,
): Promise<{ focused: string[]; left: string[] }> {
  const context = playwrightOf(page).context()
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))
  const run = async (tag: string) => {
    type Client = { url: string }
    type Scope = {
      registration: { getNotifications(filter?: { tag: string }): Promise<Notification[]> }
      WindowClient: { prototype: { focus(): Promise<unknown> } }
      NotificationEvent: new (
        type: string,
        init: { notification: Notification },
      ) => Event & { waitUntil(p: Promise<unknown>): void }
    }
    const sw = self as unknown as Scope
    const focused: string[] = []
    const focus = sw.WindowClient.prototype.focus
    sw.WindowClient.prototype.focus = async function (this: Client) {
      focused.push(this.url)
      return this
    }
    try {
      const [shown] = await sw.registration.getNotifications({ tag })
      if (!shown) throw new Error(`no notification ${tag}`)
      const event = new sw.NotificationEvent('notificationclick', { notification: shown })
      const pending: Promise<unknown>[] = []
      const waitUntil = event.waitUntil.bind(event)
      event.waitUntil = (promise) => {
        pending.push(promise)
        waitUntil(promise)
      }
      self.dispatchEvent(event)
      await Promise.all(pending)
    } finally {
      sw.WindowClient.prototype.focus = focus
    }
    const left = (await sw.registration.getNotifications()).map((n) => n.tag)
    return { focused, left }
  }
  return worker.evaluate(pageCall(run, tag)) as Promise<{ focused: string[]; left: string[] }>
}
