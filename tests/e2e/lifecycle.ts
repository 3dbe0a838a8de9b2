/**
 * Test-scoped resources: whatever a test opens is closed after it, passed or failed, so no call
 * outlives its test and a retry starts from nothing.
 */
import { afterEach } from 'vitest'
import { openPage } from './driver'

/**
 * Wraps `open` so that what it opens is closed after each test of the enclosing file or
 * describe block (errors on closing, e.g. of a browser already gone, are ignored).
 */
export function closedAfterEachTest<A extends unknown[], T extends { close(): Promise<void> }>(
  open: (...args: A) => Promise<T>,
): (...args: A) => Promise<T> {
  const opened: T[] = []
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((item) => item.close().catch(() => undefined)))
  })
  return async (...args) => {
    const item = await open(...args)
    opened.push(item)
    return item
  }
}

/** `openPage`, its pages (and their contexts) closed after each test. */
export function pagesClosedAfterEachTest(): typeof openPage {
  return closedAfterEachTest(openPage)
}
