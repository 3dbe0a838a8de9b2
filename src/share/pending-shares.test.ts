import { describe, expect, it } from 'vitest'
import { makePendingShares, type SharedFile, type ShareStore } from './pending-shares'

/** The store as the service worker and other tabs see it: a list, plus "changed elsewhere". */
class FakeStore implements ShareStore {
  entries: SharedFile[] = []
  removed: string[] = []
  failList = false
  /** While set, remove() waits for it (a slow disk). */
  gate: Promise<void> | null = null
  private listeners = new Set<() => void>()

  /** As the service worker does: stores a file and says so. */
  share(id: string, name: string, text = name): void {
    this.entries.push({ id, file: new File([text], name, { type: 'text/plain' }) })
    for (const listener of this.listeners) listener()
  }
  async list() {
    if (this.failList) throw new Error('storage gone')
    return [...this.entries]
  }
  async remove(id: string) {
    await this.gate
    this.removed.push(id)
    this.entries = this.entries.filter((e) => e.id !== id)
  }
  watch(listener: () => void) {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

const names = (files: readonly SharedFile[]) => files.map((f) => f.file.name)
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('pending shares', () => {
  it('lists what the store holds, in the order it was shared', async () => {
    const store = new FakeStore()
    store.entries = [
      { id: 'a', file: new File(['1'], 'first.jpg') },
      { id: 'b', file: new File(['2'], 'second.pdf') },
    ]
    const shares = makePendingShares(store)
    expect(shares.files()).toEqual([])
    await shares.refresh()
    expect(names(shares.files())).toEqual(['first.jpg', 'second.pdf'])
  })

  it('offers every file once to a call, then forgets it in the store too', async () => {
    const store = new FakeStore()
    const shares = makePendingShares(store)
    store.share('a', 'photo.jpg')
    store.share('b', 'notes.txt')
    await shares.refresh()

    const sent: string[][] = []
    const send = (files: readonly File[]) => {
      sent.push(files.map((f) => f.name))
      return true
    }
    expect(await shares.offer(send)).toBe(2)
    expect(sent).toEqual([['photo.jpg', 'notes.txt']])
    expect(shares.files()).toEqual([])
    expect(store.removed.sort()).toEqual(['a', 'b'])
    // Nothing is offered twice: not by a second offer, not after a reload.
    expect(await shares.offer(send)).toBe(0)
    await makePendingShares(store).refresh()
    expect(sent).toHaveLength(1)
  })

  it('keeps the files when nobody could take them', async () => {
    const store = new FakeStore()
    const shares = makePendingShares(store)
    store.share('a', 'photo.jpg')
    await shares.refresh()
    expect(await shares.offer(() => false)).toBe(0)
    expect(names(shares.files())).toEqual(['photo.jpg'])
    expect(store.removed).toEqual([])
  })

  it('hands the bytes that were shared to the call', async () => {
    const store = new FakeStore()
    const shares = makePendingShares(store)
    store.share('a', 'hello.txt', 'halo dunia')
    await shares.refresh()
    let text = ''
    await shares.offer((files) => {
      void files[0]?.text().then((t) => {
        text = t
      })
      return true
    })
    await tick()
    expect(text).toBe('halo dunia')
  })

  it('discards one file, leaving the others', async () => {
    const store = new FakeStore()
    const shares = makePendingShares(store)
    store.share('a', 'keep.jpg')
    store.share('b', 'drop.jpg')
    await shares.refresh()
    await shares.discard('b')
    expect(names(shares.files())).toEqual(['keep.jpg'])
    expect(store.entries.map((e) => e.id)).toEqual(['a'])
  })

  it('a file being offered is not shown or offered again while the store still holds it', async () => {
    const store = new FakeStore()
    const shares = makePendingShares(store)
    store.share('a', 'photo.jpg')
    await shares.refresh()
    let open = () => {}
    store.gate = new Promise((r) => {
      open = r
    })
    let offers = 0
    const send = () => {
      offers++
      return true
    }
    const first = shares.offer(send)
    // The store has not removed it yet; a refresh (another tab, the worker) reads it again.
    await shares.refresh()
    expect(shares.files()).toEqual([])
    expect(await shares.offer(send)).toBe(0)
    open()
    expect(await first).toBe(1)
    expect(offers).toBe(1)
  })

  it('follows files shared while the app is open, and says when the list changed', async () => {
    const store = new FakeStore()
    const shares = makePendingShares(store)
    let changes = 0
    shares.on('change', () => changes++)
    store.share('a', 'late.jpg')
    await shares.refresh() // the refresh the watch started has run before this one
    expect(names(shares.files())).toEqual(['late.jpg'])
    expect(changes).toBe(1)
    shares.dispose()
    store.share('b', 'after-dispose.jpg')
    await tick()
    expect(names(shares.files())).toEqual(['late.jpg'])
  })

  it('shows nothing waiting when storage cannot be read', async () => {
    const store = new FakeStore()
    store.share('a', 'photo.jpg')
    store.failList = true
    const shares = makePendingShares(store)
    await expect(shares.refresh()).resolves.toBeUndefined()
    expect(shares.files()).toEqual([])
  })
})
