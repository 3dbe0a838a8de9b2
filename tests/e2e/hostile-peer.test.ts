import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium } from './driver'
import { smallCameraFile } from './fake-camera'
import { pagesClosedAfterEachTest } from './lifecycle'
import type { Recorded } from './page-script'
import {
  callBetween,
  expectFramesAdvancing,
  expectMessage,
  expectVideoAdvancing,
  inviteIntoCall,
  openChat,
  waitFor,
} from './steps'

/**
 * The guest here is a hostile peer: an ordinary app page whose open channels the test uses to
 * send, besides what the app itself sends, frames no honest Tatap would (docs/protocol.md, the
 * bounds). The host is the person: it must stay responsive, show only what is true, keep working,
 * and say what happened.
 */

/**
 * Sends each of `frames` as it is on the guest's open channel labelled `label`, a few hundred per
 * task as a script on the network would, until the channel closes; returns how many went out.
 */
function sendRaw(
  page: AppPage,
  label: string,
  frames: readonly string[],
  /** Which of the page's open channels of that label, in the order they were made: 0 is the
   *  first connection's (the one made by codes), 1 the next (an introduced member's). */
  nth = 0,
): Promise<number> {
  return page.evaluate(
    async ({ label, frames, nth }) => {
      const channel = (window as unknown as Recorded).__tatap.channels.filter(
        (c) => c.label === label && c.readyState === 'open',
      )[nth]
      if (!channel) throw new Error(`no open ${label} channel`)
      let sent = 0
      for (const frame of frames) {
        if (channel.readyState !== 'open') break
        channel.send(frame)
        if (++sent % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
      }
      return sent
    },
    { label, frames, nth },
  )
}

/** From now on, the ids of the members the page's first connection introduces to it. */
function watchIntroductions(page: AppPage): Promise<void> {
  return page.evaluate(() => {
    const win = window as unknown as Recorded & { __introduced?: string[] }
    win.__introduced = []
    const control = win.__tatap.channels.find(
      (c) => c.label === 'control' && c.readyState === 'open',
    )
    control?.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data))
        if (message.t === 'introduce') win.__introduced?.push(String(message.peer.id))
      } catch {}
    })
  }, null)
}

function introducedIds(page: AppPage): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __introduced?: string[] }).__introduced ?? [],
    null,
  )
}

/** The ICE username fragments the page's first connection has had, sampled every 50 ms. */
function watchIceRestarts(page: AppPage): Promise<void> {
  return page.evaluate(() => {
    const win = window as unknown as Recorded & { __ufrags?: Set<string> }
    const seen = new Set<string>()
    win.__ufrags = seen
    setInterval(() => {
      const sdp = win.__tatap.peers[0]?.localDescription?.sdp ?? ''
      const ufrag = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1]
      if (ufrag) seen.add(ufrag)
    }, 50)
  }, null)
}

function iceUfragCount(page: AppPage): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __ufrags?: Set<string> }).__ufrags?.size ?? 0,
    null,
  )
}

/** From now on, the longest task that blocked the page's main thread (ms) is kept. */
function watchLongTasks(page: AppPage): Promise<void> {
  return page.evaluate(() => {
    const win = window as unknown as { __longestTaskMs?: number }
    win.__longestTaskMs = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        win.__longestTaskMs = Math.max(win.__longestTaskMs ?? 0, entry.duration)
      }
    }).observe({ type: 'longtask' })
  }, null)
}

function longestTaskMs(page: AppPage): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __longestTaskMs?: number }).__longestTaskMs ?? 0,
    null,
  )
}

function transceiverCount(page: AppPage): Promise<number> {
  return page.evaluate(() => {
    const peers = (window as unknown as Recorded).__tatap.peers
    return peers.reduce((sum, pc) => sum + pc.getTransceivers().length, 0)
  }, null)
}

const bodyText = (page: AppPage) => page.evaluate(() => document.body.textContent ?? '', null)

const chat = (id: string, text: string, author = 'Gita', sentAt = Date.now()) =>
  JSON.stringify({ t: 'msg', id, author, text, sentAt })

