import { createRoot, createSignal } from 'solid-js'
import { en, type Strings } from './en'
import { formatBytes, formatList, formatNumber, formatTime } from './format'
import { initialLanguage, type Language, localeOf, rememberLanguage, stringsOf } from './language'

export { LANGUAGE_NAMES, LANGUAGES, pickLanguage } from './language'
export type { Language, Strings }

/**
 * The app's strings, switchable without a reload. `t.key` reads the current language through a
 * Solid signal, so every JSX expression and memo that reads it re-renders when the language
 * changes (a call goes on meanwhile). A string copied out of `t` into a variable does not follow:
 * read `t` where the text is shown. The terminal peer imports `en` directly and never this file.
 */
const browser =
  typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])
const storage = (() => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined // storage blocked (some private modes): the choice is not remembered
  }
})()

const [current, setCurrent] = createRoot(() =>
  createSignal<Language>(initialLanguage(storage, browser)),
)

/** The language on screen (reactive): for what carries its own words in both (verification
 *  symbols) and for choosing in Settings. */
export const language = current

/** The locale of numbers, sizes and times in the language on screen (reactive). */
export const locale = (): string => localeOf(current(), browser)

/** Shows `next` everywhere at once, remembers it and marks the document's language. */
export function setLanguage(next: Language): void {
  setCurrent(next)
  rememberLanguage(storage, next)
  markDocument(next)
}

/** `<html lang>` follows the language on screen (screen readers, hyphenation, translation). */
function markDocument(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language
}
markDocument(current())

export const t: Strings = Object.defineProperties(
  {} as Strings,
  Object.fromEntries(
    Object.keys(en).map((key) => [
      key,
      { enumerable: true, get: () => stringsOf(current())[key as keyof Strings] },
    ]),
  ),
)

/** A size in the language on screen: "5.3 MB", "5,3 MB" (reactive). */
export const sizeText = (bytes: number): string => formatBytes(bytes, locale())
/** A clock time in the language on screen: "2:05 PM", "14.05" (reactive). */
export const timeText = (epochMs: number): string => formatTime(epochMs, locale())
/** Names joined in the language on screen: "Ana and Budi", "Ana dan Budi" (reactive). */
export const listText = (items: readonly string[]): string => formatList(items, locale())
/** A number with `digits` decimals in the language on screen: "1.5", "1,5" (reactive). */
export const numberText = (value: number, digits = 0): string =>
  formatNumber(value, locale(), digits)
