import { makeReconnect, type ReconnectView } from '../call/reconnect'
import type { Room } from '../call/room'
import { MIN_CODE_CHARS, readCodeText } from '../codec/link'
import { en } from '../i18n/en'
import { noticeText, problemText } from '../i18n/sentences'
import type { PeerSession } from '../rtc/session'
import { type Printer, printable } from './terminal'

export interface TerminalReconnectOptions {
  room: Room<PeerSession>
  /** The app's address: reconnect links open the app there (`--app`). */
  baseUrl: string
  out: Printer
  /** Prints `intro`, the QR code of `link`, and `link`. */
  showCode: (link: string, intro: readonly string[]) => Promise<void>
}

/**
 * Reconnect in the terminal (call/reconnect.ts, docs/protocol.md "Reconnecting"): when the path
 * to a member failed for good and nothing else brings it back, the terminal prints what the app
 * shows — the offerer its reconnect code as a QR code and a link, the other side a prompt for
 * the code and then its reply — and takes the code or reply as a pasted line. One member at a
 * time, as in the app; the next one whose path failed comes after.
 *
 * A line is taken as a code only when it looks like one: one word whose code part (after a '#',
 * if any) is made of code characters and as long as the shortest code; any other line, a link
 * to a web page's section too, stays chat. A reconnect code from the offerer is taken even
 * before this side noticed its path fail (werift notices after its 30 s consent timeout; the
 * app after ICE gives up, ~17 s).
 */
export class TerminalReconnect {
  private readonly reconnect

  constructor(private readonly options: TerminalReconnectOptions) {
    const { room, out } = options
    this.reconnect = makeReconnect<PeerSession>({
      baseUrl: options.baseUrl,
      member: (id) => room.members().find((m) => m.id === id) ?? null,
      members: () => room.members(),
      show: (view) => void this.show(view),
      alert: (problem) => out.line(problemText(en, problem)),
      notice: (notice) => out.line(noticeText(en, notice)),
    })
    room.on('change', () => this.onChange())
  }

  /** A line typed while in the call: true when it was taken as a code (not chat). */
  takeLine(line: string): boolean {
    if (!looksLikeCode(line)) return false
    const view = this.reconnect.view()
    if (view && !(view.role === 'offerer' && view.step === 'preparing')) {
      void this.reconnect.submit(line)
      return true
    }
    if (this.reconnect.takeCode(line)) return true
    this.options.out.line(
      'That is a code, but no connection in this call is waiting for one. To invite someone, type /invite.',
    )
    return true
  }

  private onChange(): void {
    this.reconnect.refresh()
    if (this.reconnect.view()) return
    const failed = this.options.room.members().find((m) => m.pathFailed && m.session)
    if (failed) this.reconnect.start(failed.id)
  }

  private async show(view: ReconnectView | null): Promise<void> {
    if (!view) return
    const { out } = this.options
    const name = printable(view.name)
    const changed = `The network between you and ${name} changed.`
    if (view.role === 'offerer' && view.step === 'preparing') {
      out.line(`${changed} ${en.reconnectPreparing}`)
    } else if (view.role === 'offerer' && view.step === 'code') {
      await this.options.showCode(view.link, [
        `Reconnect with ${name}: ${en.reconnectShowCode(name)}`,
      ])
      out.line(`Then paste ${name}’s reply code or link here and press Enter:`)
    } else if (view.step === 'scan') {
      out.line(`${changed} ${en.reconnectTakeCode(name)}`)
      out.line('Paste that reconnect code or link here and press Enter:')
    } else if (view.step === 'reply') {
      await this.options.showCode(view.link, [
        `Reply: ${en.reconnectShowReply(name)}`,
        `(${name} can also paste the link below into the Reply code box.)`,
      ])
    }
  }
}

/** One word whose code part (after '#', if any) is only code characters, as long as a code. */
function looksLikeCode(line: string): boolean {
  const word = line.trim()
  if (word === '' || /\s/.test(word)) return false
  try {
    const { text, foreign } = readCodeText(word)
    return foreign === 0 && text.length >= MIN_CODE_CHARS
  } catch {
    return false
  }
}
