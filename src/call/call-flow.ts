import type { Strings } from '../i18n/en'
import { peerFailureText } from '../i18n/sentences'
import { hidesHostAddresses } from '../rtc/gather'
import { type Hello, MAX_NAME_CHARS } from '../rtc/messages'
import type { PeerPhase } from '../rtc/phase'
import type { PeerSession } from '../rtc/session'
import type { CallStats } from '../rtc/stats'
import { OwnedEmitter } from '../shared/emitter'
import { randomId } from '../shared/ids'
import { cleanLabel } from '../shared/text'
import {
  type Conversation,
  type ConversationTransfer,
  type CreateSink,
  makeConversation,
} from '../transfer'
import { type InviteInput, linkFor, readInvite, readReply } from './codes'
import { conversationPeer } from './conversation-peer'
import { isReconnectLink, makeReconnect, type ReconnectView } from './reconnect'
import { type Invitation, type LeaveHow, type Member, Room, RoomFullError } from './room'
import { makeStatsWatch, type StatsWatch } from './stats-watch'

/** Which screen shows; each carries only what that screen needs. */
export type Screen =
  | { name: 'home' }
  | { name: 'host'; step: InviteStep }
  | { name: 'guest'; step: 'invite' | 'preparing' | 'reply' }
  | { name: 'call' }

export type InviteStep = 'preparing' | 'invite' | 'connecting'

export interface CallState<S extends PeerSession> {
  screen: Screen
  /** Something went wrong: a sentence with what to do (role=alert). */
  alert: string | null
  /** Good to know, nothing to do (role=status): someone joined or left, a reply was handed on. */
  notice: string | null
  /** The invite this device shows: on the host screen, or the in-call "Invite someone" panel. */
  invite: { step: InviteStep; link: string } | null
  /** Guest: the invite to join (as shown in its box) and, once made, the reply link. */
  guest: { invite: InviteInput; reply: string | null; connecting: boolean }
  members: readonly Member<S>[]
  conversation: Conversation | null
  /** What getStats says about each member's connection, by member id. */
  stats: ReadonlyMap<string, CallStats>
  /** Files received in calls that ended, still to be saved; kept until dismissed. */
  kept: readonly ConversationTransfer[]
  /** The Reconnect panel: new codes with a member whose path failed (reconnect.ts). */
  reconnect: ReconnectView | null
}

/** This device's camera and microphone, as the flow uses them (the UI's media store). */
export interface LocalMediaPort<S extends PeerSession> {
  /** Opens camera and microphone; resolves a sentence if they could not all be opened. */
  open(): Promise<string | null>
  /** Whether the camera or the microphone is open. */
  isOpen(): boolean
  /** Starts sending our media to a member that takes it. */
  attach(session: S): void
  close(): void
}

/** Hands a reply link opened in another tab to the tab whose call waits for it (reply-relay). */
export interface ReplyRelay {
  listen(take: (text: string) => Promise<boolean>): () => void
  offer(text: string): Promise<boolean>
}

export interface CallFlowDeps<S extends PeerSession> {
  t: Strings
  /** This app's address: invite and reply links point here. */
  baseUrl: string
  newSession: (role: 'offerer' | 'answerer', self: Hello) => S
  createSink: CreateSink
  media: LocalMediaPort<S>
  relay: ReplyRelay
  /** User Timing marks for the bench (`tatap:NAME`). */
  mark?: (name: string) => void
  introductionTimeoutMs?: number
  statsIntervalMs?: number
}

const EMPTY_GUEST = { invite: { text: '', read: null }, reply: null, connecting: false } as const

/**
 * The app's call, in plain TypeScript: the codes (each read once), the room of members, local
 * media, chat and files, and every failure as a sentence. Screens render `state()`; actions are
 * the buttons. No DOM, no Solid: unit-tested in Node against fake peer connections.
 */
