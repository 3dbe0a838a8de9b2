import { describe, expect, it } from 'vitest'
import {
  cleanName,
  MAX_FRAME_CHARS,
  MAX_HAND_AGO_MS,
  MAX_RELAYED_SDP_CHARS,
  parseControlMessage,
  REACTIONS,
} from './messages'

const FP = `${'AB:'.repeat(31)}AB`
const parse = (value: unknown) => parseControlMessage(JSON.stringify(value))

describe('control messages: every frame is checked before it is used', () => {
  it('reads each well-formed frame', () => {
    expect(parse({ t: 'hello', v: 2, id: 'm1', name: 'Ana', media: true })).toEqual({
      t: 'hello',
      v: 2,
      id: 'm1',
      name: 'Ana',
      media: true,
    })
    expect(parse({ t: 'bye' })).toEqual({ t: 'bye' })
    expect(parse({ t: 'view', height: 360.4 })).toEqual({ t: 'view', height: 360 })
    expect(parse({ t: 'gone', id: 'm2' })).toEqual({ t: 'gone', id: 'm2' })
    expect(parse({ t: 'introduce', peer: { id: 'm3', name: 'Citra', fingerprint: FP } })).toEqual({
      t: 'introduce',
      peer: { id: 'm3', name: 'Citra', fingerprint: FP },
    })
  })

  it('carries what a member takes before its hello only when it says so with true', () => {
    const hello = { t: 'hello', v: 2, id: 'm1', name: 'Ana', media: true }
    expect(parse({ ...hello, earlyMedia: true })).toEqual({ ...hello, earlyMedia: true })
    expect(parse({ ...hello, earlyMedia: 'yes' })).toEqual(hello)
    const peer = { id: 'm3', name: 'Citra', fingerprint: FP }
    expect(parse({ t: 'introduce', peer: { ...peer, media: true } })).toEqual({
      t: 'introduce',
      peer: { ...peer, media: true },
    })
    expect(parse({ t: 'introduce', peer: { ...peer, media: 1 } })).toEqual({
      t: 'introduce',
      peer,
    })
  })

  it('carries a trickled candidate in a signal, and trickle only when a member says so with true', () => {
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 40000 typ host' }
    expect(parse({ t: 'signal', to: 'm2', candidate: { ...candidate, sdpMid: '0' } })).toEqual({
      t: 'signal',
      to: 'm2',
      candidate: { ...candidate, sdpMid: '0' },
    })
    expect(parse({ t: 'signal', from: 'm1', candidate })).toEqual({
      t: 'signal',
      from: 'm1',
      candidate,
    })
    const hello = { t: 'hello', v: 2, id: 'm1', name: 'Ana', media: true }
    expect(parse({ ...hello, trickle: true })).toEqual({ ...hello, trickle: true })
    expect(parse({ ...hello, trickle: 1 })).toEqual(hello)
    const peer = { id: 'm3', name: 'Citra', fingerprint: FP }
    expect(parse({ t: 'introduce', peer: { ...peer, trickle: true } })).toEqual({
      t: 'introduce',
      peer: { ...peer, trickle: true },
    })
  })

  it('reads the room-size and meeting messages, and a newcomer only when said with true', () => {
    expect(parse({ t: 'full', id: 'm4' })).toEqual({ t: 'full', id: 'm4' })
    expect(parse({ t: 'met', id: 'm4' })).toEqual({ t: 'met', id: 'm4' })
    expect(parse({ t: 'full', id: 'a b' })).toBeNull()
    const peer = { id: 'm3', name: 'Citra', fingerprint: FP }
    expect(parse({ t: 'introduce', peer: { ...peer, newcomer: true } })).toEqual({
      t: 'introduce',
      peer: { ...peer, newcomer: true },
    })
    expect(parse({ t: 'introduce', peer: { ...peer, newcomer: 'yes' } })).toEqual({
      t: 'introduce',
      peer,
    })
  })

  it('reads the room head count of an introduction only as a whole number from 2 to 64', () => {
    const peer = { id: 'm3', name: 'Citra', fingerprint: FP }
    expect(parse({ t: 'introduce', peer, room: 4 })).toEqual({ t: 'introduce', peer, room: 4 })
    for (const room of [1, 65, 3.5, '4', null, Number.NaN]) {
      expect(parse({ t: 'introduce', peer, room })).toEqual({ t: 'introduce', peer })
    }
  })

  it('cleans every name it carries the same way, from a hello or an introduction', () => {
    const name = ' Gh\u202Eost\n\u200B  4 '
    const hello = parse({ t: 'hello', v: 2, id: 'm1', name, media: true })
    const introduce = parse({ t: 'introduce', peer: { id: 'm3', name, fingerprint: FP } })
    expect(hello?.t === 'hello' && hello.name).toBe('Ghost 4')
    expect(introduce?.t === 'introduce' && introduce.peer.name).toBe('Ghost 4')
    expect(cleanName('x'.repeat(100))).toHaveLength(60)
  })

  it.each([
    ['not JSON', 'hello'],
    ['not an object', '42'],
    ['null', 'null'],
    ['unknown type', JSON.stringify({ t: 'shout' })],
    ['hello without name', JSON.stringify({ t: 'hello', v: 2 })],
    ['hello with a numeric name', JSON.stringify({ t: 'hello', v: 2, name: 5 })],
    [
      'description of an unknown type',
      JSON.stringify({ t: 'description', description: { type: 'pranswer', sdp: 'v=0' } }),
    ],
    [
      'description without sdp',
      JSON.stringify({ t: 'description', description: { type: 'offer' } }),
    ],
    ['negotiate without kinds', JSON.stringify({ t: 'negotiate' })],
    ['candidate of the wrong shape', JSON.stringify({ t: 'candidate', candidate: 'x' })],
    ['candidate without its line', JSON.stringify({ t: 'candidate', candidate: { sdpMid: '0' } })],
    ['media without booleans', JSON.stringify({ t: 'media', mic: 'on', cam: true })],
    ['view of no height', JSON.stringify({ t: 'view', height: -1 })],
    ['view of an infinite height', '{"t":"view","height":1e999}'],
    [
      'introduce with a bad id',
      JSON.stringify({ t: 'introduce', peer: { id: 'a b', name: 'x', fingerprint: FP } }),
    ],
    [
      'introduce with a bad fingerprint',
      JSON.stringify({ t: 'introduce', peer: { id: 'm', name: 'x', fingerprint: 'AB' } }),
    ],
    [
      'signal with both to and from',
      JSON.stringify({
        t: 'signal',
        to: 'a',
        from: 'b',
        description: { type: 'offer', sdp: 'v=0' },
      }),
    ],
    [
      'signal with neither',
      JSON.stringify({ t: 'signal', description: { type: 'offer', sdp: 'v=0' } }),
    ],
    [
      'signal with an oversized sdp',
      JSON.stringify({
        t: 'signal',
        to: 'a',
        description: { type: 'offer', sdp: 'x'.repeat(MAX_RELAYED_SDP_CHARS + 1) },
      }),
    ],
    [
      'signal with neither a description nor a candidate',
      JSON.stringify({
        t: 'signal',
        to: 'a',
        candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host',
      }),
    ],
    [
      'signal with a null candidate (no end-of-candidates through a relay)',
      JSON.stringify({ t: 'signal', to: 'a', candidate: null }),
    ],
    ['gone without id', JSON.stringify({ t: 'gone' })],
    ['an oversized frame', JSON.stringify({ t: 'bye', pad: 'x'.repeat(MAX_FRAME_CHARS) })],
  ])('drops %s', (_what, data) => {
    expect(parseControlMessage(data)).toBeNull()
  })

  it('reads hands, reactions and recording, bounded; anything else of theirs is dropped', () => {
    expect(parse({ t: 'hand', up: true, ago: 1234.4 })).toEqual({ t: 'hand', up: true, ago: 1234 })
    expect(parse({ t: 'hand', up: false })).toEqual({ t: 'hand', up: false, ago: 0 })
    expect(parse({ t: 'hand', up: true, ago: -5 })).toEqual({ t: 'hand', up: true, ago: 0 })
    expect(parse({ t: 'hand', up: true, ago: 1e300 })).toEqual({
      t: 'hand',
      up: true,
      ago: MAX_HAND_AGO_MS,
    })
    expect(parse({ t: 'hand', up: 'yes' })).toBeNull()
    for (const emoji of REACTIONS)
      expect(parse({ t: 'react', emoji })).toEqual({ t: 'react', emoji })
    expect(parse({ t: 'react', emoji: '<img src=x>' })).toBeNull()
    expect(parse({ t: 'react', emoji: '👍👍' })).toBeNull()
    expect(parse({ t: 'recording', on: true })).toEqual({ t: 'recording', on: true })
    expect(parse({ t: 'recording', on: 1 })).toBeNull()
  })

  it('drops anything that is not text', () => {
    expect(parseControlMessage(new ArrayBuffer(8))).toBeNull()
    expect(parseControlMessage(undefined)).toBeNull()
  })

  it('cleans names: no text-reordering characters, bounded length', () => {
    const hello = parse({
      t: 'hello',
      v: 2,
      id: 'm1',
      name: `Ana\u202Eevil${'x'.repeat(100)}`,
      media: true,
    })
    expect(hello).toMatchObject({ name: `Anaevil${'x'.repeat(53)}` })
  })

  it('reads a version 1 hello (no id) with an empty id, for the room to replace', () => {
    expect(parse({ t: 'hello', v: 1, name: 'Old', media: false })).toMatchObject({
      id: '',
      media: false,
    })
  })
})
