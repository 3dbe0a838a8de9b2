/**
 * How much video each connection may send, so a mesh stays usable on a phone's uplink.
 *
 * A mesh member uploads one copy of its camera per other member. The budget: a phone hotspot or
 * a busy café Wi-Fi gives an uplink of a few Mbit/s at best, and the same uplink also carries
 * audio, screen share, chat and files. So the camera copies together stay within
 * CAMERA_UPLINK_BUDGET_BPS, split evenly between the connections, never above what a 720p
 * camera needs (MAX_CAMERA_BPS) and never below what still shows a face (MIN_CAMERA_BPS).
 * Resolution is scaled down with the bitrate (fewer pixels at a low bitrate look sharper), and
 * further when the receiver says it shows us in a small tile. From three copies on, each is sent
 * at 15 frames per second: a device encodes every copy on its own, and on the bench's two cores
 * this halved the time until a fourth person sees everyone (5.5 s → 2.4 s median). Audio is
 * never capped: it goes first (its sender gets 'high' priority).
 */
export const CAMERA_UPLINK_BUDGET_BPS = 2_500_000
export const MAX_CAMERA_BPS = 1_500_000
export const MIN_CAMERA_BPS = 150_000
/** The camera is asked for at 1280×720 (media/call-media.ts); what it gives may differ. */
export const CAMERA_HEIGHT = 720
/** Frames per second of each camera copy: full while a device encodes one or two copies; from
 *  three copies on (rooms of four and more) each copy is encoded at half the rate, so a phone
 *  encoding one copy per person keeps up (a tile of a talking face stays natural at 15). */
export const FULL_FRAMERATE = 30
export const ROOM_FRAMERATE = 15
const FULL_FRAMERATE_COPIES = 2
/** Never fewer lines than this, whatever tile a receiver claims: a face stays a face. */
const MIN_HEIGHT = 180

export interface VideoCaps {
  /** false: nobody looks at this copy now (the receiver said height 0); nothing is encoded. */
  active: boolean
  /** bits per second for this connection's camera copy */
  maxBitrate: number
  /** 1 sends the camera's full resolution; 2 sends half the width and half the height. */
  scaleResolutionDownBy: number
  /** frames per second of this copy at most */
  maxFramerate: number
}

/**
 * Caps for one connection in a room of `roomSize` people (this device included). `tileHeight`:
 * the height in device pixels at which the receiver shows our video, if it told us; 0 when it
 * shows it nowhere (a tile off the page, an app in the background): that copy is not sent.
 * `cameraHeight`: what the camera really gives (a phone may give 480 for the 720 asked for).
 */
export function cameraCaps(
  roomSize: number,
  tileHeight: number | null = null,
  cameraHeight: number = CAMERA_HEIGHT,
): VideoCaps {
  const copies = Math.max(1, roomSize - 1)
  const share = Math.floor(CAMERA_UPLINK_BUDGET_BPS / copies)
  const maxBitrate = Math.min(MAX_CAMERA_BPS, Math.max(MIN_CAMERA_BPS, share))
  // Roughly 720p at 1.5 Mbit/s, 540p at ~1 Mbit/s, 360p at ~0.5 Mbit/s and below.
  const heightForBitrate = maxBitrate >= 1_400_000 ? 720 : maxBitrate >= 800_000 ? 540 : 360
  const wanted = tileHeight === null ? heightForBitrate : Math.min(heightForBitrate, tileHeight)
  const height = Math.max(MIN_HEIGHT, wanted)
  return {
    active: tileHeight !== 0,
    maxBitrate,
    scaleResolutionDownBy: Math.max(1, roundTo(cameraHeight / height, 0.25)),
    maxFramerate: copies > FULL_FRAMERATE_COPIES ? ROOM_FRAMERATE : FULL_FRAMERATE,
  }
}

/** The uplink all camera copies take together at these caps. */
export function cameraUplink(roomSize: number): number {
  return cameraCaps(roomSize).maxBitrate * Math.max(0, roomSize - 1)
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step
}
