import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mimeOf, openFileSource } from './file-source'

describe('openFileSource', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tatap-source-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('name, size and type up front; each slice read from disk on demand', async () => {
    const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251))
    const path = join(dir, 'photo.JPG')
    writeFileSync(path, data)
    const source = await openFileSource(path)
    expect(source).toMatchObject({ name: 'photo.JPG', size: 300_000, type: 'image/jpeg', path })
    const middle = await source.slice(65_536, 131_072).arrayBuffer()
    expect(Buffer.from(middle).equals(data.subarray(65_536, 131_072))).toBe(true)
    const tail = await source.slice(262_144, 300_000).arrayBuffer()
    expect(Buffer.from(tail).equals(data.subarray(262_144))).toBe(true)
    await source.close()
    await source.close()
  })

  it('a file that shrank gives a short slice (the sender turns it into read-error)', async () => {
    const path = join(dir, 'shrinks.bin')
    writeFileSync(path, Buffer.alloc(100_000, 1))
    const source = await openFileSource(path)
    truncateSync(path, 70_000)
    expect((await source.slice(65_536, 100_000).arrayBuffer()).byteLength).toBe(70_000 - 65_536)
    await source.close()
  })

  it('refuses a directory and a missing file', async () => {
    await expect(openFileSource(dir)).rejects.toThrow(/not a regular file/)
    await expect(openFileSource(join(dir, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('types by extension, else empty', () => {
    expect(mimeOf('a.pdf')).toBe('application/pdf')
    expect(mimeOf('a.tar.gz')).toBe('')
    expect(mimeOf('Makefile')).toBe('')
  })
})
