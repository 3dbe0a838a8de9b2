import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SinkMeta } from '../transfer'
import { diskName, diskSinks, numberedName } from './disk-sink'

const bytes = (text: string) => new Uint8Array(new TextEncoder().encode(text))
const meta = (name: string, size = 0): SinkMeta => ({ name, size, mime: 'text/plain' })

describe('diskSinks', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tatap-sink-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('streams to a hidden temporary file, then saves under the offered name', async () => {
    const saved: string[] = []
    const sink = await diskSinks({ dir, onSaved: (_, path) => saved.push(path) })(meta('a.txt'))
    await sink.write(bytes('hello '))
    const during = readdirSync(dir)
    expect(during).toHaveLength(1)
    expect(during[0]).toMatch(/^\.tatap-[0-9a-f]{16}\.part$/)
    await sink.write(bytes('world'))
    const blob = await sink.finish()
    expect(readdirSync(dir)).toEqual(['a.txt'])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello world')
    expect(saved).toEqual([join(dir, 'a.txt')])
    expect(blob.size).toBe(11)
    expect(blob.type).toBe('text/plain')
    expect(await blob.text()).toBe('hello world')
  })

  it('never replaces an existing file: takes "name (1).ext", "name (2).ext"', async () => {
    writeFileSync(join(dir, 'a.txt'), 'mine')
    writeFileSync(join(dir, 'a (1).txt'), 'mine too')
    const create = diskSinks({ dir })
    const first = await create(meta('a.txt'))
    const second = await create(meta('a.txt'))
    await first.write(bytes('one'))
    await second.write(bytes('two'))
    await first.finish()
    await second.finish()
    expect(readdirSync(dir).sort()).toEqual(['a (1).txt', 'a (2).txt', 'a (3).txt', 'a.txt'])
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('mine')
    expect(readFileSync(join(dir, 'a (1).txt'), 'utf8')).toBe('mine too')
    expect(readFileSync(join(dir, 'a (2).txt'), 'utf8')).toBe('one')
    expect(readFileSync(join(dir, 'a (3).txt'), 'utf8')).toBe('two')
  })

  it('abort removes the temporary file and never rejects, even twice', async () => {
    const sink = await diskSinks({ dir })(meta('a.txt'))
    await sink.write(bytes('partial'))
    await sink.abort()
    await sink.abort()
    expect(readdirSync(dir)).toEqual([])
  })

  it('an empty file is saved too', async () => {
    const sink = await diskSinks({ dir })(meta('empty.bin'))
    await sink.finish()
    expect(readFileSync(join(dir, 'empty.bin')).length).toBe(0)
  })

  it('a missing directory fails at creation (the transfer reports a write error)', async () => {
    await expect(diskSinks({ dir: join(dir, 'gone') })(meta('a.txt'))).rejects.toThrow()
  })
})

describe('file names on disk', () => {
  it('numbers before the extension', () => {
    expect(numberedName('photo.jpg', 0)).toBe('photo.jpg')
    expect(numberedName('photo.jpg', 2)).toBe('photo (2).jpg')
    expect(numberedName('README', 1)).toBe('README (1)')
    expect(numberedName('archive.tar.gz', 1)).toBe('archive.tar (1).gz')
  })

  it('no leading dots, at most 240 UTF-8 bytes, extension kept', () => {
    expect(diskName('.bashrc')).toBe('_bashrc')
    expect(diskName('..hidden.txt')).toBe('__hidden.txt')
    const long = `${'é'.repeat(200)}.jpeg`
    const name = diskName(long)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(240)
    expect(name.endsWith('é.jpeg')).toBe(true)
    expect(diskName('ok.txt')).toBe('ok.txt')
  })
})
