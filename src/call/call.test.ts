import { describe, expect, it } from 'vitest'
import { eventually } from '../shared/testing/eventually'
import { type CallEnd, capabilities } from './call'
import type { Problem } from './problems'
import { RoomFullError } from './room'
import { exchangeCodes, FakeNet, fakeDevice, joinByCodes } from './testing/fake-call'

/** Everything a call told, as short strings, in order. */
function record(device: ReturnType<typeof fakeDevice>) {
  const heard: string[] = []
  const ends: CallEnd[] = []
  const problems: Problem[] = []
  const { call } = device
  call.on('joined', ({ member, through }) => heard.push(`joined ${member.name} via ${through}`))
  call.on('left', ({ member, how }) => heard.push(`left ${member.name} ${how}`))
  call.on('connecting', (via) => heard.push(`connecting ${via}`))
  call.on('problem', (problem) => problems.push(problem))
  call.on('ended', (end) => ends.push(end))
  return { heard, ends, problems }
}

describe('the call core', () => {
  it('invite → reply → joined on both sides, each through its own code; chat goes both ways', async () => {
    const net = new FakeNet()
    const [ana, budi] = [fakeDevice(net, 'Ana'), fakeDevice(net, 'Budi')]
    const [anaHeard, budiHeard] = [record(ana), record(budi)]
    await joinByCodes(ana, budi)
    expect(anaHeard.heard).toEqual(['connecting invite', 'joined Budi via invite'])
    await eventually(() => expect(budiHeard.heard).toContain('joined Ana via join'))
    ana.call.conversation.send('Halo Budi')
    budi.call.conversation.send('Halo Ana')
    await eventually(() => {
      expect(budi.call.conversation.messages().map((m) => `${m.author}: ${m.text}`)).toContain(
        'Ana: Halo Budi',
      )
      expect(ana.call.conversation.messages().map((m) => `${m.author}: ${m.text}`)).toContain(
        'Budi: Halo Ana',
      )
    })
    expect(ana.call.pendingInvite).toBeNull()
  })

  it('says in its hello what its surface takes: a browser member is sent media, a terminal not', async () => {
    expect(capabilities('browser')).toEqual({
      media: true,
      restarts: true,
      earlyMedia: true,
      trickle: true,
    })
    expect(capabilities('terminal')).toEqual({ media: false, restarts: true })
    const net = new FakeNet()
    const ana = fakeDevice(net, 'Ana')
    const budi = fakeDevice(net, 'Budi', { surface: 'terminal' })
    const citra = fakeDevice(net, 'Citra')
    await joinByCodes(ana, budi)
    await joinByCodes(ana, citra)
    await eventually(() => expect(citra.call.members()).toHaveLength(2))
    const seenBy = (d: typeof ana, name: string) =>
      d.call.members().find((m) => m.name === name)?.session?.remote
    expect(seenBy(ana, 'Budi')).toMatchObject({ media: false, restarts: true })
    expect(seenBy(ana, 'Budi')?.trickle).toBeUndefined()
    expect(seenBy(ana, 'Citra')).toMatchObject({ media: true, earlyMedia: true, trickle: true })
    // Ana sends media to Citra only, Citra to Ana only: Budi, a terminal, takes none.
    const names = (d: typeof ana) => d.attached.map((s) => s.remote?.name).sort()
    expect(names(ana)).toEqual(['Citra'])
    await eventually(() => expect(names(citra)).toEqual(['Ana']))
  })

  it('cleans the name it says, and goes by the fallback when nothing is left', () => {
    const net = new FakeNet()
    expect(fakeDevice(net, '  Ana\u202E  Lestari\n').call.self.name).toBe('Ana Lestari')
    expect(fakeDevice(net, ' \u200B ').call.self.name).toBe('Someone')
  })

  it('the code exchange failing before anyone joined ends the call, with the failure', async () => {
    const net = new FakeNet()
    const ana = fakeDevice(net, 'Ana', { connectTimeoutMs: 300 })
    const budi = fakeDevice(net, 'Budi', { connectTimeoutMs: 300 })
    net.block(ana.fingerprint, budi.fingerprint)
    const [anaHeard, budiHeard] = [record(ana), record(budi)]
    await exchangeCodes(ana, budi)
    await eventually(() => expect(anaHeard.ends).toEqual([{ why: 'failed', failure: 'timeout' }]))
    expect(anaHeard.problems).toEqual([])
    // Budi's side never got further than its reply: its connection fails with no route.
    budi.sessions[0]?.close({ status: 'failed', reason: 'no-route' })
    expect(budiHeard.ends).toEqual([{ why: 'failed', failure: 'no-route' }])
  })

  it('an invite that fails during a call is a problem; the call goes on', async () => {
    const net = new FakeNet()
    const ana = fakeDevice(net, 'Ana', { connectTimeoutMs: 300 })
    const budi = fakeDevice(net, 'Budi')
    const citra = fakeDevice(net, 'Citra')
    await joinByCodes(ana, budi)
    net.block(ana.fingerprint, citra.fingerprint)
    const heard = record(ana)
    await exchangeCodes(ana, citra)
    await eventually(() =>
      expect(heard.problems).toEqual([{ kind: 'connection', failure: 'timeout' }]),
    )
    expect(heard.ends).toEqual([])
    expect(ana.call.members().map((m) => `${m.name} ${m.status}`)).toEqual(['Budi connected'])
    expect(ana.call.pendingInvite).toBeNull()
  })

  for (const how of ['left', 'lost'] as const) {
    it(`the last member gone (${how}) ends the call; an invite that waits keeps it open`, async () => {
      const net = new FakeNet()
      const ana = fakeDevice(net, 'Ana')
      const budi = fakeDevice(net, 'Budi')
      const citra = fakeDevice(net, 'Citra')
      await joinByCodes(ana, budi)
      await joinByCodes(ana, citra)
      await eventually(() => expect(budi.call.members()).toHaveLength(2))
      const heard = record(ana)
      const go = async (d: typeof ana) => {
        if (how === 'left') await d.call.leave().done
        else for (const s of d.sessions) s.close({ status: 'failed', reason: 'lost' })
      }
      await go(budi)
      await eventually(() => expect(heard.heard).toEqual([`left Budi ${how}`]))
      expect(heard.ends).toEqual([])
      // With an invite shown, Citra leaving leaves Ana waiting for someone, not ended.
      expect((await ana.call.invite()).ok).toBe(true)
      await go(citra)
      await eventually(() => expect(heard.heard).toEqual([`left Budi ${how}`, `left Citra ${how}`]))
      expect(heard.ends).toEqual([])
      ana.call.cancelInvite()
      // Without it, the last one gone ends the call, saying who and how.
      const dewi = fakeDevice(net, 'Dewi')
      await joinByCodes(ana, dewi)
      await go(dewi)
      await eventually(() => expect(heard.ends).toHaveLength(1))
      expect(heard.ends[0]).toMatchObject({ why: 'alone', how, member: { name: 'Dewi' } })
    })
  }

  it('a reply that is not the reply is a typed problem, and the invite still takes the right one', async () => {
    const net = new FakeNet()
    const [ana, budi, citra] = [
      fakeDevice(net, 'Ana'),
      fakeDevice(net, 'Budi'),
      fakeDevice(net, 'Citra'),
    ]
    const invite = await ana.call.invite()
    const other = await citra.call.invite()
    if (!invite.ok || !other.ok) throw new Error('no invite')
    const joined = await budi.call.join(invite.value.offer)
    if (!joined.ok) throw new Error('no reply')
    expect(ana.call.isReplyToInvite(joined.value.reply)).toBe(true)
    expect(ana.call.isReplyToInvite(invite.value.link)).toBe(false)
    expect(await ana.call.takeReply(invite.value.link)).toEqual({ kind: 'invite-not-reply' })
    expect(await ana.call.takeReply('hello')).toEqual({ kind: 'code', reason: 'not-a-code' })
    // A reply to Citra's invite is not one to Ana's.
    const toOther = await fakeDevice(net, 'Dewi').call.join(other.value.offer)
    if (!toOther.ok) throw new Error('no reply')
    expect(await ana.call.takeReply(toOther.value.reply)).toEqual({
      kind: 'code',
      reason: 'wrong-offer',
    })
    expect(await ana.call.takeReply(joined.value.reply)).toBeNull()
    await eventually(() => expect(ana.call.members().map((m) => m.name)).toEqual(['Budi']))
  })

  it('an invite when the room is full says so', async () => {
    const ana = fakeDevice(new FakeNet(), 'Ana')
    ana.call.room.invite = () => Promise.reject(new RoomFullError())
    expect(await ana.call.invite()).toEqual({ ok: false, problem: { kind: 'room-full' } })
  })

  it('every session hears the room size: made with it, told as it changes', async () => {
    const net = new FakeNet()
    const [ana, budi, citra] = [
      fakeDevice(net, 'Ana'),
      fakeDevice(net, 'Budi'),
      fakeDevice(net, 'Citra'),
    ]
    await joinByCodes(ana, budi)
    await joinByCodes(budi, citra)
    await eventually(() =>
      expect(ana.call.members().map((m) => m.status)).toEqual(['connected', 'connected']),
    )
    // Ana: her code session was made for two; Citra's (introduced) for three.
    expect(ana.sizes[0]?.[0]).toBe(2)
    expect(ana.sizes[1]?.[0]).toBe(3)
    expect(ana.sizes[0]?.at(-1)).toBe(3)
    await citra.call.leave().done
    await eventually(() => expect(ana.sizes[0]?.at(-1)).toBe(2))
  })

  it('turned away by a full room while joining: the call ends saying the room is full', async () => {
    const net = new FakeNet()
    const [ana, budi] = [fakeDevice(net, 'Ana'), fakeDevice(net, 'Budi')]
    await joinByCodes(ana, budi)
    const heard = record(budi)
    const toBudi = ana.call.members()[0]?.session
    toBudi?.sendRoomMessage({ t: 'full', id: budi.call.self.id })
    await eventually(() => expect(heard.ends).toEqual([{ why: 'full' }]))
    // An established member is not sent away so: Ana took part from the start.
    const anaHeard = record(ana)
    budi.call.members()[0]?.session?.sendRoomMessage({ t: 'full', id: ana.call.self.id })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(anaHeard.ends.filter((e) => e.why === 'full')).toEqual([])
  })

  it('a newcomer whose inviter left before it met anyone else is told so (stranded)', async () => {
    const net = new FakeNet()
    const ana = fakeDevice(net, 'Ana')
    const budi = fakeDevice(net, 'Budi')
    const citra = fakeDevice(net, 'Citra')
    await joinByCodes(ana, budi)
    // Budi and Citra cannot reach each other: their pair is made (through Ana) but never opens.
    net.block(budi.fingerprint, citra.fingerprint)
    const heard = record(citra)
    ana.call.on('joined', ({ member }) => {
      if (member.name === 'Citra') void ana.call.leave().done
    })
    await exchangeCodes(ana, citra)
    await eventually(() => expect(heard.ends).toEqual([{ why: 'stranded', name: 'Ana' }]), 15_000)
  })
})
