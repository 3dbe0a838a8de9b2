import { describe, expect, it } from 'vitest'
import { makeSoundGate, type Player } from './sound-gate'

/**
 * A video as Safari on iPhone treats it: play() with sound is refused (NotAllowedError) unless
 * called during a tap; muted, it always plays; un-muting pauses it until play() is called again.
 */
class SafariVideo implements Player {
  static tapping = false
  playing = false
  #muted = false
  readonly calls: string[] = []
  get muted(): boolean {
    return this.#muted
  }
  set muted(value: boolean) {
    if (!value && this.#muted) this.playing = false
    this.#muted = value
  }
  play(): Promise<void> {
    const muted = this.#muted
    this.calls.push(muted ? 'play muted' : 'play')
    if (!muted && !SafariVideo.tapping) {
      return Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'))
    }
    this.playing = true
    return Promise.resolve()
  }
}

/** Calls `fn` as a tap handler: only what it starts synchronously counts as in the tap. */
function tap<T>(fn: () => T): T {
  SafariVideo.tapping = true
  try {
    return fn()
  } finally {
    SafariVideo.tapping = false
  }
}

function gate() {
  const counts: number[] = []
  return { gate: makeSoundGate((n) => counts.push(n)), counts }
}

describe('makeSoundGate', () => {
  it('a refused video plays muted (the picture moves) and is held for a tap', async () => {
    const { gate: sound, counts } = gate()
    const video = new SafariVideo()
    await sound.start(video)
    expect(video.calls).toEqual(['play', 'play muted'])
    expect(video).toMatchObject({ muted: true, playing: true })
    expect(counts).toEqual([1])
  })

  it('one tap turns the sound on for every held video', async () => {
    const { gate: sound, counts } = gate()
    const [ana, budi] = [new SafariVideo(), new SafariVideo()]
    await sound.start(ana)
    await sound.start(budi)
    await tap(() => sound.unlock())
    expect(ana).toMatchObject({ muted: false, playing: true })
    expect(budi).toMatchObject({ muted: false, playing: true })
    expect(counts).toEqual([1, 2, 0])
  })

  it('plays inside the tap itself, not after it', async () => {
    const { gate: sound } = gate()
    const video = new SafariVideo()
    await sound.start(video)
    const unlocking = tap(() => sound.unlock())
    expect(video.calls.at(-1)).toBe('play')
    await unlocking
    expect(video.muted).toBe(false)
  })

  it('a video refused again (no tap after all) is muted, playing and still held', async () => {
    const { gate: sound, counts } = gate()
    const video = new SafariVideo()
    await sound.start(video)
    await sound.unlock()
    expect(video).toMatchObject({ muted: true, playing: true })
    expect(counts).toEqual([1])
  })

  it('a browser that plays with sound holds nothing', async () => {
    const { gate: sound, counts } = gate()
    const video = new SafariVideo()
    await tap(() => sound.start(video))
    expect(video).toMatchObject({ muted: false, playing: true })
    expect(counts).toEqual([])
  })

  it('a play() aborted by a newer stream is no refusal', async () => {
    const { gate: sound, counts } = gate()
    const aborted: Player = {
      muted: false,
      play: () => Promise.reject(new DOMException('replaced', 'AbortError')),
    }
    await sound.start(aborted)
    expect(aborted.muted).toBe(false)
    expect(counts).toEqual([])
  })

  it('a held video given a new stream plays muted, still held; a gone one is forgotten', async () => {
    const { gate: sound, counts } = gate()
    const video = new SafariVideo()
    await sound.start(video)
    await sound.start(video)
    expect(video.calls).toEqual(['play', 'play muted', 'play muted'])
    sound.forget(video)
    expect(counts).toEqual([1, 0])
    await tap(() => sound.unlock())
    expect(video.muted).toBe(true)
  })
})
