import { describe, expect, it } from 'vitest'
import { en } from './en'
import { id } from './id'
import {
  initialLanguage,
  LANGUAGE_KEY,
  type LanguageStorage,
  localeOf,
  pickLanguage,
  rememberLanguage,
  storedLanguage,
} from './language'

function memoryStorage(
  entries: Record<string, string> = {},
): LanguageStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(entries))
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  }
}

const blocked: LanguageStorage = {
  getItem: () => {
    throw new DOMException('denied', 'SecurityError')
  },
  setItem: () => {
    throw new DOMException('denied', 'SecurityError')
  },
}

describe('pickLanguage', () => {
  it('takes Indonesian only when the browser asks for it first', () => {
    expect(pickLanguage(['id-ID', 'en'])).toBe('id')
    expect(pickLanguage(['id'])).toBe('id')
    expect(pickLanguage(['in'])).toBe('id')
    expect(pickLanguage(['en-US', 'id'])).toBe('en')
    expect(pickLanguage(['it-IT'])).toBe('en')
    expect(pickLanguage([])).toBe('en')
  })
})

describe('the remembered choice', () => {
  it('wins over the browser and survives the next visit', () => {
    const storage = memoryStorage()
    expect(initialLanguage(storage, ['en-US'])).toBe('en')
    rememberLanguage(storage, 'id')
    expect(storage.data.get(LANGUAGE_KEY)).toBe('id')
    expect(initialLanguage(storage, ['en-US'])).toBe('id')
    rememberLanguage(storage, 'en')
    expect(initialLanguage(storage, ['id-ID'])).toBe('en')
  })

  it('ignores what it does not know, and blocked or missing storage', () => {
    expect(storedLanguage(memoryStorage({ [LANGUAGE_KEY]: 'fr' }))).toBeNull()
    expect(initialLanguage(blocked, ['id-ID'])).toBe('id')
    expect(() => rememberLanguage(blocked, 'id')).not.toThrow()
    expect(initialLanguage(undefined, ['en-GB'])).toBe('en')
  })
})

describe('localeOf', () => {
  it('keeps the browser’s English region, Indonesia for Indonesian', () => {
    expect(localeOf('id', ['en-GB'])).toBe('id-ID')
    expect(localeOf('en', ['id-ID', 'en-GB'])).toBe('en-GB')
    expect(localeOf('en', ['id-ID'])).toBe('en-US')
    expect(localeOf('en', ['en'])).toBe('en-US')
  })
})

describe('the Indonesian strings', () => {
  it('translate every key of the English ones', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort())
  })

  it('never call the person who started the call "tuan rumah"', () => {
    const all = Object.values(id)
      .map((v) => (typeof v === 'function' ? (v as (...a: unknown[]) => string)('X', 'Y') : v))
      .join('\n')
    expect(all.toLowerCase()).not.toContain('tuan rumah')
  })
})
