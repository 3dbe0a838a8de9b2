import { type LocalMedia, type MediaDevicesLike, openLocalMedia, stopStream } from './local-media'

/**
 * The local side of a call's media: one preview stream holding the current microphone and camera
 * tracks, and an optional screen-share stream. Never throws; failures come back as results.
 *
 * Contracts:
 * - mute keeps the microphone track and disables it (the other side receives silence);
 * - camera off stops the camera track (its light goes out); camera on opens it again;
 * - switching camera opens the next camera before stopping the old one;
 * - every change is reported through `onChange(slot, track)` so the session can replaceTrack.
 */
export type Slot = 'mic' | 'camera'

export interface CallMediaDeps {
  devices: MediaDevicesLike &
    Partial<
      Pick<
        MediaDevices,
        'enumerateDevices' | 'getDisplayMedia' | 'addEventListener' | 'getSupportedConstraints'
      >
    >
  onChange: (slot: Slot, track: MediaStreamTrack | null) => void
  onScreenEnded: () => void
  /** Whether the browser filters noise out of the microphone (its `noiseSuppression`); the
   *  browser's default (on in Chromium, Firefox and Safari) when not said. */
  noiseSuppression?: boolean
}

export class CallMedia {
  readonly stream: MediaStream
  private readonly deps: CallMediaDeps
  private cameraDeviceId: string | null = null
  private facing: 'user' | 'environment' = 'user'
  private screen: MediaStream | null = null
  private noiseSuppression: boolean | undefined

  private constructor(deps: CallMediaDeps, initial: LocalMedia) {
    this.deps = deps
    this.noiseSuppression = deps.noiseSuppression
    this.stream = initial.stream ?? new MediaStream()
    const video = this.videoTrack()
    this.cameraDeviceId = video?.getSettings().deviceId ?? null
    for (const track of this.stream.getTracks()) this.watchEnded(track)
  }

  static async open(deps: CallMediaDeps): Promise<{ media: CallMedia; initial: LocalMedia }> {
    const initial = await openLocalMedia(
      deps.devices,
      deps.noiseSuppression === undefined ? true : { noiseSuppression: deps.noiseSuppression },
    )
    return { media: new CallMedia(deps, initial), initial }
  }

  audioTrack(): MediaStreamTrack | null {
    return this.stream.getAudioTracks()[0] ?? null
  }

  videoTrack(): MediaStreamTrack | null {
    return this.stream.getVideoTracks()[0] ?? null
  }

  get screenStream(): MediaStream | null {
    return this.screen
  }

  setMicEnabled(enabled: boolean): void {
    const track = this.audioTrack()
    if (track) track.enabled = enabled
  }

  cameraOff(): void {
    const track = this.videoTrack()
    if (!track) return
    track.stop()
    this.stream.removeTrack(track)
    this.deps.onChange('camera', null)
  }

  /** Opens the camera (again). Resolves false when it cannot be opened. */
  async cameraOn(): Promise<boolean> {
    const video: MediaTrackConstraints = this.cameraDeviceId
      ? { deviceId: { exact: this.cameraDeviceId } }
      : { facingMode: this.facing }
    return this.replaceCamera(video)
  }

  /** Front ↔ back, or the next camera in the list. Resolves false when nothing changed. */
  async switchCamera(): Promise<boolean> {
    const list = (await this.deps.devices.enumerateDevices?.()) ?? []
    const cameras = list.filter((d) => d.kind === 'videoinput' && d.deviceId)
    if (cameras.length > 1) {
      const at = cameras.findIndex((d) => d.deviceId === this.cameraDeviceId)
      const next = cameras[(at + 1) % cameras.length]
      if (next) return this.replaceCamera({ deviceId: { exact: next.deviceId } })
    }
    this.facing = this.facing === 'user' ? 'environment' : 'user'
    return this.replaceCamera({ facingMode: { exact: this.facing } })
  }

  async useCamera(deviceId: string): Promise<boolean> {
    return this.replaceCamera({ deviceId: { exact: deviceId } })
  }

