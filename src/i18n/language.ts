import { en, type Strings } from './en'
import { id } from './id'

/**
 * The languages of the app and how one is chosen — pure, no DOM and no Solid, so the terminal
 * peer and unit tests use it as is. The reactive `t` the screens read lives in index.ts.
 */
export type Language = 'en' | 'id'
export const LANGUAGES: readonly Language[] = ['en', 'id']

/** Each language's name in itself: what a person looks for in the language switch. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  id: 'Bahasa Indonesia',
}

/** Where the choice made in Settings is remembered (localStorage). */
export const LANGUAGE_KEY = 'tatap.language'

export function stringsOf(language: Language): Strings {
  return language === 'id' ? id : en
}

/** Indonesian when the browser's first preferred language is Indonesian (`id`, `id-*`, the old
 *  code `in`), English otherwise. */
export function pickLanguage(languages: readonly string[]): Language {
  const first = languages[0]?.toLowerCase() ?? 'en'
  return first === 'id' || first.startsWith('id-') || first === 'in' || first.startsWith('in-')
    ? 'id'
    : 'en'
}

/** The subset of `Storage` the choice needs (a Map-backed fake in tests). */
export type LanguageStorage = Pick<Storage, 'getItem' | 'setItem'>

/** The remembered choice, or null when there is none (or storage is unavailable). */
export function storedLanguage(storage: LanguageStorage | undefined): Language | null {
  try {
    const value = storage?.getItem(LANGUAGE_KEY)
    return value === 'en' || value === 'id' ? value : null
  } catch {
    return null
  }
}

/** Remembers `language`; private modes without storage just do not remember. */
export function rememberLanguage(storage: LanguageStorage | undefined, language: Language): void {
  try {
    storage?.setItem(LANGUAGE_KEY, language)
  } catch {
    // Nothing to do: the choice holds for this visit.
  }
}

/** The language to start with: the remembered choice, else the browser's preference. */
export function initialLanguage(
  storage: LanguageStorage | undefined,
  browserLanguages: readonly string[],
): Language {
  return storedLanguage(storage) ?? pickLanguage(browserLanguages)
}

/**
 * The BCP 47 locale for numbers, sizes and times in `language`. English keeps the browser's own
 * English region when it has one (en-GB reads 14:05, en-US 2:05 PM); otherwise `en-US` / `id-ID`.
 */
export function localeOf(language: Language, browserLanguages: readonly string[] = []): string {
  if (language === 'id') return 'id-ID'
  const english = browserLanguages.find((l) => /^en(-|$)/i.test(l))
  return english && english.length > 2 ? english : 'en-US'
}
