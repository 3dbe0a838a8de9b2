import { createSignal } from 'solid-js'
import type { LocalMediaPort } from '../call/call-flow'
import { MediaFanout } from '../call/media-fanout'
import type { Problem } from '../call/problems'
import { CallMedia, type CallMediaDeps } from '../media/call-media'
import type { MediaProblem } from '../media/local-media'
import type { LocalTracks, MediaSession } from '../rtc/media-session'
import { afterNextPaint } from './after-paint'

const UNAVAILABLE: Problem = { kind: 'media', problem: 'unavailable' }
/** Where the noise suppression choice is kept ('off' when turned off; on by default). */
const NOISE_KEY = 'tatap-noise-suppression'

function storedNoiseSuppression(): boolean {
  try {
    return globalThis.localStorage?.getItem(NOISE_KEY) !== 'off'
  } catch {
    return true
  }
}

function storeNoiseSuppression(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.removeItem(NOISE_KEY)
    else globalThis.localStorage?.setItem(NOISE_KEY, 'off')
  } catch {
    // Storage blocked: the choice holds for this call only.
  }
}

/**
 * This device's side of a call's media, as signals: camera and microphone (with mute, camera
 * off/on, switch, device choice), screen share and the speaker. What each member is sent, and
 * when, is the call's (call/media-fanout.ts): this store tells it every change. Failures are
 * alerts (typed problems).
 */
export function createLocalMedia(options: {
  devices: CallMediaDeps['devices'] | undefined
  alert: (problem: Problem) => void
}) {
  const [stream, setStream] = createSignal<MediaStream | null>(null)
  const [screen, setScreen] = createSignal<MediaStream | null>(null)
  const [micOn, setMicOn] = createSignal(true)
  const [camOn, setCamOn] = createSignal(true)
  const [hasMic, setHasMic] = createSignal(false)
  const [cameraCount, setCameraCount] = createSignal(0)
  const [devices, setDevices] = createSignal<MediaDeviceInfo[]>([])
  const [speakerId, setSpeakerId] = createSignal<string | null>(null)
  const [noiseSuppression, setNoiseSuppressionOn] = createSignal(storedNoiseSuppression())
  let media: CallMedia | null = null
  const state = () => ({ mic: micOn(), cam: camOn(), screenStreamId: screen()?.id ?? null })
  const fanout = new MediaFanout<MediaSession>(() =>
    media
      ? {
          mic: media.audioTrack(),
          camera: media.videoTrack(),
          stream: media.stream,
          screen: screen(),
          state: state(),
        }
      : null,
  )
  options.devices?.addEventListener?.('devicechange', () => void refreshDevices())

  /** Opens camera and microphone; the problem when not both opened (receive-only). */
  async function open(): Promise<MediaProblem | null> {
    if (!options.devices) return 'unsupported'
    const opened = await CallMedia.open({
      devices: options.devices,
      onChange: (slot, track) => {
        if (!media) return
        fanout.trackChanged(slot, track, media.stream)
        if (slot === 'camera') setCamOn(track !== null)
        if (slot === 'mic') setHasMic(track !== null)
      },
      onScreenEnded: () => stopScreenShare(),
      noiseSuppression: noiseSuppression(),
    })
    media = opened.media
    setStream(media.stream)
    setHasMic(opened.initial.hasAudio)
    setMicOn(opened.initial.hasAudio)
    setCamOn(opened.initial.hasVideo)
    void refreshDevices()
    // Anyone who joined while the devices opened learns what we really send.
    fanout.stateChanged()
    return opened.initial.problem
  }

  /** What a bootstrap that carries media sends (MediaSessionOptions.localTracks). */
  function tracks(): LocalTracks | null {
    if (!media) return null
    return { mic: media.audioTrack(), camera: media.videoTrack(), stream: media.stream }
  }

  const sendState = (): void => fanout.stateChanged()

  async function refreshDevices(): Promise<void> {
    const list = (await options.devices?.enumerateDevices?.().catch(() => [])) ?? []
    setDevices(list.filter((d) => d.deviceId !== ''))
    setCameraCount(list.filter((d) => d.kind === 'videoinput').length)
  }

  function stopScreenShare(): void {
    media?.stopScreenShare()
    setScreen(null)
    fanout.screenChanged(null)
    sendState()
  }

  return {
    stream,
    screen,
    micOn,
    camOn,
    hasMic,
    cameraCount,
    devices,
    speakerId,
    noiseSuppression,
    /** Whether this browser can filter noise out of a microphone at all. */
    canSuppressNoise: () => options.devices?.getSupportedConstraints?.().noiseSuppression === true,
    /** On by default; the choice is kept for the next calls too. */
    async setNoiseSuppression(on: boolean): Promise<void> {
      setNoiseSuppressionOn(on)
      storeNoiseSuppression(on)
      if (media && !(await media.setNoiseSuppression(on))) options.alert(UNAVAILABLE)
    },
    open,
    isOpen: () => (media?.stream.getTracks().length ?? 0) > 0,
    /** A member that takes media joined: it is sent what we send now. */
    attach: (peer: MediaSession) => fanout.attach(peer),
    tracks,
    refreshDevices,
    canShareScreen: () => typeof options.devices?.getDisplayMedia === 'function',
    currentCameraId: () => media?.videoTrack()?.getSettings().deviceId ?? null,
    currentMicrophoneId: () => media?.audioTrack()?.getSettings().deviceId ?? null,

    toggleMic(): void {
      const next = !micOn()
      media?.setMicEnabled(next)
      setMicOn(next)
      sendState()
    },

    /** Off releases the camera (its light goes out); on opens it again, no renegotiation. */
    async toggleCam(): Promise<void> {
      if (!media) return
      if (camOn()) media.cameraOff()
      else if (!(await media.cameraOn())) options.alert(UNAVAILABLE)
      sendState()
    },

    async switchCamera(): Promise<void> {
      if (media && camOn() && !(await media.switchCamera())) options.alert(UNAVAILABLE)
    },

    async chooseCamera(deviceId: string): Promise<void> {
      if (media && !(await media.useCamera(deviceId))) options.alert(UNAVAILABLE)
      sendState()
    },

    async chooseMicrophone(deviceId: string): Promise<void> {
      if (media && !(await media.useMicrophone(deviceId))) options.alert(UNAVAILABLE)
    },

    chooseSpeaker: setSpeakerId,

    async toggleScreenShare(): Promise<void> {
      if (!media) return
      if (screen()) return stopScreenShare()
      const shared = await media.startScreenShare()
      if (!shared) return
      setScreen(shared)
      fanout.screenChanged(shared)
      sendState()
    },

    /**
     * Releases every device, right after the screen shows the call is over: stopping a capture
     * blocks the page (measured in Chromium: 150–450 ms per camera or screen track), and the
     * person should see "left the call" at once, not a frozen call screen.
     */
    close(): void {
      const released = media
      if (released) afterNextPaint(() => released.stopAll())
      media = null
      fanout.clear()
      setStream(null)
      setScreen(null)
    },
  }
}

export type LocalMedia = ReturnType<typeof createLocalMedia> & LocalMediaPort<MediaSession>
