import { createInterface } from 'node:readline'

/**
 * Lines from stdin, shared by prompts and chat: a line goes to the oldest pending next() (a
 * prompt waiting for its answer), else to the onLine handler, else it is kept until a handler
 * or a prompt takes it — so nothing typed early is lost.
 */
export class LineInput {
  private readonly prompts: Array<(line: string | null) => void> = []
  private readonly kept: string[] = []
  private handler: ((line: string) => void) | null = null
  private endHandler: (() => void) | null = null
  private ended = false
  private readonly close: () => void

  constructor(stream: NodeJS.ReadableStream) {
    const rl = createInterface({
      input: stream,
      terminal: false,
      crlfDelay: Number.POSITIVE_INFINITY,
    })
    rl.on('line', (line) => this.take(line))
    rl.on('close', () => {
      this.ended = true
      for (const resolve of this.prompts.splice(0)) resolve(null)
      this.endHandler?.()
    })
    this.close = () => rl.close()
  }

  /** The next line, or null once input has ended. */
  next(): Promise<string | null> {
    const line = this.kept.shift()
    if (line !== undefined) return Promise.resolve(line)
    if (this.ended) return Promise.resolve(null)
    return new Promise((resolve) => this.prompts.push(resolve))
  }

  /** Receives every line no prompt asked for, starting with those kept so far. */
  onLine(handler: (line: string) => void): void {
    this.handler = handler
    for (const line of this.kept.splice(0)) handler(line)
  }

  /** Called once when input ends (Ctrl+D, or the pipe closes); at once if it already has. */
  onEnd(handler: () => void): void {
    this.endHandler = handler
    if (this.ended) handler()
  }

  /** Stops reading (lets the process exit). */
  stop(): void {
    this.close()
  }

  private take(line: string): void {
    const prompt = this.prompts.shift()
    if (prompt) prompt(line)
    else if (this.handler) this.handler(line)
    else this.kept.push(line)
  }
}
