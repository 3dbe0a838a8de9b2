import { createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../i18n'
import type { CallStore } from './call-store'
import { Icon, type IconName } from './icons'
import {
  ariaShortcut,
  browserPlatform,
  isMacLike,
  type ShortcutAction,
  shortcutText,
} from './shortcuts'

export type Panel = 'chat' | 'people' | 'devices' | 'invite' | 'reconnect' | null

interface Action {
  label: string
  icon: IconName
  onClick: () => void
  off?: boolean
  pressed?: boolean
  disabled?: boolean
  /** Its keyboard shortcut, shown in the tooltip and told to assistive technology. */
  shortcut?: ShortcutAction
}

/** Ctrl or ⌘, as this computer's keyboard has it. */
const MAC = isMacLike(browserPlatform())

/**
 * The call bar: one row that never wraps. Microphone, camera, chat, people and Leave call are
 * always on it; the less used actions (invite, screen share, send file, switch camera, devices)
 * sit on it on a wide screen and behind More options on a narrow one (CSS decides; the menu
 * only opens where its button shows).
 */
export function CallControls(props: {
  store: CallStore
  panel: Panel
  togglePanel: (panel: Exclude<Panel, null>) => void
  chooseFiles: () => void
  /** Whether the row of reactions shows over the stage. */
  reacting: boolean
  toggleReactions: () => void
  /** Recording the call to a file here: 'unsupported' where the browser cannot. */
  recording: 'off' | 'on' | 'unsupported'
  toggleRecording: () => void
}) {
  const { store } = props
  const [menuOpen, setMenuOpen] = createSignal(false)
  let menu: HTMLDivElement | undefined

  const extras = (): Action[] => {
    const gestures = store.gestures()
    const handUp = gestures?.handUp(gestures.selfId) ?? false
    const list: Action[] = [
      {
        label: handUp ? t.lowerHand : t.raiseHand,
        icon: 'hand',
        pressed: handUp,
        disabled: !gestures,
        onClick: () => gestures?.setHand(!handUp),
      },
      {
        label: t.reactions,
        icon: 'react',
        pressed: props.reacting,
        disabled: !gestures,
        onClick: () => props.toggleReactions(),
      },
      {
        label: t.inviteSomeone,
        icon: 'invite',
        pressed: props.panel === 'invite',
        onClick: () => props.togglePanel('invite'),
      },
    ]
    if (store.local.canShareScreen()) {
      list.push({
        label: store.local.screen() ? t.stopSharing : t.shareScreen,
        icon: 'screen',
        off: store.local.screen() !== null,
        onClick: () => void store.local.toggleScreenShare(),
      })
    }
    list.push({ label: t.sendFile, icon: 'file', onClick: props.chooseFiles })
    if (props.recording !== 'unsupported') {
      list.push({
        label: props.recording === 'on' ? t.stopRecording : t.recordCall,
        icon: 'record',
        off: props.recording === 'on',
        onClick: props.toggleRecording,
      })
    }
    if (store.local.cameraCount() > 1) {
      list.push({
        label: t.switchCamera,
        icon: 'flip',
        disabled: !store.local.camOn(),
        onClick: () => void store.local.switchCamera(),
      })
    }
    list.push({
      label: t.settings,
      icon: 'settings',
      pressed: props.panel === 'devices',
      onClick: () => props.togglePanel('devices'),
    })
    return list
  }

  onMount(() => {
    const close = (event: Event) => {
      if (menuOpen() && menu && !menu.contains(event.target as Node)) setMenuOpen(false)
    }
    document.addEventListener('pointerdown', close)
    onCleanup(() => document.removeEventListener('pointerdown', close))
  })

  return (
    <div class="controls" role="toolbar" aria-label={t.callControls}>
      <ControlButton
        label={store.local.micOn() ? t.muteMic : t.unmuteMic}
        icon={store.local.micOn() ? 'mic' : 'micOff'}
        off={!store.local.micOn()}
        disabled={!store.local.hasMic()}
        shortcut="toggleMic"
        onClick={() => store.local.toggleMic()}
      />
      <ControlButton
        label={store.local.camOn() ? t.cameraOff : t.cameraOn}
        icon={store.local.camOn() ? 'cam' : 'camOff'}
        off={!store.local.camOn()}
        shortcut="toggleCam"
        onClick={() => void store.local.toggleCam()}
      />
      <For each={extras()}>{(action) => <ControlButton {...action} class="extra" />}</For>
      <ControlButton
        label={t.chat}
        icon="chat"
        pressed={props.panel === 'chat'}
        badge={(store.conversation()?.unread() ?? 0) + pendingOffers(store)}
        onClick={() => props.togglePanel('chat')}
      />
      <ControlButton
        label={t.people}
        icon="people"
        pressed={props.panel === 'people'}
        badge={store.members().length + 1}
        quietBadge
        onClick={() => props.togglePanel('people')}
      />
      <div class="more" ref={menu}>
        <ControlButton
          label={t.moreOptions}
          icon="more"
          pressed={menuOpen()}
          expanded={menuOpen()}
          onClick={() => setMenuOpen(!menuOpen())}
        />
        <Show when={menuOpen()}>
          <div class="menu">
            <For each={extras()}>
              {(action) => (
                <button
                  type="button"
                  class="menu-item"
                  classList={{ off: action.off ?? false }}
                  aria-pressed={action.pressed}
                  disabled={action.disabled ?? false}
                  onClick={() => {
                    setMenuOpen(false)
                    action.onClick()
                  }}
                >
                  <Icon name={action.icon} />
                  {action.label}
                </button>
              )}
            </For>
          </div>
        </Show>
      </div>
      <ControlButton label={t.leaveCall} icon="hangup" danger onClick={() => store.leave()} />
    </div>
  )
}

/** Offers waiting for an answer: the chat panel shows them, so its button counts them. */
function pendingOffers(store: CallStore): number {
  return (
    store
      .conversation()
      ?.transfers()
      .filter((tr) => tr.state.status === 'offered').length ?? 0
  )
}

function ControlButton(
  props: Action & {
    danger?: boolean
    badge?: number
    quietBadge?: boolean
    expanded?: boolean
    class?: string
  },
) {
  return (
    <button
      type="button"
      class={`control ${props.class ?? ''}`}
      classList={{ off: props.off ?? false, danger: props.danger ?? false }}
      aria-label={props.label}
      title={
        props.shortcut
          ? t.withShortcut(props.label, shortcutText(props.shortcut, MAC))
          : props.label
      }
      aria-keyshortcuts={props.shortcut ? ariaShortcut(props.shortcut, MAC) : undefined}
      disabled={props.disabled ?? false}
      aria-pressed={props.pressed}
      aria-expanded={props.expanded}
      // The count is drawn by CSS (::after), not written into the button: the accessible name
      // must hold the visible text (WCAG 2.5.3), and "People" must not read "People 2".
      data-badge={(props.badge ?? 0) > 0 ? String(props.badge) : undefined}
      data-badge-quiet={props.quietBadge ? '' : undefined}
      onClick={() => props.onClick()}
    >
      <Icon name={props.icon} />
    </button>
  )
}
