import { OwnedEmitter } from '../shared/emitter'

/** A file handed to Tatap by the system share sheet, waiting to be offered in a call. */
export interface SharedFile {
  /** The store's key for it: unique, stable across reloads. */
  id: string
  file: File
}

/**
 * Where shared files wait. The service worker (public/sw-share-target.js) writes them; the app
 * reads and removes them. `cache-store.ts` is the browser's (Cache Storage); tests use a fake.
 */
export interface ShareStore {
  /** Every waiting file, in the order they were shared. */
  list(): Promise<SharedFile[]>
  /** Forgets one file; removing an unknown id is not an error. */
  remove(id: string): Promise<void>
  /** Calls `listener` when the store changed elsewhere (the service worker, another tab). */
  watch(listener: () => void): () => void
}

/**
 * Files shared to Tatap, "ready to send": listed on the start screen until discarded, and offered
 * to everyone in a call as soon as there is one. Each file is offered once: it leaves the store
 * the moment it has been handed to `send`, so neither a reload nor another tab offers it again.
 */
export interface PendingShares {
  /** The waiting files, in the order they were shared. */
  files(): readonly SharedFile[]
  /** Reads the store again (after the share target redirected here, or when it says it changed). */
  refresh(): Promise<void>
  /**
   * Hands every waiting file to `send` (the call's Send file) and removes them from the store.
   * `send` returns false when nobody could take them (no call): then they stay. Resolves how
   * many files were handed over. Files being offered are never handed over twice.
   */
  offer(send: (files: readonly File[]) => boolean): Promise<number>
  /** Removes one waiting file without sending it. */
  discard(id: string): Promise<void>
  on(event: 'change', listener: () => void): () => void
  /** Stops following the store. */
  dispose(): void
}

export function makePendingShares(store: ShareStore): PendingShares {
  const emitter = new OwnedEmitter<{ change: undefined }>()
  let files: readonly SharedFile[] = []
  /** Ids handed to `send` or being discarded: hidden and never offered again. */
  const leaving = new Set<string>()

  const set = (next: readonly SharedFile[]): void => {
    const shown = next.filter((f) => !leaving.has(f.id))
    const same = shown.length === files.length && shown.every((f, i) => f.id === files[i]?.id)
    if (same) return
    files = shown
    emitter.emit('change', undefined)
  }

  /** Reads are serialised: a slow, older read never overwrites a newer one. */
  let reading: Promise<void> = Promise.resolve()
  const refresh = (): Promise<void> => {
    reading = reading.then(async () => {
      try {
        set(await store.list())
      } catch {
        // Storage unavailable (private mode, quota): nothing is shown as waiting.
      }
    })
    return reading
  }

  async function removeAll(ids: readonly string[]): Promise<void> {
    for (const id of ids) leaving.add(id)
    set(files)
    await Promise.all(ids.map((id) => store.remove(id).catch(() => undefined)))
  }

  const unwatch = store.watch(() => void refresh())

  return {
    files: () => files,
    refresh,
    async offer(send) {
      const batch = files.filter((f) => !leaving.has(f.id))
      if (batch.length === 0) return 0
      if (!send(batch.map((f) => f.file))) return 0
      await removeAll(batch.map((f) => f.id))
      return batch.length
    },
    discard: (id) => removeAll([id]),
    on: (event, listener) => emitter.on(event, listener),
    dispose() {
      unwatch()
      emitter.clear()
    },
  }
}