export function makeCallFlow<S extends PeerSession>(deps: CallFlowDeps<S>) {
  const { t } = deps
  const emitter = new OwnedEmitter<{ change: undefined }>()
  let state: CallState<S> = {
    screen: { name: 'home' },
    alert: null,
    notice: null,
    invite: null,
    guest: EMPTY_GUEST,
    members: [],
    conversation: null,
    stats: new Map(),
    kept: [],
    reconnect: null,
  }
  let room: Room<S> | null = null
  let selfName = ''
  let invitation: Invitation<S> | null = null
  let joining: { session: S } | null = null
  let stats: StatsWatch | null = null
  const mark = deps.mark ?? (() => {})

  const set = (patch: Partial<CallState<S>>): void => {
    state = { ...state, ...patch }
    emitter.emit('change', undefined)
  }

  const reconnect = makeReconnect<S>({
    t,
    baseUrl: deps.baseUrl,
    member: (id) => room?.member(id) ?? null,
    members: () => room?.members() ?? [],
    show: (view) => set({ reconnect: view }),
    alert: (alert) => set({ alert }),
    notice: (notice) => set({ notice, alert: null }),
  })

  /** A fresh room for a new call, with this device's member id and name. */
  function newRoom(name: string, fallback: string): Room<S> {
    teardown()
    selfName = cleanLabel(name, MAX_NAME_CHARS) || fallback
    const self: Hello = {
      id: randomId(),
      name: selfName,
      media: true,
      restarts: true,
      earlyMedia: true,
      trickle: true,
    }
    const next = new Room<S>({
      self,
      newSession: (role) => deps.newSession(role, self),
      ...(deps.introductionTimeoutMs ? { introductionTimeoutMs: deps.introductionTimeoutMs } : {}),
    })
    const conversation = makeConversation({ createSink: deps.createSink, selfName: () => selfName })
    stats = makeStatsWatch(deps.statsIntervalMs ?? 2000, () =>
      set({ stats: stats?.stats() ?? new Map() }),
    )
    next.on('change', () => {
      if (room !== next) return
      set({ members: next.members() })
      reconnect.refresh()
    })
    next.on('joined', (member) => {
      if (room === next) onJoined(member)
    })
    next.on('left', ({ member, how }) => {
      if (room === next) onLeft(member, how)
    })
    room = next
    set({ conversation, members: [], alert: null, notice: null })
    return next
  }

  function onJoined(member: Member<S>): void {
    const session = member.session
    if (!session) return
    if (invitation?.session === session) {
      invitation = null
      if (state.screen.name === 'call') set({ notice: t.joined(member.name) })
      set({ invite: null })
    }
    joining = null
    if (member.takesMedia) deps.media.attach(session)
    state.conversation?.addPeer(conversationPeer(member.id, member.name, session))
    stats?.watch(member.id, session)
    if (state.screen.name !== 'call') {
      mark('channel-open')
      set({ screen: { name: 'call' }, alert: null, guest: EMPTY_GUEST })
    }
  }

  function onLeft(member: Member<S>, how: LeaveHow): void {
    state.conversation?.removePeer(member.id)
    stats?.unwatch(member.id)
    const sentence =
      how === 'left'
        ? t.leftTheCall(member.name)
        : how === 'cut-off'
          ? t.cutOff(member.name)
          : t.lostConnectionTo(member.name)
    if ((room?.members().length ?? 0) > 0 || invitation) {
      set({ notice: sentence })
      return
    }
    finish()
    if (how === 'left') set({ notice: sentence })
    else set({ alert: how === 'cut-off' ? sentence : t.errLost })
  }

  /** Follows the bootstrap session of an invite or a join until its member joins. */
  function follow(session: S, onPhase: (phase: PeerPhase) => void): void {
    session.on('phase', (phase) => {
      if (session === invitation?.session || session === joining?.session) onPhase(phase)
    })
  }

  /** Makes an invite and shows it (host screen, or the in-call panel). */
  async function makeInvite(current: Room<S>): Promise<void> {
    invitation?.cancel()
    invitation = null
    set({ invite: { step: 'preparing', link: '' } })
    let next: Invitation<S>
    try {
      next = await current.invite()
    } catch (err) {
      set({ invite: null, alert: err instanceof RoomFullError ? t.errRoomFull : t.errGeneric })
      return
    }
    if (room !== current) return next.cancel()
    invitation = next
    follow(next.session, (phase) => {
      if (phase.status === 'connecting') {
        set({ invite: { step: 'connecting', link: state.invite?.link ?? '' } })
        if (state.screen.name === 'host') set({ screen: { name: 'host', step: 'connecting' } })
      }
      if (phase.status === 'failed') {
        invitation = null
        if (state.screen.name === 'host') finish()
        set({ invite: null, alert: peerFailureText(t, phase.reason) })
      }
    })
    set({ invite: { step: 'invite', link: linkFor(deps.baseUrl, next.offer) } })
  }

  async function submitReply(text: string): Promise<boolean> {
    const current = invitation
    if (!current) return false
    const read = readReply(t, text, current.offer)
    if (!read.ok) {
      set({ alert: read.problem })
      return false
    }
    set({ alert: null })
    mark('reply-accepted')
    try {
      await current.accept(read.signal)
      return true
    } catch {
      set({ alert: t.errRejected })
      return false
    }
  }

  const stopRelay = deps.relay.listen(async (text) => {
    if (isReconnectLink(text)) return reconnect.takeRelayed(text)
    if (invitation?.session.phase.status !== 'waiting') return false
    if (!readReply(t, text, invitation.offer).ok) return false
    return submitReply(text)
  })

  /** Ends the call locally: devices off, connections closed, back to the start screen. */
  function finish(): void {
    teardown()
    set({ screen: { name: 'home' } })
  }

  function teardown(): void {
    const old = room
    room = null
    invitation = null
    joining = null
    reconnect.close()
    if (old) void old.leave()
    deps.media.close()
    stats?.dispose()
    stats = null
    const kept = state.conversation?.dispose() ?? []
    set({
      conversation: null,
      members: [],
      invite: null,
      guest: EMPTY_GUEST,
      stats: new Map(),
      notice: null,
      kept: kept.length > 0 ? [...state.kept, ...kept] : state.kept,
    })
  }

  return {
    state: () => state,
    on: (event: 'change', listener: () => void) => emitter.on(event, listener),
    setAlert: (alert: string | null) => set({ alert }),

    /**
     * Host: the camera and the invite at once, both asked for before the next screen is drawn
     * so that drawing overlaps their start; the invite is gathered while the camera opens.
     * Chromium shows a page's real LAN addresses only once it may use the camera or microphone
     * (before, mDNS names that some networks cannot resolve): an invite gathered while the
     * browser still hid them is gathered again once the camera is open.
     */
    async startHosting(name: string): Promise<void> {
      mark('start-call')
      const current = newRoom(name, t.hostName)
      const opening = deps.media.open()
      const inviting = makeInvite(current)
      set({ screen: { name: 'host', step: 'preparing' } })
      const [problem] = await Promise.all([opening, inviting])
      if (room !== current) return
      if (problem && state.invite) set({ alert: problem })
      const early = invitation
      if (early && deps.media.isOpen() && hidesHostAddresses(early.offer.sdp)) {
        await makeInvite(current)
      }
      if (state.invite?.step === 'invite') {
        set({ screen: { name: 'host', step: 'invite' } })
        mark('invite-shown')
      }
    },

    submitReply,

    /** In a call: shows an invite for one more person. */
    async inviteSomeone(): Promise<void> {
      if (room && state.screen.name === 'call') await makeInvite(room)
    },

    /** Opens Reconnect with a member whose path failed (reconnect.ts). */
    startReconnect(memberId: string): void {
      if (state.screen.name === 'call') reconnect.start(memberId)
    },

    /** Reconnect: the other person's code (or reply), scanned or pasted. */
    submitReconnect: (text: string): Promise<boolean> => reconnect.submit(text),

    closeReconnect(): void {
      reconnect.close()
    },

    closeInvite(): void {
      invitation?.cancel()
      invitation = null
      set({ invite: null })
    },

    /**
     * A link opened the app: an invite goes to Join; a reply, or a reconnect code, goes to the
     * tab that waits for it.
     */
    async openLink(href: string): Promise<void> {
      if (isReconnectLink(href)) {
        if (state.screen.name === 'call' && (await reconnect.takeRelayed(href))) return
        if (await deps.relay.offer(href)) set({ notice: t.reconnectDelivered, alert: null })
        else set({ alert: t.errReconnectWithoutCall })
        return
      }
      const read = readInvite(t, href)
      if (state.screen.name === 'call' && read.ok) {
        set({ alert: t.errInviteDuringCall })
        return
      }
      if (!read.ok && read.problem === t.errReplyNotInvite) {
        if (await deps.relay.offer(href)) set({ notice: t.replyDelivered })
        else set({ alert: t.errReplyWithoutCall })
        return
      }
      this.openJoin(href)
    },

    /** Guest: the Join step, with an invite filled in (from a link or a scan), read at once. */
    openJoin(text = ''): void {
      const read = text ? readInvite(t, text) : null
      set({
        screen: { name: 'guest', step: 'invite' },
        guest: { ...EMPTY_GUEST, invite: { text, read } },
        alert: read && !read.ok ? read.problem : null,
        notice: null,
      })
    },

    /** Guest: the person typed or pasted into the invite box (read on Join). */
    editInvite(text: string): void {
      set({ guest: { ...state.guest, invite: { text, read: null } } })
    },

    /** Guest: checks the invite, opens the camera (asked for before the next screen is drawn),
     *  makes the reply. */
    async join(name: string): Promise<void> {
      const input = state.guest.invite
      const read = input.read ?? readInvite(t, input.text)
      if (!read.ok) {
        set({ alert: read.problem, guest: { ...state.guest, invite: { ...input, read } } })
        return
      }
      mark('join')
      const current = newRoom(name, t.guestName)
      const opening = deps.media.open()
      set({
        screen: { name: 'guest', step: 'preparing' },
        guest: { ...EMPTY_GUEST, invite: { ...input, read } },
      })
      const problem = await opening
      if (room !== current) return
      if (problem) set({ alert: problem })
      try {
        const { answer, session } = await current.join(read.signal)
        if (room !== current) return
        joining = { session }
        follow(session, (phase) => {
          if (phase.status === 'connecting') set({ guest: { ...state.guest, connecting: true } })
          if (phase.status === 'failed') {
            finish()
            set({ alert: peerFailureText(t, phase.reason) })
          }
        })
        const reply = linkFor(deps.baseUrl, answer, read.signal)
        set({ screen: { name: 'guest', step: 'reply' }, guest: { ...state.guest, reply } })
        mark('reply-shown')
      } catch {
        if (room !== current) return
        teardown()
        set({
          alert: t.errRejected,
          screen: { name: 'guest', step: 'invite' },
          guest: { ...EMPTY_GUEST, invite: input },
        })
      }
    },

    /** Leaves the call for good: goodbye to everyone. */
    leave(): void {
      finish()
    },

    /** Back to the start screen from an invite or join step. */
    cancel(): void {
      finish()
      set({ alert: null })
    },

    dismissKept(id: string): void {
      set({ kept: state.kept.filter((f) => f.id !== id) })
    },

    /** Stops listening for relayed replies (the page is going away). */
    dispose(): void {
      stopRelay()
      teardown()
    },
  }
}

export type CallFlow<S extends PeerSession = PeerSession> = ReturnType<typeof makeCallFlow<S>>
