/**
 * The one typed event emitter of the app: `on(event, listener)` returns the unsubscribe
 * function; listeners run synchronously in subscription order. A listener that throws does not
 * stop the others: its error goes to `onError` (by default rethrown from a microtask, so it
 * reaches the browser console or fails a test instead of vanishing).
 *
 * Classes extend it and keep `emit` to themselves (protected); plain objects use `makeEmitter`,
 * whose `emit` is public to its owner.
 */
export type Listener<T> = (payload: T) => void

export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>()

  constructor(private readonly onError: (err: unknown) => void = rethrowLater) {}

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        ;(listener as Listener<Events[K]>)(payload)
      } catch (err) {
        this.onError(err)
      }
    }
  }

  /** Forgets every listener (the owner is being disposed). */
  protected removeAllListeners(): void {
    this.listeners.clear()
  }
}

/** An emitter for composition: its owner emits, others only subscribe through the owner. */
export class OwnedEmitter<Events extends Record<string, unknown>> extends Emitter<Events> {
  override emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    super.emit(event, payload)
  }

  clear(): void {
    this.removeAllListeners()
  }
}

function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err
  })
}
