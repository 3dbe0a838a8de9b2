/**
 * Whether `target` (an event's target) is a place where a person types text: a text-like input,
 * a textarea, or contenteditable content. Duck-typed, so it runs in Node tests too.
 */
export function isTextField(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean }
  if (el.isContentEditable) return true
  const tag = el.tagName?.toUpperCase()
  if (tag === 'TEXTAREA') return true
  return tag === 'INPUT' && !NOT_TEXT.has((el.type ?? 'text').toLowerCase())
}

/** Input types that take no typed text. */
const NOT_TEXT = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
])
