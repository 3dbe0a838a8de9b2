import { vi } from 'vitest'

/**
 * Retries `check` until it stops throwing. Generous by default: a unit test asserts what
 * happens, not how fast, and a 2-core machine under load is slow.
 */
export function eventually<T>(check: () => T | Promise<T>, timeout = 8000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 10 })
}
