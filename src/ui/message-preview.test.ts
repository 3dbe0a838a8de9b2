import { describe, expect, it } from 'vitest'
import {
  BURST_QUIET_MS,
  firstLine,
  makeMessagePreview,
  PREVIEW_CHARS,
  PREVIEW_MS,
  type Preview,
} from './message-preview'

function previewer() {
  const clock = { now: 0 }
  const timers = new Map<number, { at: number; run: () => void }>()
  let next = 1
  const shown: Array<Preview | null> = []
  const preview = makeMessagePreview({
    show: (p) => shown.push(p),
    now: () => clock.now,
    setTimer: (run, ms) => {
      timers.set(next, { at: clock.now + ms, run })
      return next++
    },
    clearTimer: (id) => timers.delete(id as number),
  })
  const advance = (ms: number) => {
    clock.now += ms
    for (const [id, t] of [...timers]) {
      if (t.at <= clock.now) {
        timers.delete(id)
        t.run()
      }
    }
  }
  return { preview, shown, advance }
}

describe('the message preview', () => {
  it('shows "NAME: first line" for a few seconds, then goes', () => {
    const { preview, shown, advance } = previewer()
    preview.message({ author: 'Ana', text: '\n  Lunch at noon?\nI booked a table' })
    expect(shown).toEqual([{ author: 'Ana', line: 'Lunch at noon?' }])
    advance(PREVIEW_MS - 1)
    expect(shown).toHaveLength(1)
    advance(1)
    expect(shown.at(-1)).toBeNull()
  })

  it('shows one preview per burst, and a new one once the burst is over', () => {
    const { preview, shown, advance } = previewer()
    for (let i = 0; i < 30; i++) {
      preview.message({ author: 'Budi', text: `spam ${i}` })
      advance(BURST_QUIET_MS / 2)
    }
    expect(shown.filter((p) => p !== null)).toEqual([{ author: 'Budi', line: 'spam 0' }])
    advance(BURST_QUIET_MS)
    preview.message({ author: 'Citra', text: 'Halo' })
    expect(shown.at(-1)).toEqual({ author: 'Citra', line: 'Halo' })
  })

  it('goes at once when the chat opens', () => {
    const { preview, shown } = previewer()
    preview.message({ author: 'Ana', text: 'hi' })
    preview.hide()
    expect(shown.at(-1)).toBeNull()
  })

  it('cuts a long line', () => {
    expect(firstLine('x'.repeat(1000))).toHaveLength(PREVIEW_CHARS)
    expect(firstLine('   \n\t')).toBe('')
  })
})
