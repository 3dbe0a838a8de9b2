import type { MediaSlot } from '../rtc/media-session'
import type { MediaState } from '../rtc/messages'
import type { PeerPhase } from '../rtc/phase'

/** What the fan-out needs of a member's session (rtc/media-session.ts has it all). */
export interface MediaPeer {
  readonly phase: PeerPhase
  setTrack(slot: MediaSlot, track: MediaStreamTrack | null, stream: MediaStream): void
  setScreen(track: MediaStreamTrack | null, stream: MediaStream | null): void
  sendMediaState(state: MediaState): void
}

/** What this device sends right now (null tracks: that device is off or missing). */
export interface LocalSending {
  mic: MediaStreamTrack | null
  camera: MediaStreamTrack | null
  /** The stream microphone and camera travel in. */
  stream: MediaStream
  /** The screen being shared, a stream of its own; null when none. */
  screen: MediaStream | null
  state: MediaState
}

/**
 * What every member that takes media is sent, and when. A member that joins is sent what this
 * device sends at that moment — microphone, camera, the screen share if one is on — and its
 * media state (muted, camera off); every later change goes to every member still connected.
 * Members whose session ended drop out by themselves. The call (call.ts) attaches members; the
 * app's local media store reports changes.
 */
export class MediaFanout<P extends MediaPeer> {
  private readonly peers = new Set<P>()

  /** `local`: what this device sends now; null before camera and microphone were asked for. */
  constructor(private readonly local: () => LocalSending | null) {}

  /** A member that takes media joined. */
  attach(peer: P): void {
    this.peers.add(peer)
    const now = this.local()
    if (!now) return
    peer.setTrack('mic', now.mic, now.stream)
    peer.setTrack('camera', now.camera, now.stream)
    if (now.screen) peer.setScreen(now.screen.getVideoTracks()[0] ?? null, now.screen)
    peer.sendMediaState(now.state)
  }

  /** A device was switched, turned off (null) or on: the same slot, a new track. */
  trackChanged(slot: MediaSlot, track: MediaStreamTrack | null, stream: MediaStream): void {
    for (const peer of this.live()) peer.setTrack(slot, track, stream)
  }

  /** A screen share started (its stream) or stopped (null). */
  screenChanged(screen: MediaStream | null): void {
    for (const peer of this.live()) {
      peer.setScreen(screen?.getVideoTracks()[0] ?? null, screen)
    }
  }

  /** Mute, camera off/on, screen: the others show a muted mark or an avatar. */
  stateChanged(): void {
    const now = this.local()
    if (!now) return
    for (const peer of this.live()) peer.sendMediaState(now.state)
  }

  /** The call is over: nobody is sent anything any more. */
  clear(): void {
    this.peers.clear()
  }

  private live(): P[] {
    for (const peer of this.peers) {
      const status = peer.phase.status
      if (status === 'ended' || status === 'failed') this.peers.delete(peer)
    }
    return [...this.peers]
  }
}
