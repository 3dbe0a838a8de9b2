/**
 * How loud each remote person was lately, measured on the audio thread (Web Audio), so that
 * finding who speaks never makes the page wait. The browser's own per-source level,
 * RTCRtpReceiver.getSynchronizationSources, is a synchronous call that waits for WebRTC's worker
 * thread: in a room of four on the bench machine, one call held the page up to 355 ms, and
 * polling it held each page 0.5–1.2 s in the 8 s of a join.
 *
 * Contracts:
 * - `level(tracks)` is the loudest of those audio tracks lately, 0–1: over the last WINDOW
 *   samples (341 ms at 48 kHz, longer than the grid's 300 ms between readings, so no sound
 *   between two readings goes unheard), the RMS of the loudest BLOCK of them (43 ms; blocks
 *   overlap by half), on the same linear scale as RFC 6464 levels (1 = full scale). A short
 *   sound is not diluted by the silence around it;
 * - a track is measured from its first `level` call on; `keepOnly` stops measuring the others;
 * - the audio context is made on first need and closed by `dispose`; if the browser keeps it
 *   suspended (Safari on iPhone starts one made outside a tap suspended, and 'interrupted' after
 *   a phone call) levels are 0 until it runs; `wake`, called from a tap or click, asks it to run;
 * - nothing here throws: a track Web Audio cannot take reads as silent.
 */

/** The parts of an AudioContext the meter uses. */
export interface AudioContextLike<Analyser extends AnalyserLike = AnalyserLike> {
  readonly state: string
  resume(): Promise<void>
  close(): Promise<void>
  createMediaStreamSource(stream: MediaStream): {
    connect(node: Analyser): unknown
    disconnect(): void
  }
  createAnalyser(): Analyser
}

export interface AnalyserLike {
  fftSize: number
  getFloatTimeDomainData(samples: Float32Array<ArrayBuffer>): void
}

export interface SpeakingMeter {
  level(tracks: readonly MediaStreamTrack[]): number
  /** Stops measuring every track not in `tracks` (people who left, replaced streams). */
  keepOnly(tracks: readonly MediaStreamTrack[]): void
  /** From a user gesture: a suspended audio context is asked to run. */
  wake(): void
  dispose(): void
}

/** Samples per reading: 16384 at 48 kHz are the last 341 ms (an analyser takes up to 32768). */
export const WINDOW = 16384
/** Samples per loudness measure within a reading: 2048 at 48 kHz are 43 ms. */
export const BLOCK = 2048

/** Root mean square of the samples (−1…1), 0 for none. */
export function rmsLevel(samples: Float32Array): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (const sample of samples) sum += sample * sample
  return Math.min(1, Math.sqrt(sum / samples.length))
}

/**
 * The RMS of the loudest run of `block` samples. Runs overlap by half, so a sound up to half a
 * block long lies whole in one of them; a run shorter than a block only ends the samples.
 */
export function loudestBlockLevel(samples: Float32Array, block = BLOCK): number {
  const hop = Math.max(1, Math.floor(block / 2))
  let loudest = 0
  for (let start = 0; start === 0 || start + hop < samples.length; start += hop) {
    loudest = Math.max(loudest, rmsLevel(samples.subarray(start, start + block)))
  }
  return loudest
}

export function makeSpeakingMeter<Analyser extends AnalyserLike>(
  createContext: () => AudioContextLike<Analyser>,
  makeStream: (track: MediaStreamTrack) => MediaStream,
): SpeakingMeter {
  let context: AudioContextLike<Analyser> | null = null
  const meters = new Map<
    MediaStreamTrack,
    { analyser: Analyser; source: { disconnect(): void } } | null
  >()
  const samples = new Float32Array(WINDOW)
  // 'suspended' until a tap on iPhone; 'interrupted' in Safari after a phone call or Siri took
  // the audio.
  const resumeIfSuspended = () => {
    if (context && context.state !== 'running' && context.state !== 'closed') {
      context.resume().catch(() => {})
    }
  }

  const meterOf = (track: MediaStreamTrack) => {
    if (meters.has(track)) return meters.get(track) ?? null
    let meter = null
    try {
      context ??= createContext()
      resumeIfSuspended()
      const source = context.createMediaStreamSource(makeStream(track))
      const analyser = context.createAnalyser()
      analyser.fftSize = WINDOW
      source.connect(analyser)
      meter = { analyser, source }
    } catch {
      // Web Audio unavailable or the track unusable: this track reads as silent.
    }
    meters.set(track, meter)
    return meter
  }

  const stop = (track: MediaStreamTrack) => {
    meters.get(track)?.source.disconnect()
    meters.delete(track)
  }

  return {
    level(tracks) {
      let loudest = 0
      for (const track of tracks) {
        if (track.kind !== 'audio' || track.readyState === 'ended') continue
        const meter = meterOf(track)
        if (!meter || context?.state !== 'running') continue
        meter.analyser.getFloatTimeDomainData(samples)
        loudest = Math.max(loudest, loudestBlockLevel(samples))
      }
      return loudest
    },
    keepOnly(tracks) {
      const keep = new Set(tracks)
      for (const track of [...meters.keys()]) if (!keep.has(track)) stop(track)
    },
    wake: resumeIfSuspended,
    dispose() {
      for (const track of [...meters.keys()]) stop(track)
      context?.close().catch(() => {})
      context = null
    },
  }
}
