import { describe, expect, it } from 'vitest'
import {
  CAMERA_UPLINK_BUDGET_BPS,
  cameraCaps,
  cameraUplink,
  FULL_FRAMERATE,
  MAX_CAMERA_BPS,
  MIN_CAMERA_BPS,
  ROOM_FRAMERATE,
} from './send-caps'

describe('camera caps per connection', () => {
  it('a two-person call sends 720p at full quality', () => {
    expect(cameraCaps(2)).toEqual({
      active: true,
      maxBitrate: MAX_CAMERA_BPS,
      scaleResolutionDownBy: 1,
      maxFramerate: FULL_FRAMERATE,
    })
  })

  it('encodes each copy at half the frame rate from three copies on (rooms of four and more)', () => {
    expect([2, 3, 4, 5, 8].map((size) => cameraCaps(size).maxFramerate)).toEqual([
      FULL_FRAMERATE,
      FULL_FRAMERATE,
      ROOM_FRAMERATE,
      ROOM_FRAMERATE,
      ROOM_FRAMERATE,
    ])
  })

  it('keeps the whole camera uplink within the budget up to 8 people', () => {
    for (let size = 2; size <= 8; size++) {
      expect(cameraUplink(size), `room of ${size}`).toBeLessThanOrEqual(CAMERA_UPLINK_BUDGET_BPS)
    }
  })

  it('sends fewer pixels as the room grows, never below a face-sized minimum', () => {
    const scales = [2, 3, 4, 6, 8].map((size) => cameraCaps(size).scaleResolutionDownBy)
    expect(scales).toEqual([...scales].sort((a, b) => a - b))
    expect(cameraCaps(3).scaleResolutionDownBy).toBeGreaterThan(1)
    expect(cameraCaps(8).maxBitrate).toBeGreaterThanOrEqual(MIN_CAMERA_BPS)
    expect(cameraCaps(8).scaleResolutionDownBy).toBe(2)
  })

  it('follows a small tile on the receiving side', () => {
    expect(cameraCaps(2, 240).scaleResolutionDownBy).toBe(3)
    expect(cameraCaps(2, 2000).scaleResolutionDownBy).toBe(1)
    // Never scaled to nothing, whatever a peer claims.
    expect(cameraCaps(2, 1).scaleResolutionDownBy).toBe(4)
  })

  it('sends nothing to a receiver that shows us nowhere, and everything again once it does', () => {
    expect(cameraCaps(4, 0).active).toBe(false)
    expect(cameraCaps(4, 360).active).toBe(true)
    expect(cameraCaps(4, null).active).toBe(true)
  })

  it('scales from what the camera really gives, not from the 720 lines asked for', () => {
    // A 240-line camera shown 240 high is sent whole; a 720-line one is scaled by 3.
    expect(cameraCaps(2, 240, 240).scaleResolutionDownBy).toBe(1)
    expect(cameraCaps(2, 240, 720).scaleResolutionDownBy).toBe(3)
    expect(cameraCaps(6, 1000, 480).scaleResolutionDownBy).toBe(1.25)
  })
})
