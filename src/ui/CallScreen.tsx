import {
  batch,
  createEffect,
  createMemo,
  createSignal,
  For,
  Match,
  onCleanup,
  onMount,
  Show,
  Switch,
} from 'solid-js'
import { listText, t } from '../i18n'
import { createNotifyChoice } from './browser-notifications'
import { CallControls, type Panel } from './CallControls'
import { ChatPanel } from './ChatPanel'
import { ConnectionInfo } from './ConnectionInfo'
import { createCallConveniences } from './call-conveniences'
import { canRecord, type Recording, startRecording } from './call-recorder'
import type { CallMember, CallStore } from './call-store'
import { DeviceSettings } from './DeviceSettings'
import { ReactionBar } from './Gestures'
import { InvitePanel } from './InvitePanel'
import { Icon } from './icons'
import { LeaveDialog } from './LeaveDialog'
import { MessagePreview } from './MessagePreview'
import { PeoplePanel } from './PeoplePanel'
import { ReconnectPanel } from './ReconnectPanel'
import { sameKeys } from './same-keys'
import { Transfers } from './Transfers'
import { VideoGrid } from './VideoGrid'
import './call.css'
import { SharePrompt } from './SharePrompt'
import type { SharesStore } from './shares-store'

/** How long "Recording saved as …" (or that it failed) shows. */
const RECORDED_SHOWN_MS = 8000

/**
 * The call: people on the stage, one side panel at a time (chat, people, devices, invite), file
 * cards in a bounded list that never covers the controls, and the call bar. The back gesture
 * asks before leaving (a history entry stands for the call); Leave call leaves at once. Around
 * it, call-conveniences.ts: screen kept on, notifications, shortcuts, paste to send.
 */
