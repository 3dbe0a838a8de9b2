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
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value)
}

/** Clock time of a message, in `locale` (default: the device's own), e.g. 14:05 or 14.05. */
export function formatTime(epochMs: number, locale?: string): string {
  return new Date(epochMs).toLocaleTimeString(locale ? [locale] : [], {
    hour: '2-digit',
    minute: '2-digit',
  })
}
