import { createSignal, onCleanup, onMount, Show } from 'solid-js'
import type { Problem } from '../call/problems'
import { t } from '../i18n'
import type { ScanSession } from '../qr/scanner'
import { Icon } from './icons'

/**
 * A scanning dialog. The scanner module (and @zxing) loads only when this opens; the camera
 * stops when a code is found or the dialog closes. A picture of a QR can be chosen instead.
 * Flashlight shows only when the camera reports a torch; Switch camera only when the device
 * has more than one camera.
 */
export function Scanner(props: {
  onText: (text: string) => void
  onClose: () => void
  onProblem: (problem: Problem) => void
}) {
  let video!: HTMLVideoElement
  let session: ScanSession | null = null
  let closed = false
  const [starting, setStarting] = createSignal(true)
  const [cameras, setCameras] = createSignal(0)
  const [torch, setTorch] = createSignal<'none' | 'off' | 'on'>('none')
  const [switching, setSwitching] = createSignal(false)

  /** What the camera now in use offers (after it started, or after a switch). */
  const readControls = (running: ScanSession) => {
    setCameras(running.cameraCount())
    setTorch(running.hasTorch() ? 'off' : 'none')
  }

  const deliver = (text: string) => {
    if (closed) return
    closed = true
    session?.stop()
    props.onText(text)
  }

  onMount(async () => {
    try {
      const scanner = await import('../qr/scanner')
      if (closed) return
      const started = await scanner.startCameraScan(video, deliver)
      if (closed) started.stop()
      else {
        session = started
        readControls(started)
      }
    } catch {
      props.onProblem({ kind: 'scan-camera' })
    } finally {
      setStarting(false)
    }
  })

  onCleanup(() => {
    closed = true
    session?.stop()
  })

  async function toggleTorch(): Promise<void> {
    const want = torch() !== 'on'
    if (session && (await session.setTorch(want))) setTorch(want ? 'on' : 'off')
  }

  async function switchCamera(): Promise<void> {
    if (!session || switching()) return
    setSwitching(true)
    try {
      await session.switchCamera()
      if (session) readControls(session)
    } finally {
      setSwitching(false)
    }
  }

  async function chooseImage(event: Event & { currentTarget: HTMLInputElement }) {
    const file = event.currentTarget.files?.[0]
    if (!file) return
    const scanner = await import('../qr/scanner')
    const text = await scanner.scanImageFile(file)
    if (text) deliver(text)
    else props.onProblem({ kind: 'no-qr-in-image' })
  }

  return (
    <div class="scanner" role="dialog" aria-label={t.scannerTitle}>
      <p class="scanner-title">{t.scannerTitle}</p>
      <div class="scanner-view">
        <video ref={video} muted playsinline autoplay />
        <div class="scanner-frame" aria-hidden="true" />
        <Show when={starting()}>
          <p class="scanner-status">{t.scannerStarting}</p>
        </Show>
      </div>
      <Show when={cameras() > 1 || torch() !== 'none'}>
        <div class="row">
          <Show when={cameras() > 1}>
            <button
              type="button"
              class="secondary touch"
              disabled={switching()}
              onClick={() => void switchCamera()}
            >
              <Icon name="flip" /> {t.switchCamera}
            </button>
          </Show>
          <Show when={torch() !== 'none'}>
            <button
              type="button"
              class="secondary touch"
              aria-pressed={torch() === 'on'}
              onClick={() => void toggleTorch()}
            >
              <Icon name="torch" /> {t.flashlight}
            </button>
          </Show>
        </div>
      </Show>
      <div class="row">
        <label class="button secondary">
          {t.chooseImage}
          <input type="file" accept="image/*" class="visually-hidden" onChange={chooseImage} />
        </label>
        <button type="button" class="secondary" onClick={() => props.onClose()}>
          {t.closeScanner}
        </button>
      </div>
    </div>
  )
}
