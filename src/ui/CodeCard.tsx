import { createResource, createSignal, Show } from 'solid-js'

/** The QR renderer (and the qrcode library) loads on the way to the first code. */
export const loadQrRenderer = () => import('../qr/render')

/**
 * A code shown the three ways: a QR image (the link form, so a phone's own camera app opens it),
 * a read-only text box to select, and Copy / Share buttons (Share only where Web Share exists).
 */
export function CodeCard(props: {
  text: string
  qrLabel: string
  textLabel: string
  copyLabel: string
  shareLabel: string
  copiedLabel: string
}) {
  const [qr] = createResource(
    () => props.text,
    async (text) => {
      const { renderQrSvg, svgDataUrl } = await loadQrRenderer()
      const rendered = renderQrSvg(text)
      return { url: svgDataUrl(rendered.svg), version: rendered.version }
    },
  )
  const [copied, setCopied] = createSignal(false)
  const canShare = typeof navigator !== 'undefined' && typeof navigator.share === 'function'

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(props.text)
    } catch {
      const box = document.getElementById(textId) as HTMLTextAreaElement | null
      box?.select()
      document.execCommand('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }

  async function share(): Promise<void> {
    try {
      await navigator.share({ title: 'Tatap', url: props.text })
    } catch {
      // Closing the share sheet is not an error.
    }
  }

  const textId = `code-${Math.random().toString(36).slice(2)}`
  return (
    <div class="code-card">
      <Show when={qr()} fallback={<div class="qr qr-placeholder" />}>
        {(rendered) => (
          <img
            class="qr"
            src={rendered().url}
            alt={props.qrLabel}
            data-qr-version={rendered().version}
            width="320"
            height="320"
          />
        )}
      </Show>
      <label class="field">
        <span>{props.textLabel}</span>
        <textarea
          id={textId}
          class="code-text"
          readOnly
          rows="3"
          spellcheck={false}
          value={props.text}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div class="row">
        <button type="button" class="secondary" onClick={copy}>
          {props.copyLabel}
        </button>
        <Show when={canShare}>
          <button type="button" class="secondary" onClick={share}>
            {props.shareLabel}
          </button>
        </Show>
        <span class="copied" role="status">
          {copied() ? props.copiedLabel : ''}
        </span>
      </div>
    </div>
  )
}
