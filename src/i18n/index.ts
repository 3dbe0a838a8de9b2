import { en, type Strings } from './en'
import { id } from './id'

export type { Strings }

/** Picks Indonesian when the browser's preferred language is Indonesian, English otherwise. */
export function pickStrings(languages: readonly string[]): Strings {
  const first = languages[0]?.toLowerCase() ?? 'en'
  return first === 'id' || first.startsWith('id-') || first === 'in' ? id : en
}

export const t: Strings =
  typeof navigator === 'undefined' ? en : pickStrings(navigator.languages ?? [navigator.language])

/** The language of `t`, for what carries its own words in both (verification symbols). */
export const language: 'en' | 'id' = t === id ? 'id' : 'en'
