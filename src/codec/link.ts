import { digitOf } from './alphabet'
import { fail } from './errors'
import { MAX_INPUT_CHARS, MIN_FRAME_BYTES } from './format'

/** Characters of the smallest possible code. */
export const MIN_CODE_CHARS = (MIN_FRAME_BYTES / 2) * 3

/** Whitespace and the invisible characters chat apps insert when they wrap or linkify text. */
const IGNORED = /[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g

export interface CodeText {
  /** Upper-case text after the last '#', without whitespace. */
  text: string
  /** How many of its characters are outside CODE_ALPHABET. */
  foreign: number
  /** The input had a '#': it was (part of) a link, not loose text. */
  linked: boolean
}

/**
 * Code-or-link -> code text. Throws 'not-a-code' for non-strings and inputs longer than
 * MAX_INPUT_CHARS, 'empty' when nothing is left ('corrupted' if that is because a whole code
 * is followed by a stray '#').
 */
export function readCodeText(input: string): CodeText {
  if (typeof input !== 'string' || input.length > MAX_INPUT_CHARS) {
    fail('not-a-code', 'this is not a Tatap code or link')
  }
  const hash = input.lastIndexOf('#')
  const text = clean(input.slice(hash + 1))
  if (text === '') {
    const before = clean(input.slice(0, Math.max(0, hash)))
    if (before.length >= MIN_CODE_CHARS && countForeign(before) === 0) {
      fail('corrupted', "a code followed by '#'")
    }
    fail('empty', 'there is no code to read')
  }
  return { text, foreign: countForeign(text), linked: hash >= 0 }
}

function clean(text: string): string {
  return text.replace(IGNORED, '').toUpperCase()
}

function countForeign(text: string): number {
  let foreign = 0
  for (let i = 0; i < text.length; i++) if (digitOf(text.charCodeAt(i)) < 0) foreign++
  return foreign
}

/** The normalised code of a code or link; throws CodecError 'empty' or 'not-a-code'. */
export function extractCode(input: string): string {
  const { text, foreign } = readCodeText(input)
  if (foreign > 0) fail('not-a-code', 'the text holds characters a code never has')
  return text
}

/** `baseUrl` without its fragment, then '#' and the code: 'https://tatap.example/#CODE'. */
export function inviteLink(baseUrl: string, code: string): string {
  const hash = baseUrl.indexOf('#')
  return `${hash < 0 ? baseUrl : baseUrl.slice(0, hash)}#${extractCode(code)}`
}
