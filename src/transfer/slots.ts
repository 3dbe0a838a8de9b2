/** FIFO limiter: at most `limit` started jobs hold a slot at a time. */
export interface Slots {
  /** Calls start() once a slot is free (maybe immediately). The returned function releases the
   *  slot, or drops the job if it has not started; calling it again does nothing. */
  take(start: () => void): () => void
}

export function makeSlots(limit: number): Slots {
  let active = 0
  const waiting: Array<() => void> = []
  const next = (): void => {
    while (active < limit) {
      const run = waiting.shift()
      if (!run) return
      run()
    }
  }
  return {
    take(start) {
      let phase: 'waiting' | 'active' | 'released' = 'waiting'
      const run = (): void => {
        phase = 'active'
        active++
        start()
      }
      waiting.push(run)
      next()
      return () => {
        if (phase === 'active') {
          active--
          phase = 'released'
          next()
        } else if (phase === 'waiting') {
          phase = 'released'
          waiting.splice(waiting.indexOf(run), 1)
        }
      }
    },
  }
}
