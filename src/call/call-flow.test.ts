import { describe, expect, it } from 'vitest'
import type { CodecErrorReason } from '../codec'
import type { MediaProblem } from '../media/local-media'
import { PeerSession } from '../rtc/session'
import { FakeNet, FakePeerPort, randomFingerprint } from '../rtc/testing/fake-port'
import { eventually } from '../shared/testing/eventually'
import { type CallFlow, makeCallFlow, type ReplyRelay } from './call-flow'
import { readInvite } from './codes'
import { FAST_GATHER } from './testing/fake-room'

/** Tabs of one browser share this: a reply opened in one tab reaches the others (reply-relay). */
function relayBus() {
  const takers = new Set<(text: string) => Promise<boolean>>()
  return (): ReplyRelay => ({
    listen(take) {
      takers.add(take)
      return () => takers.delete(take)
    },
    async offer(text) {
      for (const take of takers) if (await take(text)) return true
      return false
    },
  })
}

interface Device {
  flow: CallFlow<PeerSession<FakePeerPort>>
  fingerprint: string
  /** `steps`: each session made ('session') and camera opened ('media open'), in order. */
  media: { attached: number; closed: number; open: boolean; steps: string[] }
}

function device(
  net: FakeNet,
  relay: ReplyRelay,
  options: {
    mediaProblem?: MediaProblem
    connectTimeoutMs?: number
    /** How long the camera takes to open. */
    mediaOpenMs?: number
    /** Sessions made before the camera is open gather mDNS names (as Chromium's do). */
    hidesAddressUntilMedia?: boolean
    /** How long a guest's reply waits before it is overdue. */
    replyWaitMs?: number
  } = {},
): Device {
  const fingerprint = randomFingerprint()
  const media = { attached: 0, closed: 0, open: false, steps: [] as string[] }
  const flow = makeCallFlow<PeerSession<FakePeerPort>>({
    defaultName: (role) => (role === 'host' ? 'Host' : 'Guest'),
    baseUrl: 'https://tatap.example/',
    newSession: (role, self) => {
      const port = new FakePeerPort(net, { fingerprint })
      port.hidesAddress = options.hidesAddressUntilMedia === true && !media.open
      media.steps.push('session')
      return new PeerSession(port, {
        role,
        hello: self,
        gatherTimings: FAST_GATHER,
        connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      })
    },
    createSink: async () => ({
      write: async () => undefined,
      finish: async () => new Blob([]),
      abort: async () => undefined,
    }),
    media: {
      open: async () => {
        await new Promise((resolve) => setTimeout(resolve, options.mediaOpenMs ?? 0))
        media.open = !options.mediaProblem
        media.steps.push('media open')
        return options.mediaProblem ?? null
      },
      isOpen: () => media.open,
      attach: () => {
        media.attached++
      },
      close: () => {
        media.closed++
      },
    },
    relay,
    introductionTimeoutMs: 2000,
    statsIntervalMs: 50,
    replyWaitMs: options.replyWaitMs ?? 60_000,
  })
  return { flow, fingerprint, media }
}

/** Host shows an invite; the guest opens its link, joins, and returns the reply link. */
async function inviteAndJoin(host: Device, guest: Device, hostName = 'Ana', guestName = 'Budi') {
  await host.flow.startHosting(hostName)
  const invite = host.flow.state().invite?.link ?? ''
  await guest.flow.openLink(invite)
  await guest.flow.join(guestName)
  return guest.flow.state().guest.reply ?? ''
}

const screen = (d: Device) => d.flow.state().screen.name
/** The offer SDP the device's shown invite carries, as the guest reads it. */
function offerIn(d: Device): string {
  const read = readInvite(d.flow.state().invite?.link ?? '')
  return read.ok ? read.signal.sdp : `unreadable: ${read.problem.kind}`
}
const names = (d: Device) =>
  d.flow
    .state()
    .members.map((m) => m.name)
    .sort()

