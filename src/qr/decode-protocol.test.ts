import { MessageChannel } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { DecoderClient, type DecodeWorkerLike, serveDecoder } from './decode-protocol'

/** The worker side served on a real MessageChannel, with a fake decoder. */
function fakeDecoderWorker(decode: (image: ImageData) => Promise<string[]>) {
  const { port1, port2 } = new MessageChannel()
  let tick = 0
  serveDecoder(
    port2 as unknown as Parameters<typeof serveDecoder>[0],
    decode,
    () => {
      throw new Error('no bitmaps in this test')
    },
    () => (tick += 5),
  )
  port2.start()
  const errors = new EventTarget()
  const worker: DecodeWorkerLike & { fail(): void } = {
    postMessage: (m, transfer) => port1.postMessage(m, transfer as unknown as ArrayBuffer[]),
    addEventListener(type, listener) {
      if (type === 'error') errors.addEventListener('error', listener)
      else {
        port1.addEventListener('message', listener as (e: unknown) => void)
        port1.start()
      }
    },
    terminate: () => {
      port1.close()
      port2.close()
    },
    fail: () => errors.dispatchEvent(new Event('error')),
  }
  return worker
}

const picture = (width: number, height: number, fill: number) =>
  ({ data: new Uint8ClampedArray(width * height * 4).fill(fill), width, height }) as ImageData

describe('QR decoder worker protocol', () => {
  it('sends the pixels (transferred) and answers each picture with its own texts', async () => {
    const worker = fakeDecoderWorker(async (image) =>
      image.data[0] === 1 ? [`qr ${image.width}×${image.height}`] : [],
    )
    const client = new DecoderClient(worker)
    const one = picture(4, 3, 1)
    const answers = await Promise.all([
      client.decode(one),
      client.decode(picture(2, 2, 0)),
      client.decode(picture(8, 1, 1)),
    ])
    expect(answers).toEqual([['qr 4×3'], [], ['qr 8×1']])
    expect(one.data.byteLength).toBe(0) // moved to the worker, not copied
    expect(client.lastMs).toBe(5)
    client.close()
  })

  it('a decoder error rejects that picture only', async () => {
    const worker = fakeDecoderWorker(async (image) => {
      if (image.width === 1) throw new Error('bad frame')
      return ['ok']
    })
    const client = new DecoderClient(worker)
    await expect(client.decode(picture(1, 1, 0))).rejects.toThrow(/bad frame/)
    await expect(client.decode(picture(2, 1, 0))).resolves.toEqual(['ok'])
    client.close()
  })

  it('a worker that fails to load rejects what is pending and everything after', async () => {
    const worker = fakeDecoderWorker(() => new Promise(() => {}))
    const client = new DecoderClient(worker)
    const pending = client.decode(picture(1, 1, 0))
    worker.fail()
    await expect(pending).rejects.toThrow()
    await expect(client.decode(picture(1, 1, 0))).rejects.toThrow()
    client.close()
  })
})
