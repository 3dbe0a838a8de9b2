import { afterEach, describe, expect, it, vi } from 'vitest'
import type { GestureMessage } from '../rtc/messages'
import { eventually } from '../shared/testing/eventually'
import {
  Gestures,
  REACTION_BURST,
  RECEIVE_SLACK,
  SPEECH_LOWERS_HAND_MS,
  STATE_BURST,
} from './gestures'
import { FakeNet, fakeDevice, joinByCodes } from './testing/fake-call'

function gestures(clock = { now: 0 }) {
  const sent: GestureMessage[] = []
  const to: Array<[string, GestureMessage]> = []
  const g = new Gestures({
    selfId: 'me',
    broadcast: (m) => sent.push(m),
    sendTo: (id, m) => to.push([id, m]),
    now: () => clock.now,
  })
  const reactions: string[] = []
  g.on('reaction', ({ id, emoji }) => reactions.push(`${id} ${emoji}`))
  return { g, sent, to, reactions, clock }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('hands, reactions and recording', () => {
  it('lists raised hands in the order they went up, a newcomer’s told ones by how long ago', () => {
    const { g, clock } = gestures({ now: 100_000 })
    g.receive('budi', { t: 'hand', up: true, ago: 0 })
    clock.now += 1000
    g.setHand(true)
    clock.now += 1000
    // Citra's hand went up 5 s ago, before anyone else's (she tells us as we join).
    g.receive('citra', { t: 'hand', up: true, ago: 5000 })
    expect(g.raisedHands()).toEqual(['citra', 'budi', 'me'])
    g.receive('budi', { t: 'hand', up: false, ago: 0 })
    g.left('citra')
    expect(g.raisedHands()).toEqual(['me'])
  })

  it('tells a member that joins its raised hand and its recording, and nothing when both are off', () => {
    const { g, to, clock } = gestures({ now: 10_000 })
    g.joined('budi')
    expect(to).toEqual([])
    g.setHand(true)
    g.setRecording(true)
    clock.now += 4000
    g.joined('citra')
    expect(to).toEqual([
      ['citra', { t: 'hand', up: true, ago: 4000 }],
      ['citra', { t: 'recording', on: true }],
    ])
  })

  it('drops what a member sends beyond its bound, and shows its reactions again once it slowed down', () => {
    const { g, reactions, clock } = gestures()
    for (let i = 0; i < 10_000; i++) g.receive('mallory', { t: 'react', emoji: '🎉' })
    expect(reactions).toHaveLength(REACTION_BURST + RECEIVE_SLACK)
    let changes = 0
    g.on('change', () => changes++)
    for (let i = 0; i < 10_000; i++) g.receive('mallory', { t: 'hand', up: i % 2 === 0, ago: 0 })
    expect(changes).toBe(STATE_BURST + RECEIVE_SLACK)
    // Another member is not held to Mallory's bound.
    g.receive('budi', { t: 'react', emoji: '👍' })
    expect(reactions.at(-1)).toBe('budi 👍')
    clock.now += 1000
    g.receive('mallory', { t: 'react', emoji: '😮' })
    expect(reactions.at(-1)).toBe('mallory 😮')
  })

  it('holds itself to the bound: a toggle beyond it goes later, as the latest state', () => {
    vi.useFakeTimers()
    const clock = { now: 0 }
    const { g, sent } = gestures(clock)
    for (let i = 0; i < STATE_BURST + 3; i++) g.setHand(i % 2 === 0)
    // Ended up (the 13th toggle raised it): 10 sent at once, the rest wait for the bound.
    expect(sent).toHaveLength(STATE_BURST)
    expect(g.handUp()).toBe(true)
    clock.now += 1000
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(STATE_BURST + 1)
    // One message for the three toggles that waited: the hand is up, since 1 s.
    expect(sent.at(-1)).toEqual({ t: 'hand', up: true, ago: 1000 })
    // Reactions beyond ours are not sent and not shown.
    let shown = 0
    for (let i = 0; i < 50; i++) if (g.react('👍')) shown++
    expect(shown).toBe(REACTION_BURST)
  })

  it('lowers its own hand once its person spoke for a while, not for a cough', () => {
    const { g, sent, clock } = gestures()
    g.setHand(true)
    g.ownSpeech(true)
    clock.now += 500
    g.ownSpeech(false)
    clock.now += 1500
    g.ownSpeech(false)
    g.ownSpeech(true)
    clock.now += SPEECH_LOWERS_HAND_MS - 100
    g.ownSpeech(true)
    expect(g.handUp()).toBe(true)
    clock.now += 600
    g.ownSpeech(false)
    clock.now += 300
    g.ownSpeech(true)
    expect(g.handUp()).toBe(false)
    expect(sent.at(-1)).toEqual({ t: 'hand', up: false, ago: 0 })
  })

  it('in a real call: a member that joins later learns the raised hand, everyone sees reactions', async () => {
    const net = new FakeNet()
    const [ana, budi, citra] = [
      fakeDevice(net, 'Ana'),
      fakeDevice(net, 'Budi'),
      fakeDevice(net, 'Citra'),
    ]
    await joinByCodes(ana, budi)
    budi.call.gestures.setHand(true)
    await eventually(() => expect(ana.call.gestures.raisedHands()).toEqual([budi.call.self.id]))
    await joinByCodes(ana, citra)
    await eventually(() => expect(citra.call.members()).toHaveLength(2))
    await eventually(() => expect(citra.call.gestures.raisedHands()).toEqual([budi.call.self.id]))
    const seen: string[] = []
    citra.call.gestures.on('reaction', ({ id, emoji }) => seen.push(`${id} ${emoji}`))
    ana.call.gestures.react('❤️')
    await eventually(() => expect(seen).toEqual([`${ana.call.self.id} ❤️`]))
    budi.call.leave()
    await eventually(() => expect(citra.call.gestures.raisedHands()).toEqual([]))
  })
})
