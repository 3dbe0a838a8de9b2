/**
 * One call for the tests of a file that are about what happens in a call, not about making one
 * (docs/testing.md, "One call per file"): building a call through the UI is what call-paste,
 * call-qr, phone and firefox test; elsewhere it is only the way in.
 */
import { afterAll, afterEach } from 'vitest'
import { type AppPage, openPage } from './driver'

/** The pages of a call. */
export interface Call {
  host: AppPage
  guest: AppPage
}

export interface SharedCall<C extends Call> {
  /**
   * The file's call: built by `setup` the first time, the same pages after that — as long as
   * both are still in it (each shows Leave call). Each test leaves it as it found it.
   */
  (): Promise<C>
  /** Says the running test ends the call (Leave): the next test gets a new one. */
  ending(): void
}

/**
 * A call that `setup` builds once for the tests of the enclosing file (or describe block) and
 * they share; `setup` opens its pages with the `open` it is given (driver.ts `openPage`). A test
 * that fails, or that says it ends the call, leaves it to be built again (every page of it
 * closed after the test), so the next test — or the retry of this one — starts from a fresh,
 * working call and never from what a failure left behind.
 */
export function sharedCall<C extends Call>(
  setup: (open: typeof openPage) => Promise<C>,
): SharedCall<C> {
  let current: C | null = null
  let ends = false
  const opened: AppPage[] = []
  const open: typeof openPage = async (...args) => {
    const page = await openPage(...args)
    opened.push(page)
    return page
  }

  async function close(): Promise<void> {
    current = null
    await Promise.all(opened.splice(0).map((page) => page.close().catch(() => undefined)))
  }

  /** Whether the running test asked for this call (a file may have more than one). */
  let used = false
  afterEach(async ({ task }) => {
    if (used && (ends || task.result?.state === 'fail')) await close()
    used = false
    ends = false
  })
  afterAll(close)

  const call = async (): Promise<C> => {
    used = true
    if (current && !(await stillInCall(current))) await close()
    if (!current) {
      await close() // what a setup that failed half-way opened
      current = await setup(open)
    }
    return current
  }
  return Object.assign(call, {
    ending() {
      ends = true
    },
  })
}

async function stillInCall({ host, guest }: Call): Promise<boolean> {
  const shown = await Promise.all(
    [host, guest].map((page) => page.isVisible('button', 'Leave call').catch(() => false)),
  )
  return shown.every(Boolean)
}
