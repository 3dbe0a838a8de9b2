/** Polls `read` until `done` holds; throws with the last value after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${shown(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 500))
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
