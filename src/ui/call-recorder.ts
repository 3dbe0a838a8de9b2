/**
 * Recording a call on this device: the stage as it shows (every video where it sits, names under
 * them) drawn onto a canvas, every voice mixed (Web Audio), both through MediaRecorder as WebM,
 * each second's chunk written to a file in the Origin Private File System as it comes, so an hour
 * never sits in memory. Stopping closes the file; the app then hands it to the browser's
 * download as "Tatap call YYYY-MM-DD HH.MM.webm".
 */
export const RECORDING_DIR = 'tatap-recordings'
export const RECORD_WIDTH = 1280
export const RECORD_HEIGHT = 720
export const RECORD_FPS = 15
/** MediaRecorder hands over a chunk this often (ms); each is written to the file at once. */
export const CHUNK_MS = 1000

/** "Tatap call 2026-12-07 20.33.webm", in local time. */
export function recordingName(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`
  return `Tatap call ${day} ${two(date.getHours())}.${two(date.getMinutes())}.webm`
}

interface WritableFile {
  write(data: Blob): Promise<void>
  close(): Promise<void>
  abort(): Promise<void>
}
interface RecordingFileHandle {
  createWritable(): Promise<WritableFile>
  getFile(): Promise<File>
}

/** Whether this browser can record a call to a file (MediaRecorder, canvas capture, OPFS
 *  written from the page: Chromium and Firefox; not Safari). */
export function canRecord(): boolean {
  return (
    typeof MediaRecorder === 'function' &&
    typeof HTMLCanvasElement.prototype.captureStream === 'function' &&
    typeof navigator.storage?.getDirectory === 'function' &&
    typeof FileSystemFileHandle === 'function' &&
    'createWritable' in FileSystemFileHandle.prototype
  )
}

export interface Recording {
  readonly name: string
  /** Ends the recording: the file, complete and closed. */
  stop(): Promise<File>
}

export interface RecordingSources {
  /** What is recorded: its videos, where they show, with the names under them. */
  stage: () => HTMLElement | null
  /** Every voice to mix: this device's microphone and each member's audio, now. */
  audioTracks: () => MediaStreamTrack[]
  /** The recording failed while it ran (storage full, say): it stops by itself. */
  failed: () => void
}

export async function startRecording(sources: RecordingSources): Promise<Recording> {
  const name = recordingName(new Date())
  const root = await navigator.storage.getDirectory()
  const dir = await root.getDirectoryHandle(RECORDING_DIR, { create: true })
  await removeEarlierRecordings(dir)
  const fileName = `${Date.now()}.webm`
  const handle = (await dir.getFileHandle(fileName, {
    create: true,
  })) as unknown as RecordingFileHandle
  const writable = await handle.createWritable()

  const canvas = document.createElement('canvas')
  canvas.width = RECORD_WIDTH
  canvas.height = RECORD_HEIGHT
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas')
  const video = canvas.captureStream(RECORD_FPS).getVideoTracks()[0]

  const audio = new AudioContext()
  const mix = audio.createMediaStreamDestination()
  // A constant silent source keeps the audio track running while nobody has a microphone.
  const silence = audio.createConstantSource()
  silence.offset.value = 0
  silence.connect(mix)
  silence.start()
  const voices = new Map<string, MediaStreamAudioSourceNode>()
  const refreshVoices = () => {
    const tracks = sources.audioTracks().filter((t) => t.readyState === 'live')
    const ids = new Set(tracks.map((t) => t.id))
    for (const [id, node] of voices) {
      if (!ids.has(id)) {
        node.disconnect()
        voices.delete(id)
      }
    }
    for (const track of tracks) {
      if (voices.has(track.id)) continue
      try {
        const node = audio.createMediaStreamSource(new MediaStream([track]))
        node.connect(mix)
        voices.set(track.id, node)
      } catch {
        // A track Web Audio cannot take is left out.
      }
    }
  }
  refreshVoices()
  void audio.resume().catch(() => undefined)

  const tracks = [...(video ? [video] : []), ...mix.stream.getAudioTracks()]
  const mimeType = ['video/webm;codecs=vp8,opus', 'video/webm'].find((type) =>
    MediaRecorder.isTypeSupported(type),
  )
  const recorder = new MediaRecorder(new MediaStream(tracks), mimeType ? { mimeType } : {})
  let writing: Promise<void> = Promise.resolve()
  let broken = false
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size === 0 || broken) return
    writing = writing
      .then(() => writable.write(event.data))
      .catch(() => {
        if (broken) return
        broken = true
        sources.failed()
      })
  })

  let frame = 0
  const timer = setInterval(() => {
    draw(context, sources.stage())
    if (++frame % RECORD_FPS === 0) refreshVoices()
  }, 1000 / RECORD_FPS)
  draw(context, sources.stage())
  recorder.start(CHUNK_MS)

  let stopped: Promise<File> | null = null
  return {
    name,
    stop(): Promise<File> {
      stopped ??= (async () => {
        clearInterval(timer)
        const done = new Promise<void>((resolve) =>
          recorder.addEventListener('stop', () => resolve(), { once: true }),
        )
        if (recorder.state !== 'inactive') recorder.stop()
        await done
        await writing
        for (const track of tracks) track.stop()
        for (const node of voices.values()) node.disconnect()
        void audio.close().catch(() => undefined)
        if (broken) {
          await writable.abort().catch(() => undefined)
          throw new Error('the recording could not be written')
        }
        await writable.close()
        const file = await handle.getFile()
        return new File([file], name, { type: 'video/webm' })
      })()
      return stopped
    },
  }
}

/** A recording's file stays this long after it started, for its download to read it. */
export const KEEP_RECORDING_MS = 6 * 60 * 60 * 1000

/**
 * Recordings are handed to the browser's download when they stop, which keeps its own copy: an
 * hour of video is not kept twice. Files (named by the time they started) older than
 * KEEP_RECORDING_MS go when the next recording starts; one still being written (another tab
 * records) is locked and stays.
 */
async function removeEarlierRecordings(dir: FileSystemDirectoryHandle): Promise<void> {
  const old: string[] = []
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    const started = Number.parseInt(name, 10)
    if (Number.isFinite(started) && Date.now() - started > KEEP_RECORDING_MS) old.push(name)
  }
  for (const name of old) await dir.removeEntry(name).catch(() => undefined)
}

/** Draws the stage as it shows now: each video where it sits, scaled to the canvas. */
function draw(context: CanvasRenderingContext2D, stage: HTMLElement | null): void {
  context.fillStyle = '#202124'
  context.fillRect(0, 0, RECORD_WIDTH, RECORD_HEIGHT)
  if (!stage) return
  const area = stage.getBoundingClientRect()
  if (area.width === 0 || area.height === 0) return
  const scale = Math.min(RECORD_WIDTH / area.width, RECORD_HEIGHT / area.height)
  const left = (RECORD_WIDTH - area.width * scale) / 2
  const top = (RECORD_HEIGHT - area.height * scale) / 2
  for (const tile of stage.querySelectorAll<HTMLElement>('figure.tile')) {
    const box = tile.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    const x = left + (box.left - area.left) * scale
    const y = top + (box.top - area.top) * scale
    const w = box.width * scale
    const h = box.height * scale
    context.fillStyle = '#3c4043'
    context.fillRect(x, y, w, h)
    const video = tile.querySelector('video')
    const cameraOff = tile.classList.contains('camera-off')
    if (video && !cameraOff && video.readyState >= 2 && video.videoWidth > 0) {
      const fit = Math.min(w / video.videoWidth, h / video.videoHeight)
      const vw = video.videoWidth * fit
      const vh = video.videoHeight * fit
      context.drawImage(video, x + (w - vw) / 2, y + (h - vh) / 2, vw, vh)
    }
    const caption = tile.querySelector('figcaption')?.textContent?.trim()
    if (caption) {
      context.font = `${Math.max(12, Math.round(14 * scale))}px sans-serif`
      context.fillStyle = '#fff'
      context.shadowColor = '#000'
      context.shadowBlur = 3
      context.fillText(caption, x + 10 * scale, y + h - 10 * scale)
      context.shadowBlur = 0
    }
  }
}
