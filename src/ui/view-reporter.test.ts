import { describe, expect, it } from 'vitest'
import { makeViewReporter } from './view-reporter'

/** A reporter on a hand-run clock; `sent` is what each member's sender was told, in order. */
function reporter() {
  const sent: string[] = []
  const timers: Array<{ at: number; run: () => void } | null> = []
  let now = 0
  const r = makeViewReporter({
    send: (id, height) => sent.push(`${id} ${height}`),
    hideAfterMs: 400,
    setTimer: (run, ms) => timers.push({ at: now + ms, run }) - 1,
    clearTimer: (i) => {
      timers[i as number] = null
    },
  })
  const advance = (ms: number) => {
    now += ms
    for (const [i, t] of timers.entries()) {
      if (t && t.at <= now) {
        timers[i] = null
        t.run()
      }
    }
  }
  return { r, sent, advance }
}

describe('what each sender hears of how its video is shown here', () => {
  it('a tile that goes off the page is told 0 after a moment, and its height at once when back', () => {
    const { r, sent, advance } = reporter()
    const tile = {}
    r.shown('ana', tile, 360)
    r.gone('ana', tile)
    advance(399)
    expect(sent).toEqual(['ana 360'])
    advance(1)
    expect(sent).toEqual(['ana 360', 'ana 0'])
    r.shown('ana', {}, 360)
    expect(sent).toEqual(['ana 360', 'ana 0', 'ana 360'])
  })

  it('a tile made again at once (pinned, the grid reflowed) is never switched off', () => {
    const { r, sent, advance } = reporter()
    const first = {}
    r.shown('ana', first, 360)
    r.gone('ana', first)
    r.shown('ana', {}, 700)
    advance(1000)
    expect(sent).toEqual(['ana 360', 'ana 700'])
  })

  it('in the background every sender is told 0 at once, but the one floating in picture-in-picture', () => {
    const { r, sent } = reporter()
    r.shown('ana', {}, 360)
    r.shown('budi', {}, 360)
    r.setBackground(true, 'budi')
    expect(sent).toEqual(['ana 360', 'budi 360', 'ana 0'])
    r.setBackground(false, null)
    expect(sent).toEqual(['ana 360', 'budi 360', 'ana 0', 'ana 360'])
  })

  it('the tallest of a member’s tiles counts', () => {
    const { r, sent } = reporter()
    const [grid, strip] = [{}, {}]
    r.shown('ana', strip, 120)
    r.shown('ana', grid, 480)
    r.gone('ana', grid)
    expect(sent).toEqual(['ana 120', 'ana 480', 'ana 120'])
  })
})
