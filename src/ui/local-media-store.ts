import { createSignal } from 'solid-js'
import type { LocalMediaPort } from '../call/call-flow'
import type { Strings } from '../i18n'
import { mediaProblemText } from '../i18n/sentences'
import { CallMedia, type CallMediaDeps } from '../media/call-media'
import type { LocalTracks, MediaSession } from '../rtc/media-session'
import { afterNextPaint } from './after-paint'

/**
 * This device's side of a call's media, as signals: camera and microphone (with mute, camera
 * off/on, switch, device choice), screen share and the speaker. Every change is sent to every
 * member's session (replaceTrack or in-band renegotiation) together with a media-state message
 * so the others can show a muted mark or an avatar. Failures become alert sentences.
 */
export function createLocalMedia(options: {
  devices: CallMediaDeps['devices'] | undefined
  alert: (text: string) => void
  t: Strings
}) {
  const { t } = options
  const [stream, setStream] = createSignal<MediaStream | null>(null)
  const [screen, setScreen] = createSignal<MediaStream | null>(null)
  const [micOn, setMicOn] = createSignal(true)
  const [camOn, setCamOn] = createSignal(true)
  const [hasMic, setHasMic] = createSignal(false)
  const [cameraCount, setCameraCount] = createSignal(0)
  const [devices, setDevices] = createSignal<MediaDeviceInfo[]>([])
  const [speakerId, setSpeakerId] = createSignal<string | null>(null)
  let media: CallMedia | null = null
  /** The sessions of the members we send to; a closed session drops out by itself. */
  const peers = new Set<MediaSession>()
  options.devices?.addEventListener?.('devicechange', () => void refreshDevices())

  const live = (): MediaSession[] => {
    for (const peer of peers) {
      const status = peer.phase.status
      if (status === 'ended' || status === 'failed') peers.delete(peer)
    }
    return [...peers]
  }

  /** Opens camera and microphone; a problem comes back as a sentence (receive-only). */
  async function open(): Promise<string | null> {
    if (!options.devices) return mediaProblemText(t, 'unsupported')
    const opened = await CallMedia.open({
      devices: options.devices,
      onChange: (slot, track) => {
        if (!media) return
        for (const peer of live()) peer.setTrack(slot, track, media.stream)
        if (slot === 'camera') setCamOn(track !== null)
        if (slot === 'mic') setHasMic(track !== null)
      },
      onScreenEnded: () => stopScreenShare(),
    })
    media = opened.media
    setStream(media.stream)
    setHasMic(opened.initial.hasAudio)
    setMicOn(opened.initial.hasAudio)
    setCamOn(opened.initial.hasVideo)
    void refreshDevices()
    return opened.initial.problem ? mediaProblemText(t, opened.initial.problem) : null
  }

  /** Starts sending to a member that just joined. */
  function attach(peer: MediaSession): void {
    peers.add(peer)
    if (media) {
      peer.setTrack('mic', media.audioTrack(), media.stream)
      peer.setTrack('camera', media.videoTrack(), media.stream)
      const shared = screen()
      if (shared) peer.setScreen(shared.getVideoTracks()[0] ?? null, shared)
    }
    peer.sendMediaState(state())
  }

  const state = () => ({ mic: micOn(), cam: camOn(), screenStreamId: screen()?.id ?? null })

  /** What a bootstrap that carries media sends (MediaSessionOptions.localTracks). */
  function tracks(): LocalTracks | null {
    if (!media) return null
    return { mic: media.audioTrack(), camera: media.videoTrack(), stream: media.stream }
  }

  function sendState(): void {
    for (const peer of live()) peer.sendMediaState(state())
  }

  async function refreshDevices(): Promise<void> {
    const list = (await options.devices?.enumerateDevices?.().catch(() => [])) ?? []
    setDevices(list.filter((d) => d.deviceId !== ''))
    setCameraCount(list.filter((d) => d.kind === 'videoinput').length)
  }

  function stopScreenShare(): void {
    media?.stopScreenShare()
    setScreen(null)
    for (const peer of live()) peer.setScreen(null, null)
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
    open,
    isOpen: () => (media?.stream.getTracks().length ?? 0) > 0,
    attach,
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
      else if (!(await media.cameraOn())) options.alert(t.errMediaUnavailable)
      sendState()
    },

    async switchCamera(): Promise<void> {
      if (media && camOn() && !(await media.switchCamera())) options.alert(t.errMediaUnavailable)
    },

    async chooseCamera(deviceId: string): Promise<void> {
      if (media && !(await media.useCamera(deviceId))) options.alert(t.errMediaUnavailable)
      sendState()
    },

    async chooseMicrophone(deviceId: string): Promise<void> {
      if (media && !(await media.useMicrophone(deviceId))) options.alert(t.errMediaUnavailable)
    },

    chooseSpeaker: setSpeakerId,

    async toggleScreenShare(): Promise<void> {
      if (!media) return
      if (screen()) return stopScreenShare()
      const shared = await media.startScreenShare()
      if (!shared) return
      setScreen(shared)
      for (const peer of live()) peer.setScreen(shared.getVideoTracks()[0] ?? null, shared)
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
      peers.clear()
      setStream(null)
      setScreen(null)
    },
  }
}

export type LocalMedia = ReturnType<typeof createLocalMedia> & LocalMediaPort<MediaSession>
