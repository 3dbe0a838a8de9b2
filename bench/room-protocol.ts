/**
 * Rooms of cheap members: how long the room protocol takes to bring a newcomer into rooms of
 * N = 2…8, with members whose media costs nothing (terminal peers: werift, no camera), all in one
 * Node process on loopback, no ICE servers. What it measures is the protocol — code exchange,
 * introductions, relayed offers and answers, each pair's ICE/DTLS/SCTP and hello — not what
 * eight browsers' cameras do to two cores (bench/room.ts measures that).
 *
 * Each round builds a room one newcomer at a time, each joining through an invite of the member
 * who joined last (so introductions come from everywhere in the room). A join is timed from the
 * inviter taking the reply (`takeReply`) until the newcomer is connected to every member and
 * every member to it. Prints medians of ROUNDS rounds per N, and the relayed signals per join.
 * Run alone: `npx tsx bench/room-protocol.ts` (or `npm run bench -- room-protocol`).
 */
import { pathToFileURL } from 'node:url'
import { Call } from '../src/call/call'
import { makeWeriftKeys, WeriftPeer } from '../src/cli/werift-peer'
import type { RoomMessage } from '../src/rtc/messages'
import { PeerSession } from '../src/rtc/session'
import type { CreateSink } from '../src/transfer'
import { median, spread } from './measure'

const SIZES = [2, 3, 4, 5, 6, 7, 8]
const ROUNDS = Number(process.env.TATAP_BENCH_ROOM_ROUNDS ?? 3)
const JOIN_TIMEOUT_MS = 60_000

const nowhere: CreateSink = async () => ({
  write: async () => undefined,
  finish: async () => new Blob([]),
  abort: async () => undefined,
})

interface Member {
  call: Call<PeerSession>
  /** Signals this member sent to be relayed (`signal` with `to`), counted. */
  relayed: { count: number }
}

async function member(name: string): Promise<Member> {
  const keys = await makeWeriftKeys()
  const relayed = { count: 0 }
  const call = new Call<PeerSession>({
    surface: 'terminal',
    name,
    fallbackName: name,
    baseUrl: 'https://tatap.example/',
    createSink: nowhere,
    newSession: (role, hello) => {
      const session = new PeerSession(new WeriftPeer({ stun: [], keys }), { role, hello })
      const send = session.sendRoomMessage.bind(session)
      session.sendRoomMessage = (message: RoomMessage) => {
        if (message.t === 'signal' && message.to !== undefined) relayed.count++
        return send(message)
      }
      return session
    },
    introductionTimeoutMs: 30_000,
  })
  return { call, relayed }
}

/** Resolves once `check` holds, polling; rejects after JOIN_TIMEOUT_MS. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + JOIN_TIMEOUT_MS
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const connectedTo = (m: Member, id: string) =>
  m.call.members().some((x) => x.id === id && x.status === 'connected')

/** `newcomer` joins through an invite of `inviter`; returns ms from the reply taken to the
 *  whole mesh including it, and the signals relayed meanwhile. */
async function join(room: Member[], inviter: Member, newcomer: Member) {
  const invite = await inviter.call.invite()
  if (!invite.ok) throw new Error(`no invite: ${invite.problem.kind}`)
  const joined = await newcomer.call.join(invite.value.offer)
  if (!joined.ok) throw new Error(`no reply: ${joined.problem.kind}`)
  const relayedBefore = [...room, newcomer].reduce((sum, m) => sum + m.relayed.count, 0)
  const start = performance.now()
  const problem = await inviter.call.takeReply(joined.value.reply)
  if (problem) throw new Error(`reply refused: ${problem.kind}`)
  const id = newcomer.call.self.id
  await until(
    () =>
      room.every((m) => connectedTo(m, id)) &&
      room.every((m) => connectedTo(newcomer, m.call.self.id)),
    `${newcomer.call.self.name} meets ${room.length} members`,
  )
  const relayed = [...room, newcomer].reduce((sum, m) => sum + m.relayed.count, 0) - relayedBefore
  return { ms: performance.now() - start, relayed }
}

export async function runRoomProtocolBench(): Promise<void> {
  console.log('\n## Rooms of cheap members (terminal peers, one process, loopback): the protocol\n')
  const ms = new Map<number, number[]>()
  const relayed = new Map<number, number[]>()
  for (let round = 0; round < ROUNDS; round++) {
    const room: Member[] = [await member('m1')]
    try {
      for (let n = 2; n <= Math.max(...SIZES); n++) {
        const newcomer = await member(`m${n}`)
        const inviter = room.at(-1) as Member
        const figures = await join(room, inviter, newcomer)
        room.push(newcomer)
        ms.set(n, [...(ms.get(n) ?? []), figures.ms])
        relayed.set(n, [...(relayed.get(n) ?? []), figures.relayed])
      }
    } finally {
      await Promise.all(room.map((m) => m.call.leave({ now: true }).done))
    }
  }
  console.log('| N (after the join) | reply taken → full mesh | signals relayed for the join |')
  console.log('|---|---|---|')
  for (const n of SIZES) {
    console.log(
      `| ${n} | ${spread(ms.get(n) ?? [], 0, ' ms')} | ${median(relayed.get(n) ?? []).toFixed(0)} |`,
    )
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runRoomProtocolBench()
  process.exit(0)
}
