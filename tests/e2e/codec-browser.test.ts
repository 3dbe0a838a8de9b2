/**
 * The codec against real browsers: an offer from one page is encoded and decoded in Node, the
 * other page answers the rebuilt data-channel-only SDP, the bound answer goes back the same way,
 * and a data channel must open and carry a message both ways.
 *
 * Self-contained: its own loopback page server with a bare peer in the page (not the app build),
 * driven through the e2e driver like every other test.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeSignal, encodeSignal, type Signal } from '../../src/codec/index'
import { type AnyBrowser, type AppPage, launchChromium, launchFirefox } from './driver'
import { pagesClosedAfterEachTest } from './lifecycle'

/** The page-side peer `installPeer` leaves on `window.tatapPeer`. */
interface TestPeer {
  /** Offers a data channel; the local SDP once ICE gathering completes (capped at 5 s). */
  offer(): Promise<string>
  /** Answers `offer`; the local SDP once gathering completes. */
  answer(offer: Signal): Promise<string>
  accept(answer: Signal): Promise<void>
  /** Waits for the channel, sends `text`, resolves with the first message received. */
  exchange(text: string): Promise<string>
  close(): void
}

/** In the page: one bare RTCPeerConnection, nothing of the app. */
function installPeer(): void {
  const gathered = (pc: RTCPeerConnection) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (pc.iceGatheringState === 'complete') resolve()
      }
      pc.addEventListener('icegatheringstatechange', check)
      check()
      setTimeout(resolve, 5000)
    })
  const pc = new RTCPeerConnection()
  let use: (dc: RTCDataChannel) => void = () => {}
  const opened = new Promise<RTCDataChannel>((resolve) => {
    use = (dc) => {
      if (dc.readyState === 'open') resolve(dc)
      else dc.addEventListener('open', () => resolve(dc), { once: true })
    }
    pc.addEventListener('datachannel', (e) => use(e.channel))
  })
  const received = opened.then(
    (dc) =>
      new Promise<string>((resolve) => {
        dc.addEventListener('message', (e) => resolve(String(e.data)), { once: true })
      }),
  )
  const peer: TestPeer = {
    async offer() {
      use(pc.createDataChannel('tatap'))
      await pc.setLocalDescription(await pc.createOffer())
      await gathered(pc)
      return pc.localDescription?.sdp ?? ''
    },
    async answer(offer) {
      await pc.setRemoteDescription(offer)
      await pc.setLocalDescription(await pc.createAnswer())
      await gathered(pc)
      return pc.localDescription?.sdp ?? ''
    },
    async accept(answer) {
      await pc.setRemoteDescription(answer)
    },
    async exchange(text) {
      const dc = await opened
      dc.send(text)
      return received
    },
    close: () => pc.close(),
  }
  ;(window as unknown as { tatapPeer: TestPeer }).tatapPeer = peer
}

let server: Server
let pageUrl: string
let chromium: PlaywrightBrowser
let firefox: PuppeteerBrowser
const openPage = pagesClosedAfterEachTest()

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>codec</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  ;[chromium, firefox] = await Promise.all([launchChromium(), launchFirefox()])
})

afterAll(async () => {
  await Promise.all([chromium?.close(), firefox?.close()])
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/**
 * A page with a bare peer, never granted camera access. Chromium on about:blank hides its host
 * candidates behind mDNS names; on http://127.0.0.1 it shows addresses.
 */
async function peerPage(browser: AnyBrowser, url: string = pageUrl): Promise<AppPage> {
  const page = await openPage(browser, { allowMedia: false })
  if (url !== 'about:blank') await page.goto(url)
  await page.evaluate(installPeer, null)
  return page
}

/** Calls `window.tatapPeer[method](arg)` in the page. */
function call<M extends keyof TestPeer>(
  page: AppPage,
  method: M,
  arg: Parameters<TestPeer[M]>[0] | null = null,
): Promise<Awaited<ReturnType<TestPeer[M]>>> {
  return page.evaluate(
    ([method, arg]) =>
      (window as unknown as { tatapPeer: Record<string, (arg: unknown) => unknown> }).tatapPeer[
        method
      ]?.(arg),
    [method, arg] as const,
  ) as Promise<Awaited<ReturnType<TestPeer[M]>>>
}

/** The whole bootstrap through codes; returns what each side received. */
async function connect(offerer: AppPage, answerer: AppPage): Promise<[string, string]> {
  const offer: Signal = { type: 'offer', sdp: await call(offerer, 'offer') }
  const offerCode = encodeSignal(offer)
  const remoteOffer = decodeSignal(`https://tatap.example/#${offerCode}`)

  const answer: Signal = { type: 'answer', sdp: await call(answerer, 'answer', remoteOffer) }
  const answerCode = encodeSignal(answer, { replyTo: remoteOffer })
  const remoteAnswer = decodeSignal(answerCode, { replyTo: offer })
  await call(offerer, 'accept', remoteAnswer)

  const [atAnswerer, atOfferer] = await Promise.all([
    call(answerer, 'exchange', 'pong from the answerer'),
    call(offerer, 'exchange', 'ping from the offerer'),
  ])
  await call(offerer, 'close')
  await call(answerer, 'close')
  return [atOfferer, atAnswerer]
}

const EXPECTED = ['pong from the answerer', 'ping from the offerer']

describe('codec bootstrap in real browsers', () => {
  it('Chromium -> Chromium', async () => {
    expect(await connect(await peerPage(chromium), await peerPage(chromium))).toEqual(EXPECTED)
  })

  it('Chromium -> Chromium with mDNS host candidates', async () => {
    const offerer = await peerPage(chromium, 'about:blank')
    const offerSdp = await call(offerer, 'offer')
    expect(offerSdp).toMatch(/ [0-9a-f-]{36}\.local /)
    await call(offerer, 'close')
    expect(
      await connect(
        await peerPage(chromium, 'about:blank'),
        await peerPage(chromium, 'about:blank'),
      ),
    ).toEqual(EXPECTED)
  })

  it('Chromium -> Firefox', async () => {
    expect(await connect(await peerPage(chromium), await peerPage(firefox))).toEqual(EXPECTED)
  })

  it('Firefox -> Chromium', async () => {
    expect(await connect(await peerPage(firefox), await peerPage(chromium))).toEqual(EXPECTED)
  })
})
