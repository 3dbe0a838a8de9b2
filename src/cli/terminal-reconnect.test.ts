import { describe, expect, it } from 'vitest'
import { type FakeMember, FakeNet, invite, makeMember } from '../call/testing/fake-room'
import { en } from '../i18n/en'
import type { PeerSession } from '../rtc/session'
import { eventually } from '../shared/testing/eventually'
import { Printer } from './terminal'
import { TerminalReconnect } from './terminal-reconnect'

const RECONNECT_LINK = /^https:\/\/tatap\.example\/\?reconnect#\S+$/m

/** A member with a terminal's Reconnect, printing into `lines`. */
function terminal(member: FakeMember) {
  const lines: string[] = []
  const out = new Printer({
    isTTY: false,
    write: (text) => lines.push(...text.split('\n').filter(Boolean)),
  })
  const reconnect = new TerminalReconnect({
    room: member.room as never,
    baseUrl: 'https://tatap.example/',
    out,
    showCode: async (link, intro) => {
      for (const line of intro) out.line(line)
      out.line(link)
    },
  })
  const printed = () => lines.join('\n')
  /** The last reconnect link printed. */
  const link = () => lines.filter((l) => RECONNECT_LINK.test(l)).at(-1) ?? ''
  return { member, reconnect, printed, link, lines }
}

/**
 * Ana invited Tono (Ana offers their connection); then Tono's network changes. Both notice,
 * unless `tonoNotices` is false (as werift before its 30 s consent timeout).
 */
async function callThatLostItsPath(tonoNotices = true) {
  const net = new FakeNet()
  const ana = terminal(makeMember(net, 'Ana', 'ana'))
  const tono = terminal(makeMember(net, 'Tono', 'tono'))
  await invite(ana.member, tono.member)
  const port = net.ports.find((p) => p.fingerprint === tono.member.fingerprint && p.peer)
  if (!port) throw new Error('no port')
  port.changeNetwork({ noticedHere: tonoNotices })
  await eventually(() => {
    expect(ana.member.room.member('tono')?.pathFailed).toBe(true)
    expect(tono.member.room.member('ana')?.pathFailed).toBe(tonoNotices)
  })
  return { ana, tono }
}

const session = (m: FakeMember, id: string) => m.room.member(id)?.session as PeerSession

describe('Reconnect in the terminal', () => {
  it('prints a reconnect code on one side, takes it as a pasted line on the other, and the reply back: the same connection carries on', async () => {
    const { ana, tono } = await callThatLostItsPath()
    const before = session(ana.member, 'tono')
    await eventually(() => expect(ana.link()).not.toBe(''))
    expect(ana.printed()).toContain('The network between you and Tono changed.')
    expect(ana.printed()).toContain('Ask Tono to tap Reconnect and scan this code')
    expect(tono.printed()).toContain('Paste that reconnect code or link here and press Enter:')

    // Chat stays chat; the code is taken as a code.
    expect(tono.reconnect.takeLine('see you in a minute')).toBe(false)
    expect(tono.reconnect.takeLine('https://example.com/docs#reconnecting')).toBe(false)
    expect(tono.reconnect.takeLine(ana.link())).toBe(true)
    await eventually(() => expect(tono.link()).not.toBe(''))
    expect(tono.printed()).toContain('Show this reply to Ana.')
    expect(ana.reconnect.takeLine(`  ${tono.link()}  `)).toBe(true)

    await eventually(() => {
      expect(ana.printed()).toContain('Reconnected with Tono.')
      expect(tono.printed()).toContain('Reconnected with Ana.')
    })
    expect(session(ana.member, 'tono')).toBe(before)
    expect(ana.member.room.member('tono')).toMatchObject({ status: 'connected', pathFailed: false })
    expect(tono.member.room.member('ana')).toMatchObject({ status: 'connected', pathFailed: false })
  })

  it('a wrong line gets the app’s sentence and the prompt stays; a code nobody waits for is not sent as chat', async () => {
    const { ana, tono } = await callThatLostItsPath()
    await eventually(() => expect(ana.link()).not.toBe(''))
    // Ana pastes her own code back instead of Tono's reply; Tono pastes a cut-off code.
    expect(ana.reconnect.takeLine(ana.link())).toBe(true)
    expect(tono.reconnect.takeLine(ana.link().slice(0, -12))).toBe(true)
    await eventually(() => {
      expect(ana.lines.at(-1)).toBe(en.errInviteNotReply)
      expect(tono.lines.at(-1)).toMatch(/^That code is (damaged|cut off)/)
    })
    // Both still wait: the whole code, then its reply, bring the call back.
    expect(tono.reconnect.takeLine(ana.link())).toBe(true)
    await eventually(() => expect(tono.link()).not.toBe(''))
    expect(ana.reconnect.takeLine(tono.link())).toBe(true)
    await eventually(() => expect(ana.printed()).toContain('Reconnected with Tono.'))

    const idle = terminal(makeMember(new FakeNet(), 'Dewi', 'dewi'))
    expect(idle.reconnect.takeLine(ana.link())).toBe(true)
    expect(idle.printed()).toContain('no connection in this call is waiting for one')
  })

  it('takes the code before this side noticed its path fail: the reply goes back and the call carries on', async () => {
    const { ana, tono } = await callThatLostItsPath(false)
    await eventually(() => expect(ana.link()).not.toBe(''))
    expect(tono.printed()).not.toContain('Paste that reconnect code')
    expect(tono.reconnect.takeLine(ana.link())).toBe(true)
    await eventually(() => expect(tono.link()).not.toBe(''))
    expect(tono.printed()).toContain('Show this reply to Ana.')
    expect(ana.reconnect.takeLine(tono.link())).toBe(true)
    await eventually(() => {
      expect(ana.printed()).toContain('Reconnected with Tono.')
      expect(ana.member.room.member('tono')).toMatchObject({ status: 'connected' })
    })
    // Messages cross the same connection again: one from Tono's session reaches Ana's.
    const received: string[] = []
    session(ana.member, 'tono').on('message', (m) => received.push(JSON.stringify(m)))
    session(tono.member, 'ana').sendRoomMessage({ t: 'gone', id: 'nobody' })
    await eventually(() => expect(received).toEqual([JSON.stringify({ t: 'gone', id: 'nobody' })]))
  })
})
