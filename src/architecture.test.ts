import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/** docs/architecture.md: which layer may import which. */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  codec: [],
  rtc: ['shared'],
  transfer: ['shared'],
  media: [],
  share: ['shared'],
  qr: ['codec'],
  i18n: ['codec', 'rtc', 'media'],
  call: ['shared', 'codec', 'rtc', 'transfer', 'i18n'],
  ui: ['call', 'rtc', 'transfer', 'media', 'qr', 'share', 'i18n', 'shared', 'codec'],
  cli: ['call', 'rtc', 'transfer', 'i18n', 'shared', 'codec'],
}

const SRC = new URL('.', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    // Production code only: tests may borrow fixtures from any layer (e.g. codec's real SDPs).
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

/** Layers a file imports from, by relative import path ('../call/room' → 'call'). */
function importedLayers(path: string): string[] {
  const text = readFileSync(path, 'utf8')
  const layers = new Set<string>()
  for (const match of text.matchAll(/from '((?:\.\.\/)+)([\w-]+)/g)) {
    const up = (match[1] ?? '').length / 3
    const depth = relative(SRC, path).split('/').length - 1
    if (up === depth && match[2]) layers.add(match[2])
  }
  return [...layers]
}

describe('layers (docs/architecture.md)', () => {
  it('every folder of src/ is a known layer', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory())
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort())
  })

  it('each layer imports only what it may', () => {
    const wrong: string[] = []
    for (const path of sources(SRC)) {
      const layer = relative(SRC, path).split('/')[0] ?? ''
      const allowed = ALLOWED[layer]
      if (!allowed) continue
      for (const target of importedLayers(path)) {
        if (target !== layer && !allowed.includes(target))
          wrong.push(`${relative(SRC, path)} → ${target}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
