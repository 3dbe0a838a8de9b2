import type { SharedFile, ShareStore } from './pending-shares'

/**
 * The shared files as the service worker leaves them — the contract with
 * public/sw-share-target.js (plain JS; keep both sides in step):
 * - Cache Storage cache `tatap-shared-files`;
 * - one entry per file, keyed `<scope>share-target/file/<id>`, the body the file's bytes;
 * - headers `Content-Type` (the file's type), `X-Tatap-Name` (its name, encodeURIComponent),
 *   `X-Tatap-Last-Modified` (ms since the epoch);
 * - after each change the BroadcastChannel `tatap-shares` carries the message `changed`.
 */
export const SHARE_CACHE = 'tatap-shared-files'
export const SHARE_CHANNEL = 'tatap-shares'
const KEY_PATH = '/share-target/file/'

export interface CacheStoreDeps {
  caches: CacheStorage
  /** A BroadcastChannel by name (absent: changes elsewhere are noticed on the next refresh). */
  openChannel?: (name: string) => BroadcastChannel | null
}

export function cacheShareStore(deps: CacheStoreDeps): ShareStore {
  const open = () => deps.caches.open(SHARE_CACHE)
  const channel = deps.openChannel?.(SHARE_CHANNEL) ?? null
  return {
    async list() {
      const cache = await open()
      const files: SharedFile[] = []
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname
        const at = path.lastIndexOf(KEY_PATH)
        if (at < 0) continue
        const response = await cache.match(request)
        if (!response) continue // removed meanwhile
        files.push({ id: path.slice(at + KEY_PATH.length), file: await fileOf(response) })
      }
      return files
    },
    async remove(id) {
      const cache = await open()
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.endsWith(KEY_PATH + id)) await cache.delete(request)
      }
      channel?.postMessage('changed')
    },
    watch(listener) {
      if (!channel) return () => {}
      const onMessage = (event: MessageEvent) => {
        if (event.data === 'changed') listener()
      }
      channel.addEventListener('message', onMessage)
      return () => channel.removeEventListener('message', onMessage)
    },
  }
}

async function fileOf(response: Response): Promise<File> {
  const blob = await response.blob()
  let name = 'shared-file'
  try {
    name = decodeURIComponent(response.headers.get('X-Tatap-Name') ?? '') || name
  } catch {
    // A malformed name: the file keeps the neutral one.
  }
  const lastModified = Number(response.headers.get('X-Tatap-Last-Modified'))
  return new File([blob], name, {
    type: response.headers.get('Content-Type') ?? blob.type,
    ...(Number.isFinite(lastModified) && lastModified > 0 ? { lastModified } : {}),
  })
}
