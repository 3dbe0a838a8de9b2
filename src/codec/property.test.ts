import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesToText, CODE_ALPHABET } from './alphabet'
import { crc16 } from './checksum'
import { CodecError } from './errors'
import type { Candidate, SignalFields } from './fields'
import { FIXTURES } from './fixtures'
import { readFrame, writeFrame } from './frame'
import { decodeSignal, encodeSignal, type Signal } from './index'
import { parseSdp } from './sdp-parse'
import { reasonOf } from './test-helpers'

/** Property tests: > 10 000 random, truncated and mutated inputs in all. */

const codes = FIXTURES.map((f) => encodeSignal(f))

/** Decoding either throws a CodecError or yields a signal whose SDP a code can carry again. */
function decodesSafely(input: string): void {
  let signal: Signal
  try {
    signal = decodeSignal(input)
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError)
    return
  }
  expect(() => encodeSignal(signal)).not.toThrow()
}

const codeChars = fc.constantFrom(...CODE_ALPHABET, ...'abz #\n\t.%*!é\u200b')

describe('decodeSignal never throws anything but CodecError', () => {
  it('random code-like text', () => {
    fc.assert(fc.property(fc.string({ unit: codeChars, maxLength: 400 }), decodesSafely), {
      numRuns: 2500,
    })
  })

  it('random unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), decodesSafely), {
      numRuns: 1000,
    })
  })

  it('random bytes written with the alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesSafely(bytesToText(bytes))),
      { numRuns: 1500 },
    )
  })

  it('random frames with a valid checksum (exercises the structure checks)', () => {
    const frame = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 1, maxLength: 260 }))
      .map(([header, body]) => {
        const bytes = new Uint8Array(body.length + (body.length % 2) + 2)
        bytes.set(body)
        // Mostly version 1, so the body parser runs.
        bytes[0] = header < 200 ? (header & 0b00011111) | 0b00100000 : header
        const crc = crc16(bytes, bytes.length - 2)
        bytes[bytes.length - 2] = crc >>> 8
        bytes[bytes.length - 1] = crc & 0xff
        return bytes
      })
    fc.assert(
      fc.property(frame, (bytes) => decodesSafely(bytesToText(bytes))),
      { numRuns: 2000 },
    )
  })

  it('truncated codes are refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.nat(), (code, cut) => {
        const prefix = code.slice(0, cut % code.length)
        const reason = reasonOf(() => decodeSignal(prefix))
        expect(['empty', 'truncated', 'corrupted']).toContain(reason)
      }),
      { numRuns: 1000 },
    )
  })

  it('any single random change of a valid code is detected', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.nat(),
        fc.constantFrom(...CODE_ALPHABET),
        fc.constantFrom('substitute', 'delete', 'insert'),
        (code, at, ch, how) => {
          const i = at % code.length
          const mutant =
            how === 'delete'
              ? code.slice(0, i) + code.slice(i + 1)
              : code.slice(0, i) + ch + code.slice(how === 'insert' ? i : i + 1)
          fc.pre(mutant !== code)
          expect(['corrupted', 'truncated']).toContain(reasonOf(() => decodeSignal(mutant)))
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('codes with several random changes', () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...CODE_ALPHABET, '', 'XY')), {
      minLength: 2,
      maxLength: 6,
    })
    fc.assert(
      fc.property(fc.constantFrom(...codes), edits, (code, changes) => {
        let mutant = code
        for (const [at, text] of changes) {
          const i = at % mutant.length
          mutant = mutant.slice(0, i) + text + mutant.slice(i + 1)
        }
        decodesSafely(mutant)
      }),
      { numRuns: 1000 },
    )
  })
})

describe('encodeSignal never throws anything but CodecError', () => {
  it('fixture SDPs with lines dropped or garbled', () => {
    const sdps = FIXTURES.map((f) => f.sdp.split('\r\n'))
    fc.assert(
      fc.property(
        fc.constantFrom(...sdps),
        fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 40 })), { maxLength: 5 }),
        fc.constantFrom<'offer' | 'answer'>('offer', 'answer'),
        (lines, edits, type) => {
          const edited = [...lines]
          for (const [at, text] of edits) edited[at % edited.length] = text
          try {
            decodeSignal(encodeSignal({ type, sdp: edited.join('\r\n') }))
          } catch (error) {
            expect(error).toBeInstanceOf(CodecError)
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})

const ICE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ice = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...ICE), minLength: min, maxLength: max })
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })

