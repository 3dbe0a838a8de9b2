import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inThreadHasher } from './hasher'
import { bytes } from './testing/harness'

const expected = (parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

describe('inThreadHasher', () => {
  it('hashes chunks of any size like SHA-256 of their concatenation', async () => {
    const parts = [0, 1, 63, 64, 65, 1000, 70_000].map((n, i) => bytes(n, i + 1))
    const hasher = inThreadHasher()
    for (const p of parts) hasher.update(p)
    expect(await hasher.digest()).toBe(expected(parts))
  })

  it('hashes nothing as the SHA-256 of the empty string', async () => {
    expect(await inThreadHasher().digest()).toBe(expected([]))
  })

  it('keeps no reference to the bytes it was given, even before the engine loaded', async () => {
    const part = bytes(5000, 9)
    const original = part.slice()
    const hasher = inThreadHasher()
    hasher.update(part) // the engine is still loading: this must be a copy
    part.fill(0) // e.g. the buffer was transferred to a worker, or reused
    const later = bytes(10, 2)
    await new Promise((r) => setTimeout(r, 50))
    hasher.update(later)
    later.fill(0)
    expect(await hasher.digest()).toBe(expected([original, bytes(10, 2)]))
  })

  it('digest after close rejects', async () => {
    const hasher = inThreadHasher()
    hasher.close()
    await expect(hasher.digest()).rejects.toThrow()
  })
})
