import { describe, expect, it } from 'vitest'
import { en } from './en'
import { id } from './id'
import { setLanguage, sizeText, t } from './index'

describe('t', () => {
  it('follows the language as it is switched, sizes included', () => {
    setLanguage('en')
    expect(t.leaveCall).toBe(en.leaveCall)
    expect(sizeText(5_300_000)).toBe('5.3 MB')
    setLanguage('id')
    expect(t.leaveCall).toBe(id.leaveCall)
    expect(t.sendFileTo('Gita')).toBe(id.sendFileTo('Gita'))
    expect(sizeText(5_300_000)).toBe('5,3 MB')
    expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort())
  })
})