describe('a hostile peer in the call', () => {
  let browser: Browser
  const openPage = pagesClosedAfterEachTest()
  beforeAll(async () => {
    browser = await launchChromium({ fakeVideoFile: smallCameraFile() })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('malformed frames, a spoofed author, 100 renegotiation requests and a 10 000-message flood: the host stays responsive, truthful and able to share its screen, and is told', async () => {
    const [host, guest] = [await openPage(browser), await openPage(browser)]
    await callBetween(host, guest)
    await openChat(host)
    await watchLongTasks(host)

    // Frames no schema accepts, an oversized hello, an offer from the side that only answers.
    await sendRaw(guest, 'control', [
      'not json',
      '{"t":"no-such-frame"}',
      JSON.stringify({ t: 'hello', v: 2, id: 'x', name: 'M'.repeat(200_000), media: {} }),
      JSON.stringify({ t: 'description', description: { type: 'offer', sdp: 'v=0 garbage' } }),
      JSON.stringify({ t: 'media', mic: 'loud', cam: 7 }),
    ])
    await sendRaw(guest, 'chat', [
      '{"t":"msg"}',
      chat('too-long', 'x'.repeat(70_000)),
      // Dressed up as the host's own message, from a clock far in the future.
      chat('spoof-1', 'I am really you', 'You', 1e20),
    ])
    await expectMessage(host, 'I am really you')
    const log = await host.text('log', 'Messages')
    expect(log).not.toContain('Invalid Date')
    expect(log).toMatch(/Gita[\s\S]*I am really you/)
    expect(log).not.toMatch(/You[\s\S]*I am really you/)

    // 100 requests for new media lines: a few are added, the call still renegotiates.
    const before = await transceiverCount(host)
    await sendRaw(
      guest,
      'control',
      Array.from({ length: 100 }, () =>
        JSON.stringify({ t: 'negotiate', kinds: ['audio', 'video', 'video', 'audio'] }),
      ),
    )
    await waitFor(
      () =>
        host.evaluate(
          () => (window as unknown as Recorded).__tatap.peers[0]?.signalingState ?? 'none',
          null,
        ),
      (state) => state === 'stable',
      15_000,
    )
    expect(await transceiverCount(host)).toBeLessThanOrEqual(before + 12)
    await host.click('button', 'Share screen')
    await expectFramesAdvancing(guest, 'Screen of Hana')

    // A chat flood with the host's chat panel open.
    const flood = Array.from({ length: 10_000 }, (_, i) => chat(`flood-${i}`, `flood ${i}`))
    await sendRaw(guest, 'chat', flood)
    await waitFor(
      () => bodyText(host),
      (text) => text.includes('sent far more than a person could'),
      30_000,
    )
    // Measured on 2 cores: no task of the flood itself reaches 50 ms; the longest task is the call
    // ending (home screen drawn, media released) at 110–205 ms. Before: the flood froze the page
    // for over 25 s, and closing the connection inside that task blocked it 500–800 ms. The
    // bound is for a frozen page, not a speed: the same ending took 524–825 ms on a machine
    // busy with a second test run.
    expect(await longestTaskMs(host)).toBeLessThan(2000)
    expect(await bodyText(host)).not.toContain('flood 9999')
    expect(host.errors).toEqual([])
  })

  it('100 requests for an ICE restart on a healthy path: one restart at most, the call carries on', async () => {
    const [host, guest] = [await openPage(browser), await openPage(browser)]
    await callBetween(host, guest)
    await expectVideoAdvancing(guest, 'Hana')
    await watchIceRestarts(host)
    await sendRaw(
      guest,
      'control',
      Array.from({ length: 100 }, () =>
        JSON.stringify({ t: 'negotiate', kinds: [], restart: true }),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 5000))
    // The credentials the host had, and at most one restart's new ones; no offer left hanging.
    expect(await iceUfragCount(host)).toBeLessThanOrEqual(2)
    expect(
      await host.evaluate(
        () => (window as unknown as Recorded).__tatap.peers[0]?.signalingState ?? 'none',
        null,
      ),
    ).toBe('stable')
    await expectVideoAdvancing(guest, 'Hana')
    await expectVideoAdvancing(host, 'Gita')
    expect(host.errors).toEqual([])
  })

  it('in a room, a hostile member floods relays at a third, makes up people and says a live one left: nobody else is cut off or misled', async () => {
    const [host, guest, third] = [
      await openPage(browser),
      await openPage(browser),
      await openPage(browser),
    ]
    await callBetween(host, guest)
    await watchIntroductions(guest)
    await inviteIntoCall(host, third, 'Citra')
    await expectVideoAdvancing(guest, 'Citra')
    const [citraId] = await introducedIds(guest)
    if (!citraId) throw new Error('Gita was never introduced to Citra')

    // People made up: introductions of ghosts, then a goodbye for Citra, who is very much there.
    const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':')
    await sendRaw(guest, 'control', [
      ...Array.from({ length: 8 }, (_, i) =>
        JSON.stringify({
          t: 'introduce',
          peer: { id: `ghost-${i}`, name: `Ghost ${i}`, fingerprint },
        }),
      ),
      JSON.stringify({ t: 'gone', id: citraId }),
      JSON.stringify({ t: 'gone', id: 'ghost-4' }),
    ])
    // Signals for Hana to pass on to Citra, as many as Gita's own bound lets her send (500 per
    // 10 s): Hana passes a few, and Citra keeps her. Then far more: Gita alone is cut off.
    const candidate = { candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host', sdpMid: '0' }
    const signals = (count: number) =>
      Array.from({ length: count }, () => JSON.stringify({ t: 'signal', to: citraId, candidate }))
    await sendRaw(guest, 'control', signals(480))
    await new Promise((resolve) => setTimeout(resolve, 2000))
    await sendRaw(guest, 'control', signals(10_000))
    await new Promise((resolve) => setTimeout(resolve, 3000))
    await expectVideoAdvancing(host, 'Citra')
    await expectVideoAdvancing(third, 'Hana')
    for (const page of [host, third]) {
      const text = await bodyText(page)
      expect(text).not.toContain('Ghost')
      expect(text).not.toContain('Citra left')
      expect(text).not.toContain('Hana sent far more')
      expect(text).not.toContain('Citra sent far more')
    }
    // The room has three people, not eleven: an invite is made.
    await host.click('button', 'Invite someone')
    await host.waitFor('textbox', 'Invite code', 'visible', 15_000)
    expect(host.errors).toEqual([])
    expect(third.errors).toEqual([])
  })

  it('10 000 reactions and hand toggles: the host draws only the bounded few, stays responsive, and cuts the sender off', async () => {
    const [host, guest] = [await openPage(browser), await openPage(browser)]
    await callBetween(host, guest)
    await watchLongTasks(host)
    const reactions = () =>
      host.evaluate(
        () => document.querySelectorAll('[role="img"][aria-label^="Gita: "]').length,
        null,
      )
    const frames = (count: number) =>
      Array.from({ length: count }, (_, i) =>
        i % 2 === 0
          ? JSON.stringify({ t: 'react', emoji: '🎉' })
          : JSON.stringify({ t: 'hand', up: i % 4 === 1, ago: 0 }),
      )
    // Under the control channel's own bound (500 per 10 s): the gesture bounds alone hold.
    await sendRaw(guest, 'control', frames(400))
    await waitFor(reactions, (n) => n > 0, 15_000)
    // A burst of 15 reactions (10, and 5 for the network), at most 6 over a tile at once.
    expect(await reactions()).toBeLessThanOrEqual(6)
    // Then the flood: the connection ends, the host says why.
    await sendRaw(guest, 'control', frames(10_000))
    await waitFor(
      () => bodyText(host),
      (text) => text.includes('sent far more than a person could'),
      30_000,
    )
    const longest = await longestTaskMs(host)
    console.log(`gesture flood: longest main-thread task ${longest.toFixed(0)} ms`)
    // As the chat flood above: the longest task is the call ending, not the flood; the bound is
    // for a frozen page, not a speed (91 ms measured on a quiet run).
    expect(longest).toBeLessThan(2000)
    expect(host.errors).toEqual([])
  })
})
