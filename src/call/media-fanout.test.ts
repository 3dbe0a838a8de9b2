import { describe, expect, it } from 'vitest'
import type { MediaState } from '../rtc/messages'
import type { PeerPhase } from '../rtc/phase'
import { type LocalSending, MediaFanout, type MediaPeer } from './media-fanout'

/** A member's session that notes what it was given. */
function peer(name: string) {
  const given: string[] = []
  const p: MediaPeer & { given: string[]; phase: PeerPhase } = {
    given,
    phase: { status: 'connected' },
    setTrack: (slot, track) => given.push(`${name} ${slot} ${track?.id ?? 'none'}`),
    setScreen: (track) => given.push(`${name} screen ${track?.id ?? 'none'}`),
    sendMediaState: (state: MediaState) => given.push(`${name} state mic=${state.mic}`),
  }
  return p
}

const track = (id: string) => ({ id }) as MediaStreamTrack
const stream = (id: string, video: MediaStreamTrack[] = []) =>
  ({ id, getVideoTracks: () => video }) as unknown as MediaStream

describe('what every member is sent', () => {
  it('a member that joins gets what we send now: microphone, camera, screen, state', () => {
    const local: LocalSending = {
      mic: track('mic1'),
      camera: null,
      stream: stream('s'),
      screen: stream('sc', [track('screen1')]),
      state: { mic: false, cam: false, screenStreamId: 'sc' },
    }
    const fanout = new MediaFanout<ReturnType<typeof peer>>(() => local)
    const budi = peer('Budi')
    fanout.attach(budi)
    expect(budi.given).toEqual([
      'Budi mic mic1',
      'Budi camera none',
      'Budi screen screen1',
      'Budi state mic=false',
    ])
  })

  it('later changes go to every member still connected; one whose session ended drops out', () => {
    const fanout = new MediaFanout<ReturnType<typeof peer>>(() => ({
      mic: null,
      camera: null,
      stream: stream('s'),
      screen: null,
      state: { mic: true, cam: true, screenStreamId: null },
    }))
    const [budi, citra] = [peer('Budi'), peer('Citra')]
    fanout.attach(budi)
    fanout.attach(citra)
    citra.phase = { status: 'ended', by: 'peer' }
    budi.given.length = 0
    citra.given.length = 0
    fanout.trackChanged('camera', track('cam2'), stream('s'))
    fanout.screenChanged(null)
    fanout.stateChanged()
    expect(budi.given).toEqual(['Budi camera cam2', 'Budi screen none', 'Budi state mic=true'])
    expect(citra.given).toEqual([])
  })

  it('before the devices opened, a member gets nothing yet; once cleared, nobody gets anything', () => {
    let local: LocalSending | null = null
    const fanout = new MediaFanout<ReturnType<typeof peer>>(() => local)
    const budi = peer('Budi')
    fanout.attach(budi)
    expect(budi.given).toEqual([])
    local = {
      mic: track('mic1'),
      camera: track('cam1'),
      stream: stream('s'),
      screen: null,
      state: { mic: true, cam: true, screenStreamId: null },
    }
    fanout.stateChanged()
    expect(budi.given).toEqual(['Budi state mic=true'])
    fanout.clear()
    fanout.trackChanged('mic', null, stream('s'))
    expect(budi.given).toEqual(['Budi state mic=true'])
  })
})
