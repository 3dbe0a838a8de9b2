import { describe, expect, it } from 'vitest'
import {
  APPLY_TIMEOUT_MS,
  CHECK_INTERVAL_MS,
  makeUpdateController,
  type RegisterHandlers,
} from './update-controller'

/** A page with a fake service worker registration, a clock and a call that can start and end. */
function setup() {
  let handlers: RegisterHandlers | undefined
  const page = {
    inCall: false,
    reloads: 0,
    skipWaitingSent: 0,
    checks: 0,
    visible: [] as Array<() => void>,
    timers: [] as Array<{ ms: number; fn: () => void }>,
    later: [] as Array<{ ms: number; fn: () => void }>,
    checkFails: false,
  }
  const controller = makeUpdateController({
    register: (h) => {
      handlers = h
      return async () => {
        page.skipWaitingSent++
      }
    },
    inCall: () => page.inCall,
    reload: () => {
      page.reloads++
    },
    cell: <T>(initial: T) => {
      let value = initial
      return [() => value, (next: T) => (value = next)] as const
    },
    onVisible: (listener) => {
      page.visible.push(listener)
      return () => page.visible.splice(page.visible.indexOf(listener), 1)
    },
    every: (ms, fn) => {
      const timer = { ms, fn }
      page.timers.push(timer)
      return () => page.timers.splice(page.timers.indexOf(timer), 1)
    },
    after: (ms, fn) => void page.later.push({ ms, fn }),
  })
  if (!handlers) throw new Error('register was not called')
  const sw = handlers
  sw.onRegisteredSW('/sw.js', {
    update: async () => {
      page.checks++
      if (page.checkFails) throw new TypeError('Failed to fetch')
    },
  })
  return { controller, page, sw }
}

describe('the new-version prompt and calls', () => {
  it('registers the service worker at once, in prompt mode', () => {
    let immediate: boolean | undefined
    makeUpdateController({
      register: (h) => {
        immediate = h.immediate
        return async () => undefined
      },
      inCall: () => false,
      reload: () => undefined,
      cell: <T>(v: T) => [() => v, () => undefined] as const,
      onVisible: () => () => undefined,
      every: () => () => undefined,
      after: () => undefined,
    })
    expect(immediate).toBe(true)
  })

  it('offers a waiting version when no call is on; Update activates it and reloads', async () => {
    const { controller, page, sw } = setup()
    expect(controller.offered()).toBe(false)
    sw.onNeedRefresh()
    expect(controller.offered()).toBe(true)
    await expect(controller.apply()).resolves.toBe(true)
    expect(page.skipWaitingSent).toBe(1)
    expect(page.reloads).toBe(0) // not before the new version has taken control
    sw.onNeedReload()
    expect(page.reloads).toBe(1)
  })

  it('does not offer it during a call; offers it the moment the call ends', async () => {
    const { controller, page, sw } = setup()
    page.inCall = true
    sw.onNeedRefresh()
    expect(controller.offered()).toBe(false)
    await expect(controller.apply()).resolves.toBe(false)
    expect(page.skipWaitingSent).toBe(0)
    page.inCall = false
    expect(controller.offered()).toBe(true)
    await controller.apply()
    expect(page.skipWaitingSent).toBe(1)
  })

  it('another tab applying it during this tab’s call does not reload this tab', async () => {
    const { controller, page, sw } = setup()
    page.inCall = true
    sw.onNeedRefresh()
    sw.onNeedReload() // the new version took control: another tab pressed Update
    expect(page.reloads).toBe(0)
    expect(controller.state()).toBe('activated')
    expect(controller.offered()).toBe(false)
    page.inCall = false
    expect(controller.offered()).toBe(true)
    await controller.apply()
    expect(page.reloads).toBe(1) // a plain reload: the new version is already active
    expect(page.skipWaitingSent).toBe(0)
  })

  it('reloads anyway when the new version never takes control after Update', async () => {
    const { controller, page, sw } = setup()
    sw.onNeedRefresh()
    await controller.apply()
    expect(page.later.map((l) => l.ms)).toEqual([APPLY_TIMEOUT_MS])
    page.later[0]?.fn()
    expect(page.reloads).toBe(1)
  })

  it('offers nothing and does nothing when there is no new version', async () => {
    const { controller, page } = setup()
    await expect(controller.apply()).resolves.toBe(false)
    expect(page.skipWaitingSent + page.reloads).toBe(0)
  })
})

describe('checking for a new version', () => {
  it('checks each time the page becomes visible and every hour', () => {
    const { page } = setup()
    expect(page.timers.map((t) => t.ms)).toEqual([CHECK_INTERVAL_MS])
    for (const listener of page.visible) listener()
    page.timers[0]?.fn()
    expect(page.checks).toBe(2)
  })

  it('a failed check (offline, server gone) is quiet', async () => {
    const { controller, page } = setup()
    page.checkFails = true
    controller.check()
    await Promise.resolve()
    expect(page.checks).toBe(1)
  })

  it('dispose stops the checks', () => {
    const { controller, page } = setup()
    controller.dispose()
    expect(page.visible).toHaveLength(0)
    expect(page.timers).toHaveLength(0)
  })

  it('reports offline readiness from the first install', () => {
    const { controller, sw } = setup()
    expect(controller.offlineReady()).toBe(false)
    sw.onOfflineReady()
    expect(controller.offlineReady()).toBe(true)
  })
})
