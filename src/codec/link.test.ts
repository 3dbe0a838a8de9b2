import { describe, expect, it } from 'vitest'
import { fixture } from './fixtures'
import { decodeSignal, encodeSignal, extractCode, inviteLink } from './index'
import { reasonOf } from './test-helpers'

const code = encodeSignal(fixture('chromiumDcOffer'))
const expected = decodeSignal(code)

describe('extractCode / inviteLink', () => {
  it('builds a link with the code in the fragment', () => {
    expect(inviteLink('https://tatap.example/', code)).toBe(`https://tatap.example/#${code}`)
    expect(inviteLink('https://tatap.example/app/?x=1#old', code)).toBe(
      `https://tatap.example/app/?x=1#${code}`,
    )
  })

  it('takes everything after the last #, drops whitespace, upper-cases', () => {
    expect(extractCode(`https://any.host/path#x#${code}`)).toBe(code)
    expect(extractCode(`  ${code.toLowerCase()}\n`)).toBe(code)
    expect(extractCode(code.replace(/(.{20})/g, '$1\r\n '))).toBe(code)
    expect(extractCode(code.replace(/(.{7})/g, '$1\u200b'))).toBe(code)
  })

  it('throws empty or not-a-code', () => {
    expect(reasonOf(() => extractCode(''))).toBe('empty')
    expect(reasonOf(() => extractCode('https://tatap.example/#  '))).toBe('empty')
    expect(reasonOf(() => extractCode(`${code}.`))).toBe('not-a-code')
    expect(reasonOf(() => inviteLink('https://tatap.example/', 'no way!'))).toBe('not-a-code')
  })
})

describe('decodeSignal input forms', () => {
  it.each([
    ['a bare code', code],
    ['a link', `https://tatap.example/#${code}`],
    ['a link on another host and path', `http://192.168.1.5:5173/some/path/?q=1#${code}`],
    ['lower case', `https://tatap.example/#${code}`.toLowerCase()],
    [
      'text wrapped by a chat app',
      `Join me:\nhttps://tatap.example/#${code.replace(/(.{30})/g, '$1\n')}\n`,
    ],
    ['tabs and no-break spaces', code.replace(/(.{9})/g, '$1\t\u00a0')],
  ])('%s', (_, input) => {
    expect(decodeSignal(input)).toEqual(expected)
  })
})