  async useMicrophone(deviceId: string): Promise<boolean> {
    try {
      const fresh = await this.deps.devices.getUserMedia({
        audio: { ...this.audioProcessing(), deviceId: { exact: deviceId } },
      })
      const track = fresh.getAudioTracks()[0]
      if (!track) return false
      const old = this.audioTrack()
      track.enabled = old?.enabled ?? true
      if (old) {
        old.stop()
        this.stream.removeTrack(old)
      }
      this.stream.addTrack(track)
      this.watchEnded(track)
      this.deps.onChange('mic', track)
      return true
    } catch {
      return false
    }
  }

  /**
   * Turns the browser's noise suppression on the live microphone on or off. First by
   * applyConstraints on the track (Firefox changes it in place); where the track still says
   * otherwise (Chromium resolves but keeps its audio processing as it was opened), by a fresh
   * track of the same microphone with the new processing, sent in place of the old one (a
   * replaceTrack: nothing is renegotiated). False if the microphone could not be reopened.
   */
  async setNoiseSuppression(on: boolean): Promise<boolean> {
    this.noiseSuppression = on
    const track = this.audioTrack()
    if (!track) return true
    try {
      await track.applyConstraints({ ...track.getConstraints(), noiseSuppression: on })
    } catch {
      // Refused: reopened below.
    }
    if (track.getSettings().noiseSuppression === on) return true
    const deviceId = track.getSettings().deviceId
    return deviceId ? this.useMicrophone(deviceId) : false
  }

  /** The microphone's processing as chosen (empty: the browser's defaults). */
  private audioProcessing(): MediaTrackConstraints {
    return this.noiseSuppression === undefined ? {} : { noiseSuppression: this.noiseSuppression }
  }

  /** Asks for a screen, window or tab. Resolves null if refused or unsupported. */
  async startScreenShare(): Promise<MediaStream | null> {
    if (!this.deps.devices.getDisplayMedia) return null
    try {
      const stream = await this.deps.devices.getDisplayMedia({ video: true, audio: false })
      const track = stream.getVideoTracks()[0]
      if (!track) return null
      track.contentHint = 'detail'
      // The browser's own "Stop sharing" control ends the track.
      track.addEventListener('ended', () => {
        if (this.screen === stream) {
          this.screen = null
          this.deps.onScreenEnded()
        }
      })
      this.screen = stream
      return stream
    } catch {
      return null
    }
  }

  stopScreenShare(): void {
    stopStream(this.screen)
    this.screen = null
  }

  stopAll(): void {
    this.stopScreenShare()
    stopStream(this.stream)
  }

  private async replaceCamera(video: MediaTrackConstraints): Promise<boolean> {
    let fresh: MediaStream
    try {
      fresh = await this.deps.devices.getUserMedia({
        video: { ...video, width: { ideal: 1280 }, height: { ideal: 720 } },
      })
    } catch {
      return false
    }
    const track = fresh.getVideoTracks()[0]
    if (!track) return false
    const old = this.videoTrack()
    if (old) {
      old.stop()
      this.stream.removeTrack(old)
    }
    this.stream.addTrack(track)
    this.cameraDeviceId = track.getSettings().deviceId ?? null
    this.watchEnded(track)
    this.deps.onChange('camera', track)
    return true
  }

  /** A device unplugged mid-call ends its track: fall back to the default device of that kind. */
  private watchEnded(track: MediaStreamTrack): void {
    track.addEventListener('ended', () => {
      if (!this.stream.getTracks().includes(track)) return
      this.stream.removeTrack(track)
      if (track.kind === 'video') {
        this.cameraDeviceId = null
        void this.cameraOn().then((ok) => ok || this.deps.onChange('camera', null))
      } else {
        void this.deps.devices
          .getUserMedia({
            audio: this.noiseSuppression === undefined ? true : this.audioProcessing(),
          })
          .then((s) => {
            const fresh = s.getAudioTracks()[0]
            if (!fresh) return this.deps.onChange('mic', null)
            fresh.enabled = track.enabled
            this.stream.addTrack(fresh)
            this.watchEnded(fresh)
            this.deps.onChange('mic', fresh)
          })
          .catch(() => this.deps.onChange('mic', null))
      }
    })
  }
}
