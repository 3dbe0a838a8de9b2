import { describe, expect, it } from 'vitest'
import type { Hello } from '../rtc/messages'
import type { PeerPhase } from '../rtc/phase'
import type { PeerSession } from '../rtc/session'
import { Roster } from './roster'

/** The part of a session the roster reads, and whether it was closed. */
function fakeSession(remote: Hello | null, status: PeerPhase['status'] = 'connected') {
  const session = {
    remote,
    phase: { status } as PeerPhase,
    isLive: status === 'connected' || status === 'interrupted',
    closedWith: null as PeerPhase | null,
    close(final: PeerPhase) {
      session.closedWith = final
    },
  }
  return session
}
const asSession = (s: ReturnType<typeof fakeSession>) => s as unknown as PeerSession

function roster() {
  const told: string[] = []
  let changes = 0
  const r = new Roster<PeerSession>({
    changed: () => {
      changes++
    },
    left: (member, how) => told.push(`${member.name} ${how}`),
  })
  return { r, told, changes: () => changes }
}

describe('the roster: one owner of who is in the call', () => {
  it('a member from a code exchange: connecting, then what its hello says', () => {
    const { r } = roster()
    const hello = { id: 'b', name: 'Budi', media: false }
    r.add('b', 'Budi?', asSession(fakeSession(hello)))
    expect(r.view('b')?.status).toBe('connecting')
    r.adopt('b')
    expect(r.view('b')).toMatchObject({ name: 'Budi', status: 'connected', takesMedia: false })
    // A terminal sends no media either.
    expect(r.view('b')?.media).toEqual({ mic: false, cam: false, screenStreamId: null })
    expect(r.size).toBe(2)
    expect(r.live('b')).not.toBeNull()
  })

  it('an introduced member slow to connect reads unreachable; given up, its connection closes', () => {
    const { r } = roster()
    r.add('c', 'Citra', null)
    r.slow('c')
    expect(r.view('c')?.status).toBe('unreachable')
    const session = fakeSession(null, 'connecting')
    r.setSession('c', asSession(session))
    r.giveUp('c')
    expect(session.closedWith).toEqual({ status: 'failed', reason: 'no-route' })
    // Slow changes only a member still connecting.
    r.add('d', 'Dewi', asSession(fakeSession({ id: 'd', name: 'Dewi', media: true })))
    r.adopt('d')
    r.slow('d')
    expect(r.view('d')?.status).toBe('connected')
  })

  it('a member that left is told once, however it is heard, and never comes back', () => {
    const { r, told } = roster()
    r.add('b', 'Budi', null)
    r.remove('b', 'left')
    r.remove('b', 'lost')
    expect(told).toEqual(['Budi left'])
    expect(r.departed('b')).toBe(true)
    expect(r.has('b')).toBe(false)
  })

  it('an introduction that never came about goes without a word; nothing is told after close', () => {
    const { r, told } = roster()
    r.add('c', 'Citra', null)
    r.drop('c')
    expect(r.has('c')).toBe(false)
    expect(r.departed('c')).toBe(false)
    r.add('d', 'Dewi', null)
    r.close()
    r.remove('d', 'left')
    expect(told).toEqual([])
  })

  it('a view stays the same object until something of it changes (the UI renders by identity)', () => {
    const { r, changes } = roster()
    r.add('b', 'Budi', asSession(fakeSession({ id: 'b', name: 'Budi', media: true })))
    r.adopt('b')
    const before = r.view('b')
    expect(r.view('b')).toBe(before)
    const counted = changes()
    r.setPath('b', 'interrupted')
    expect(r.view('b')).not.toBe(before)
    expect(r.view('b')?.status).toBe('interrupted')
    expect(changes()).toBe(counted + 1)
  })
})
