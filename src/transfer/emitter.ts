/** A minimal typed event surface: `on(event, cb)` returns the unsubscribe function. */
export interface Emitter<E extends string> {
  on(event: E, cb: () => void): () => void
  emit(event: E): void
  clear(): void
}

/** Listener exceptions are caught and passed to onError so one bad listener cannot break others. */
export function makeEmitter<E extends string>(
  onError: (err: unknown) => void = (err) => console.error(err),
): Emitter<E> {
  const listeners = new Map<E, Set<() => void>>()
  return {
    on(event, cb) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(cb)
      return () => set.delete(cb)
    },
    emit(event) {
      for (const cb of [...(listeners.get(event) ?? [])]) {
        try {
          cb()
        } catch (err) {
          onError(err)
        }
      }
    },
    clear() {
      listeners.clear()
    },
  }
}
