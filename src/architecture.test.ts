import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from './i18n/en'

/** docs/architecture.md: which layer may import which. */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  codec: [],
  rtc: ['shared'],
  transfer: ['shared'],
  media: [],
  share: ['shared'],
  qr: ['codec'],
  i18n: ['codec', 'rtc', 'media', 'call'],
  call: ['shared', 'codec', 'rtc', 'transfer', 'media'],
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

  it('no code below the screens compares sentences: problems travel typed (call/problems.ts)', () => {
    // A string of the language tables (en.errTimeout, t.leftTheCall(…)) next to === or !==.
    const sentence = `\\b(?:en|id|t|strings)\\.(?:${Object.keys(en).join('|')})\\b(?:\\([^)]*\\))?`
    const compares = new RegExp(`[!=]==?\\s*${sentence}|${sentence}\\s*[!=]==?`)
    const found: string[] = []
    for (const path of sources(SRC)) {
      const layer = relative(SRC, path).split('/')[0] ?? ''
      if (layer === 'ui' || layer === 'i18n') continue
      for (const [i, line] of readFileSync(path, 'utf8').split('\n').entries()) {
        if (compares.test(line)) found.push(`${relative(SRC, path)}:${i + 1}`)
      }
    }
    expect(found).toEqual([])
  })
})