describe('the call flow', () => {
  it('invite → reply → both in the call, each knowing the other by name', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const [host, guest] = [device(net, bus()), device(net, bus())] as const
    await host.flow.startHosting('Ana')
    expect(host.flow.state().screen).toEqual({ name: 'host', step: 'invite' })
    const invite = host.flow.state().invite?.link ?? ''
    expect(invite).toMatch(/^https:\/\/tatap\.example\/#[0-9A-Z$+\-/:]+$/)
    await guest.flow.openLink(invite)
    expect(guest.flow.state().screen).toEqual({ name: 'guest', step: 'invite' })
    expect(guest.flow.state().guest.invite.text).toBe(invite)
    await guest.flow.join('Budi')
    expect(guest.flow.state().screen).toEqual({ name: 'guest', step: 'reply' })
    expect(await host.flow.submitReply(guest.flow.state().guest.reply ?? '')).toBe(true)
    await eventually(() => expect([screen(host), screen(guest)]).toEqual(['call', 'call']))
    await eventually(() => expect([names(host), names(guest)]).toEqual([['Budi'], ['Ana']]))
    expect(host.media.attached).toBe(1)
    expect(guest.media.attached).toBe(1)
    expect(host.flow.state().alert).toBeNull()
  })

  it('explains each wrong code on the guest side and keeps the right one working', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const [host, guest] = [device(net, bus()), device(net, bus())] as const
    await host.flow.startHosting('Ana')
    const invite = host.flow.state().invite?.link ?? ''
    const code = invite.slice(invite.indexOf('#') + 1)
    const tries: Array<[string, CodecErrorReason]> = [
      ['hello there', 'not-a-code'],
      ['', 'empty'],
      [code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21), 'corrupted'],
      [code.slice(0, code.length - 30), 'truncated'],
    ]
    for (const [text, reason] of tries) {
      guest.flow.openJoin()
      guest.flow.editInvite(text)
      await guest.flow.join('Budi')
      expect(guest.flow.state().alert, JSON.stringify(text)).toEqual({ kind: 'code', reason })
      expect(screen(guest)).toBe('guest')
    }
    guest.flow.openJoin(invite)
    await guest.flow.join('Budi')
    const reply = guest.flow.state().guest.reply ?? ''
    // A reply where an invite belongs, and an invite where a reply belongs.
    guest.flow.openJoin(reply)
    expect(guest.flow.state().alert).toEqual({ kind: 'reply-not-invite' })
    expect(await host.flow.submitReply(invite)).toBe(false)
    expect(host.flow.state().alert).toEqual({ kind: 'invite-not-reply' })
  })

  it('refuses a QR code that is not a Tatap code as soon as it is scanned', () => {
    const guest = device(new FakeNet(), relayBus()())
    guest.flow.openJoin('WIFI:S:Cafe Tatap;T:WPA;P:secret;;')
    expect(guest.flow.state().alert).toEqual({ kind: 'code', reason: 'not-a-code' })
    expect(guest.flow.state().screen).toEqual({ name: 'guest', step: 'invite' })
  })

  it('a reply meant for another invite is refused with the reason', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const [host, other, guest] = [
      device(net, bus()),
      device(net, bus()),
      device(net, bus()),
    ] as const
    await other.flow.startHosting('Citra')
    await guest.flow.openLink(other.flow.state().invite?.link ?? '')
    await guest.flow.join('Budi')
    await host.flow.startHosting('Ana')
    expect(await host.flow.submitReply(guest.flow.state().guest.reply ?? '')).toBe(false)
    expect(host.flow.state().alert).toEqual({ kind: 'code', reason: 'wrong-offer' })
  })

  it('says when connecting takes too long, and goes back to the start', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const host = device(net, bus(), { connectTimeoutMs: 300 })
    const guest = device(net, bus())
    net.block(host.fingerprint, guest.fingerprint)
    const reply = await inviteAndJoin(host, guest)
    await host.flow.submitReply(reply)
    expect(host.flow.state().screen).toEqual({ name: 'host', step: 'connecting' })
    await eventually(() =>
      expect(host.flow.state().alert).toEqual({ kind: 'connection', failure: 'timeout' }),
    )
    expect(screen(host)).toBe('home')
    expect(host.media.closed).toBeGreaterThan(0)
  })

  it('tells the person when camera or microphone could not be opened, and goes on', async () => {
    const host = device(new FakeNet(), relayBus()(), { mediaProblem: 'denied' })
    await host.flow.startHosting('Ana')
    expect(host.flow.state().alert).toEqual({ kind: 'media', problem: 'denied' })
    expect(host.flow.state().screen).toEqual({ name: 'host', step: 'invite' })
  })

  it('gathers the invite while the camera opens: one gathering when the addresses show', async () => {
    const host = device(new FakeNet(), relayBus()(), { mediaOpenMs: 30 })
    await host.flow.startHosting('Ana')
    expect(host.media.steps).toEqual(['session', 'media open'])
    expect(host.flow.state().screen).toEqual({ name: 'host', step: 'invite' })
    expect(offerIn(host)).toMatch(/ 192\.0\.2\.\d+ \d+ typ host/)
  })

  it('an invite gathered while the browser hid its addresses is gathered again once the camera is open, and works', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const host = device(net, bus(), { mediaOpenMs: 30, hidesAddressUntilMedia: true })
    const guest = device(net, bus())
    await host.flow.startHosting('Ana')
    expect(host.media.steps).toEqual(['session', 'media open', 'session'])
    expect(offerIn(host)).toMatch(/ 192\.0\.2\.\d+ \d+ typ host/)
    expect(offerIn(host)).not.toContain('.local')
    expect(net.ports[0]?.signalingState).toBe('closed')
    await guest.flow.openLink(host.flow.state().invite?.link ?? '')
    await guest.flow.join('Budi')
    expect(await host.flow.submitReply(guest.flow.state().guest.reply ?? '')).toBe(true)
    await eventually(() => expect([screen(host), screen(guest)]).toEqual(['call', 'call']))
  })

  it('with the camera refused, the invite keeps its mDNS names: gathering again would find the same', async () => {
    const host = device(new FakeNet(), relayBus()(), {
      mediaProblem: 'denied',
      hidesAddressUntilMedia: true,
    })
    await host.flow.startHosting('Ana')
    expect(host.media.steps).toEqual(['session', 'media open'])
    expect(offerIn(host)).toMatch(/\.local \d+ typ host/)
    expect(host.flow.state().screen).toEqual({ name: 'host', step: 'invite' })
  })

  it('a path that drops and comes back by itself: interrupted, then connected again on both sides', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const [host, guest] = [device(net, bus()), device(net, bus())] as const
    await host.flow.submitReply(await inviteAndJoin(host, guest))
    await eventually(() => expect([screen(host), screen(guest)]).toEqual(['call', 'call']))
    const hostPort = net.ports.find((p) => p.fingerprint === host.fingerprint && p.peer)
    if (!hostPort) throw new Error('no port')
    hostPort.setPath('disconnected')
    await eventually(() => expect(host.flow.state().members[0]?.status).toBe('interrupted'))
    hostPort.setPath('connected')
    await eventually(() => expect(host.flow.state().members[0]?.status).toBe('connected'))
  })

  it('leaving ends it for both; the other reads it as news, not as an error', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const [host, guest] = [device(net, bus()), device(net, bus())] as const
    await host.flow.submitReply(await inviteAndJoin(host, guest))
    await eventually(() => expect(names(host)).toEqual(['Budi']))
    guest.flow.leave()
    expect(screen(guest)).toBe('home')
    await eventually(() => expect(screen(host)).toBe('home'))
    expect(host.flow.state().notice).toEqual({ kind: 'left', name: 'Budi' })
    expect(host.flow.state().alert).toBeNull()
  })

  it('a reply nobody takes in time tells the guest why it may never be (an invite works once)', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const host = device(net, bus())
    const first = device(net, bus())
    const second = device(net, bus(), { replyWaitMs: 200 })
    await host.flow.startHosting('Ana')
    const invite = host.flow.state().invite?.link ?? ''
    await first.flow.openLink(invite)
    await first.flow.join('Budi')
    await host.flow.submitReply(first.flow.state().guest.reply ?? '')
    // Citra joins with the same invite: her reply is never taken.
    await second.flow.openLink(invite)
    await second.flow.join('Citra')
    expect(second.flow.state().guest.overdue).toBe(false)
    await eventually(() => expect(second.flow.state().guest.overdue).toBe(true))
    expect(screen(second)).toBe('guest')
    // Budi, whose reply was taken, is never told so.
    await eventually(() => expect(screen(first)).toBe('call'))
    expect(first.flow.state().guest.overdue).toBe(false)
  })

  it('a reply opened in another tab of the host is handed to the waiting call', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const host = device(net, bus())
    const strayTab = device(net, bus())
    const guest = device(net, relayBus()())
    const reply = await inviteAndJoin(host, guest)
    await strayTab.flow.openLink(reply)
    expect(strayTab.flow.state().notice).toEqual({ kind: 'reply-delivered' })
    await eventually(() => expect(screen(host)).toBe('call'))
    // With no call waiting anywhere, the same link is explained.
    const lonely = device(net, relayBus()())
    await lonely.flow.openLink(reply)
    expect(lonely.flow.state().alert).toEqual({ kind: 'reply-without-call' })
  })

  it('anyone in the call can invite one more; the newcomer meets everyone', async () => {
    const net = new FakeNet()
    const bus = relayBus()
    const [ana, budi, citra] = [device(net, bus()), device(net, bus()), device(net, bus())] as const
    await ana.flow.submitReply(await inviteAndJoin(ana, budi))
    await eventually(() => expect(screen(budi)).toBe('call'))
    // Budi — not the first host — invites Citra from the call.
    await budi.flow.inviteSomeone()
    const invite = budi.flow.state().invite?.link ?? ''
    await citra.flow.openLink(invite)
    await citra.flow.join('Citra')
    await budi.flow.submitReply(citra.flow.state().guest.reply ?? '')
    await eventually(() => {
      expect(names(ana)).toEqual(['Budi', 'Citra'])
      expect(names(budi)).toEqual(['Ana', 'Citra'])
      expect(names(citra)).toEqual(['Ana', 'Budi'])
    })
    expect(budi.flow.state().invite).toBeNull()
    expect(budi.flow.state().notice).toEqual({ kind: 'joined', name: 'Citra' })
    // Another invite opened during the call does not drop the call.
    await citra.flow.openLink(invite)
    expect(citra.flow.state().alert).toEqual({ kind: 'invite-during-call' })
    expect(screen(citra)).toBe('call')
    // The first host leaves; the two others stay in the call.
    ana.flow.leave()
    await eventually(() => expect(names(budi)).toEqual(['Citra']))
    expect(screen(budi)).toBe('call')
    expect(budi.flow.state().notice).toEqual({ kind: 'left', name: 'Ana' })
  })
})

