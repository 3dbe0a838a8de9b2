/**
 * Rooms of fake members for Node tests: each member has a Room whose sessions run on fake peer
 * connections (rtc/testing/fake-port.ts) of one shared FakeNet, with one certificate (one DTLS
 * fingerprint) per member, as in the app.
 */
import type { Hello } from '../../rtc/messages'
import { PeerSession } from '../../rtc/session'
import { FakeNet, FakePeerPort, randomFingerprint } from '../../rtc/testing/fake-port'
import { eventually } from '../../shared/testing/eventually'
import { Room } from '../room'

export const FAST_GATHER = { afterHostMs: 5, maxMs: 50 }

/** A fake session that notes whether its bootstrap carried media (the app adds mic and camera). */
export class NotingSession extends PeerSession<FakePeerPort> {
  bootstrapMedia = false
  /** Whether someone followed its streams, and whether its hello had come by then. */
  streamsFollowed: 'before hello' | 'after hello' | null = null
  protected override addBootstrapMedia(): void {
    this.bootstrapMedia = true
  }
  override followStreams(): void {
    this.streamsFollowed ??= this.remote ? 'after hello' : 'before hello'
  }
  /** The room sizes the room told it after it was made, in order. */
  readonly toldSizes: number[] = []
  override setRoomSize(size: number): void {
    this.toldSizes.push(size)
  }
}

export interface FakeMember {
  name: string
  id: string
  fingerprint: string
  room: Room<NotingSession>
  /** Every session this member created. */
  sessions: NotingSession[]
  /** The room size each of those sessions was made for (its caps follow it), in order. */
  roomSizes: number[]
}

export function makeMember(
  net: FakeNet,
  name: string,
  id: string,
  options: {
    introductionTimeoutMs?: number
    /** Sees each session as it is created (e.g. to make it misbehave). */
    tap?: (session: PeerSession<FakePeerPort>) => void
    /** What the hello says besides id and name: by default a terminal's (no media). */
    says?: Omit<Hello, 'id' | 'name'>
    /** How long each of its connections takes to gather its candidate (FakePeerPort). */
    gatherMs?: number
    /** How late each of its connections shows a remote description applied (FakePeerPort). */
    remoteShownAfterMs?: number
  } = {},
): FakeMember {
  const fingerprint = randomFingerprint()
  const sessions: NotingSession[] = []
  const roomSizes: number[] = []
  const says = options.says ?? { media: false, restarts: true }
  const room = new Room({
    self: { id, name, ...says },
    newSession: (role, { roomSize }) => {
      roomSizes.push(roomSize)
      const port = new FakePeerPort(net, { fingerprint })
      if (options.gatherMs !== undefined) port.gatherMs = options.gatherMs
      port.remoteShownAfterMs = options.remoteShownAfterMs ?? 0
      const session = new NotingSession(port, {
        role,
        hello: { id, name, ...says },
        gatherTimings: FAST_GATHER,
        connectTimeoutMs: 2000,
      })
      sessions.push(session)
      options.tap?.(session)
      return session
    },
    introductionTimeoutMs: options.introductionTimeoutMs ?? 3000,
  })
  return { name, id, fingerprint, room, sessions, roomSizes }
}

/** `newcomer` joins through an invite from `inviter` (the code exchange, without the codec). */
export async function invite(inviter: FakeMember, newcomer: FakeMember): Promise<void> {
  const invitation = await inviter.room.invite()
  const { answer } = await newcomer.room.join(invitation.offer)
  await invitation.accept(answer)
  await eventually(() => {
    if (inviter.room.member(newcomer.id)?.status !== 'connected') throw new Error('not yet')
  })
}

/** Waits until every member is connected to every other one, with the right names. */
export async function fullMesh(members: readonly FakeMember[], timeout = 10_000): Promise<void> {
  await eventually(() => {
    for (const m of members) {
      const seen = m.room
        .members()
        .filter((x) => x.status === 'connected')
        .map((x) => `${x.id}:${x.name}`)
        .sort()
      const want = members
        .filter((x) => x !== m)
        .map((x) => `${x.id}:${x.name}`)
        .sort()
      if (JSON.stringify(seen) !== JSON.stringify(want)) {
        throw new Error(`${m.name} sees ${seen.join(', ')}; wants ${want.join(', ')}`)
      }
    }
  }, timeout)
}

export { FakeNet }
