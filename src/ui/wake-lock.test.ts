import { describe, expect, it } from 'vitest'
import { makeWakeLock, type WakeLockDeps, type WakeLockSentinelLike } from './wake-lock'

/** A screen lock as the browser hands it out; `release` fires 'release' once, like Chromium. */
class FakeSentinel extends EventTarget implements WakeLockSentinelLike {
  released = false
  async release(): Promise<void> {
    if (this.released) return
    this.released = true
    this.dispatchEvent(new Event('release'))
  }
}

/** A page whose visibility the test sets, and a browser that grants (or refuses) locks. */
class FakePage {
  visible = true
  refuse = false
  readonly granted: FakeSentinel[] = []
  /** Requests not answered yet, when `manual`. */
  readonly waiting: Array<() => void> = []
  manual = false
  private readonly listeners = new Set<() => void>()

  deps(): WakeLockDeps {
    return {
      request: () =>
        new Promise((resolve, reject) => {
          const answer = () => {
            if (this.refuse || !this.visible)
              return reject(new DOMException('no', 'NotAllowedError'))
            const sentinel = new FakeSentinel()
            this.granted.push(sentinel)
            resolve(sentinel)
          }
          if (this.manual) this.waiting.push(answer)
          else answer()
        }),
      isVisible: () => this.visible,
      onVisibilityChange: (listener) => {
        this.listeners.add(listener)
        return () => this.listeners.delete(listener)
      },
    }
  }

  /** Hides the page; the browser releases every screen lock, as the spec says. */
  async hide(): Promise<void> {
    this.visible = false
    for (const sentinel of this.granted) await sentinel.release()
    for (const listener of this.listeners) listener()
  }

  show(): void {
    this.visible = true
    for (const listener of this.listeners) listener()
  }

  held(): number {
    return this.granted.filter((s) => !s.released).length
  }

  listening(): number {
    return this.listeners.size
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('screen wake lock during a call', () => {
  it('holds one lock from hold() until release()', async () => {
    const page = new FakePage()
    const lock = makeWakeLock(page.deps())
    lock.hold()
    lock.hold()
    await settle()
    expect(page.held()).toBe(1)
    expect(lock.held()).toBe(true)
    lock.release()
    await settle()
    expect(page.held()).toBe(0)
    expect(lock.held()).toBe(false)
    expect(page.listening()).toBe(0)
  })

  it('asks again when the page is shown after the browser released the lock on hide', async () => {
    const page = new FakePage()
    const lock = makeWakeLock(page.deps())
    lock.hold()
    await settle()
    await page.hide()
    await settle()
    expect(lock.held()).toBe(false)
    // Hidden: nothing to ask for (the browser would refuse).
    expect(page.granted).toHaveLength(1)
    page.show()
    await settle()
    expect(page.held()).toBe(1)
    expect(page.granted).toHaveLength(2)
    expect(lock.held()).toBe(true)
  })

  it('does not ask again after release(), whatever the page does', async () => {
    const page = new FakePage()
    const lock = makeWakeLock(page.deps())
    lock.hold()
    await settle()
    lock.release()
    await page.hide()
    page.show()
    await settle()
    expect(page.held()).toBe(0)
    expect(page.granted).toHaveLength(1)
  })

  it('gives back a lock granted after release() (its request was pending)', async () => {
    const page = new FakePage()
    page.manual = true
    const lock = makeWakeLock(page.deps())
    lock.hold()
    lock.release()
    for (const answer of page.waiting.splice(0)) answer()
    await settle()
    expect(page.granted).toHaveLength(1)
    expect(page.held()).toBe(0)
  })

  it('a refusal is quiet and retried on the next show, not in a loop', async () => {
    const page = new FakePage()
    page.refuse = true
    const lock = makeWakeLock(page.deps())
    lock.hold()
    await settle()
    expect(lock.held()).toBe(false)
    page.refuse = false
    page.show()
    await settle()
    expect(page.held()).toBe(1)
  })

  it('does nothing where the browser has no Wake Lock API', async () => {
    const page = new FakePage()
    const lock = makeWakeLock({ ...page.deps(), request: null })
    lock.hold()
    await settle()
    expect(lock.held()).toBe(false)
    lock.release()
  })
})
