import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n'
import { ChatPanel } from './ChatPanel'
import { ConnectionInfo, qualityOf } from './ConnectionInfo'
import type { CallMember, CallStore } from './call-store'
import { DeviceSettings } from './DeviceSettings'
import { Icon, type IconName } from './icons'
import { Transfers } from './Transfers'
import { VideoTile } from './VideoTile'

export function CallScreen(props: { store: CallStore; name: string }) {
  const { store } = props
  /** A member's screen share: the stream its media state names as the screen. */
  const screenOf = (m: CallMember) => m.streams.find((s) => s.id === m.media.screenStreamId) ?? null
  const cameraOf = (m: CallMember) => m.streams.find((s) => s.id !== m.media.screenStreamId) ?? null
  const presenter = () => store.members().find((m) => screenOf(m) !== null) ?? null
  const sharing = () => presenter() !== null
  const onlyStats = () => {
    const [only, ...rest] = store.members()
    return only && rest.length === 0 ? (store.stats().get(only.id) ?? null) : null
  }
  const [chatOpen, setChatOpen] = createSignal(false)
  const [devicesOpen, setDevicesOpen] = createSignal(false)
  const [dropping, setDropping] = createSignal(false)
  let filePicker!: HTMLInputElement

  function toggleChat(): void {
    const open = !chatOpen()
    setChatOpen(open)
    if (open) setDevicesOpen(false)
    store.conversation()?.setChatOpen(open)
  }

  function sendFiles(list: FileList | null | undefined): void {
    if (list && list.length > 0) store.conversation()?.sendFiles([...list])
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for files; the Send file button is the keyboard and touch path.
    <section
      class="call"
      classList={{ 'has-screen': sharing(), dropping: dropping() }}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return
        e.preventDefault()
        setDropping(true)
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        e.preventDefault()
        setDropping(false)
        sendFiles(e.dataTransfer?.files)
      }}
    >
      <div class="stage">
        <Show when={presenter()}>
          {(member) => (
            <VideoTile
              class="screen"
              stream={screenOf(member())}
              label={t.screenOf(member().name)}
              name={t.screenOf(member().name)}
              cameraOn
              micOn
              mutedLabel=""
            />
          )}
        </Show>
        <For each={store.members()}>
          {(member) => (
            <VideoTile
              class="remote"
              stream={cameraOf(member)}
              label={t.videoOf(member.name)}
              name={member.name}
              cameraOn={member.media.cam && cameraOf(member) !== null}
              micOn={member.media.mic}
              mutedLabel={t.isMuted(member.name)}
              quality={qualityOf(store.stats().get(member.id) ?? null)}
              sinkId={store.local.speakerId()}
            />
          )}
        </For>
        <VideoTile
          class="self"
          stream={store.local.stream()}
          label={t.you}
          name={props.name || t.you}
          muted
          mirrored
          cameraOn={store.local.camOn()}
          micOn={store.local.micOn()}
          mutedLabel={t.isMuted(t.you)}
        />
        <ConnectionInfo stats={onlyStats()} />
        <Show when={store.members().some((m) => m.status === 'interrupted')}>
          <p class="banner" role="status">
            {t.interrupted}
          </p>
        </Show>
        <Show when={store.local.screen()}>
          <p class="banner" role="status">
            {t.youArePresenting}
          </p>
        </Show>
        <Show when={store.conversation()}>
          {(conversation) => <Transfers conversation={conversation()} />}
        </Show>
        <Show when={dropping()}>
          <p class="drop-hint">{t.dropFiles}</p>
        </Show>
      </div>
      <Show when={devicesOpen()}>
        <DeviceSettings store={store} onClose={() => setDevicesOpen(false)} />
      </Show>
      <Show when={chatOpen() && store.conversation()}>
        {(conversation) => <ChatPanel conversation={conversation()} onClose={() => toggleChat()} />}
      </Show>
      <div class="controls" role="toolbar" aria-label={t.callControls}>
        <ControlButton
          label={store.local.micOn() ? t.muteMic : t.unmuteMic}
          icon={store.local.micOn() ? 'mic' : 'micOff'}
          off={!store.local.micOn()}
          disabled={!store.local.hasMic()}
          onClick={() => store.local.toggleMic()}
        />
        <ControlButton
          label={store.local.camOn() ? t.cameraOff : t.cameraOn}
          icon={store.local.camOn() ? 'cam' : 'camOff'}
          off={!store.local.camOn()}
          onClick={() => void store.local.toggleCam()}
        />
        <Show when={store.local.cameraCount() > 1}>
          <ControlButton
            label={t.switchCamera}
            icon="flip"
            disabled={!store.local.camOn()}
            onClick={() => void store.local.switchCamera()}
          />
        </Show>
        <Show when={store.local.canShareScreen()}>
          <ControlButton
            label={store.local.screen() ? t.stopSharing : t.shareScreen}
            icon="screen"
            off={store.local.screen() !== null}
            onClick={() => void store.local.toggleScreenShare()}
          />
        </Show>
        <ControlButton
          label={t.chat}
          icon="chat"
          pressed={chatOpen()}
          badge={store.conversation()?.unread() ?? 0}
          onClick={toggleChat}
        />
        <ControlButton label={t.sendFile} icon="file" onClick={() => filePicker.click()} />
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
        <ControlButton
          label={t.settings}
          icon="settings"
          pressed={devicesOpen()}
          onClick={() => {
            setDevicesOpen(!devicesOpen())
            if (chatOpen()) toggleChat()
          }}
        />
        <ControlButton label={t.leaveCall} icon="hangup" danger onClick={() => store.leave()} />
      </div>
    </section>
  )
}

function ControlButton(props: {
  label: string
  icon: IconName
  onClick: () => void
  off?: boolean
  danger?: boolean
  disabled?: boolean
  pressed?: boolean
  badge?: number
}) {
  return (
    <button
      type="button"
      class="control"
      classList={{ off: props.off ?? false, danger: props.danger ?? false }}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled ?? false}
      aria-pressed={props.pressed}
      onClick={() => props.onClick()}
    >
      <Icon name={props.icon} />
      <Show when={(props.badge ?? 0) > 0}>
        <span class="badge" aria-hidden="true">
          {props.badge}
        </span>
      </Show>
    </button>
  )
}
