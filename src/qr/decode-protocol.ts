/**
 * Messages between the page and the QR decoding worker (decode-worker.ts).
 *
 * The page posts one picture at a time: an ImageBitmap (the worker draws it on an
 * OffscreenCanvas) or, where the page could not make one, the RGBA pixels as ImageData. The
 * picture is transferred, never copied. Every request gets exactly one reply with its `rid`:
 * the texts of the QR codes found (none: []) or an error.
 */
export type DecodeRequest =
  | { rid: number; bitmap: ImageBitmap }
  | { rid: number; pixels: { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } }

export type DecodeReply =
  | { rid: number; ok: true; texts: string[]; ms: number }
  | { rid: number; ok: false; error: string }

/** Turns one picture into the texts of the QR codes in it. */
export type DecodePixels = (image: ImageData) => Promise<string[]>

/** The part of a worker's global scope (or a MessagePort) the worker side uses. */
export interface DecodeScopeLike {
  postMessage(message: DecodeReply): void
  addEventListener(type: 'message', listener: (event: Event) => void): void
}

/** The part of a Worker (or a MessagePort) the page side uses. */
export interface DecodeWorkerLike {
  postMessage(message: DecodeRequest, transfer: Transferable[]): void
  addEventListener(type: 'message' | 'error', listener: (event: Event) => void): void
  terminate?(): void
}

/**
 * Serves DecodeRequests on `scope`, one at a time in arrival order. `toImageData` turns a
 * bitmap into pixels (an OffscreenCanvas in the worker) and closes it.
 */
export function serveDecoder(
  scope: DecodeScopeLike,
  decode: DecodePixels,
  toImageData: (bitmap: ImageBitmap) => ImageData,
  now: () => number = () => performance.now(),
): void {
  let queue: Promise<void> = Promise.resolve()
  const handle = async (request: DecodeRequest): Promise<void> => {
    const started = now()
    try {
      const image =
        'bitmap' in request
          ? toImageData(request.bitmap)
          : ({ ...request.pixels, colorSpace: 'srgb' } as ImageData)
      const texts = await decode(image)
      scope.postMessage({ rid: request.rid, ok: true, texts, ms: now() - started })
    } catch (err) {
      scope.postMessage({ rid: request.rid, ok: false, error: String(err) })
    }
  }
  scope.addEventListener('message', (event) => {
    const request = (event as MessageEvent).data as DecodeRequest
    queue = queue.then(() => handle(request))
  })
}

/**
 * The page's end: decode() posts a picture and resolves with the texts found. If the worker
 * fails ('error' event: it could not load), every pending and later call rejects.
 */
export class DecoderClient {
  private nextRid = 1
  private readonly pending = new Map<
    number,
    { resolve: (texts: string[]) => void; reject: (err: Error) => void }
  >()
  private failed = false
  /** Worker-side milliseconds of the last decode (for the bench). */
  lastMs = 0

  constructor(private readonly worker: DecodeWorkerLike) {
    worker.addEventListener('message', (event) => {
      const reply = (event as MessageEvent).data as DecodeReply
      const waiter = this.pending.get(reply.rid)
      if (!waiter) return
      this.pending.delete(reply.rid)
      if (reply.ok) {
        this.lastMs = reply.ms
        waiter.resolve(reply.texts)
      } else waiter.reject(new Error(reply.error))
    })
    worker.addEventListener('error', () => {
      this.failed = true
      for (const waiter of this.pending.values()) waiter.reject(new Error('decoder failed'))
      this.pending.clear()
    })
  }

  decode(picture: ImageBitmap | ImageData): Promise<string[]> {
    if (this.failed) return Promise.reject(new Error('decoder failed'))
    const rid = this.nextRid++
    return new Promise((resolve, reject) => {
      this.pending.set(rid, { resolve, reject })
      if ('data' in picture) {
        const { data, width, height } = picture as ImageData
        const pixels = { data: data as Uint8ClampedArray<ArrayBuffer>, width, height }
        this.worker.postMessage({ rid, pixels }, [pixels.data.buffer])
      } else this.worker.postMessage({ rid, bitmap: picture }, [picture])
    })
  }

  close(): void {
    this.worker.terminate?.()
    this.failed = true
    for (const waiter of this.pending.values()) waiter.reject(new Error('decoder closed'))
    this.pending.clear()
  }
}
