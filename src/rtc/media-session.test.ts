import { describe, expect, it } from 'vitest'
import { eventually } from '../shared/testing/eventually'
import { type LocalTracks, MediaSession } from './media-session'
import { cameraCaps } from './send-caps'
import { FakeMediaPort, fakeTrack } from './testing/fake-media-port'
import { FakeNet } from './testing/fake-port'

const FAST = { afterHostMs: 5, maxMs: 50 }
const stream = {} as MediaStream

/** A host and a guest that both take media. `early`: the host's microphone and camera go in
 *  the bootstrap (an introduced pair); else nothing is sent yet (a call made with codes). */
async function connected({
  early,
  viewEveryMs,
  beforeConnect,
}: {
  early: boolean
  viewEveryMs?: number
  beforeConnect?: (guest: MediaSession) => void
}) {
  const net = new FakeNet()
  const hostPort = new FakeMediaPort(net)
  const guestPort = new FakeMediaPort(net)
  const local: LocalTracks = {
    mic: fakeTrack('audio', 'mic'),
    camera: fakeTrack('video', 'camera'),
    stream,
  }
  const make = (port: FakeMediaPort, role: 'offerer' | 'answerer', name: string) =>
    new MediaSession(port as unknown as RTCPeerConnection, {
      role,
      hello: { id: `id-${name}`, name, media: true, restarts: true },
      gatherTimings: FAST,
      localTracks: () => (role === 'offerer' ? local : null),
      roomSize: 3,
      ...(viewEveryMs === undefined ? {} : { viewEveryMs }),
    })
  const host = make(hostPort, 'offerer', 'Ana')
  const guest = make(guestPort, 'answerer', 'Budi')
  beforeConnect?.(guest)
  const offer = await host.createOffer({ media: early })
  const answer = await guest.acceptOffer(offer, { media: early })
  await host.acceptAnswer(answer)
  await eventually(() => {
    expect(host.remote?.media).toBe(true)
    expect(guest.remote?.media).toBe(true)
  })
  return { host, hostPort, guest, local }
}

describe('MediaSession', () => {
  it('does not hand WebRTC a track its sender already sends (the hello and attach both sync every slot)', async () => {
    const { host, hostPort, local } = await connected({ early: true })
    // What the room does for a member that just joined (local-media-store attach).
    host.setTrack('mic', local.mic, stream)
    host.setTrack('camera', local.camera, stream)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(hostPort.senderLog).toEqual(['addTrack mic', 'addTrack camera'])
  })

  it('turning the camera off and at once on again sends the camera', async () => {
    const { host, hostPort, local } = await connected({ early: true })
    host.setTrack('camera', null, stream)
    host.setTrack('camera', local.camera, stream)
    await eventually(() =>
      expect(hostPort.senderLog.slice(2)).toEqual(['replaceTrack null', 'replaceTrack camera']),
    )
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(hostPort.senders[1]?.track).toBe(local.camera)
  })

  it('a switched camera replaces the track on the same sender, with no new m-line', async () => {
    const { host, hostPort } = await connected({ early: true })
    const back = fakeTrack('video', 'back-camera')
    host.setTrack('camera', back, stream)
    await eventually(() => expect(hostPort.senders[1]?.track).toBe(back))
    expect(hostPort.senderLog).toEqual([
      'addTrack mic',
      'addTrack camera',
      'replaceTrack back-camera',
    ])
  })

  it('a call made with codes adds each track once, however often the slot is synced', async () => {
    const { host, hostPort, local } = await connected({ early: false })
    expect(hostPort.senderLog).toEqual([])
    for (let i = 0; i < 2; i++) {
      host.setTrack('mic', local.mic, stream)
      host.setTrack('camera', local.camera, stream)
    }
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(hostPort.senderLog).toEqual(['addTrack mic', 'addTrack camera'])
  })

  it('reads the parameters of a sender only when its caps change (in Chromium the read blocks the page)', async () => {
    const { host, hostPort } = await connected({ early: true })
    const mic = () => hostPort.senders[0]?.parameters.encodings[0]
    const camera = () => hostPort.senders[1]?.parameters.encodings[0]
    // Negotiation settles (the browser says 'stable' after every offer and answer): caps for a
    // room of three, two camera copies, each at the full frame rate.
    const settle = () => hostPort.dispatchEvent(new Event('signalingstatechange'))
    settle()
    await eventually(() => {
      expect(camera()?.maxFramerate).toBe(30)
      expect(mic()?.priority).toBe('high')
    })
    const reads = () => hostPort.senders.map((sender) => sender.parameterReads)
    const before = reads()
    // It settles again after renegotiations: nothing changed, nothing is read.
    for (let i = 0; i < 3; i++) settle()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(reads()).toEqual(before)
    // A fourth person: the camera's caps change, the microphone's do not.
    host.setRoomSize(4)
    await eventually(() => expect(camera()?.maxFramerate).toBe(15))
    expect(reads()).toEqual([before[0], (before[1] ?? 0) + 1])
  })

  it('the sender learns how large its video is shown: a size given before the connection opened, then the last of quick resizes', async () => {
    // Budi's tile for Ana is laid out while the connection is still opening.
    const { hostPort, guest } = await connected({
      early: true,
      viewEveryMs: 100,
      beforeConnect: (guest) => guest.sendView(500),
    })
    const scale = () => hostPort.senders[1]?.parameters.encodings[0]?.scaleResolutionDownBy
    await eventually(() => expect(scale()).toBe(cameraCaps(3, 500).scaleResolutionDownBy))
    // The room grows: Budi's grid changes twice within a moment.
    guest.sendView(400)
    guest.sendView(300)
    await eventually(() => expect(scale()).toBe(cameraCaps(3, 300).scaleResolutionDownBy))
  })

  it('a receiver that shows the camera nowhere gets none, and gets it again at once when it shows it', async () => {
    // Rate-limited resizes: a hide or a show must not wait for the limit.
    const { hostPort, guest } = await connected({ early: true, viewEveryMs: 60_000 })
    const camera = () => hostPort.senders[1]?.parameters.encodings[0]
    const mic = () => hostPort.senders[0]?.parameters.encodings[0]
    guest.sendView(360)
    await eventually(() => expect(camera()?.active).toBe(true))
    guest.sendView(0)
    await eventually(() => expect(camera()?.active).toBe(false))
    // The microphone goes on.
    expect(mic()?.active).toBeUndefined()
    guest.sendView(360)
    await eventually(() => expect(camera()?.active).toBe(true))
    expect(camera()?.scaleResolutionDownBy).toBe(cameraCaps(3, 360).scaleResolutionDownBy)
  })

  it('scales from the size the camera really gives', async () => {
    const { host, hostPort, guest } = await connected({ early: true, viewEveryMs: 10 })
    const small = {
      kind: 'video',
      id: 'small-camera',
      getSettings: () => ({ height: 240 }),
    } as unknown as MediaStreamTrack
    host.setTrack('camera', small, stream)
    guest.sendView(240)
    const scale = () => hostPort.senders[1]?.parameters.encodings[0]?.scaleResolutionDownBy
    await eventually(() => expect(scale()).toBe(1))
  })
})
