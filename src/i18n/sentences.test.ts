import { describe, expect, it } from 'vitest'
import type { Notice, Problem, SimpleProblem } from '../call/problems'
import { en } from './en'
import { id } from './id'
import { noticeText, problemText } from './sentences'

const SIMPLE: readonly SimpleProblem[] = [
  'reply-not-invite',
  'invite-not-reply',
  'reply-without-call',
  'invite-during-call',
  'rejected',
  'room-full',
  'reconnect-needs-their-code',
  'reconnect-stale',
  'reconnect-without-call',
  'scan-camera',
  'no-qr-in-image',
  'share-failed',
  'generic',
]

const PROBLEMS: readonly Problem[] = [
  ...SIMPLE.map((kind) => ({ kind })),
  ...(
    ['empty', 'not-a-code', 'corrupted', 'truncated', 'unsupported-version', 'wrong-offer'] as const
  ).map((reason) => ({ kind: 'code' as const, reason })),
  ...(['no-route', 'timeout', 'lost', 'flood'] as const).map((failure) => ({
    kind: 'connection' as const,
    failure,
  })),
  ...(['denied', 'missing', 'unavailable', 'unsupported'] as const).map((problem) => ({
    kind: 'media' as const,
    problem,
  })),
  { kind: 'cut-off', name: 'Budi' },
  { kind: 'reconnect-other-person', name: 'Budi' },
  { kind: 'stranded', name: 'Budi' },
]

const NOTICES: readonly Notice[] = [
  { kind: 'joined', name: 'Budi' },
  { kind: 'left', name: 'Budi' },
  { kind: 'lost', name: 'Budi' },
  { kind: 'cut-off', name: 'Budi' },
  { kind: 'reconnected', name: 'Budi' },
  { kind: 'reply-delivered' },
  { kind: 'reconnect-delivered' },
]

describe('problems and notices in words', () => {
  it('every problem has its own sentence in each language', () => {
    for (const t of [en, id]) {
      const texts = PROBLEMS.map((p) => problemText(t, p))
      for (const [i, text] of texts.entries()) {
        expect(text.length, JSON.stringify(PROBLEMS[i])).toBeGreaterThan(10)
      }
      // Two different problems read the same only where they mean the same to a person.
      expect(new Set(texts).size).toBe(texts.length)
    }
    // The same problem in the other language is other words.
    for (const p of PROBLEMS) expect(problemText(id, p)).not.toBe(problemText(en, p))
  })

  it('the name of whoever it is about is in the sentence, in both languages', () => {
    for (const t of [en, id]) {
      for (const n of NOTICES.filter((x) => 'name' in x)) expect(noticeText(t, n)).toContain('Budi')
      expect(problemText(t, { kind: 'cut-off', name: 'Budi' })).toContain('Budi')
    }
  })

  it('a notice made while the screen was in English reads in Indonesian after the switch', () => {
    // The flow keeps the notice as data; the screen words it in the language on screen.
    const notice: Notice = { kind: 'left', name: 'Gita' }
    expect(noticeText(en, notice)).toBe('Gita left the call')
    expect(noticeText(id, notice)).toBe(id.leftTheCall('Gita'))
    expect(noticeText(id, notice)).not.toBe(noticeText(en, notice))
  })
})
