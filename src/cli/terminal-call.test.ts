import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  exchangeCodes,
  type FakeDevice,
  FakeNet,
  fakeDevice,
  joinByCodes,
} from '../call/testing/fake-call'
import { en } from '../i18n/en'
import { eventually } from '../shared/testing/eventually'
import { file } from '../transfer/testing/harness'
import type { Command } from './args'
import type { DiskFileSource } from './file-source'
import { LineInput } from './input'
import { Printer } from './terminal'
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, TerminalCall } from './terminal-call'

/** A terminal peer's call over fake connections: what it printed, its input, how it ended. */
function terminal(
  net: FakeNet,
  command: Command,
  options: { sources?: DiskFileSource[]; connectTimeoutMs?: number } = {},
) {
  const device = fakeDevice(net, 'Tono', {
    surface: 'terminal',
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
  })
  const printed: string[] = []
  const stdin = new PassThrough()
  const invites: number[] = []
  const call = new TerminalCall({
    call: device.call,
    command,
    sources: options.sources ?? [],
    ask: false,
    out: new Printer({
      write: (text: string) => printed.push(...text.split('\n').filter(Boolean)),
    }),
    input: new LineInput(stdin),
    invite: async () => {
      invites.push(1)
    },
  })
  let code: number | null = null
  void call.exit.then((c) => {
    code = c
  })
  return { device, call, printed, stdin, invites, exitCode: () => code }
}

/** A file to send, as the terminal reads it (file-source.ts), noting whether it was closed. */
function source(size: number, name: string): DiskFileSource & { closed: boolean } {
  const f = file(size, name)
  const s = {
    path: `/tmp/${name}`,
    name,
    size,
    type: f.type,
    slice: (start: number, end: number) => f.slice(start, end),
    closed: false,
    close: async () => {
      s.closed = true
    },
  }
  return s
}

/** Ana's app joins the terminal's invite. */
async function appJoins(net: FakeNet, peer: ReturnType<typeof terminal>): Promise<FakeDevice> {
  const ana = fakeDevice(net, 'Ana')
  await joinByCodes(peer.device, ana)
  await eventually(() => expect(peer.printed).toContain('Connected to Ana'))
  return ana
}

describe('the terminal peer decides when it is over', () => {
  it('everyone else left: says so and exits 0', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'receive')
    const ana = await appJoins(net, peer)
    await ana.call.leave().done
    await eventually(() => expect(peer.exitCode()).toBe(EXIT_OK))
    expect(peer.printed).toContain('Ana left')
  })

  it('the last one lost: says so and exits 1', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'receive')
    const ana = await appJoins(net, peer)
    for (const session of ana.sessions) session.close({ status: 'failed', reason: 'lost' })
    await eventually(() => expect(peer.exitCode()).toBe(EXIT_FAILED))
    expect(peer.printed).toContain(en.lostConnectionTo('Ana'))
  })

  it('send: once every file is verified by everyone, says bye and exits 0', async () => {
    const net = new FakeNet()
    const files = [source(40_000, 'a.bin'), source(1_000, 'b.txt')]
    const peer = terminal(net, 'send', { sources: files })
    const ana = await appJoins(net, peer)
    const heard: string[] = []
    ana.call.on('left', ({ member, how }) => heard.push(`${member.name} ${how}`))
    await eventually(() => expect(ana.call.conversation.transfers()).toHaveLength(2))
    for (const t of ana.call.conversation.transfers()) ana.call.conversation.accept(t.id)
    await eventually(() => expect(peer.exitCode()).toBe(EXIT_OK))
    expect(peer.printed.filter((line) => line.startsWith('Sent '))).toHaveLength(2)
    await eventually(() => expect(heard).toEqual(['Tono left']))
    expect(files.every((f) => f.closed)).toBe(true)
  })

  it('send: a file declined is not delivered: exits 1', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'send', { sources: [source(1_000, 'no.txt')] })
    const ana = await appJoins(net, peer)
    await eventually(() => expect(ana.call.conversation.transfers()).toHaveLength(1))
    ana.call.conversation.decline(ana.call.conversation.transfers()[0]?.id ?? '')
    await eventually(() => expect(peer.exitCode()).toBe(EXIT_FAILED))
    expect(peer.printed).toContain('no.txt: declined by Ana')
  })

  it('chat: input ended → its messages acknowledged → bye, exit 0', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'chat')
    const ana = await appJoins(net, peer)
    peer.stdin.write('Halo dari terminal\n')
    peer.stdin.end()
    await eventually(() => expect(peer.exitCode()).toBe(EXIT_OK))
    expect(ana.call.conversation.messages().map((m) => `${m.author}: ${m.text}`)).toEqual([
      'Tono: Halo dari terminal',
    ])
  })

  it('receive: input ending changes nothing; a line is chat, /invite invites', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'receive')
    const ana = await appJoins(net, peer)
    peer.stdin.write('/invite\nsatu\n')
    peer.stdin.end()
    await eventually(() => expect(ana.call.conversation.messages()).toHaveLength(1))
    expect(peer.invites).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(peer.exitCode()).toBeNull()
  })

  it('Ctrl+C: says bye and exits 130', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'receive')
    const ana = await appJoins(net, peer)
    const heard: string[] = []
    ana.call.on('left', ({ member, how }) => heard.push(`${member.name} ${how}`))
    await peer.call.leave(EXIT_INTERRUPTED)
    expect(peer.exitCode()).toBe(EXIT_INTERRUPTED)
    await eventually(() => expect(heard).toEqual(['Tono left']))
  })

  it('the first connection failed: says why and exits 1', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'receive', { connectTimeoutMs: 300 })
    const ana = fakeDevice(net, 'Ana')
    net.block(peer.device.fingerprint, ana.fingerprint)
    await exchangeCodes(peer.device, ana)
    await eventually(() => expect(peer.exitCode()).toBe(EXIT_FAILED))
    expect(peer.printed).toContain(en.errTimeout)
  })

  it('an invite that fails during the call says why, and the call goes on', async () => {
    const net = new FakeNet()
    const peer = terminal(net, 'receive', { connectTimeoutMs: 300 })
    await appJoins(net, peer)
    const budi = fakeDevice(net, 'Budi')
    net.block(peer.device.fingerprint, budi.fingerprint)
    await exchangeCodes(peer.device, budi)
    await eventually(() => expect(peer.printed).toContain(en.errTimeout))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(peer.exitCode()).toBeNull()
    expect(peer.device.call.members().map((m) => m.name)).toEqual(['Ana'])
  })
})
