/**
 * What the scanner's camera can do besides showing a picture: a torch (a phone's flashlight, for
 * codes in the dark) and a choice of cameras. Browser objects come in as the small shapes below,
 * so this runs in Node tests against fakes.
 */

/** The part of a `MediaStreamTrack` these controls use. */
export interface CameraTrack {
  /** Absent in some browsers (Firefox before 132); `torch` is Chromium's, on Android. */
  getCapabilities?: (() => unknown) | undefined
  getSettings(): { deviceId?: string }
  applyConstraints(constraints: MediaTrackConstraints): Promise<void>
}

/** True only when the browser says this camera has a torch it lets pages switch. */
export function hasTorch(track: CameraTrack): boolean {
  try {
    const capabilities = track.getCapabilities?.() as { torch?: unknown } | undefined
    return capabilities?.torch === true
  } catch {
    return false
  }
}

/** Switches the torch; resolves whether the camera took it (false: it refused, nothing changed). */
export async function setTorch(track: CameraTrack, on: boolean): Promise<boolean> {
  try {
    // `torch` is not in TypeScript's DOM types yet (Image Capture spec, Chromium only).
    await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] })
    return true
  } catch {
    return false
  }
}

/** The ids of the cameras (video inputs) among `devices`, in the browser's order. */
export function cameraIds(
  devices: readonly Pick<MediaDeviceInfo, 'kind' | 'deviceId'>[],
): string[] {
  return devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '').map((d) => d.deviceId)
}

/**
 * The camera after `current` in `ids`, wrapping round; the first when `current` is unknown;
 * null when there is no other camera to switch to.
 */
export function nextCamera(ids: readonly string[], current: string | undefined): string | null {
  if (ids.length < 2) return null
  const at = current === undefined ? -1 : ids.indexOf(current)
  return ids[(at + 1) % ids.length] ?? null
}
