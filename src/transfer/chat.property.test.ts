import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FakeLink, settle } from '../shared/testing/fake-channel'
import { type Chat, makeChat } from './chat'
import { CHAT_LABEL } from './protocol'

type Op =
  | { kind: 'send'; side: 'a' | 'b'; text: string }
  | { kind: 'drop' }
  | { kind: 'connect' }
  | { kind: 'wait' }
  /** Attach a fresh channel on one side only: the other keeps the old one for a while. */
  | { kind: 'half-reattach'; side: 'a' | 'b' }

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      side: fc.constantFrom('a' as const, 'b' as const),
      text: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `m${s}`),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connect' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'wait' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('half-reattach' as const),
      side: fc.constantFrom('a' as const, 'b' as const),
    }),
  },
)

const mine = (c: Chat) =>
  c
    .messages()
    .filter((m) => m.from === 'me')
    .map((m) => m.id)
const theirs = (c: Chat) =>
  c
    .messages()
    .filter((m) => m.from === 'peer')
    .map((m) => m.id)

describe('chat under arbitrary drops and reattaches', () => {
  it('delivers every message exactly once, in order, both ways', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        let n = 0
        const a = makeChat({ selfName: () => 'A', newId: () => `a${n++}` })
        const b = makeChat({ selfName: () => 'B', newId: () => `b${n++}` })
        const links: FakeLink[] = []
        let current = null as FakeLink | null
        const connect = () => {
          current?.drop()
          current = new FakeLink(CHAT_LABEL, { bytesPerTick: 40 })
          links.push(current)
          a.attach(current.a)
          b.attach(current.b)
          current.open()
        }
        for (const o of ops) {
          if (o.kind === 'send') (o.side === 'a' ? a : b).send(o.text)
          else if (o.kind === 'drop') current?.drop()
          else if (o.kind === 'connect') connect()
          else if (o.kind === 'wait') await new Promise((r) => setTimeout(r, 0))
          else {
            const link: FakeLink = new FakeLink(CHAT_LABEL, { bytesPerTick: 40 })
            links.push(link)
            ;(o.side === 'a' ? a : b).attach(o.side === 'a' ? link.a : link.b)
            link.open()
          }
        }
        connect()
        await settle(links)
        expect(theirs(b)).toEqual(mine(a))
        expect(theirs(a)).toEqual(mine(b))
        expect(a.messages().every((m) => m.status === 'delivered')).toBe(true)
        expect(b.messages().every((m) => m.status === 'delivered')).toBe(true)
      }),
      { numRuns: 60 },
    )
  })
})
