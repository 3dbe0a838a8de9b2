/**
 * The preview of a chat message that arrives while the chat panel is closed: "NAME: first line"
 * over the video for PREVIEW_MS, as Meet and Jitsi show it. Plain TypeScript with injected
 * timers, so a Node test drives it.
 *
 * Contract:
 * - One preview per burst: a message that comes within BURST_QUIET_MS of the one before belongs
 *   to the same burst and shows nothing new (the Chat button counts them), so thirty messages in
 *   a row are one preview, not thirty, and a screen reader hears one.
 * - The preview goes after PREVIEW_MS, or at once when the chat opens.
 * - Own messages are never news (the caller's news tracker leaves them out).
 */
export const PREVIEW_MS = 5000
export const BURST_QUIET_MS = 2000
/** The longest line a preview shows (the rest is in the chat). */
export const PREVIEW_CHARS = 120

export interface Preview {
  author: string
  line: string
}

export interface PreviewDeps {
  show(preview: Preview | null): void
  now(): number
  setTimer(run: () => void, ms: number): unknown
  clearTimer(timer: unknown): void
}

/** A message's first line with text in it, at most PREVIEW_CHARS. */
export function firstLine(text: string): string {
  const line = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .find((l) => l !== '')
  if (!line) return ''
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line
}

export function makeMessagePreview(deps: PreviewDeps) {
  let lastAt = Number.NEGATIVE_INFINITY
  let timer: unknown = null
  const hide = () => {
    if (timer !== null) deps.clearTimer(timer)
    timer = null
    deps.show(null)
  }
  return {
    /** A member's message arrived with the chat panel closed. */
    message(news: { author: string; text: string }): void {
      const at = deps.now()
      const sameBurst = at - lastAt < BURST_QUIET_MS
      lastAt = at
      if (sameBurst) return
      if (timer !== null) deps.clearTimer(timer)
      deps.show({ author: news.author, line: firstLine(news.text) })
      timer = deps.setTimer(() => {
        timer = null
        deps.show(null)
      }, PREVIEW_MS)
    },
    /** The chat opened (the messages are in view now), or the call screen goes. */
    hide,
  }
}
