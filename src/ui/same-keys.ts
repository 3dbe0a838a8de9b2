/**
 * Equality for a memo of keys (member ids): the same keys in the same order. With it, a list
 * rendered by key is left alone when only the members' other fields changed.
 */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i])
}
