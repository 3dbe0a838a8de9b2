/**
 * Opening the camera and microphone for a call. Never throws: a person without a camera, or one
 * who says no, still joins — receive-only — and the UI says why.
 */
export type MediaProblem =
  /** The person (or a policy) refused access. */
  | 'denied'
  /** No camera or microphone exists. */
  | 'missing'
  /** A device exists but could not be started (in use by another app, hardware error). */
  | 'unavailable'
  /** No getUserMedia at all: insecure origin (http on a LAN address) or a very old browser. */
  | 'unsupported'

export interface LocalMedia {
  stream: MediaStream | null
  /** Set when we got less than camera + microphone; says why. */
  problem: MediaProblem | null
  hasAudio: boolean
  hasVideo: boolean
}

export type MediaDevicesLike = Pick<MediaDevices, 'getUserMedia'>

const VIDEO: MediaTrackConstraints = {
  facingMode: 'user',
  width: { ideal: 1280 },
  height: { ideal: 720 },
}

/** `audio`: the microphone's processing (noise suppression on or off); the browser's defaults
 *  otherwise. */
export async function openLocalMedia(
  devices: MediaDevicesLike | undefined,
  audio: MediaTrackConstraints | true = true,
): Promise<LocalMedia> {
  if (!devices?.getUserMedia) {
    return { stream: null, problem: 'unsupported', hasAudio: false, hasVideo: false }
  }
  let firstProblem: MediaProblem | null = null
  const attempts: MediaStreamConstraints[] = [{ audio, video: VIDEO }, { audio }, { video: VIDEO }]
  for (const constraints of attempts) {
    try {
      const stream = await devices.getUserMedia(constraints)
      const hasAudio = stream.getAudioTracks().length > 0
      const hasVideo = stream.getVideoTracks().length > 0
      const complete = hasAudio && hasVideo
      return { stream, problem: complete ? null : (firstProblem ?? 'missing'), hasAudio, hasVideo }
    } catch (err) {
      const problem = classifyMediaError(err)
      firstProblem ??= problem
      // A refusal applies to every device; asking again would only annoy.
      if (problem === 'denied') break
    }
  }
  return { stream: null, problem: firstProblem ?? 'missing', hasAudio: false, hasVideo: false }
}

export function classifyMediaError(err: unknown): MediaProblem {
  const name =
    err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err)
      ? String((err as { name: unknown }).name)
      : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied'
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'missing'
    default:
      return 'unavailable'
  }
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop()
}
