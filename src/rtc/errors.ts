/** Normalises any caught value into an Error whose message says what we were doing. */
export function toError(value: unknown, doing: string): Error {
  if (value instanceof Error) return new Error(`${doing}: ${value.message}`, { cause: value })
  return new Error(`${doing}: ${String(value)}`)
}
