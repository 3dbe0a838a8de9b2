/**
 * The ceiling for file transfers: a bare data channel between two pages of one Chromium, sending
 * bytes from memory with the app's own flow control (FILE_HIGH_WATER / FILE_LOW_WATER on the
 * channel buffer, FILE_WINDOW with an `ack` every FILE_ACK_STEP from the receiver) and nothing
 * else: no file reading, no hashing, no storage, no UI.
 */

import {
  FILE_ACK_STEP,
  FILE_HIGH_WATER,
  FILE_LOW_WATER,
  FILE_MAX_CHUNK,
  FILE_WINDOW,
} from '../src/transfer/protocol'
import type { AppPage } from '../tests/e2e/driver'

/** What `setUp` leaves on `window.__bare` in each page. */
interface Bare {
  pc: RTCPeerConnection
  gathered(): Promise<void>
  channel: RTCDataChannel | null
  open: Promise<void>
  resolveOpen(): void
}
type WithBare = { __bare: Bare }

/** In the page: a peer connection; as the answerer it acks what arrives every `ackStep` bytes. */
function setUp(ackStep: number): void {
  const pc = new RTCPeerConnection({ iceServers: [] })
  const gathered = () =>
    new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve()
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve()
      })
    })
  let resolveOpen = () => {}
  const open = new Promise<void>((resolve) => {
    resolveOpen = resolve
  })
  const state: Bare = { pc, gathered, channel: null, open, resolveOpen }
  const receive = (ch: RTCDataChannel) => {
    ch.binaryType = 'arraybuffer'
    let total = -1
    let got = 0
    let lastAck = 0
    ch.onmessage = (e) => {
      if (typeof e.data === 'string') {
        total = JSON.parse(e.data).total
        got = 0
        lastAck = 0
        return
      }
      got += (e.data as ArrayBuffer).byteLength
      if (got - lastAck >= ackStep) {
        lastAck = got
        ch.send(JSON.stringify({ n: got }))
      }
      if (got === total) ch.send(JSON.stringify({ done: true }))
    }
    if (ch.readyState === 'open') state.resolveOpen()
    else ch.onopen = () => state.resolveOpen()
  }
  pc.addEventListener('datachannel', (e) => {
    state.channel = e.channel
    receive(e.channel)
  })
  ;(window as unknown as WithBare).__bare = state
}

async function offer(): Promise<string> {
  const s = (window as unknown as WithBare).__bare
  const channel = s.pc.createDataChannel('bare', { ordered: true })
  channel.binaryType = 'arraybuffer'
  channel.onopen = () => s.resolveOpen()
  s.channel = channel
  await s.pc.setLocalDescription(await s.pc.createOffer())
  await s.gathered()
  return JSON.stringify(s.pc.localDescription)
}

async function answer(offer: string): Promise<string> {
  const s = (window as unknown as WithBare).__bare
  await s.pc.setRemoteDescription(JSON.parse(offer))
  await s.pc.setLocalDescription(await s.pc.createAnswer())
  await s.gathered()
  return JSON.stringify(s.pc.localDescription)
}

async function accept(answer: string): Promise<void> {
  await (window as unknown as WithBare).__bare.pc.setRemoteDescription(JSON.parse(answer))
}

function opened(): Promise<void> {
  return (window as unknown as WithBare).__bare.open
}

interface SendPlan {
  total: number
  chunk: number
  lowWater: number
  highWater: number
  window: number
}

/** In the offering page: sends `total` bytes with the app's flow control; ms until all arrived. */
async function send(plan: SendPlan): Promise<number> {
  const ch = (window as unknown as WithBare).__bare.channel as RTCDataChannel
  const data = new Uint8Array(plan.chunk)
  crypto.getRandomValues(data.subarray(0, 65536))
  ch.bufferedAmountLowThreshold = plan.lowWater
  let acked = 0
  let sent = 0
  let wake: (() => void) | null = null
  let finished = () => {}
  const done = new Promise<void>((resolve) => {
    finished = resolve
  })
  ch.onmessage = (e) => {
    const m = JSON.parse(e.data)
    if (m.done) finished()
    else {
      acked = Math.max(acked, m.n)
      wake?.()
    }
  }
  ch.onbufferedamountlow = () => wake?.()
  const started = performance.now()
  ch.send(JSON.stringify({ total: plan.total }))
  while (sent < plan.total) {
    const len = Math.min(plan.chunk, plan.total - sent)
    if (ch.bufferedAmount + len <= plan.highWater && sent + len <= acked + plan.window) {
      ch.send(data.subarray(0, len))
      sent += len
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 500)
      })
    }
  }
  await done
  return performance.now() - started
}

export interface BareChannel {
  /** Sends `bytes` through the channel; resolves with the milliseconds until the receiver had all. */
  transfer(bytes: number): Promise<number>
}

/** Connects `a` to `b` (two pages of one browser) with a bare data channel. */
export async function connectBare(a: AppPage, b: AppPage): Promise<BareChannel> {
  await a.evaluate(setUp, FILE_ACK_STEP)
  await b.evaluate(setUp, FILE_ACK_STEP)
  const reply = await b.evaluate(answer, await a.evaluate(offer, null))
  await a.evaluate(accept, reply)
  await a.evaluate(opened, null)
  await b.evaluate(opened, null)
  const plan = {
    chunk: FILE_MAX_CHUNK,
    lowWater: FILE_LOW_WATER,
    highWater: FILE_HIGH_WATER,
    window: FILE_WINDOW,
  }
  return { transfer: (total) => a.evaluate(send, { ...plan, total }) }
}
