import { describe, expect, it } from 'vitest'
import { eventually } from '../shared/testing/eventually'
import { MAX_TRANSCEIVERS, Negotiator } from './negotiator'
import { FakeNet, FakePeerPort } from './testing/fake-port'

/**
 * Two fake peers whose negotiators talk through an in-memory channel that, like the ordered
 * control data channel, delivers each direction's messages in order after a random latency.
 */
function pair(latencyMs: () => number) {
  const net = new FakeNet()
  const polite = new FakePeerPort(net)
  const impolite = new FakePeerPort(net)
  const errors: Error[] = []
  let inFlight = 0
  const lanes = new Map<FakePeerPort, Promise<void>>()
  const deliverTo = (target: FakePeerPort, action: () => Promise<void>) => {
    inFlight++
    const previous = lanes.get(target) ?? Promise.resolve()
    const next = previous
      .then(() => new Promise<void>((r) => setTimeout(r, latencyMs())))
      .then(() => {
        void action().finally(() => inFlight--)
      })
    lanes.set(target, next)
  }
  const negotiators = new Map<FakePeerPort, Negotiator>()
  const negotiatorOf = (peer: FakePeerPort): Negotiator => {
    const negotiator = negotiators.get(peer)
    if (!negotiator) throw new Error('no negotiator')
    return negotiator
  }
  for (const [self, other, isPolite] of [
    [polite, impolite, true],
    [impolite, polite, false],
  ] as const) {
    negotiators.set(
      self,
      new Negotiator(self, {
        polite: isPolite,
        sendDescription: (d) => deliverTo(other, () => negotiatorOf(other).receiveDescription(d)),
        sendRequest: (kinds) =>
          deliverTo(other, async () => negotiatorOf(other).receiveRequest(kinds)),
        sendCandidate: (c) => deliverTo(other, () => negotiatorOf(other).receiveCandidate(c)),
        onError: (e) => errors.push(e),
      }),
    )
  }
  for (const negotiator of negotiators.values()) negotiator.start()
  const settled = async () => {
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 5))
      const quiet =
        inFlight === 0 &&
        [polite, impolite].every((p) => p.signalingState === 'stable' && p.negotiated === p.wanted)
      if (quiet) {
        // One offerer: glare cannot happen, so nothing is ever rolled back.
        expect(polite.rollbacks + impolite.rollbacks).toBe(0)
        return
      }
    }
    throw new Error(
      `did not settle: polite ${polite.signalingState} ${polite.negotiated}/${polite.wanted}, impolite ${impolite.signalingState} ${impolite.negotiated}/${impolite.wanted}`,
    )
  }
  return { polite, impolite, errors, settled, negotiatorOf }
}

