/**
 * A call survives the network going away: two Chromiums in their own network namespaces
 * (netns.ts). A link taken down for 10, 20 and 40 s comes back by itself, nothing scanned again.
 * A phone that moves to another address (its old one gone) comes back through Reconnect: one
 * new code exchange, and the same call — video, names, chat typed meanwhile — carries on.
 */
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium, openPage, type PageOptions } from './driver'
import { type TwoHosts, twoHosts } from './netns'
import {
  connectWithReply,
  expectMessage,
  expectNotice,
  expectVideoAdvancing,
  joinWithCode,
  messageCount,
  sendChat,
  startCall,
  tap,
} from './steps'

const INTERRUPTED = 'Connection interrupted — trying to recover…'

/** Served on every address of this machine, so both namespaces reach it through their link. */
const PORT = Number(process.env.TATAP_E2E_NETNS_PORT ?? 4195)

describe('the network drops mid-call', { timeout: 240_000 }, () => {
  let net: TwoHosts
  let server: Awaited<ReturnType<typeof preview>>
  const browsers: Browser[] = []

  beforeAll(async () => {
    net = twoHosts()
    server = await preview({
      preview: { port: PORT, strictPort: true, host: '0.0.0.0', open: false },
      logLevel: 'warn',
    })
  })

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()))
    await server?.close()
    net?.close()
  })

  async function pageOn(host: TwoHosts['a'], options: PageOptions = {}): Promise<AppPage> {
    const origin = `http://${host.gateway}:${PORT}`
    // The app comes over plain http from a non-loopback address here: let it use the camera.
    const browser = await launchChromium({
      executable: host.chromium,
      args: [`--unsafely-treat-insecure-origin-as-secure=${origin}`],
    })
    browsers.push(browser)
    return openPage(browser, options)
  }

  it('10, 20 and 40 s outages: the call comes back by itself, with what was typed meanwhile', async () => {
    const [ana, budi] = await Promise.all([pageOn(net.a), pageOn(net.b)])
    const invite = await startCall(ana, 'Ana', `http://${net.a.gateway}:${PORT}/?lan`)
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    await connectWithReply(ana, reply)
    await expectVideoAdvancing(ana, 'Budi')
    await expectVideoAdvancing(budi, 'Ana')

    for (const seconds of [10, 20, 40]) {
      net.a.linkDown()
      await expectNotice(ana, INTERRUPTED)
      const text = `typed during a ${seconds} s outage`
      await sendChat(budi, text)
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
      net.a.linkUp()
      await expectVideoAdvancing(ana, 'Budi')
      await expectVideoAdvancing(budi, 'Ana')
      await expectMessage(ana, text)
      expect(await messageCount(ana, text)).toBe(1)
      await expectNotice(ana, INTERRUPTED, true)
    }
    expect(ana.errors).toEqual([])
    expect(budi.errors).toEqual([])
  })

  it('a phone moves to another network: Reconnect, one new code exchange, and the same call carries on', async () => {
    const [ana, budi] = await Promise.all([pageOn(net.a), pageOn(net.b, { viewport: 'phone' })])
    const invite = await startCall(ana, 'Ana', `http://${net.a.gateway}:${PORT}/?lan`)
    const reply = await joinWithCode(budi, 'Budi', invite, `http://${net.b.gateway}:${PORT}/?lan`)
    await connectWithReply(ana, reply)
    await expectVideoAdvancing(ana, 'Budi')
    await expectVideoAdvancing(budi, 'Ana')

    // Budi's phone walks to another network: its old address is gone for good.
    net.b.moveTo('10.77.2.9')
    const text = 'typed on the new network'
    await sendChat(budi, text, tap)
    // ICE gives up on the old path (16–18 s here); both sides then offer Reconnect.
    await ana.waitFor('button', 'Reconnect with Budi', 'visible', 45_000)
    await budi.waitFor('button', 'Reconnect with Ana', 'visible', 45_000)
    await ana.click('button', 'Reconnect with Budi')
    await ana.waitFor('textbox', 'Reconnect code', 'visible', 15_000)
    const code = await ana.readOnlyValue('Reconnect code')
    expect(code).toMatch(/[?&]reconnect#/)
    await tap(budi, 'Reconnect with Ana')
    await budi.fill('Reconnect code', code)
    await tap(budi, 'Continue call')
    await budi.waitFor('textbox', 'Reply code', 'visible', 15_000)
    const answer = await budi.readOnlyValue('Reply code')
    await ana.fill('Reply code', answer)
    const applied = Date.now()
    await ana.click('button', 'Continue call')

    await expectNotice(ana, 'Reconnected with Budi.')
    await expectNotice(budi, 'Reconnected with Ana.')
    await expectVideoAdvancing(ana, 'Budi')
    await expectVideoAdvancing(budi, 'Ana')
    console.log(`reconnect: video both ways ${Date.now() - applied} ms after the reply was applied`)
    await expectMessage(ana, text)
    expect(await messageCount(ana, text)).toBe(1)
    expect(await ana.isVisible('button', 'Reconnect with Budi')).toBe(false)
    expect(ana.errors).toEqual([])
    expect(budi.errors).toEqual([])
  })
})
