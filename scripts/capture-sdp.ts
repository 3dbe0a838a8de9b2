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
import { launchChromium } from '../tests/e2e/browsers'
import { launchFirefox } from '../tests/e2e/firefox'

interface CaptureSpec {
  media: boolean
  dataChannel: boolean
  bundlePolicy: 'balanced' | 'max-bundle'
}

interface Captured {
  offer: string
  answer: string
}

/** Page-side helpers, kept as source text so no bundler helper leaks into evaluated functions. */
const PAGE_SCRIPT = `
window.tatapGather = (pc) => new Promise((resolve) => {
  const done = () => { if (pc.iceGatheringState === 'complete') resolve() }
  pc.addEventListener('icegatheringstatechange', done)
  done()
  setTimeout(resolve, 5000)
})
window.tatapGrantMedia = async () => {
  window.tatapStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
  return window.tatapStream.getTracks().length
}
window.tatapCapture = async (spec) => {
  const config = { bundlePolicy: spec.bundlePolicy }
  const a = new RTCPeerConnection(config)
  const b = new RTCPeerConnection(config)
  if (spec.media) for (const t of window.tatapStream.getTracks()) a.addTrack(t, window.tatapStream)
  if (spec.dataChannel) a.createDataChannel('tatap')
  await a.setLocalDescription(await a.createOffer())
  await window.tatapGather(a)
  await b.setRemoteDescription(a.localDescription)
  await b.setLocalDescription(await b.createAnswer())
  await window.tatapGather(b)
  const result = { offer: a.localDescription.sdp, answer: b.localDescription.sdp }
  a.close()
  b.close()
  return result
}
true
`

/** Fixture name suffix -> what to capture. Media captures call getUserMedia first. */
const DC: CaptureSpec = { media: false, dataChannel: true, bundlePolicy: 'balanced' }
const AV_BALANCED: CaptureSpec = { media: true, dataChannel: true, bundlePolicy: 'balanced' }
const AV_MAX_BUNDLE: CaptureSpec = { media: true, dataChannel: true, bundlePolicy: 'max-bundle' }

type Evaluate = (expression: string) => Promise<unknown>

/** Captures each spec on one page, in order; getUserMedia is called before the first media spec. */
async function captureOnPage(
  evaluate: Evaluate,
  specs: Record<string, CaptureSpec>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  await evaluate(PAGE_SCRIPT)
  let granted = false
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.media && !granted) {
      await evaluate('window.tatapGrantMedia()')
      granted = true
    }
    const c = (await evaluate(`window.tatapCapture(${JSON.stringify(spec)})`)) as Captured
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
    const blank = await browser.newPage()
    const mdns = await captureOnPage((e) => blank.evaluate(e), { DcMdns: DC })
    const page = await browser.newPage()
    await page.goto(url)
    const specs = { Dc: DC, AvBalanced: AV_BALANCED, AvMaxBundle: AV_MAX_BUNDLE }
    const real = await captureOnPage((e) => page.evaluate(e), specs)
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
      const page = await browser.newPage()
      await page.goto(url)
      const sdps = await captureOnPage((e) => page.evaluate(e), specs)
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
