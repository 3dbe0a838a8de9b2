import { describe, expect, it } from 'vitest'
import {
  type AnalyserLike,
  BLOCK,
  loudestBlockLevel,
  makeSpeakingMeter,
  rmsLevel,
  WINDOW,
} from './speaking-meter'

/** A fake audio graph: each track's analyser reads the amplitude set for that track, or the
 *  sound set for it (amplitude by how many samples ago, at 48 kHz). */
function fakeAudio(initialState = 'running') {
  const amplitude = new Map<string, number>()
  const sound = new Map<string, (samplesAgo: number) => number>()
  const log: string[] = []
  let made = 0
  const context = {
    state: initialState,
    resume: async () => {
      log.push('resume')
      context.state = 'running'
    },
    close: async () => {
      log.push('close')
    },
    createMediaStreamSource(stream: { id: string }) {
      return {
        connect(node: AnalyserLike & { id: string }) {
          node.id = stream.id
        },
        disconnect: () => log.push(`disconnect ${stream.id}`),
      }
    },
    createAnalyser() {
      const analyser = {
        id: '',
        fftSize: 0,
        getFloatTimeDomainData(samples: Float32Array) {
          // A square wave of the track's amplitude: its RMS is that amplitude.
          const a = amplitude.get(analyser.id) ?? 0
          const at = sound.get(analyser.id) ?? (() => a)
          samples.forEach((_, i) => {
            const value = at(samples.length - i)
            samples[i] = i % 2 ? value : -value
          })
        },
      }
      return analyser
    },
  }
  const meter = makeSpeakingMeter(
    () => {
      made++
      return context
    },
    (track) => ({ id: track.id }) as unknown as MediaStream,
  )
  return { meter, amplitude, sound, log, context, made: () => made }
}

function track(id: string, kind = 'audio', readyState = 'live'): MediaStreamTrack {
  return { id, kind, readyState } as MediaStreamTrack
}

describe('rmsLevel', () => {
  it('is the root mean square, 0 for silence and for no samples', () => {
    expect(rmsLevel(new Float32Array([0.5, -0.5, 0.5, -0.5]))).toBeCloseTo(0.5)
    expect(rmsLevel(new Float32Array([1, 0, 0, 0]))).toBeCloseTo(0.5)
    expect(rmsLevel(new Float32Array(WINDOW))).toBe(0)
    expect(rmsLevel(new Float32Array(0))).toBe(0)
  })
})

describe('loudestBlockLevel', () => {
  it('is the RMS of the loudest block, not diluted by the silence around it', () => {
    const samples = new Float32Array(WINDOW)
    samples.fill(0.4, 3 * BLOCK, 4 * BLOCK)
    expect(loudestBlockLevel(samples)).toBeCloseTo(0.4)
    expect(rmsLevel(samples)).toBeLessThan(0.15)
    expect(loudestBlockLevel(new Float32Array(WINDOW))).toBe(0)
    expect(loudestBlockLevel(new Float32Array([0.2, -0.2, 0.2]), 2)).toBeCloseTo(0.2)
  })
})

describe('speaking meter', () => {
  it('hears a 20 ms beep from 200 ms ago: nothing between two readings 300 ms apart is missed', () => {
    const { meter, sound } = fakeAudio()
    const msAgo = (samples: number) => (samples / 48_000) * 1000
    sound.set('mic', (ago) => (msAgo(ago) >= 200 && msAgo(ago) < 220 ? 0.5 : 0))
    // 960 loud samples in a block of 2048: RMS 0.5 × √(960/2048) ≈ 0.34, well above speaking.
    expect(meter.level([track('mic')])).toBeCloseTo(0.342, 2)
    sound.set('mic', () => 0)
    expect(meter.level([track('mic')])).toBe(0)
  })

  it('reads the loudest of a person’s audio tracks and ignores video and ended tracks', () => {
    const { meter, amplitude } = fakeAudio()
    amplitude.set('mic', 0.2).set('tab', 0.4).set('gone', 0.9)
    expect(meter.level([track('mic'), track('tab')])).toBeCloseTo(0.4)
    expect(meter.level([track('mic'), track('cam', 'video')])).toBeCloseTo(0.2)
    expect(meter.level([track('gone', 'audio', 'ended')])).toBe(0)
    expect(meter.level([])).toBe(0)
  })

  it('follows the sound as it changes, with one graph per track', () => {
    const { meter, amplitude, made } = fakeAudio()
    const mic = track('mic')
    expect(meter.level([mic])).toBe(0)
    amplitude.set('mic', 0.3)
    expect(meter.level([mic])).toBeCloseTo(0.3)
    expect(made()).toBe(1)
  })

  it('makes no audio context until there is a track to hear', () => {
    const { meter, made } = fakeAudio()
    meter.level([track('cam', 'video')])
    meter.keepOnly([])
    expect(made()).toBe(0)
  })

  it('asks a suspended context to run, and reads silence until it does', () => {
    const { meter, amplitude, log, context } = fakeAudio('suspended')
    amplitude.set('mic', 0.5)
    const resume = context.resume
    context.resume = () => {
      log.push('resume asked')
      return Promise.resolve()
    }
    expect(meter.level([track('mic')])).toBe(0)
    expect(log).toEqual(['resume asked'])
    context.resume = resume
    context.state = 'running'
    expect(meter.level([track('mic')])).toBeCloseTo(0.5)
  })

  it('a tap wakes a context the browser kept suspended', () => {
    const { meter, amplitude, log, context } = fakeAudio('suspended')
    // As Safari on iPhone: a context runs only when asked during a tap.
    let tapping = false
    context.resume = async () => {
      log.push(tapping ? 'resume in a tap' : 'resume refused')
      if (tapping) context.state = 'running'
    }
    amplitude.set('mic', 0.5)
    // Nothing to wake before any track was heard.
    meter.wake()
    expect(log).toEqual([])
    const mic = track('mic')
    expect(meter.level([mic])).toBe(0)
    tapping = true
    meter.wake()
    expect(log).toEqual(['resume refused', 'resume in a tap'])
    expect(meter.level([mic])).toBeCloseTo(0.5)
    meter.wake()
    expect(log).toHaveLength(2)
  })

  it("a tap wakes a context Safari marked 'interrupted' (a phone call took the audio)", () => {
    const { meter, amplitude, log, context } = fakeAudio()
    amplitude.set('mic', 0.5)
    const mic = track('mic')
    expect(meter.level([mic])).toBeCloseTo(0.5)
    context.state = 'interrupted'
    expect(meter.level([mic])).toBe(0)
    meter.wake()
    expect(log).toEqual(['resume'])
    expect(meter.level([mic])).toBeCloseTo(0.5)
  })

  it('stops hearing people who left, and lets go of everything when disposed', () => {
    const { meter, amplitude, log } = fakeAudio()
    const ana = track('ana')
    const budi = track('budi')
    amplitude.set('ana', 0.1).set('budi', 0.1)
    meter.level([ana])
    meter.level([budi])
    meter.keepOnly([budi])
    expect(log).toEqual(['disconnect ana'])
    meter.dispose()
    expect(log).toEqual(['disconnect ana', 'disconnect budi', 'close'])
  })

  it('reads a track Web Audio cannot take as silent, and does not throw', () => {
    const { meter, context } = fakeAudio()
    context.createMediaStreamSource = () => {
      throw new Error('NotSupportedError')
    }
    expect(meter.level([track('odd')])).toBe(0)
  })
})