const candidate: fc.Arbitrary<Candidate> = fc
  .record({
    type: fc.constantFrom('host', 'srflx', 'prflx', 'relay'),
    transport: fc.constantFrom('udp', 'tcp'),
    family: fc.constantFrom('ipv4', 'ipv6', 'mdns'),
    bytes: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    port: fc.integer({ min: 1, max: 65535 }),
  })
  .map(({ family, bytes, ...rest }) => ({
    ...rest,
    address: { family, bytes: family === 'ipv4' ? bytes.slice(0, 4) : bytes },
  }))

const fields: fc.Arbitrary<SignalFields> = fc
  .record({
    answer: fc.boolean(),
    passive: fc.boolean(),
    credentials: fc.oneof(
      fc.tuple(ice(4, 4), ice(24, 24)),
      fc.tuple(hex(8), hex(32)),
      fc.tuple(ice(4, 256), ice(22, 256)),
    ),
    fingerprint: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    mid: fc.oneof(fc.constant('0'), fc.stringMatching(/^[a-zA-Z0-9!#$%&'*+.^_`{|}~-]{1,32}$/)),
    // Up to 8 (a code's limit), some of them repeated: a repeat must come through once.
    candidates: fc
      .array(candidate, { maxLength: 6 })
      .chain((list) =>
        fc
          .subarray(list, { maxLength: Math.min(2, list.length) })
          .map((again) => [...list, ...again]),
      ),
    tag: fc.integer({ min: 0, max: 0xffff }),
  })
  .map(({ answer, passive, credentials: [ufrag, pwd], fingerprint, mid, candidates, tag }) => ({
    type: answer ? 'answer' : 'offer',
    role: answer ? (passive ? 'passive' : 'active') : 'actpass',
    ufrag,
    pwd,
    fingerprint,
    mid,
    candidates,
    tag: answer ? tag : 0,
  }))

/**
 * What a code must carry of `all` (at most MAX_CANDIDATES = 8, so none is dropped for room):
 * each distinct candidate once, most useful first, in their given order within a rank. The ranks
 * are written out here from the format's rule, not taken from the codec: UDP host IPv4, then
 * mDNS, IPv6, IPv6 link-local (fe80::/10), prflx, srflx, relay, and any TCP last.
 */
function distinctMostUsefulFirst(all: readonly Candidate[]): Candidate[] {
  const rank = (c: Candidate): number => {
    if (c.transport === 'tcp') return 7
    if (c.type === 'prflx') return 4
    if (c.type === 'srflx') return 5
    if (c.type === 'relay') return 6
    if (c.address.family === 'ipv4') return 0
    if (c.address.family === 'mdns') return 1
    const [first = 0, second = 0] = c.address.bytes
    return first === 0xfe && (second & 0xc0) === 0x80 ? 3 : 2
  }
  const key = (c: Candidate) =>
    JSON.stringify([c.type, c.transport, c.address.family, [...c.address.bytes], c.port])
  const distinct = all.filter((c, i) => all.findIndex((d) => key(d) === key(c)) === i)
  return distinct
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => rank(a.candidate) - rank(b.candidate) || a.index - b.index)
    .map(({ candidate }) => candidate)
}

describe('arbitrary fields', () => {
  it('survive fields -> frame -> fields exactly', () => {
    fc.assert(
      fc.property(fields, (f) => {
        expect(readFrame(writeFrame(f))).toEqual(f)
      }),
      { numRuns: 1000 },
    )
  })

  it('survive fields -> code -> SDP -> fields', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const signal = decodeSignal(bytesToText(writeFrame(f)))
        const back = parseSdp(signal.type, signal.sdp)
        expect(back).toEqual({ ...f, tag: 0, candidates: distinctMostUsefulFirst(f.candidates) })
      }),
      { numRuns: 500 },
    )
  })
})
