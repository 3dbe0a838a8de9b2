/**
 * Calls (call.ts) of fake devices for Node tests: each device's sessions run on fake peer
 * connections (rtc/testing/fake-port.ts) of one shared FakeNet, with one certificate per
 * device, as in the app and the terminal.
 */
import { FakeNet, FakePeerPort, randomFingerprint } from '../../rtc/testing/fake-port'
import { eventually } from '../../shared/testing/eventually'
import type { CreateSink } from '../../transfer'
import { Call, type Surface } from '../call'
import { FAST_GATHER, NotingSession } from './fake-room'

export interface FakeDevice {
  call: Call<NotingSession>
  fingerprint: string
  /** Every session this device made, in order. */
  sessions: NotingSession[]
  /** Sessions the call handed to the media port (members that take media; a browser's). */
  attached: NotingSession[]
  /** Room sizes each session was made with or told, by session index. */
  sizes: number[][]
}

/** Sinks that keep received bytes in memory. */
export const memorySinks: CreateSink = async () => {
  const parts: Uint8Array[] = []
  return {
    write: async (chunk) => {
      parts.push(new Uint8Array(chunk))
    },
    finish: async () => new Blob(parts as BlobPart[]),
    abort: async () => undefined,
  }
}

export function fakeDevice(
  net: FakeNet,
  name: string,
  options: { surface?: Surface; connectTimeoutMs?: number; introductionTimeoutMs?: number } = {},
): FakeDevice {
  const fingerprint = randomFingerprint()
  const sessions: NotingSession[] = []
  const attached: NotingSession[] = []
  const sizes: number[][] = []
  const call = new Call<NotingSession>({
    surface: options.surface ?? 'browser',
    name,
    fallbackName: 'Someone',
    baseUrl: 'https://tatap.example/',
    createSink: memorySinks,
    newSession: (role, hello, pair) => {
      const port = new FakePeerPort(net, { fingerprint })
      const told = [pair.roomSize]
      const session = new (class extends NotingSession {
        override setRoomSize(size: number): void {
          told.push(size)
        }
      })(port, {
        role,
        hello,
        gatherTimings: FAST_GATHER,
        connectTimeoutMs: options.connectTimeoutMs ?? 2000,
      })
      sessions.push(session)
      sizes.push(told)
      return session
    },
    // A terminal has no camera or microphone to send.
    ...(options.surface === 'terminal'
      ? {}
      : { media: { attach: (session: NotingSession) => attached.push(session) } }),
    introductionTimeoutMs: options.introductionTimeoutMs ?? 3000,
  })
  return { call, fingerprint, sessions, attached, sizes }
}

/** `guest` takes a fresh invite of `host` and `host` its reply, by the codes (not waiting for
 *  the connection, which a blocked FakeNet never makes). */
export async function exchangeCodes(host: FakeDevice, guest: FakeDevice): Promise<void> {
  const invite = await host.call.invite()
  if (!invite.ok) throw new Error(`no invite: ${invite.problem.kind}`)
  const joined = await guest.call.join(invite.value.offer)
  if (!joined.ok) throw new Error(`no reply: ${joined.problem.kind}`)
  const problem = await host.call.takeReply(joined.value.reply)
  if (problem) throw new Error(`reply refused: ${problem.kind}`)
}

/** `guest` joins through a fresh invite of `host`, by the codes; resolves once both joined. */
export async function joinByCodes(host: FakeDevice, guest: FakeDevice): Promise<void> {
  await exchangeCodes(host, guest)
  await eventually(() => {
    if (!host.call.members().some((m) => m.name === guest.call.self.name)) throw new Error('no')
    if (!guest.call.members().some((m) => m.status === 'connected')) throw new Error('no')
  })
}

export { FakeNet }
