/**
 * A call survives the network going away: two Chromiums in their own network namespaces
 * (netns.ts), a link taken down for 10, 20 and 40 s. Nothing is scanned again.
 */
import type { Browser } from 'playwright-core'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppPage, launchChromium, openPage } from './driver'
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

  async function pageOn(host: TwoHosts['a']): Promise<AppPage> {
    const origin = `http://${host.gateway}:${PORT}`
    // The app comes over plain http from a non-loopback address here: let it use the camera.
    const browser = await launchChromium({
      executable: host.chromium,
      args: [`--unsafely-treat-insecure-origin-as-secure=${origin}`],
    })
    browsers.push(browser)
    return openPage(browser)
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
})