describe('Reconnect: the network changed under a call, new codes bring the same call back', () => {
  /** Ana hosts, Budi joins; then Budi's phone walks to another network. */
  async function callThatLostItsPath() {
    const net = new FakeNet()
    const bus = relayBus()
    const [host, guest] = [device(net, bus()), device(net, bus())] as const
    const reply = await inviteAndJoin(host, guest)
    await host.flow.submitReply(reply)
    await eventually(() => expect([screen(host), screen(guest)]).toEqual(['call', 'call']))
    const budi = host.flow.state().members[0]
    const ana = guest.flow.state().members[0]
    if (!budi || !ana) throw new Error('not connected')
    const guestPort = net.ports.find((p) => p.fingerprint === guest.fingerprint && p.peer)
    guestPort?.changeNetwork()
    await eventually(() => {
      expect(host.flow.state().members[0]?.pathFailed).toBe(true)
      expect(guest.flow.state().members[0]?.pathFailed).toBe(true)
    })
    if (!guestPort) throw new Error('no port')
    return { net, bus, host, guest, guestPort, budiId: budi.id, anaId: ana.id }
  }

  const link = (d: Device) => {
    const view = d.flow.state().reconnect
    return view && 'link' in view ? view.link : ''
  }

  it('host shows a reconnect code, the guest scans it and shows a reply, the host scans that: same call, chat typed meanwhile arrives once', async () => {
    const { host, guest, budiId, anaId } = await callThatLostItsPath()
    guest.flow.state().conversation?.send('typed while the path was gone')
    host.flow.startReconnect(budiId)
    await eventually(() => expect(host.flow.state().reconnect?.step).toBe('code'))
    expect(link(host)).toMatch(/^https:\/\/tatap\.example\/\?reconnect#[0-9A-Z$+\-/:]+$/)
    guest.flow.startReconnect(anaId)
    expect(guest.flow.state().reconnect).toEqual({
      memberId: anaId,
      name: 'Ana',
      role: 'answerer',
      step: 'scan',
    })
    expect(await guest.flow.submitReconnect(link(host))).toBe(true)
    expect(guest.flow.state().reconnect?.step).toBe('reply')
    expect(await host.flow.submitReconnect(link(guest))).toBe(true)
    await eventually(() => {
      expect(host.flow.state().reconnect).toBeNull()
      expect(guest.flow.state().reconnect).toBeNull()
    })
    expect(host.flow.state().notice).toEqual({ kind: 'reconnected', name: 'Budi' })
    expect(guest.flow.state().notice).toEqual({ kind: 'reconnected', name: 'Ana' })
    expect(host.flow.state().members.map((m) => [m.id, m.status])).toEqual([[budiId, 'connected']])
    await eventually(() => {
      const texts =
        host.flow
          .state()
          .conversation?.messages()
          .map((m) => m.text) ?? []
      expect(texts).toEqual(['typed while the path was gone'])
    })
  })

  it('a reconnect link opened in another tab goes to the tab with the call; with no such tab it says so', async () => {
    const { bus, host, guest, budiId, anaId } = await callThatLostItsPath()
    host.flow.startReconnect(budiId)
    await eventually(() => expect(host.flow.state().reconnect?.step).toBe('code'))
    // The guest phone's camera app opens the link in a new tab of the same browser.
    const newTab = device(new FakeNet(), bus())
    await newTab.flow.openLink(link(host))
    expect(newTab.flow.state().notice).toEqual({ kind: 'reconnect-delivered' })
    expect(newTab.flow.state().screen.name).toBe('home')
    expect(guest.flow.state().reconnect).toMatchObject({ memberId: anaId, step: 'reply' })
    // And the reply, opened by the host phone's camera app, reaches the host's call.
    const reply = link(guest)
    const hostTab = device(new FakeNet(), bus())
    await hostTab.flow.openLink(reply)
    await eventually(() => expect(host.flow.state().reconnect).toBeNull())
    expect(host.flow.state().members[0]?.status).toBe('connected')
    const elsewhere = device(new FakeNet(), relayBus()())
    await elsewhere.flow.openLink(reply)
    expect(elsewhere.flow.state().alert).toEqual({ kind: 'reconnect-without-call' })
  })

  it('one side reading "connected" alone does not end Reconnect before the restart went through', async () => {
    const { host, guest, guestPort, budiId, anaId } = await callThatLostItsPath()
    guest.flow.startReconnect(anaId)
    host.flow.startReconnect(budiId)
    await eventually(() => expect(host.flow.state().reconnect?.step).toBe('code'))
    // Budi's checks from the new address were answered: his side says connected, Ana's does not.
    guestPort.setPath('connected')
    await eventually(() => expect(guest.flow.state().members[0]?.status).toBe('connected'))
    expect(guest.flow.state().reconnect?.step).toBe('scan')
    expect(await guest.flow.submitReconnect(link(host))).toBe(true)
    expect(await host.flow.submitReconnect(link(guest))).toBe(true)
    await eventually(() => {
      expect(host.flow.state().reconnect).toBeNull()
      expect(guest.flow.state().reconnect).toBeNull()
    })
    expect(guest.flow.state().notice).toEqual({ kind: 'reconnected', name: 'Ana' })
  })

  it('refuses a code from someone else, and a reply where their code belongs, saying what to scan', async () => {
    const { net, bus, host, guest, anaId, budiId } = await callThatLostItsPath()
    const stranger = device(net, bus())
    await stranger.flow.startHosting('Citra')
    guest.flow.startReconnect(anaId)
    expect(await guest.flow.submitReconnect(stranger.flow.state().invite?.link ?? '')).toBe(false)
    expect(guest.flow.state().alert).toEqual({ kind: 'reconnect-other-person', name: 'Ana' })
    host.flow.startReconnect(budiId)
    await eventually(() => expect(host.flow.state().reconnect?.step).toBe('code'))
    expect(await guest.flow.submitReconnect(link(host))).toBe(true)
    const reply = link(guest)
    guest.flow.startReconnect(anaId)
    expect(await guest.flow.submitReconnect(reply)).toBe(false)
    expect(guest.flow.state().alert).toEqual({ kind: 'reconnect-needs-their-code' })
    expect(await host.flow.submitReconnect('not a code')).toBe(false)
    expect(host.flow.state().alert).toEqual({ kind: 'code', reason: 'not-a-code' })
    expect(host.flow.state().members[0]?.status).toBe('interrupted')
  })
})
