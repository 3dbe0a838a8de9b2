/**
 * The codec against real browsers: an offer from one page is encoded and decoded in Node, the
 * other page answers the rebuilt data-channel-only SDP, the bound answer goes back the same way,
 * and a data channel must open and carry a message both ways.
 *
 * Self-contained: its own loopback page server and browser launches (not the app build).
 * Chromium via playwright-core; Firefox via puppeteer-core (WebDriver BiDi).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser as PlaywrightBrowser } from 'playwright-core'
import type { Browser as PuppeteerBrowser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeSignal, encodeSignal, type Signal } from '../../src/codec/index'
import { launchChromium } from './browsers'
import { launchFirefox } from './firefox'

/**
 * Page-side peer, as source text (nothing of the test bundler leaks into the page).
 * `tatapPeer.offer()` / `.answer(offer)` return the local SDP once ICE gathering completes
 * (capped at 5 s); `.accept(answer)` applies the answer; `.exchange(text)` waits for the channel,
 * sends `text` and resolves with the first message received.
 */
const PEER_SCRIPT = `
(() => {
  const gathered = (pc) => new Promise((resolve) => {
    const check = () => { if (pc.iceGatheringState === 'complete') resolve() }
    pc.addEventListener('icegatheringstatechange', check)
    check()
    setTimeout(resolve, 5000)
  })
  const pc = new RTCPeerConnection()
  let channel
  const opened = new Promise((resolve) => {
    const use = (dc) => {
      channel = dc
      if (dc.readyState === 'open') resolve(dc)
      else dc.addEventListener('open', () => resolve(dc), { once: true })
    }
    pc.addEventListener('datachannel', (e) => use(e.channel))
    window.tatapUse = use
  })
  const received = opened.then((dc) => new Promise((resolve) => {
    dc.addEventListener('message', (e) => resolve(e.data), { once: true })
  }))
  window.tatapPeer = {
    async offer() {
      window.tatapUse(pc.createDataChannel('tatap'))
      await pc.setLocalDescription(await pc.createOffer())
      await gathered(pc)
      return pc.localDescription.sdp
    },
    async answer(offer) {
      await pc.setRemoteDescription(offer)
      await pc.setLocalDescription(await pc.createAnswer())
      await gathered(pc)
      return pc.localDescription.sdp
    },
    async accept(answer) {
      await pc.setRemoteDescription(answer)
    },
    async exchange(text) {
      const dc = await opened
      dc.send(text)
      return received
    },
    close() { pc.close() },
  }
  return true
})()
`

/** The little each browser driver must offer: evaluate an expression and await its value. */
interface PeerPage {
  evaluate<T>(expression: string): Promise<T>
}

let server: Server
let pageUrl: string
let chromiumBrowser: PlaywrightBrowser | undefined
let firefoxBrowser: PuppeteerBrowser | undefined

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>codec</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  chromiumBrowser = await launchChromium()
  firefoxBrowser = await launchFirefox()
})

afterAll(async () => {
  await chromiumBrowser?.close()
  await firefoxBrowser?.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** A Chromium page: on about:blank host candidates are mDNS names, on http://127.0.0.1 IPs. */
async function chromiumPeer(url: string = pageUrl): Promise<PeerPage> {
  if (!chromiumBrowser) throw new Error('Chromium did not start')
  const page = await chromiumBrowser.newPage()
  if (url !== 'about:blank') await page.goto(url)
  const peer: PeerPage = { evaluate: (expression) => page.evaluate(expression) }
  await peer.evaluate(PEER_SCRIPT)
  return peer
}

async function firefoxPeer(): Promise<PeerPage> {
  if (!firefoxBrowser) throw new Error('Firefox did not start')
  const page = await firefoxBrowser.newPage()
  await page.goto(pageUrl)
  const peer: PeerPage = {
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
  }
  await peer.evaluate(PEER_SCRIPT)
  return peer
}

const call = (method: string, arg?: unknown) =>
  `window.tatapPeer.${method}(${arg === undefined ? '' : JSON.stringify(arg)})`

/** The whole bootstrap through codes; returns what each side received. */
async function connect(offerer: PeerPage, answerer: PeerPage): Promise<[string, string]> {
  const offer: Signal = { type: 'offer', sdp: await offerer.evaluate<string>(call('offer')) }
  const offerCode = encodeSignal(offer)
  const remoteOffer = decodeSignal(`https://tatap.example/#${offerCode}`)

  const answer: Signal = {
    type: 'answer',
    sdp: await answerer.evaluate<string>(call('answer', remoteOffer)),
  }
  const answerCode = encodeSignal(answer, { replyTo: remoteOffer })
  const remoteAnswer = decodeSignal(answerCode, { replyTo: offer })
  await offerer.evaluate(call('accept', remoteAnswer))

  const [atAnswerer, atOfferer] = await Promise.all([
    answerer.evaluate<string>(call('exchange', 'pong from the answerer')),
    offerer.evaluate<string>(call('exchange', 'ping from the offerer')),
  ])
  await offerer.evaluate(call('close'))
  await answerer.evaluate(call('close'))
  return [atOfferer, atAnswerer]
}

const EXPECTED = ['pong from the answerer', 'ping from the offerer']

describe('codec bootstrap in real browsers', () => {
  it('Chromium -> Chromium', async () => {
    expect(await connect(await chromiumPeer(), await chromiumPeer())).toEqual(EXPECTED)
  })

  it('Chromium -> Chromium with mDNS host candidates', async () => {
    const offerer = await chromiumPeer('about:blank')
    const offerSdp = await offerer.evaluate<string>(call('offer'))
    expect(offerSdp).toMatch(/ [0-9a-f-]{36}\.local /)
    await offerer.evaluate(call('close'))
    expect(
      await connect(await chromiumPeer('about:blank'), await chromiumPeer('about:blank')),
    ).toEqual(EXPECTED)
  })

  it('Chromium -> Firefox', async () => {
    expect(await connect(await chromiumPeer(), await firefoxPeer())).toEqual(EXPECTED)
  })

  it('Firefox -> Chromium', async () => {
    expect(await connect(await firefoxPeer(), await chromiumPeer())).toEqual(EXPECTED)
  })
})
