import { afterEach, describe, expect, it, vi } from 'vitest'
import { eventually } from '../shared/testing/eventually'
import type { FakeChannel } from '../shared/testing/fake-channel'
import { BYE_LINGER_MS, CONTROL_BURST, RELAYED_BURST } from './control-channel'
import { SessionError } from './errors'
import { RECOVERY_GRACE_MS } from './ice-recovery'
import { sdpUfrag } from './ice-restart'
import type { PeerPhase } from './phase'
import { PeerSession } from './session'
import { FakeNet, FakePeerPort } from './testing/fake-port'

const FAST = { afterHostMs: 5, maxMs: 50 }

/** The other side's ICE ufrag as this side holds it: every ICE restart applied changes it. */
const remoteUfrag = (port: FakePeerPort) => sdpUfrag(port.remoteDescription?.sdp ?? '')

function sessionPair(
  options: {
    connectTimeoutMs?: number
    closeLater?: (close: () => void) => void
    /** What the answerer says in its hello (the offerer always takes restarts). */
    restarts?: boolean
  } = {},
) {
  const net = new FakeNet()
  const offererPort = new FakePeerPort(net)
  const answererPort = new FakePeerPort(net)
  const make = (port: FakePeerPort, role: 'offerer' | 'answerer', name: string) => {
    const session = new PeerSession(port, {
      role,
      hello: {
        id: `id-${name}`,
        name,
        media: false,
        restarts: role === 'offerer' || options.restarts !== false,
      },
      gatherTimings: FAST,
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.closeLater ? { closeLater: options.closeLater } : {}),
    })
    const phases: PeerPhase['status'][] = []
    session.on('phase', (phase) => phases.push(phase.status))
    return { session, phases, port }
  }
  return {
    net,
    offerer: make(offererPort, 'offerer', 'Ana'),
    answerer: make(answererPort, 'answerer', 'Budi'),
  }
}

