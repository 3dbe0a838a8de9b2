import { createMemo, createSignal } from 'solid-js'
import { type CallState, makeCallFlow, type ReplyRelay, type Screen } from '../call/call-flow'
import type { Member } from '../call/room'
import type { Strings } from '../i18n'
import type { CallMediaDeps } from '../media/call-media'
import { MediaSession } from '../rtc/media-session'
import type { Conversation, CreateSink } from '../transfer'
import { afterNextPaint } from './after-paint'
import { type ConversationView, createConversationView, releaseReceivedFile } from './conversation'
import { createGesturesView, type GesturesView } from './gestures-view'
import { createLocalMedia } from './local-media-store'
import { sameKeys } from './same-keys'

export type { Screen }

export interface CallDeps {
  /** A peer connection for one pair of this call (ICE servers, this device's certificate). */
  newPeerConnection: () => RTCPeerConnection
  mediaDevices: CallMediaDeps['devices'] | undefined
  /** Where invite and reply links point: this app's own address. */
  baseUrl: string
  /** Where received files are written (OPFS in the browser, so large files stay off the heap). */
  createSink: CreateSink
  relay: ReplyRelay
  /** After Connect, how long before we say the devices could not reach each other. */
  connectTimeoutMs?: number
  /** How long a guest's reply waits before the guest is told it may not be taken. */
  replyWaitMs?: number
  t: Strings
}

/** A file received in a call that ended, with the URL to save it. */
export interface ReceivedFile {
  id: string
  name: string
  size: number
  url: string
}

/**
 * The call (call/call-flow.ts) as Solid signals for the screens, with this device's media
 * (local-media-store.ts) and the conversation's view. Thin: every decision is the flow's.
 */
export function createCallStore(deps: CallDeps) {
  const local = createLocalMedia({
    devices: deps.mediaDevices,
    alert: (problem) => flow.setAlert(problem),
  })
  const flow = makeCallFlow<MediaSession>({
    defaultName: (role) => (role === 'host' ? deps.t.hostName : deps.t.guestName),
    baseUrl: deps.baseUrl,
    newSession: (role, self, pair): MediaSession =>
      new MediaSession(deps.newPeerConnection(), {
        role,
        hello: self,
        closeLater: afterNextPaint,
        localTracks: () => local.tracks(),
        roomSize: pair.roomSize,
        ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
      }),
    createSink: deps.createSink,
    media: local,
    relay: deps.relay,
    mark: (name) => performance.mark(`tatap:${name}`),
    ...(deps.replyWaitMs ? { replyWaitMs: deps.replyWaitMs } : {}),
  })
  const [state, setState] = createSignal<CallState<MediaSession>>(flow.state())
  flow.on('change', () => setState(flow.state()))
  const pick = <T>(read: (s: CallState<MediaSession>) => T) => createMemo(() => read(state()))
  const members = pick((s) => s.members)

  /** URLs of kept files, carried over from the call's view. */
  const keptUrls = new Map<string, string>()
  let current: { of: Conversation; view: ConversationView } | null = null
  const conversation = createMemo<ConversationView | null>(() => {
    const of = state().conversation
    if (current && current.of !== of) {
      for (const [id, url] of current.view.close(state().kept)) keptUrls.set(id, url)
      current = null
    }
    if (of && !current) current = { of, view: createConversationView(of) }
    return current?.view ?? null
  })

  let currentGestures: {
    of: NonNullable<CallState<MediaSession>['gestures']>
    view: GesturesView
  } | null = null
  const gestures = createMemo<GesturesView | null>(() => {
    const of = state().gestures
    if (currentGestures && currentGestures.of !== of) {
      currentGestures.view.close()
      currentGestures = null
    }
    if (of && !currentGestures) currentGestures = { of, view: createGesturesView(of) }
    return currentGestures?.view ?? null
  })

  const kept = pick((s) => s.kept)
  const receivedFiles = createMemo<readonly ReceivedFile[]>(() =>
    kept().map((file) => {
      let url = keptUrls.get(file.id)
      if (!url && file.state.status === 'done' && file.state.blob) {
        url = URL.createObjectURL(file.state.blob)
        keptUrls.set(file.id, url)
      }
      return { id: file.id, name: file.name, size: file.size, url: url ?? '' }
    }),
  )

  return {
    screen: createMemo(() => state().screen, undefined, { equals: sameScreen }),
    /** Typed: the screen words them in the language on screen (i18n/sentences.ts). */
    alert: pick((s) => s.alert),
    notice: pick((s) => s.notice),
    setAlert: flow.setAlert,
    invite: pick((s) => s.invite),
    reconnect: pick((s) => s.reconnect),
    guest: pick((s) => s.guest),
    members,
    /**
     * The members' ids, the same list while only their other fields change: lists of people
     * are rendered by these, since a member's object is new on each change (a mute, the path),
     * and a row or tile made again would flash its video, close what was open and drop focus.
     */
    memberIds: createMemo(() => members().map((m) => m.id), [], { equals: sameKeys }),
    member: (id: string) => members().find((m) => m.id === id),
    stats: pick((s) => s.stats),
    conversation,
    /** Raised hands, reactions and who records, in the call under way. */
    gestures,
    receivedFiles,
    /** This device's camera, microphone, screen share and speaker. */
    local,
    startHosting: (name: string) => flow.startHosting(name),
    submitReply: (text: string) => flow.submitReply(text),
    inviteSomeone: () => flow.inviteSomeone(),
    closeInvite: () => flow.closeInvite(),
    startReconnect: (memberId: string) => flow.startReconnect(memberId),
    submitReconnect: (text: string) => flow.submitReconnect(text),
    closeReconnect: () => flow.closeReconnect(),
    openLink: (href: string) => flow.openLink(href),
    openJoin: (text?: string) => flow.openJoin(text),
    editInvite: (text: string) => flow.editInvite(text),
    join: (name: string) => flow.join(name),
    leave: (options?: { now?: boolean }) => flow.leave(options),
    cancel: () => flow.cancel(),
    dismissReceivedFile(id: string): void {
      const file = flow.state().kept.find((f) => f.id === id)
      releaseReceivedFile(keptUrls.get(id), file?.state.status === 'done' ? file.state.blob : null)
      keptUrls.delete(id)
      flow.dismissKept(id)
    },
  }
}

export type CallStore = ReturnType<typeof createCallStore>
export type CallMember = Member<MediaSession>

function sameScreen(a: Screen, b: Screen): boolean {
  return a.name === b.name && ('step' in a ? a.step : null) === ('step' in b ? b.step : null)
}
