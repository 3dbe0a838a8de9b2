/**
 * The ceiling for file transfers: a bare data channel between two pages of one Chromium, sending
 * bytes from memory with the app's own flow control (FILE_HIGH_WATER / FILE_LOW_WATER on the
 * channel buffer, FILE_WINDOW with an `ack` every FILE_ACK_STEP from the receiver) and nothing
 * else: no file reading, no hashing, no storage, no UI.
 */
import type { Page } from 'playwright-core'
import {
  FILE_ACK_STEP,
  FILE_HIGH_WATER,
  FILE_LOW_WATER,
  FILE_MAX_CHUNK,
  FILE_WINDOW,
} from '../src/transfer/protocol'

// Strings, not functions: tsx would wrap named inner functions in a helper the page lacks.
const SETUP = `
  window.__bare = (() => {
    const pc = new RTCPeerConnection({ iceServers: [] })
    const gathered = () => new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve()
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve()
      })
    })
    const state = { pc, gathered, channel: null, open: null }
    state.open = new Promise((resolve) => { state.resolveOpen = resolve })
    pc.addEventListener('datachannel', (e) => { state.channel = e.channel; receive(e.channel) })
    const receive = (ch) => {
      ch.binaryType = 'arraybuffer'
      let total = -1, got = 0, lastAck = 0
      ch.onmessage = (e) => {
        if (typeof e.data === 'string') { total = JSON.parse(e.data).total; got = 0; lastAck = 0; return }
        got += e.data.byteLength
        if (got - lastAck >= ${FILE_ACK_STEP}) { lastAck = got; ch.send(JSON.stringify({ n: got })) }
        if (got === total) ch.send(JSON.stringify({ done: true }))
      }
      if (ch.readyState === 'open') state.resolveOpen()
      else ch.onopen = () => state.resolveOpen()
    }
    return state
  })()
`

const OFFER = `(async () => {
  const s = window.__bare
  s.channel = s.pc.createDataChannel('bare', { ordered: true })
  s.channel.binaryType = 'arraybuffer'
  s.channel.onopen = () => s.resolveOpen()
  await s.pc.setLocalDescription(await s.pc.createOffer())
  await s.gathered()
  return JSON.stringify(s.pc.localDescription)
})()`

const answer = (offer: string) => `(async () => {
  const s = window.__bare
  await s.pc.setRemoteDescription(${offer})
  await s.pc.setLocalDescription(await s.pc.createAnswer())
  await s.gathered()
  return JSON.stringify(s.pc.localDescription)
})()`

const send = (total: number, chunk: number) => `(async () => {
  const ch = window.__bare.channel
  const data = new Uint8Array(${chunk})
  crypto.getRandomValues(data.subarray(0, 65536))
  ch.bufferedAmountLowThreshold = ${FILE_LOW_WATER}
  let acked = 0, sent = 0, wake = null, finished
  const done = new Promise((resolve) => { finished = resolve })
  ch.onmessage = (e) => {
    const m = JSON.parse(e.data)
    if (m.done) finished()
    else { acked = Math.max(acked, m.n); wake?.() }
  }
  ch.onbufferedamountlow = () => wake?.()
  const started = performance.now()
  ch.send(JSON.stringify({ total: ${total} }))
  while (sent < ${total}) {
    const len = Math.min(${chunk}, ${total} - sent)
    if (ch.bufferedAmount + len <= ${FILE_HIGH_WATER} && sent + len <= acked + ${FILE_WINDOW}) {
      ch.send(data.subarray(0, len))
      sent += len
    } else await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 500) })
  }
  await done
  return performance.now() - started
})()`

export interface BareChannel {
  /** Sends `bytes` through the channel; resolves with the milliseconds until the receiver had all. */
  transfer(bytes: number): Promise<number>
}

/** Connects `a` to `b` (two pages of one browser) with a bare data channel. */
export async function connectBare(a: Page, b: Page): Promise<BareChannel> {
  await a.evaluate(SETUP)
  await b.evaluate(SETUP)
  const offer = await a.evaluate<string>(OFFER)
  const reply = await b.evaluate<string>(answer(offer))
  await a.evaluate(`window.__bare.pc.setRemoteDescription(${reply})`)
  await a.evaluate('window.__bare.open')
  await b.evaluate('window.__bare.open')
  return { transfer: (bytes) => a.evaluate<number>(send(bytes, FILE_MAX_CHUNK)) }
}
