/**
 * Runs `task` once the next frame is painted, or after 100 ms where no frame comes (a hidden
 * page paints none). For work that blocks the page and need not come before what the person
 * sees: releasing a camera, closing a peer connection.
 */
export function afterNextPaint(task: () => void): void {
  let done = false
  const once = () => {
    if (done) return
    done = true
    task()
  }
  const fallback = setTimeout(once, 100)
  if (typeof requestAnimationFrame !== 'function') return
  // rAF runs just before the paint; the timeout set there runs after it.
  requestAnimationFrame(() => {
    setTimeout(() => {
      clearTimeout(fallback)
      once()
    }, 0)
  })
}