describe('in-band negotiation with one offerer', () => {
  it('negotiates a change made by one side', async () => {
    const { polite, impolite, errors, settled } = pair(() => 1)
    impolite.change()
    await settled()
    expect(polite.remoteDescription?.type).toBe('offer')
    expect(impolite.remoteDescription?.type).toBe('answer')
    expect(errors).toEqual([])
  })

  it('settles when both sides change at the same instant, without any rollback', async () => {
    for (let round = 0; round < 20; round++) {
      const { polite, impolite, errors, settled } = pair(() => Math.random() * 8)
      polite.change()
      impolite.change()
      await settled()
      expect(errors).toEqual([])
    }
  })

  it('settles bursts of changes from both sides with random latency', async () => {
    const { polite, impolite, errors, settled } = pair(() => Math.random() * 10)
    for (let i = 0; i < 10; i++) {
      ;(i % 3 === 0 ? polite : impolite).change()
      await new Promise((r) => setTimeout(r, Math.random() * 6))
    }
    await settled()
    expect(polite.negotiated).toBe(polite.wanted)
    expect(impolite.negotiated).toBe(impolite.wanted)
    expect(errors).toEqual([])
  })

  it('a change on the polite side is negotiated by an offer from the impolite side', async () => {
    const { polite, impolite, errors, settled } = pair(() => 2)
    polite.change()
    await settled()
    expect(polite.remoteDescription?.type).toBe('offer')
    expect(impolite.remoteDescription?.type).toBe('answer')
    expect(polite.localDescription?.type).toBe('answer')
    expect(errors).toEqual([])
  })

  it('drops an answer that arrives when no offer is pending, and offers from the polite side', async () => {
    const peer = new FakePeerPort(new FakeNet())
    const errors: Error[] = []
    const negotiator = new Negotiator(peer, {
      polite: false,
      sendDescription: () => undefined,
      sendRequest: () => undefined,
      sendCandidate: () => undefined,
      onError: (e) => errors.push(e),
    })
    await negotiator.receiveDescription({ type: 'answer', sdp: 'stale' })
    await negotiator.receiveDescription({ type: 'offer', sdp: 'not expected from a guest' })
    expect(peer.signalingState).toBe('stable')
    expect(peer.remoteDescription).toBeNull()
    expect(errors).toEqual([])
  })

  it('adds at most MAX_TRANSCEIVERS m-lines however often the other side asks', async () => {
    const { polite, impolite, errors, settled, negotiatorOf } = pair(() => 1)
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 0))
      negotiatorOf(impolite).receiveRequest(['audio', 'video', 'video', 'audio'])
    }
    await settled()
    expect(impolite.transceivers.length).toBe(MAX_TRANSCEIVERS)
    expect(polite.signalingState).toBe('stable')
    expect(errors).toEqual([])
  })

  it('a request for tracks that join m-lines already being offered adds none, and no second offer', async () => {
    const peer = new FakePeerPort(new FakeNet())
    const offers: string[] = []
    const negotiator = new Negotiator(peer, {
      polite: false,
      sendDescription: (d) => offers.push(d.type),
      sendRequest: () => undefined,
      sendCandidate: () => undefined,
      onError: (e) => {
        throw e
      },
    })
    negotiator.start()
    const newMLines = () => peer.transceivers.filter((t) => t.direction === 'recvonly').length
    // A new call: the host adds its microphone and camera, and the guest asks for m-lines for
    // its own two, at the same moment.
    peer.addTransceiver('audio', { direction: 'sendrecv' })
    peer.addTransceiver('video', { direction: 'sendrecv' })
    negotiator.receiveRequest(['audio', 'video'])
    await eventually(() => expect(peer.signalingState).toBe('have-local-offer'))
    // The request arriving while that offer waits for its answer is covered by it, too.
    negotiator.receiveRequest(['video', 'audio'])
    expect(newMLines()).toBe(0)
    // A second video (a screen share) needs an m-line of its own.
    negotiator.receiveRequest(['video', 'video'])
    expect(newMLines()).toBe(1)
    await peer.setRemoteDescription({ type: 'answer', sdp: 'answer' })
    await eventually(() => expect(offers).toHaveLength(2))
    await peer.setRemoteDescription({ type: 'answer', sdp: 'answer' })
    await new Promise((r) => setTimeout(r, 20))
    expect(offers).toEqual(['offer', 'offer'])
    // Once every m-line went through an answer, a track asking gets a new one.
    negotiator.receiveRequest(['audio'])
    expect(newMLines()).toBe(2)
  })

  it('keeps remote candidates that arrive before the remote description, then adds them', async () => {
    const peer = new FakePeerPort(new FakeNet())
    const errors: Error[] = []
    const negotiator = new Negotiator(peer, {
      polite: true,
      sendDescription: () => undefined,
      sendRequest: () => undefined,
      sendCandidate: () => undefined,
      onError: (e) => errors.push(e),
    })
    negotiator.start()
    await negotiator.receiveCandidate({ candidate: 'candidate:1 1 udp 1 192.0.2.9 9 typ host' })
    expect(peer.candidates).toEqual([])
    await negotiator.receiveDescription({ type: 'offer', sdp: 'v=0' })
    expect(peer.candidates).toEqual([{ candidate: 'candidate:1 1 udp 1 192.0.2.9 9 typ host' }])
    expect(errors).toEqual([])
  })
})
