import {
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js'
import { t } from '../i18n'
import { makeSpeakingMeter, type SpeakingMeter } from '../media/speaking-meter'
import { qualityOf } from './ConnectionInfo'
import type { CallMember, CallStore } from './call-store'
import { TileGestures } from './Gestures'
import { bringOntoPage, gridShape, paginate, tilesPerPage } from './grid-shape'
import { Icon } from './icons'
import { sameKeys } from './same-keys'
import { makeSoundGate, type SoundGate } from './sound-gate'
import { VideoTile } from './VideoTile'
import { makeViewReporter, type ViewReporter } from './view-reporter'

/**
 * A tile of the grid by its key: a member's id, or SELF_TILE for this device (in rooms of three
 * or more). Keys, not member objects: a member's object is new on every change (stats, media,
 * audio level), and <For> would then make every tile, its <video> too, again — a black flash, and
 * a newcomer's first frames lost to videos that are replaced before they show one.
 */
type TileKey = string
/** No member id has a space in it (docs/protocol.md, "Ids"). */
const SELF_TILE = ' self'

/** Audio level above which a member counts as speaking (0–1 RMS, as RFC 6464 levels). */
const SPEAKING_LEVEL = 0.05
const SPEAKER_POLL_MS = 300
/** A horizontal swipe longer than this (CSS px) turns the page. */
const SWIPE_PX = 60

/**
 * The people of a call: one remote person fills the stage (you in a corner); more share a grid
 * that pages (four tiles per page on a phone, swipe or Previous/Next). A screen share or a pinned
 * person takes the stage and the others move to a strip. Whoever speaks is outlined, and comes
 * onto the page shown. Each sender hears how high its video is shown here, and 0 while it is
 * not shown at all (off the page, the app in the background): it then sends no copy for us.
 */
export function VideoGrid(props: { store: CallStore; name: string }) {
  const { store } = props
  let stage!: HTMLDivElement
  const [size, setSize] = createSignal({ width: 800, height: 600 })
  const [page, setPage] = createSignal(0)
  const [pinned, setPinned] = createSignal<string | null>(null)
  const [speaker, setSpeaker] = createSignal<string | null>(null)
  /** The grid's order of members: who joined first comes first, until a speaker is brought
   *  onto the page shown. */
  const [order, setOrder] = createSignal<string[]>([])
  const views = makeViewReporter({
    send: (id, height) => store.member(id)?.session?.sendView(height),
  })
  /** How many people's sound waits for a tap (the browser refused to play it before one). */
  const [soundHeld, setSoundHeld] = createSignal(0)
  const sound = makeSoundGate(setSoundHeld)
  let meter: SpeakingMeter | null = null

  const screenOf = (m: CallMember) => m.streams.find((s) => s.id === m.media.screenStreamId) ?? null
  const cameraOf = (m: CallMember) => m.streams.find((s) => s.id !== m.media.screenStreamId) ?? null
  const presenter = () => store.members().find((m) => screenOf(m) !== null) ?? null
  const pinnedMember = () => store.members().find((m) => m.id === pinned()) ?? null
  /** With one other person, you are a small picture in the corner; with more, a tile. */
  const selfInGrid = () => store.members().length >= 2
  const onStage = () => (presenter() ? null : pinnedMember())
  createEffect(() => {
    const ids = store.members().map((m) => m.id)
    const kept = order().filter((id) => ids.includes(id))
    for (const gone of order().filter((id) => !ids.includes(id))) views.forget(gone)
    const next = [...kept, ...ids.filter((id) => !kept.includes(id))]
    if (!sameKeys(next, order())) setOrder(next)
  })
  const tiles = createMemo<TileKey[]>(
    () => {
      const list = order().filter((id) => id !== onStage()?.id)
      // You come first: the others keep their places on the pages as people join.
      if (selfInGrid()) list.unshift(SELF_TILE)
      return list
    },
    [],
    { equals: sameKeys },
  )
  const strip = () => presenter() !== null || onStage() !== null
  const paged = createMemo(() =>
    strip()
      ? { pages: 1, page: 0, items: tiles() }
      : paginate(tiles(), tilesPerPage(size().width), page()),
  )
  const shape = () => gridShape(paged().items.length, size().width >= size().height)
  // Whoever starts speaking off the first page takes the place of the last one shown there. A
  // person who turned to another page chose whom to see: the page they turned to stays as it is.
  createEffect(() => {
    const id = speaker()
    if (id === null || strip() || paged().page !== 0) return
    const items = paged().items
    if (items.includes(id)) return
    // Not tracked, and set only when it changed: a speaker who is no longer in the order (who
    // just left) changes nothing, and setting an equal order again would run this effect again.
    const current = untrack(order)
    const moved = bringOntoPage([SELF_TILE, ...current], id, items, [SELF_TILE]).filter(
      (key) => key !== SELF_TILE,
    )
    if (!sameKeys(moved, current)) setOrder(moved)
  })

  onMount(() => {
    const observer = new ResizeObserver(() =>
      setSize({ width: stage.clientWidth, height: stage.clientHeight }),
    )
    observer.observe(stage)
    const running = makeSpeakingMeter<AnalyserNode>(
      () => new AudioContext(),
      (track) => new MediaStream([track]),
    )
    meter = running
    const timer = setInterval(() => {
      const members = store.members()
      const gestures = store.gestures()
      // Our own microphone is measured only while our hand is up: speaking for a while lowers it.
      const ownMic = gestures?.handUp(gestures.selfId) ? store.local.tracks()?.mic : null
      running.keepOnly([...members.flatMap(audioTracksOf), ...(ownMic ? [ownMic] : [])])
      setSpeaker(loudest(members, running))
      if (ownMic && gestures) {
        gestures.ownSpeech(store.local.micOn() && running.level([ownMic]) > SPEAKING_LEVEL)
      }
    }, SPEAKER_POLL_MS)
    // Safari on iPhone runs an audio context only once a tap asked for it.
    const wake = () => running.wake()
    document.addEventListener('pointerdown', wake)
    onCleanup(() => {
      observer.disconnect()
      clearInterval(timer)
      document.removeEventListener('pointerdown', wake)
      running.dispose()
      meter = null
    })
  })

  let swipeFrom: number | null = null
  const turn = (by: number) => setPage(Math.min(Math.max(0, paged().page + by), paged().pages - 1))

  /** The tile of the member `member()` reads: its props follow that member's changes. */
  const memberTile = (member: () => CallMember, extra = '') => (
    <MemberTile
      member={member()}
      store={store}
      sound={sound}
      views={views}
      class={extra}
      stream={cameraOf(member())}
      speaking={speaker() === member().id}
      pinned={pinned() === member().id}
      canPin={store.members().length > 1}
      onPin={() => setPinned(pinned() === member().id ? null : member().id)}
    />
  )

  const selfTile = (extra: string) => (
    <VideoTile
      class={extra}
      stream={store.local.stream()}
      label={t.you}
      name={props.name || t.you}
      muted
      mirrored
      cameraOn={store.local.camOn()}
      micOn={store.local.micOn()}
      mutedLabel={t.isMuted(t.you)}
      overlay={
        <Show when={store.gestures()}>
          {(gestures) => (
            <TileGestures gestures={gestures()} id={gestures().selfId} name={props.name || t.you} />
          )}
        </Show>
      }
    />
  )

  return (
    <div
      class="people-stage"
      classList={{ 'with-strip': strip() }}
      ref={stage}
      onPointerDown={(e) => {
        if (e.pointerType === 'touch') swipeFrom = e.clientX
      }}
      onPointerCancel={() => {
        swipeFrom = null
      }}
      onPointerUp={(e) => {
        if (swipeFrom === null) return
        const dx = e.clientX - swipeFrom
        swipeFrom = null
        if (Math.abs(dx) > SWIPE_PX) turn(dx < 0 ? 1 : -1)
      }}
    >
      <Show when={presenter()}>
        {(member) => (
          <VideoTile
            class="main screen"
            stream={screenOf(member())}
            label={t.screenOf(member().name)}
            name={t.screenOf(member().name)}
            cameraOn
            micOn
            mutedLabel=""
            sound={sound}
          />
        )}
      </Show>
      <Show when={onStage()?.id} keyed>
        {(id) => <Show when={store.member(id)}>{(member) => memberTile(member, 'main')}</Show>}
      </Show>
      <div
        class="grid"
        style={{
          'grid-template-columns': `repeat(${strip() ? paged().items.length || 1 : shape().columns}, minmax(0, 1fr))`,
          'grid-template-rows': strip() ? '1fr' : `repeat(${shape().rows}, minmax(0, 1fr))`,
        }}
      >
        <For each={paged().items}>
          {(key) =>
            key === SELF_TILE ? (
              selfTile('in-grid')
            ) : (
              <Show when={store.member(key)}>{(member) => memberTile(member)}</Show>
            )
          }
        </For>
      </div>
      <Show when={!selfInGrid()}>{selfTile('self')}</Show>
      <Show when={soundHeld() > 0}>
        {/* One tap for everyone's sound, and the speaking meter's audio context with it (a
            keyboard press makes no pointerdown). */}
        <button
          type="button"
          class="primary tap-to-play"
          onClick={() => {
            void sound.unlock()
            meter?.wake()
          }}
        >
          {t.turnOnSound}
        </button>
      </Show>
      <Show when={paged().pages > 1}>
        <nav class="pager" aria-label={t.pageOf(paged().page + 1, paged().pages)}>
          <button
            type="button"
            class="control"
            aria-label={t.previousPage}
            disabled={paged().page === 0}
            onClick={() => turn(-1)}
          >
            <Icon name="prev" />
          </button>
          <span aria-hidden="true">
            {paged().page + 1} / {paged().pages}
          </span>
          <button
            type="button"
            class="control"
            aria-label={t.nextPage}
            disabled={paged().page === paged().pages - 1}
            onClick={() => turn(1)}
          >
            <Icon name="next" />
          </button>
        </nav>
      </Show>
    </div>
  )
}

function MemberTile(props: {
  member: CallMember
  store: CallStore
  views: ViewReporter
  sound: SoundGate
  stream: MediaStream | null
  speaking: boolean
  pinned: boolean
  /** Pinning is for rooms: with one other person, they are on the stage anyway. */
  canPin: boolean
  onPin: () => void
  class: string
}) {
  const m = () => props.member
  let box!: HTMLDivElement
  // Tell the sender how large we show it, so it sends no more pixels than that: on every resize,
  // and to each new session (an introduced member's tile is laid out before its session exists;
  // a reconnect makes a new one); and that we show it no more once the tile is gone.
  const id = m().id
  const [shownHeight, setShownHeight] = createSignal(0)
  /** Its video shows frames: an introduced pair's come before its hello (then no "Connecting"). */
  const [showing, setShowing] = createSignal(false)
  createEffect(() => {
    const height = shownHeight()
    if (height > 0) props.views.shown(id, box, height)
  })
  createEffect(
    on(
      () => m().session,
      () => props.views.resend(id),
      { defer: true },
    ),
  )
  onMount(() => {
    const observer = new ResizeObserver(() =>
      setShownHeight(box.clientHeight * (globalThis.devicePixelRatio || 1)),
    )
    observer.observe(box)
    onCleanup(() => {
      observer.disconnect()
      props.views.gone(id, box)
    })
  })
  return (
    <div
      class={`member ${props.class}`}
      classList={{ speaking: props.speaking }}
      ref={box}
      data-member={id}
    >
      <VideoTile
        class="remote"
        stream={props.stream}
        label={t.videoOf(m().name)}
        name={m().name}
        cameraOn={m().media.cam && props.stream !== null}
        micOn={m().media.mic}
        mutedLabel={t.isMuted(m().name)}
        quality={qualityOf(props.store.stats().get(m().id) ?? null)}
        sinkId={props.store.local.speakerId()}
        pipLabel={t.pipShow(m().name)}
        onShowing={setShowing}
        sound={props.sound}
        overlay={<TileGestures gestures={props.store.gestures()} id={id} name={m().name} />}
      />
      <Show when={(m().status === 'connecting' || m().status === 'unreachable') && !showing()}>
        <p class="tile-note" role="status">
          {m().status === 'connecting' ? t.connectingTo(m().name) : t.unreachable(m().name)}
        </p>
      </Show>
      <Show when={props.speaking}>
        <span class="visually-hidden" role="status">
          {t.speaking(m().name)}
        </span>
      </Show>
      <Show when={props.canPin || props.pinned}>
        <button
          type="button"
          class="pin"
          aria-label={props.pinned ? t.unpin(m().name) : t.pin(m().name)}
          aria-pressed={props.pinned}
          onClick={() => props.onPin()}
        >
          <Icon name="pin" />
        </button>
      </Show>
    </div>
  )
}

function audioTracksOf(member: CallMember): MediaStreamTrack[] {
  return member.streams.flatMap((stream) => stream.getAudioTracks())
}

/** The member speaking loudest right now, or null when nobody speaks. */
function loudest(members: readonly CallMember[], meter: SpeakingMeter): string | null {
  let best: string | null = null
  let level = SPEAKING_LEVEL
  for (const member of members) {
    const heard = meter.level(audioTracksOf(member))
    if (heard > level) {
      level = heard
      best = member.id
    }
  }
  return best
}
