import { describe, expect, it } from 'vitest'
import { type CameraTrack, cameraIds, hasTorch, nextCamera, setTorch } from './camera-controls'

class FakeTrack implements CameraTrack {
  applied: MediaTrackConstraints[] = []
  refuse = false
  constructor(
    readonly getCapabilities: (() => unknown) | undefined,
    private readonly deviceId = 'back',
  ) {}
  getSettings() {
    return { deviceId: this.deviceId }
  }
  async applyConstraints(constraints: MediaTrackConstraints) {
    if (this.refuse) throw new DOMException('no torch', 'OverconstrainedError')
    this.applied.push(constraints)
  }
}

describe('torch', () => {
  it('is offered only when the camera reports torch: true', () => {
    expect(hasTorch(new FakeTrack(() => ({ torch: true })))).toBe(true)
    expect(hasTorch(new FakeTrack(() => ({ torch: false })))).toBe(false)
    // Chromium's fake camera and desktop webcams: no torch in the capabilities at all.
    expect(hasTorch(new FakeTrack(() => ({ width: { min: 1, max: 1280 } })))).toBe(false)
    expect(hasTorch(new FakeTrack(undefined))).toBe(false)
    expect(
      hasTorch(
        new FakeTrack(() => {
          throw new Error('not now')
        }),
      ),
    ).toBe(false)
  })

  it('is switched through an advanced constraint, and says when the camera refused', async () => {
    const track = new FakeTrack(() => ({ torch: true }))
    expect(await setTorch(track, true)).toBe(true)
    expect(await setTorch(track, false)).toBe(true)
    expect(track.applied).toEqual([
      { advanced: [{ torch: true }] },
      { advanced: [{ torch: false }] },
    ])
    track.refuse = true
    expect(await setTorch(track, true)).toBe(false)
  })
})

describe('switching cameras', () => {
  const devices = [
    { kind: 'audioinput', deviceId: 'mic' },
    { kind: 'videoinput', deviceId: 'front' },
    { kind: 'videoinput', deviceId: 'back' },
    { kind: 'videoinput', deviceId: 'wide' },
  ] as const

  it('counts only cameras, and not those the browser hides before permission', () => {
    expect(cameraIds(devices)).toEqual(['front', 'back', 'wide'])
    expect(cameraIds([{ kind: 'videoinput', deviceId: '' }])).toEqual([])
  })

  it('cycles through every camera and back to the first', () => {
    const ids = cameraIds(devices)
    expect(nextCamera(ids, 'front')).toBe('back')
    expect(nextCamera(ids, 'back')).toBe('wide')
    expect(nextCamera(ids, 'wide')).toBe('front')
    expect(nextCamera(ids, undefined)).toBe('front')
    expect(nextCamera(ids, 'unplugged')).toBe('front')
  })

  it('has nowhere to switch with one camera', () => {
    expect(nextCamera(['only'], 'only')).toBeNull()
    expect(nextCamera([], undefined)).toBeNull()
  })
})