async function connect(pair: ReturnType<typeof sessionPair>): Promise<void> {
  const offer = await pair.offerer.session.createOffer()
  const answer = await pair.answerer.session.acceptOffer(offer)
  await pair.offerer.session.acceptAnswer(answer)
  await eventually(() => {
    expect(pair.offerer.session.remote).not.toBeNull()
    expect(pair.answerer.session.remote).not.toBeNull()
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('PeerSession', () => {
  it('goes from offer to a connected control channel, and each side learns who the other is', async () => {
    const pair = sessionPair()
    await connect(pair)
    expect(pair.offerer.phases).toEqual(['gathering', 'waiting', 'connecting', 'connected'])
    expect(pair.answerer.phases.at(-1)).toBe('connected')
    expect(pair.offerer.session.remote).toEqual({
      id: 'id-Budi',
      name: 'Budi',
      media: false,
      restarts: true,
    })
    expect(pair.answerer.session.remote).toEqual({
      id: 'id-Ana',
      name: 'Ana',
      media: false,
      restarts: true,
    })
    expect(pair.offerer.session.remoteFingerprint()).toBe(pair.answerer.port.fingerprint)
    expect(pair.answerer.session.remoteFingerprint()).toBe(pair.offerer.port.fingerprint)
  })

  it('the answerer is the DTLS server: a reply never taken cannot start the offerer’s handshake', async () => {
    const pair = sessionPair()
    const offer = await pair.offerer.session.createOffer()
    expect(offer.sdp).toMatch(/^a=setup:actpass\r?$/m)
    const answer = await pair.answerer.session.acceptOffer(offer)
    expect(answer.sdp).toMatch(/^a=setup:passive\r?$/m)
  })

  it('the answerer sends nothing on the control channel until the offerer has spoken', async () => {
    // Chromium lost ~0.6 % of the messages sent on a channel just received (a lost hello
    // left the host at "Connecting…" for good); after the creator's first message, none.
    const net = new FakeNet()
    const offererPort = new FakePeerPort(net)
    const answererPort = new FakePeerPort(net)
    let heard = false
    const sentBeforeHeard: unknown[] = []
    // Listening before the session does: this sees each message before the session acts on it.
    answererPort.addEventListener('datachannel', (event) => {
      const channel = (event as Event & { channel: FakeChannel }).channel
      channel.addEventListener('message', () => {
        heard = true
      })
      const send = channel.send.bind(channel)
      channel.send = (data) => {
        if (!heard) sentBeforeHeard.push(data)
        send(data)
      }
    })
    const hello = (name: string) => ({ id: `id-${name}`, name, media: false, restarts: true })
    const offerer = new PeerSession(offererPort, {
      role: 'offerer',
      hello: hello('Ana'),
      gatherTimings: FAST,
    })
    const answerer = new PeerSession(answererPort, {
      role: 'answerer',
      hello: hello('Budi'),
      gatherTimings: FAST,
    })
    await offerer.acceptAnswer(await answerer.acceptOffer(await offerer.createOffer()))
    await eventually(() => {
      expect(offerer.remote?.name).toBe('Budi')
      expect(answerer.remote?.name).toBe('Ana')
    })
    expect(sentBeforeHeard).toEqual([])
  })

  it('leaving says goodbye: the other side reads "ended by peer", not a lost connection', async () => {
    const pair = sessionPair()
    await connect(pair)
    const left = pair.offerer.session.leave()
    expect(pair.offerer.session.phase).toEqual({ status: 'ended', by: 'me' })
    await left
    await eventually(() => expect(pair.answerer.session.phase.status).toBe('ended'))
    expect(pair.answerer.session.phase).toEqual({ status: 'ended', by: 'peer' })
    expect(pair.offerer.port.signalingState).toBe('closed')
  })

  it('keeps the connection open for the linger after the bye left the buffer', async () => {
    const pair = sessionPair()
    await connect(pair)
    vi.useFakeTimers()
    const left = pair.answerer.session.leave()
    await vi.advanceTimersByTimeAsync(BYE_LINGER_MS - 20)
    expect(pair.answerer.port.signalingState).not.toBe('closed')
    await vi.advanceTimersByTimeAsync(100)
    await left
    expect(pair.answerer.port.signalingState).toBe('closed')
  })

  it("a path that fails is recovered, not given up: the other side's candidates go in again", async () => {
    const pair = sessionPair()
    await connect(pair)
    pair.offerer.port.setPath('disconnected')
    expect(pair.offerer.session.phase.status).toBe('interrupted')
    pair.offerer.port.setPath('failed')
    expect(pair.offerer.session.phase.status).toBe('interrupted')
    await eventually(() => expect(pair.offerer.port.candidates.length).toBeGreaterThan(0))
    const again = pair.offerer.port.candidates[0]?.candidate ?? ''
    // The answerer's own candidate, as a new one: same address and port, another foundation.
    expect(again).toMatch(/^candidate:\S+r1 1 udp \d+ 192\.0\.2\.\d+ \d+ typ host/)
    pair.offerer.port.setPath('connected')
    expect(pair.offerer.session.phase.status).toBe('connected')
  })

  describe('the network changed: an ICE restart, handed on another way than the dead path', () => {
    async function changedNetwork() {
      const pair = sessionPair()
      await connect(pair)
      const restarts: string[] = []
      pair.offerer.session.on('restart', (offer) => restarts.push(offer.sdp))
      pair.answerer.port.changeNetwork()
      await eventually(() => expect(restarts).toHaveLength(1))
      return { pair, offer: { type: 'offer' as const, sdp: restarts[0] as string } }
    }

    it('the offerer makes a restart offer with fresh credentials; both sides say the path failed', async () => {
      const { pair, offer } = await changedNetwork()
      expect(offer.sdp).toContain(`a=ice-ufrag:${pair.offerer.port.currentUfrag()}`)
      expect(pair.offerer.port.currentUfrag()).not.toBe(pair.offerer.port.ufrag)
      expect(pair.offerer.session.restartOffer).toEqual(offer)
      expect(pair.offerer.session.phase).toEqual({ status: 'interrupted', pathFailed: true })
      expect(pair.answerer.session.phase).toEqual({ status: 'interrupted', pathFailed: true })
    })

    it('offer and answer carried across: the same connection comes back, with what was sent meanwhile', async () => {
      const { pair, offer } = await changedNetwork()
      const heard: boolean[] = []
      pair.offerer.session.on('media', (media) => heard.push(media.cam))
      pair.answerer.session.sendMediaState({ mic: true, cam: false, screenStreamId: null })
      const answer = await pair.answerer.session.acceptRestartOffer(offer)
      expect(await pair.offerer.session.acceptRestartAnswer(answer)).toBe(true)
      await eventually(() => {
        expect(pair.offerer.session.phase).toEqual({ status: 'connected' })
        expect(pair.answerer.session.phase).toEqual({ status: 'connected' })
      })
      await eventually(() => expect(heard).toEqual([false]))
      expect(pair.offerer.session.restartOffer).toBeNull()
      expect(pair.offerer.session.remote?.name).toBe('Budi')
    })

    it('the path coming back on the offerer side alone leaves the restart pending until answered', async () => {
      const { pair, offer } = await changedNetwork()
      // Its checks from the new address were answered, but the other side is still down.
      pair.offerer.port.setPath('connected')
      expect(pair.offerer.session.phase).toEqual({ status: 'connected' })
      expect(pair.offerer.session.restartOffer).toEqual(offer)
      const answer = await pair.answerer.session.acceptRestartOffer(offer)
      expect(await pair.offerer.session.acceptRestartAnswer(answer)).toBe(true)
      expect(pair.offerer.session.restartOffer).toBeNull()
      await eventually(() => expect(pair.answerer.session.phase.status).toBe('connected'))
    })

    it('with a side that takes no ICE restart (the terminal peer), recovery only re-adds candidates', async () => {
      const pair = sessionPair({ restarts: false })
      await connect(pair)
      pair.answerer.port.changeNetwork()
      await eventually(() => expect(pair.offerer.port.candidates.length).toBeGreaterThan(0))
      expect(pair.offerer.session.phase).toEqual({ status: 'interrupted', pathFailed: true })
      expect(pair.offerer.session.restartOffer).toBeNull()
      expect(pair.offerer.session.needsRestart).toBe(false)
      expect(pair.answerer.session.needsRestart).toBe(false)
    })

    it('only the other side lost the path: once back, it asks in band and the restart completes there', async () => {
      const pair = sessionPair()
      await connect(pair)
      pair.answerer.port.setPath('failed')
      expect(pair.answerer.session.needsRestart).toBe(true)
      expect(pair.offerer.session.needsRestart).toBe(false)
      const before = remoteUfrag(pair.answerer.port)
      pair.answerer.port.setPath('connected')
      await eventually(() => expect(pair.answerer.session.needsRestart).toBe(false))
      expect(remoteUfrag(pair.answerer.port)).not.toBe(before)
      expect(pair.answerer.session.phase.status).toBe('connected')
    })

    it('an offer that comes twice is answered again with the same answer, applied once', async () => {
      const { pair, offer } = await changedNetwork()
      const first = await pair.answerer.session.acceptRestartOffer(offer)
      const second = await pair.answerer.session.acceptRestartOffer(offer)
      expect(second).toEqual(first)
      expect(await pair.offerer.session.acceptRestartAnswer(second)).toBe(true)
      // The copy that arrives after the first was applied changes nothing.
      expect(await pair.offerer.session.acceptRestartAnswer(first)).toBe(false)
      await eventually(() => expect(pair.offerer.session.phase.status).toBe('connected'))
    })

    it('refuses what is not a restart of this connection, saying why', async () => {
      const { pair, offer } = await changedNetwork()
      const reason = (promise: Promise<unknown>) =>
        promise.then(
          () => 'accepted',
          (err: unknown) => (err instanceof SessionError ? err.reason : String(err)),
        )
      // The offerer takes no offers; an offer is no answer; nothing waits on a connection that
      // never lost its path.
      expect(await reason(pair.offerer.session.acceptRestartOffer(offer))).toBe(
        'nothing-to-restart',
      )
      const other = sessionPair()
      await connect(other)
      await expect(other.answerer.session.acceptRestartAnswer(offer)).resolves.toBe(false)
      // Someone else's certificate (or none): the restart would not be this connection any more.
      const stranger = (sdp: string) =>
        sdp.replace(/a=fingerprint:.*/, `a=fingerprint:sha-256 ${other.offerer.port.fingerprint}`)
      expect(
        await reason(pair.offerer.session.acceptRestartAnswer({ type: 'answer', sdp: 'v=0' })),
      ).toBe('other-certificate')
      expect(
        await reason(
          pair.answerer.session.acceptRestartOffer({ type: 'offer', sdp: stranger(offer.sdp) }),
        ),
      ).toBe('other-certificate')
      const answer = await pair.answerer.session.acceptRestartOffer(offer)
      const forged = { type: 'answer' as const, sdp: stranger(answer.sdp) }
      expect(await reason(pair.offerer.session.acceptRestartAnswer(forged))).toBe(
        'other-certificate',
      )
      expect(await pair.offerer.session.acceptRestartAnswer(answer)).toBe(true)
    })
  })

  it('a path that stays failed past the grace period is lost', async () => {
    const pair = sessionPair()
    await connect(pair)
    vi.useFakeTimers()
    pair.offerer.port.setPath('failed')
    await vi.advanceTimersByTimeAsync(RECOVERY_GRACE_MS - 1000)
    expect(pair.offerer.session.phase.status).toBe('interrupted')
    await vi.advanceTimersByTimeAsync(2000)
    expect(pair.offerer.session.phase).toEqual({ status: 'failed', reason: 'lost' })
  })

  it('when the association itself is gone, the connection is lost at once', async () => {
    const pair = sessionPair()
    await connect(pair)
    pair.offerer.port.loseAssociation()
    await eventually(() =>
      expect(pair.offerer.session.phase).toEqual({ status: 'failed', reason: 'lost' }),
    )
    expect(pair.answerer.session.phase).toEqual({ status: 'failed', reason: 'lost' })
  })

  it('times out when the answer is applied but nothing connects', async () => {
    const pair = sessionPair({ connectTimeoutMs: 200 })
    pair.net.block(pair.offerer.port.fingerprint, pair.answerer.port.fingerprint)
    const offer = await pair.offerer.session.createOffer()
    const answer = await pair.answerer.session.acceptOffer(offer)
    await pair.offerer.session.acceptAnswer(answer)
    await eventually(() => expect(pair.offerer.session.phase.status).toBe('failed'))
    expect(pair.offerer.session.phase).toEqual({ status: 'failed', reason: 'timeout' })
    expect(pair.offerer.port.signalingState).toBe('closed')
  })

  it('final phases stick: nothing follows a failure', async () => {
    const pair = sessionPair()
    await connect(pair)
    pair.offerer.port.loseAssociation()
    await eventually(() => expect(pair.offerer.session.phase.status).toBe('failed'))
    await pair.offerer.session.leave()
    expect(pair.offerer.session.phase).toEqual({ status: 'failed', reason: 'lost' })
  })

  it('a refused offer fails the answerer with "rejected"', async () => {
    const pair = sessionPair()
    await expect(
      pair.answerer.session.acceptOffer({ type: 'answer', sdp: 'not an offer' }),
    ).rejects.toThrow()
    expect(pair.answerer.session.phase).toEqual({ status: 'failed', reason: 'rejected' })
  })

  it('hands channels the other side opens to its listener, never the control channel', async () => {
    const pair = sessionPair()
    const labels: string[] = []
    pair.answerer.session.onChannel((channel) => labels.push(channel.label))
    await connect(pair)
    pair.offerer.session.openChannel('chat')
    await eventually(() => expect(labels).toEqual(['chat']))
  })

  it('keeps channels opened before anyone listens, and hands them over in order', async () => {
    const pair = sessionPair()
    await connect(pair)
    pair.offerer.session.openChannel('file:1')
    pair.offerer.session.openChannel('chat')
    await eventually(() =>
      expect(pair.answerer.port.channels.map((c) => c.label)).toContain('chat'),
    )
    const labels: string[] = []
    pair.answerer.session.onChannel((channel) => labels.push(channel.label))
    expect(labels).toEqual(['file:1', 'chat'])
  })

  it("takes the other side's hello that arrives before its own open event, once open", async () => {
    const pair = sessionPair()
    pair.offerer.port.openEventDelayMs = 300
    const offer = await pair.offerer.session.createOffer()
    const answer = await pair.answerer.session.acceptOffer(offer)
    await pair.offerer.session.acceptAnswer(answer)
    const liveAtHello = new Promise<boolean>((resolve) =>
      pair.offerer.session.on('hello', () => resolve(pair.offerer.session.isLive)),
    )
    expect(await liveAtHello).toBe(true)
  })

  it('cuts off a peer that floods the control channel', async () => {
    const pair = sessionPair()
    await connect(pair)
    const control = pair.offerer.port.channels.find((c) => c.label === 'control')
    for (let i = 0; i < CONTROL_BURST + 10; i++)
      control?.send(JSON.stringify({ t: 'view', height: i + 1 }))
    await eventually(() =>
      expect(pair.answerer.session.phase).toEqual({ status: 'failed', reason: 'flood' }),
    )
  })

  it('signals a member relays from others are counted apart from its own messages', async () => {
    const pair = sessionPair()
    await connect(pair)
    const control = pair.offerer.port.channels.find((c) => c.label === 'control')
    const candidate = { candidate: 'candidate:1 1 udp 1 192.0.2.9 9 typ host', sdpMid: '0' }
    // Six members' worth of relayed signals, and as many of its own messages as may come.
    for (let i = 0; i < RELAYED_BURST - 10; i++) {
      control?.send(JSON.stringify({ t: 'signal', from: `m${i % 6}`, candidate }))
    }
    for (let i = 0; i < CONTROL_BURST - 10; i++) control?.send(JSON.stringify({ t: 'bogus' }))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(pair.answerer.session.phase.status).toBe('connected')
    // Beyond the relayed bound, it is the relay itself that floods.
    for (let i = 0; i < 20; i++) {
      control?.send(JSON.stringify({ t: 'signal', from: 'm1', candidate }))
    }
    await eventually(() =>
      expect(pair.answerer.session.phase).toEqual({ status: 'failed', reason: 'flood' }),
    )
  })

  it('a flood of restart requests while the path works makes one restart at most; the connection goes on', async () => {
    const pair = sessionPair()
    await connect(pair)
    let restarts = 0
    const restartIce = pair.offerer.port.restartIce.bind(pair.offerer.port)
    pair.offerer.port.restartIce = () => {
      restarts++
      restartIce()
    }
    const control = pair.answerer.port.channels.find((c) => c.label === 'control')
    // 100 at once, then more after each earlier restart could have finished.
    for (const burst of [100, 10, 10]) {
      for (let i = 0; i < burst; i++) {
        control?.send(JSON.stringify({ t: 'negotiate', kinds: [], restart: true }))
      }
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    expect(restarts).toBe(1)
    await eventually(() => expect(pair.offerer.port.signalingState).toBe('stable'))
    expect(pair.offerer.session.phase.status).toBe('connected')
    // And it still carries messages both ways.
    const heard: string[] = []
    pair.answerer.session.on('message', (m) => heard.push(m.t))
    pair.offerer.session.sendRoomMessage({ t: 'gone', id: 'someone' })
    await eventually(() => expect(heard).toEqual(['gone']))
  })

  it('a restart request while this side sees the path down too is honoured at once', async () => {
    const pair = sessionPair()
    await connect(pair)
    let restarts = 0
    const restartIce = pair.offerer.port.restartIce.bind(pair.offerer.port)
    pair.offerer.port.restartIce = () => {
      restarts++
      restartIce()
    }
    const control = pair.answerer.port.channels.find((c) => c.label === 'control')
    control?.send(JSON.stringify({ t: 'negotiate', kinds: [], restart: true }))
    await eventually(() => expect(restarts).toBe(1))
    await eventually(() => expect(pair.offerer.port.signalingState).toBe('stable'))
    // Its candidates gathered, that restart is over.
    await new Promise((resolve) => setTimeout(resolve, 200))
    pair.offerer.port.setPath('disconnected')
    // Many at once make one: a restart being made is not made again.
    for (let i = 0; i < 50; i++) {
      control?.send(JSON.stringify({ t: 'negotiate', kinds: [], restart: true }))
    }
    await eventually(() => expect(restarts).toBe(2))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(restarts).toBe(2)
  })

  it('with closeLater, the end is told first and the connection closes when the caller runs it; nothing is heard meanwhile', async () => {
    const later: (() => void)[] = []
    const pair = sessionPair({ closeLater: (close) => later.push(close) })
    await connect(pair)
    const heard: unknown[] = []
    pair.answerer.session.on('message', (m) => heard.push(m))
    pair.answerer.session.close()
    expect(pair.answerer.session.phase).toEqual({ status: 'ended', by: 'me' })
    expect(pair.answerer.port.signalingState).not.toBe('closed')
    pair.offerer.session.sendRoomMessage({
      t: 'introduce',
      peer: { id: 'id-Citra', name: 'Citra', fingerprint: pair.offerer.port.fingerprint },
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(heard).toEqual([])
    for (const close of later.splice(0)) close()
    expect(pair.answerer.port.signalingState).toBe('closed')
    expect(pair.answerer.session.phase).toEqual({ status: 'ended', by: 'me' })
  })

  it('passes room messages up and sends them only while connected', async () => {
    const pair = sessionPair()
    const got: unknown[] = []
    pair.answerer.session.on('message', (m) => got.push(m))
    const introduce = {
      t: 'introduce',
      peer: { id: 'id-Citra', name: 'Citra', fingerprint: pair.answerer.port.fingerprint },
    } as const
    expect(pair.offerer.session.sendRoomMessage(introduce)).toBe(false)
    await connect(pair)
    expect(pair.offerer.session.sendRoomMessage(introduce)).toBe(true)
    await eventually(() => expect(got).toEqual([introduce]))
  })
})
