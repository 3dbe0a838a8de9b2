export interface Progress {
  /** Bytes done: on the sender, handed to the channel and no longer buffered in it;
   *  on the receiver, received. */
  readonly bytes: number
  readonly total: number
  /** Averaged over the last RATE_WINDOW_MS; 0 until two samples exist. */
  readonly bytesPerSecond: number
  /** null while the rate is unknown (0). */
  readonly secondsLeft: number | null
}

export const RATE_WINDOW_MS = 3000
/** Samples closer together than this are merged, bounding the sample list to ~30 entries. */
const SAMPLE_SPACING_MS = 100

/** Tracks a byte count over time and derives a sliding-window rate. */
export class RateMeter {
  private readonly samples: Array<{ t: number; bytes: number }> = []

  constructor(
    private readonly total: number,
    private readonly now: () => number,
  ) {}

  /** Records the running byte count (monotonic) and returns the progress it implies. */
  update(bytes: number): Progress {
    const t = this.now()
    const prev = this.samples.at(-2)
    if (prev && t - prev.t < SAMPLE_SPACING_MS) this.samples[this.samples.length - 1] = { t, bytes }
    else this.samples.push({ t, bytes })
    while (this.samples.length > 2 && t - (this.samples[1]?.t ?? t) >= RATE_WINDOW_MS) {
      this.samples.shift()
    }
    return this.progress(bytes)
  }

  progress(bytes: number): Progress {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    let rate = 0
    if (first && last && last.t > first.t)
      rate = ((last.bytes - first.bytes) * 1000) / (last.t - first.t)
    const left = Math.max(0, this.total - bytes)
    return {
      bytes,
      total: this.total,
      bytesPerSecond: rate,
      secondsLeft: left === 0 ? 0 : rate > 0 ? left / rate : null,
    }
  }
}

export function initialProgress(total: number): Progress {
  return { bytes: 0, total, bytesPerSecond: 0, secondsLeft: total === 0 ? 0 : null }
}