export function CallScreen(props: { store: CallStore; name: string; shares: SharesStore | null }) {
  const { store } = props
  const [panel, setPanel] = createSignal<Panel>(null)
  const [dropping, setDropping] = createSignal(false)
  const [askLeave, setAskLeave] = createSignal(false)
  const [reacting, setReacting] = createSignal(false)
  const [recording, setRecording] = createSignal<Recording | 'starting' | null>(null)
  /** What became of the last recording: its file's name, or that it failed. */
  const [recorded, setRecorded] = createSignal<{ saved: string } | 'failed' | null>(null)
  let stage!: HTMLDivElement
  /** Everyone recording now, this device first, by name. */
  const recorders = () => {
    const gestures = store.gestures()
    if (!gestures) return []
    return gestures
      .recorders()
      .map((id) => (id === gestures.selfId ? null : (store.member(id)?.name ?? '')))
  }

  async function toggleRecording(): Promise<void> {
    const now = recording()
    if (now === 'starting') return
    if (now) return finishRecording(now)
    setRecording('starting')
    setRecorded(null)
    try {
      const started = await startRecording({
        stage: () => stage,
        audioTracks: () => [
          ...(store.local.tracks()?.mic ? [store.local.tracks()?.mic as MediaStreamTrack] : []),
          ...store.members().flatMap((m) => m.streams.flatMap((s) => s.getAudioTracks())),
        ],
        failed: () => {
          const running = recording()
          if (running && running !== 'starting') void finishRecording(running)
        },
      })
      setRecording(started)
      store.gestures()?.setRecording(true)
    } catch {
      setRecording(null)
      setRecorded('failed')
    }
  }

  /** Ends the recording and hands the file to the browser's download (it is on disk). */
  async function finishRecording(running: Recording): Promise<void> {
    setRecording(null)
    store.gestures()?.setRecording(false)
    try {
      const file = await running.stop()
      const url = URL.createObjectURL(file)
      const link = document.createElement('a')
      link.href = url
      link.download = running.name
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      setRecorded({ saved: running.name })
    } catch {
      setRecorded('failed')
    }
    setTimeout(() => setRecorded(null), RECORDED_SHOWN_MS)
  }
  // Leaving (or the call ending) ends the file cleanly.
  onCleanup(() => {
    const running = recording()
    if (running && running !== 'starting') void finishRecording(running)
  })
  /** Who the next chosen files go to: everyone (null) or one member. */
  let fileTarget: CallMember | null = null
  let filePicker!: HTMLInputElement
  const notifyChoice = createNotifyChoice()
  createCallConveniences(store, notifyChoice)

  /** People whose path failed for good: each gets a Reconnect button (in a room, one is enough
   *  — the others come back through that connection). */
  const pathFailed = () => store.members().filter((m) => m.pathFailed)
  /** Whose connection dropped (the path is down; the call waits for it to come back). */
  const dropped = () =>
    store
      .members()
      .filter((m) => m.status === 'interrupted')
      .map((m) => m.name)
  const pathFailedIds = createMemo(() => pathFailed().map((m) => m.id), [], { equals: sameKeys })

  const onlyStats = () => {
    const [only, ...rest] = store.members()
    return only && rest.length === 0 ? (store.stats().get(only.id) ?? null) : null
  }

  function togglePanel(next: Exclude<Panel, null>): void {
    const open = panel() === next ? null : next
    batch(() => {
      if (panel() === 'invite' && open !== 'invite') store.closeInvite()
      if (panel() === 'reconnect' && open !== 'reconnect') store.closeReconnect()
      setPanel(open)
      store.conversation()?.setChatOpen(open === 'chat')
      // Sets the invite to 'preparing' at once, inside the batch, so the panel stays open.
      if (open === 'invite') void store.inviteSomeone()
    })
  }

  // An invite ends when its person joins (or it fails): the panel has nothing left to show.
  createEffect(() => {
    if (panel() === 'invite' && store.invite() === null) setPanel(null)
  })

  // Reconnect shows while the flow has it: opened by the button or by a code from another tab,
  // closed once the connection is back.
  createEffect(() => {
    const reconnecting = store.reconnect() !== null
    if (reconnecting && panel() !== 'reconnect') {
      if (panel() === 'invite') store.closeInvite()
      store.conversation()?.setChatOpen(false)
      setPanel('reconnect')
    } else if (!reconnecting && panel() === 'reconnect') {
      setPanel(null)
    }
  })

  function chooseFiles(to: CallMember | null): void {
    fileTarget = to
    filePicker.click()
  }

  function sendFiles(list: FileList | null | undefined): void {
    if (!list || list.length === 0) return
    store.conversation()?.sendFiles([...list], fileTarget ? [fileTarget.id] : undefined)
    fileTarget = null
  }

  // The back gesture must not drop the call: it asks first.
  onMount(() => {
    history.pushState({ tatap: 'call' }, '')
    const onPop = () => {
      if (store.screen().name !== 'call') return
      history.pushState({ tatap: 'call' }, '')
      setAskLeave(true)
    }
    window.addEventListener('popstate', onPop)
    onCleanup(() => {
      window.removeEventListener('popstate', onPop)
      if ((history.state as { tatap?: string } | null)?.tatap === 'call') history.back()
    })
  })

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for files; the Send file button is the keyboard and touch path.
    <section
      class="call"
      classList={{ dropping: dropping(), 'panel-open': panel() !== null, reacting: reacting() }}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return
        e.preventDefault()
        setDropping(true)
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        e.preventDefault()
        setDropping(false)
        fileTarget = null
        sendFiles(e.dataTransfer?.files)
      }}
    >
      <div class="stage" ref={stage}>
        <VideoGrid store={store} name={props.name} />
        <ConnectionInfo stats={onlyStats()} />
        <Show when={pathFailed().length === 0 && dropped().length > 0}>
          <p class="banner" role="status">
            {t.connectionDropped(listText(dropped()))}
          </p>
        </Show>
        <Show when={store.local.screen()}>
          <p class="banner" role="status">
            {t.youArePresenting}
          </p>
        </Show>
        <Show when={dropping()}>
          <p class="drop-hint">{t.dropFiles}</p>
        </Show>
        <Show when={recorders().length > 0}>
          <p class="banner recording-banner" role="status">
            <Icon name="record" /> {recorders().includes(null) ? t.youAreRecording : null}
            {recorders().includes(null) && recorders().length > 1 ? ' · ' : null}
            {recorders().some((name) => name !== null)
              ? t.isRecording(listText(recorders().filter((name): name is string => name !== null)))
              : null}
          </p>
        </Show>
        <Show when={recorded()}>
          {(result) => (
            <p class="banner recorded-banner" role="status">
              {result() === 'failed'
                ? t.recordingFailed
                : t.recordingSaved((result() as { saved: string }).saved)}
            </p>
          )}
        </Show>
        <Show when={reacting() && store.gestures()}>
          {(gestures) => <ReactionBar gestures={gestures()} />}
        </Show>
        <MessagePreview
          conversation={store.conversation()}
          chatOpen={panel() === 'chat'}
          onOpen={() => {
            if (panel() !== 'chat') togglePanel('chat')
          }}
        />
      </div>
      {/* Outside the stage: on a phone an open panel covers the stage, never this. */}
      <Show when={pathFailed().length > 0}>
        <div class="path-lost">
          <p role="status">
            {t.pathLost(listText(pathFailed().map((m) => m.name)))}
            <Show when={pathFailed().length > 1}> {t.pathLostRoomHint}</Show>
          </p>
          {/* By id: a member's object is new on each change; a button made again drops focus. */}
          <For each={pathFailedIds()}>
            {(id) => (
              <button type="button" class="secondary" onClick={() => store.startReconnect(id)}>
                {t.reconnectWith(store.member(id)?.name ?? '')}
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show when={props.shares}>{(shares) => <SharePrompt shares={shares()} />}</Show>
      <Show when={store.conversation()}>
        {(conversation) => <Transfers conversation={conversation()} />}
      </Show>
      <Switch>
        <Match when={panel() === 'chat' && store.conversation()}>
          {(conversation) => (
            <ChatPanel
              conversation={conversation()}
              notifyChoice={notifyChoice}
              onClose={() => togglePanel('chat')}
            />
          )}
        </Match>
        <Match when={panel() === 'people'}>
          <PeoplePanel
            store={store}
            name={props.name}
            onClose={() => togglePanel('people')}
            sendFileTo={(member) => chooseFiles(member)}
          />
        </Match>
        <Match when={panel() === 'devices'}>
          <DeviceSettings store={store} onClose={() => togglePanel('devices')} />
        </Match>
        <Match when={panel() === 'invite'}>
          <InvitePanel store={store} onClose={() => togglePanel('invite')} />
        </Match>
        <Match when={panel() === 'reconnect' && store.reconnect()}>
          {(view) => (
            <ReconnectPanel store={store} view={view()} onClose={() => togglePanel('reconnect')} />
          )}
        </Match>
      </Switch>
      <input
        ref={filePicker}
        type="file"
        multiple
        class="visually-hidden"
        aria-label={t.chooseFiles}
        tabIndex={-1}
        onChange={(e) => {
          sendFiles(e.currentTarget.files)
          e.currentTarget.value = ''
        }}
      />
      <CallControls
        store={store}
        panel={panel()}
        togglePanel={togglePanel}
        chooseFiles={() => chooseFiles(null)}
        reacting={reacting()}
        toggleReactions={() => setReacting(!reacting())}
        recording={recording() === null ? (canRecord() ? 'off' : 'unsupported') : 'on'}
        toggleRecording={() => void toggleRecording()}
      />
      <Show when={askLeave()}>
        <LeaveDialog
          onStay={() => setAskLeave(false)}
          onLeave={() => {
            setAskLeave(false)
            store.leave()
          }}
        />
      </Show>
    </section>
  )
}
