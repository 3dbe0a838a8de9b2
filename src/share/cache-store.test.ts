import { describe, expect, it } from 'vitest'
import { cacheShareStore, SHARE_CACHE, SHARE_CHANNEL } from './cache-store'

/** Cache Storage as far as the store uses it: insertion-ordered entries per named cache. */
class FakeCache {
  readonly entries = new Map<string, Response>()
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url))
  }
  async match(request: Request) {
    return this.entries.get(request.url)?.clone()
  }
  async delete(request: Request) {
    return this.entries.delete(request.url)
  }
}
class FakeCaches {
  readonly named = new Map<string, FakeCache>()
  async open(name: string) {
    const cache = this.named.get(name) ?? new FakeCache()
    this.named.set(name, cache)
    return cache
  }
}
class FakeChannel extends EventTarget {
  readonly posted: unknown[] = []
  postMessage(data: unknown) {
    this.posted.push(data)
  }
}

/** Stores a file exactly as public/sw-share-target.js does. */
async function shareAsWorker(caches: FakeCaches, id: string, file: File): Promise<void> {
  const cache = await caches.open(SHARE_CACHE)
  cache.entries.set(
    `https://tatap.example/share-target/file/${id}`,
    new Response(file, {
      headers: {
        'Content-Type': file.type,
        'X-Tatap-Name': encodeURIComponent(file.name),
        'X-Tatap-Last-Modified': String(file.lastModified),
      },
    }),
  )
}

function storeOn(caches: FakeCaches, channel = new FakeChannel()) {
  return cacheShareStore({
    caches: caches as unknown as CacheStorage,
    openChannel: (name) => {
      expect(name).toBe(SHARE_CHANNEL)
      return channel as unknown as BroadcastChannel
    },
  })
}

describe('shared files in Cache Storage (the service worker’s format)', () => {
  it('reads back each file with its name, type, date and bytes, in the order shared', async () => {
    const caches = new FakeCaches()
    await shareAsWorker(
      caches,
      'one',
      new File(['foto'], 'Liburan Bali 🌴.jpg', {
        type: 'image/jpeg',
        lastModified: 1_700_000_000_000,
      }),
    )
    await shareAsWorker(
      caches,
      'two',
      new File(['%PDF'], 'laporan.pdf', { type: 'application/pdf' }),
    )
    const files = await storeOn(caches).list()
    expect(files.map((f) => f.id)).toEqual(['one', 'two'])
    const first = files[0]?.file
    expect(first?.name).toBe('Liburan Bali 🌴.jpg')
    expect(first?.type).toBe('image/jpeg')
    expect(first?.lastModified).toBe(1_700_000_000_000)
    expect(await first?.text()).toBe('foto')
  })

  it('removes one file and tells the other tabs', async () => {
    const caches = new FakeCaches()
    const channel = new FakeChannel()
    await shareAsWorker(caches, 'one', new File(['1'], 'a.txt'))
    await shareAsWorker(caches, 'two', new File(['2'], 'b.txt'))
    const store = storeOn(caches, channel)
    await store.remove('one')
    expect((await store.list()).map((f) => f.file.name)).toEqual(['b.txt'])
    expect(channel.posted).toEqual(['changed'])
  })

  it('follows the worker’s “changed”, and nothing else on the channel', () => {
    const channel = new FakeChannel()
    const store = storeOn(new FakeCaches(), channel)
    let heard = 0
    const stop = store.watch(() => heard++)
    channel.dispatchEvent(new MessageEvent('message', { data: 'changed' }))
    channel.dispatchEvent(new MessageEvent('message', { data: { evil: true } }))
    stop()
    channel.dispatchEvent(new MessageEvent('message', { data: 'changed' }))
    expect(heard).toBe(1)
  })

  it('a name that does not decode becomes a neutral one', async () => {
    const caches = new FakeCaches()
    const cache = await caches.open(SHARE_CACHE)
    cache.entries.set(
      'https://tatap.example/share-target/file/x',
      new Response('x', { headers: { 'X-Tatap-Name': '%E0%A4%A' } }),
    )
    expect((await storeOn(caches).list())[0]?.file.name).toBe('shared-file')
  })
})
