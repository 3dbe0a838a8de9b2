/**
 * Text that came from another device and is shown as a label: a person's name, a file name.
 * Control characters and the invisible format characters that reorder or hide text are removed
 * (a name "invoice\u202Egnp.exe" would otherwise show as "invoiceexe.png", and a name holding
 * U+202E reverses the sentence it stands in), runs of white space become one space, and the
 * result is cut to `max` UTF-16 units. Joiners (U+200C, U+200D) stay: scripts and emoji need them.
 */
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g

export function cleanLabel(text: string, max: number): string {
  return text.replace(HIDDEN, '').replace(/\s+/g, ' ').trim().slice(0, max).trim()
}
