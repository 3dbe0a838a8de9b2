/**
 * Captures real SDPs from Chromium (playwright-core) and Firefox (puppeteer-core) and writes them
 * as codec fixtures: src/codec/fixtures/captured-chromium.ts and captured-firefox.ts.
 *
 * Run: npx tsx scripts/capture-sdp.ts
 *
 * Pages are served from a throwaway http server on 127.0.0.1 (a secure context, so getUserMedia
 * works). Chromium hides host addresses behind mDNS names until camera/mic access is granted, so
 * each browser is captured first without and then with getUserMedia.
 */
import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AppPage, launchChromium, launchFirefox, openPage } from '../tests/e2e/driver'

interface CaptureSpec {
  media: boolean
  dataChannel: boolean
  bundlePolicy: 'balanced' | 'max-bundle'
}

interface Captured {
  offer: string
  answer: string
}

/** In the page: camera and microphone, kept for the captures that send media. */
async function grantMedia(): Promise<number> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
  ;(window as unknown as { tatapStream: MediaStream }).tatapStream = stream
  return stream.getTracks().length
}

/** In the page: an offer and its answer between two local peers, each once gathering is done. */
async function capturePair(spec: CaptureSpec): Promise<Captured> {
  const gathered = (pc: RTCPeerConnection) =>
    new Promise<void>((resolve) => {
      const done = () => {
        if (pc.iceGatheringState === 'complete') resolve()
      }
      pc.addEventListener('icegatheringstatechange', done)
      done()
      setTimeout(resolve, 5000)
    })
  const config = { bundlePolicy: spec.bundlePolicy }
  const a = new RTCPeerConnection(config)
  const b = new RTCPeerConnection(config)
  const stream = (window as unknown as { tatapStream?: MediaStream }).tatapStream
  if (spec.media && stream) for (const t of stream.getTracks()) a.addTrack(t, stream)
  if (spec.dataChannel) a.createDataChannel('tatap')
  await a.setLocalDescription(await a.createOffer())
  await gathered(a)
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription)
  await b.setLocalDescription(await b.createAnswer())
  await gathered(b)
  const result = { offer: a.localDescription?.sdp ?? '', answer: b.localDescription?.sdp ?? '' }
  a.close()
  b.close()
  return result
}

/** Fixture name suffix -> what to capture. Media captures call getUserMedia first. */
const DC: CaptureSpec = { media: false, dataChannel: true, bundlePolicy: 'balanced' }
const AV_BALANCED: CaptureSpec = { media: true, dataChannel: true, bundlePolicy: 'balanced' }
const AV_MAX_BUNDLE: CaptureSpec = { media: true, dataChannel: true, bundlePolicy: 'max-bundle' }

/** Captures each spec on one page, in order; getUserMedia is called before the first media spec. */
async function captureOnPage(
  page: AppPage,
  specs: Record<string, CaptureSpec>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  let granted = false
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.media && !granted) {
      await page.evaluate(grantMedia, null)
      granted = true
    }
    const c = await page.evaluate(capturePair, spec)
    out[`${name}Offer`] = c.offer
    out[`${name}Answer`] = c.answer
  }
  return out
}

function serve(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>capture</title>')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/**
 * Chromium: about:blank has no media permission, so host candidates are mDNS names; on the
 * 127.0.0.1 page the fake-UI flag grants camera/mic and real addresses appear.
 */
async function captureChromium(
  url: string,
): Promise<{ version: string; sdps: Record<string, string> }> {
  const browser = await launchChromium()
  try {
    const blank = await openPage(browser, { allowMedia: false })
    const mdns = await captureOnPage(blank, { DcMdns: DC })
    const page = await openPage(browser, { allowMedia: false })
    await page.goto(url)
    const specs = { Dc: DC, AvBalanced: AV_BALANCED, AvMaxBundle: AV_MAX_BUNDLE }
    const real = await captureOnPage(page, specs)
    return { version: browser.version(), sdps: { ...mdns, ...real } }
  } finally {
    await browser.close()
  }
}

/** Firefox keeps mDNS names even after getUserMedia here; a second run turns obfuscation off. */
async function captureFirefox(
  url: string,
): Promise<{ version: string; sdps: Record<string, string> }> {
  const capture = async (obfuscate: boolean, specs: Record<string, CaptureSpec>) => {
    const browser = await launchFirefox({
      prefs: { 'media.peerconnection.ice.obfuscate_host_addresses': obfuscate },
    })
    try {
      const page = await openPage(browser)
      await page.goto(url)
      const sdps = await captureOnPage(page, specs)
      return { version: await browser.version(), sdps }
    } finally {
      await browser.close()
    }
  }
  const mdns = await capture(true, {
    DcMdns: DC,
    AvBalanced: AV_BALANCED,
    AvMaxBundle: AV_MAX_BUNDLE,
  })
  const real = await capture(false, { Dc: DC })
  return { version: mdns.version, sdps: { ...mdns.sdps, ...real.sdps } }
}

/** Renders one fixture module: each SDP as an array of its lines, joined with CRLF by `sdp()`. */
function renderModule(prefix: string, version: string, sdps: Record<string, string>): string {
  const parts = [
    `// Generated by scripts/capture-sdp.ts from ${version}. Do not edit; re-run the script.`,
    "import { sdp } from './sdp'",
    '',
  ]
  for (const [name, text] of Object.entries(sdps)) {
    const lines = text.split('\r\n').filter((l) => l !== '')
    parts.push(`export const ${prefix}${name} = sdp([`)
    for (const line of lines) parts.push(`  ${JSON.stringify(line).replaceAll("'", "\\'")},`)
    parts.push('])', '')
  }
  return parts.join('\n').replaceAll(/"((?:[^"\\]|\\.)*)",$/gm, "'$1',")
}

async function main(): Promise<void> {
  const server = await serve()
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  try {
    const dir = new URL('../src/codec/fixtures/', import.meta.url)
    const c = await captureChromium(url)
    writeFileSync(new URL('captured-chromium.ts', dir), renderModule('chromium', c.version, c.sdps))
    const f = await captureFirefox(url)
    writeFileSync(new URL('captured-firefox.ts', dir), renderModule('firefox', f.version, f.sdps))
    console.log(
      `captured ${Object.keys(c.sdps).length} Chromium and ${Object.keys(f.sdps).length} Firefox SDPs`,
    )
  } finally {
    server.close()
  }
}

await main()
