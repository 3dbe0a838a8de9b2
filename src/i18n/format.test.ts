import { describe, expect, it } from 'vitest'
import { formatBytes, formatList, formatNumber, formatTime } from './format'

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 10 (English by default: the terminal peer)', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(1500)).toBe('1.5 kB')
    expect(formatBytes(52_428_800)).toBe('52 MB')
    expect(formatBytes(4_700_000_000)).toBe('4.7 GB')
  })

  it('writes the decimal comma in Indonesian', () => {
    expect(formatBytes(5_300_000, 'id-ID')).toBe('5,3 MB')
    expect(formatBytes(1500, 'id-ID')).toBe('1,5 kB')
    expect(formatBytes(52_428_800, 'id-ID')).toBe('52 MB')
    expect(formatBytes(5_300_000, 'en-US')).toBe('5.3 MB')
  })

  it('moves up a unit rather than print "10.0" or "1000"', () => {
    expect(formatBytes(9_960)).toBe('10 kB')
    expect(formatBytes(999_700)).toBe('1.0 MB')
  })
})

describe('formatNumber', () => {
  it('groups thousands the locale’s way', () => {
    expect(formatNumber(1234.5, 'en-US', 1)).toBe('1,234.5')
    expect(formatNumber(1234.5, 'id-ID', 1)).toBe('1.234,5')
  })
})

describe('formatTime', () => {
  it('writes the clock the locale’s way', () => {
    const at = new Date(2026, 0, 2, 14, 5).getTime()
    expect(formatTime(at, 'id-ID')).toBe('14.05')
    expect(formatTime(at, 'en-GB')).toBe('14:05')
    expect(formatTime(at, 'en-US')).toBe('02:05 PM')
  })

  it('shows nothing for a time beyond any clock, and never throws', () => {
    expect(formatTime(1e20, 'en-GB')).toBe('')
    expect(formatTime(Number.NaN)).toBe('')
  })

  it('gives the same text on every call, in each locale asked for', () => {
    const at = new Date(2026, 0, 2, 9, 30).getTime()
    expect([formatTime(at, 'id-ID'), formatTime(at, 'en-GB'), formatTime(at, 'id-ID')]).toEqual([
      '09.30',
      '09:30',
      '09.30',
    ])
  })
})

describe('formatList', () => {
  it('joins names the way each language does', () => {
    expect(formatList(['Ana'])).toBe('Ana')
    expect(formatList(['Ana', 'Budi', 'Citra'])).toBe('Ana, Budi, and Citra')
    expect(formatList(['Ana', 'Budi'], 'id-ID')).toBe('Ana dan Budi')
  })
})
