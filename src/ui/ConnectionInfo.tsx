import { createSignal, Show } from 'solid-js'
import { numberText, t } from '../i18n'
import type { CallStats, PathKind } from '../rtc/stats'

/** Quality from loss and round trip, the two things a person hears and sees. */
export function qualityOf(stats: CallStats | null): 'good' | 'fair' | 'poor' | null {
  if (!stats || stats.rttMs === null) return null
  const loss = stats.loss ?? 0
  if (loss > 0.1 || stats.rttMs > 600) return 'poor'
  if (loss > 0.03 || stats.rttMs > 250) return 'fair'
  return 'good'
}

export function pathText(path: PathKind): string {
  switch (path) {
    case 'lan':
      return t.pathLan
    case 'internet':
      return t.pathInternet
    case 'relay':
      return t.pathRelay
  }
}

function bitrate(bps: number | null): string {
  if (bps === null) return '—'
  return bps >= 1_000_000
    ? `${numberText(bps / 1_000_000, 1)} Mbit/s`
    : `${numberText(bps / 1000)} kbit/s`
}

/** A chip naming the path; pressing it shows round trip, bitrates and the incoming video. */
export function ConnectionInfo(props: { stats: CallStats | null }) {
  const [open, setOpen] = createSignal(false)
  return (
    <Show when={props.stats?.path}>
      {(path) => (
        <div class="connection-info">
          <button
            type="button"
            class="chip"
            aria-expanded={open()}
            title={t.connectionInfo}
            onClick={() => setOpen(!open())}
          >
            <QualityBars level={qualityOf(props.stats)} />
            <span class="path">{pathText(path())}</span>
          </button>
          <Show when={open() && props.stats}>
            {(stats) => (
              <dl class="connection-details" aria-label={t.connectionInfo}>
                <dt>{t.roundTrip}</dt>
                <dd>{stats().rttMs === null ? '—' : `${numberText(stats().rttMs ?? 0)} ms`}</dd>
                <dt>{t.sending}</dt>
                <dd>{bitrate(stats().sendBps)}</dd>
                <dt>{t.receiving}</dt>
                <dd>{bitrate(stats().receiveBps)}</dd>
                <dt>{t.incomingVideo}</dt>
                <dd>
                  {stats().video
                    ? `${stats().video?.width}×${stats().video?.height}` +
                      (stats().video?.fps ? ` · ${Math.round(stats().video?.fps ?? 0)} fps` : '')
                    : '—'}
                </dd>
              </dl>
            )}
          </Show>
        </div>
      )}
    </Show>
  )
}

export function QualityBars(props: { level: 'good' | 'fair' | 'poor' | null }) {
  const filled = () => (props.level === 'good' ? 3 : props.level === 'fair' ? 2 : 1)
  const label = () =>
    t.quality(
      props.level === 'good'
        ? t.qualityGood
        : props.level === 'fair'
          ? t.qualityFair
          : t.qualityPoor,
    )
  return (
    <Show when={props.level}>
      <svg
        class={`bars ${props.level}`}
        viewBox="0 0 12 12"
        width="14"
        height="14"
        role="img"
        aria-label={label()}
      >
        <title>{label()}</title>
        <rect x="0" y="8" width="3" height="4" opacity={filled() >= 1 ? 1 : 0.3} />
        <rect x="4.5" y="4" width="3" height="8" opacity={filled() >= 2 ? 1 : 0.3} />
        <rect x="9" y="0" width="3" height="12" opacity={filled() >= 3 ? 1 : 0.3} />
      </svg>
    </Show>
  )
}
