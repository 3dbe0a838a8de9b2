import { isTextField } from './text-field'

/** What `filesToOffer` reads of a paste event's `clipboardData`. */
export interface ClipboardLike {
  readonly types: readonly string[]
  readonly files: ArrayLike<File>
}

/**
 * The files a paste (Ctrl+V) in a call offers to the others, like Send file does; [] when the
 * paste stays an ordinary text paste.
 *
 * - No files on the clipboard: a text paste, untouched.
 * - Outside a text field: the files.
 * - Into a text field (the chat box): the files — a screenshot, a photo, a file copied in the
 *   file manager (Finder adds its name as text/plain) — except for rich text: a copy from a
 *   spreadsheet, a document or a web page carries text/plain and text/html and, in some apps, a
 *   rendered picture of it as a file; the person meant the text.
 */
export function filesToOffer(clipboard: ClipboardLike | null, target: unknown): File[] {
  if (!clipboard || clipboard.files.length === 0) return []
  const rich = clipboard.types.includes('text/plain') && clipboard.types.includes('text/html')
  if (isTextField(target) && rich) return []
  return Array.from(clipboard.files)
}
