import { describe, expect, it } from 'vitest'
import { cleanLabel } from './text'

describe('cleanLabel', () => {
  it('removes the characters that reorder or hide text', () => {
    expect(cleanLabel('invoice\u202Egnp.exe', 100)).toBe('invoicegnp.exe')
    expect(cleanLabel('Ana\u2067\u2069\u200E\u200F\u061C', 100)).toBe('Ana')
    expect(cleanLabel('Bu\u200Bdi\uFEFF', 100)).toBe('Budi')
    expect(cleanLabel('a\u0000b\u001bc\u007fd', 100)).toBe('abcd')
  })

  it('keeps letters of every script, emoji joiners, and folds white space', () => {
    expect(cleanLabel('  محمد \n  Ali\t ', 100)).toBe('محمد Ali')
    expect(cleanLabel('👩\u200D💻 Sari', 100)).toBe('👩\u200D💻 Sari')
  })

  it('cuts to the limit', () => {
    expect(cleanLabel('x'.repeat(100), 60)).toHaveLength(60)
  })
})
