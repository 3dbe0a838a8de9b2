/**
 * Numbers people read, through `Intl` in a given BCP 47 locale (default `en-US`, what the
 * terminal peer prints): `5.3 MB` in English, `5,3 MB` in Indonesian.
 */

const UNITS = ['kB', 'MB', 'GB', 'TB'] as const

/** Human sizes in decimal units (what phones and file managers show): 1.5 MB, 820 kB. One
 *  decimal below 10 of a unit, none from 10 on; bytes below 1000 as a whole number of B. */
export function formatBytes(bytes: number, locale = 'en-US'): string {
  if (bytes < 1000) return `${formatNumber(bytes, locale, 0)} B`
  let value = bytes / 1000
  let unit = 0
  while (Math.round(value) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  // Rounded first, so 9.96 kB reads "10 kB", never "10.0 kB".
  const digits = Math.round(value * 10) / 10 < 10 ? 1 : 0
  return `${formatNumber(value, locale, digits)} ${UNITS[unit]}`
}

/** `value` with exactly `digits` decimals, grouped the locale's way (1,234.5 / 1.234,5). */
export function formatNumber(value: number, locale = 'en-US', digits = 0): string {
  return formatter(`n|${locale}|${digits}`, () =>
    Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ).format(value)
}

/**
 * Clock time of a message, in `locale` (default: the device's own), e.g. 14:05 or 14.05; an
 * empty string for a time no clock can show (Intl would throw where Date printed "Invalid Date").
 */
export function formatTime(epochMs: number, locale?: string): string {
  if (Number.isNaN(new Date(epochMs).getTime())) return ''
  return formatter(`t|${locale ?? ''}`, () =>
    Intl.DateTimeFormat(locale ? [locale] : [], { hour: '2-digit', minute: '2-digit' }),
  ).format(epochMs)
}

/** Names joined the locale's way: "Ana and Budi", "Ana, Budi, dan Citra". */
export function formatList(items: readonly string[], locale = 'en-US'): string {
  let known = lists.get(locale)
  if (!known) {
    known = new Intl.ListFormat(locale, { type: 'conjunction' })
    lists.set(locale, known)
  }
  return known.format(items)
}
const lists = new Map<string, Intl.ListFormat>()

/**
 * Making an Intl formatter is the costly part (what `toLocaleTimeString` does on every call):
 * a few hundred chat messages arriving at once spent 400 ms on it. One per locale and options.
 */
const formatters = new Map<string, { format(value: number): string }>()
function formatter<F extends { format(value: number): string }>(key: string, make: () => F): F {
  let known = formatters.get(key) as F | undefined
  if (!known) {
    known = make()
    formatters.set(key, known)
  }
  return known
}
