import { createEffect, createSignal, type JSX, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../i18n'
import { QualityBars } from './ConnectionInfo'
import { Icon } from './icons'
import type { SoundGate } from './sound-gate'

/**
 * One participant: the video, or their initial when the camera is off. The element keeps its
 * stream across re-renders; `muted` is for the local preview (no echo of yourself).
 */
export function VideoTile(props: {
  stream: MediaStream | null
  label: string
  name: string
  muted?: boolean
  mirrored?: boolean
  cameraOn: boolean
  micOn: boolean
  /** Accessible name of the muted mark, e.g. "Hana is muted". */
  mutedLabel: string
  /** Audio output device for this tile (setSinkId), where the browser supports it. */
  sinkId?: string | null
  /** Connection quality to this participant, shown as bars; omitted for yourself. */
  quality?: 'good' | 'fair' | 'poor' | null
  /**
   * Where a remote person's sound goes when the browser refuses to play it before a tap
   * (sound-gate.ts: the picture plays muted, the call's "Tap to turn on sound" un-mutes it).
   * Omitted for your own preview, which is muted anyway.
   */
  sound?: SoundGate
  /**
   * Name of the button that shows this video in picture-in-picture (a remote person's tile);
   * omitted: no such button. Shown only where the browser has picture-in-picture.
   */
  pipLabel?: string
  /** Told whether frames are showing (the video plays) or not (no stream, or emptied). */
  onShowing?: (showing: boolean) => void
  /** Drawn over the picture: a raised hand, reactions (Gestures.tsx). */
  overlay?: JSX.Element
  class?: string
}) {
  let video!: HTMLVideoElement
  createEffect(() => {
    const stream = props.stream
    if (video.srcObject !== stream) video.srcObject = stream
    if (!stream) return
    if (props.sound) void props.sound.start(video)
    else void video.play().catch(() => undefined)
  })
  onCleanup(() => props.sound?.forget(video))
  /** Whether this video is the one in the picture-in-picture window now. */
  const [inPip, setInPip] = createSignal(false)
  onMount(() => {
    const enter = () => setInPip(true)
    const leave = () => setInPip(false)
    const showing = () => props.onShowing?.(true)
    const emptied = () => props.onShowing?.(false)
    video.addEventListener('enterpictureinpicture', enter)
    video.addEventListener('leavepictureinpicture', leave)
    video.addEventListener('playing', showing)
    video.addEventListener('emptied', emptied)
    onCleanup(() => {
      video.removeEventListener('enterpictureinpicture', enter)
      video.removeEventListener('leavepictureinpicture', leave)
      video.removeEventListener('playing', showing)
      video.removeEventListener('emptied', emptied)
    })
  })
  const canPip = () =>
    props.pipLabel !== undefined && props.stream !== null && pictureInPictureSupported()
  function togglePip(): void {
    if (document.pictureInPictureElement === video) void document.exitPictureInPicture()
    else void video.requestPictureInPicture().catch(() => undefined)
  }
  createEffect(() => {
    const sinkId = props.sinkId
    const media = video as HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> }
    if (sinkId && media.setSinkId) void media.setSinkId(sinkId).catch(() => undefined)
  })
  return (
    <figure class={`tile ${props.class ?? ''}`} classList={{ 'camera-off': !props.cameraOn }}>
      <video
        ref={video}
        aria-label={props.label}
        autoplay
        playsinline
        muted={props.muted ?? false}
        classList={{ mirrored: props.mirrored ?? false }}
      />
      <Show when={!props.cameraOn}>
        <div class="avatar" aria-hidden="true">
          {(props.name.trim()[0] ?? '?').toUpperCase()}
        </div>
      </Show>
      <Show when={canPip()}>
        <button
          type="button"
          class="pip"
          aria-label={inPip() ? t.pipClose : props.pipLabel}
          title={inPip() ? t.pipClose : props.pipLabel}
          onClick={togglePip}
        >
          <Icon name="pip" />
        </button>
      </Show>
      {props.overlay}
      <figcaption>
        <QualityBars level={props.quality ?? null} />
        <Show when={!props.micOn}>
          <span
            class="muted-mark"
            role="img"
            title={props.mutedLabel}
            aria-label={props.mutedLabel}
          >
            <Icon name="micOff" />
          </span>
        </Show>
        {props.name}
      </figcaption>
    </figure>
  )
}

/** Whether this browser can put a video in a picture-in-picture window (not Firefox: it has its own). */
function pictureInPictureSupported(): boolean {
  return (
    document.pictureInPictureEnabled === true &&
    typeof HTMLVideoElement.prototype.requestPictureInPicture === 'function'
  )
}
