import type { MediaProblem } from '../media/local-media'
import { hidesHostAddresses } from '../rtc/gather'
import type { Hello } from '../rtc/messages'
import type { PeerSession } from '../rtc/session'
import type { CallStats } from '../rtc/stats'
import { OwnedEmitter } from '../shared/emitter'
import type { Conversation, ConversationTransfer, CreateSink } from '../transfer'
import { Call, type CallEnd, endReads } from './call'
import { type InviteInput, readInvite } from './codes'
import type { Gestures } from './gestures'
import type { Notice, Problem } from './problems'
import { isReconnectLink, makeReconnect, type ReconnectView } from './reconnect'
import type { LeaveHow, Member, PairContext } from './room'
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
  /** Something went wrong, with what to do (role=alert); the screen words it. */
  alert: Problem | null
  /** Good to know, nothing to do (role=status): someone joined or left, a code was handed on. */
  notice: Notice | null
  /** The invite this device shows: on the host screen, or the in-call "Invite someone" panel. */
  invite: { step: InviteStep; link: string } | null
  /**
   * Guest: the invite to join (as shown in its box) and, once made, the reply link; `overdue`
   * once the reply has waited REPLY_WAIT_MS with nobody taking it (an invite works once: someone
   * else may have joined with it).
   */
  guest: { invite: InviteInput; reply: string | null; connecting: boolean; overdue: boolean }
  members: readonly Member<S>[]
  conversation: Conversation | null
  /** Raised hands, reactions and who records, for the call under way (gestures.ts). */
  gestures: Gestures | null
  /** What getStats says about each member's connection, by member id. */
  stats: ReadonlyMap<string, CallStats>
  /** Files received in calls that ended, still to be saved; kept until dismissed. */
  kept: readonly ConversationTransfer[]
  /** The Reconnect panel: new codes with a member whose path failed (reconnect.ts). */
  reconnect: ReconnectView | null
}

/** This device's camera and microphone, as the flow uses them (the UI's media store). */
export interface LocalMediaPort<S extends PeerSession> {
  /** Opens camera and microphone; resolves the problem if they could not all be opened. */
  open(): Promise<MediaProblem | null>
  /** Whether the camera or the microphone is open. */
  isOpen(): boolean
  /** Starts sending our media to a member that takes it (call/media-fanout.ts). */
  attach(session: S): void
  close(): void
}

/** Hands a reply link opened in another tab to the tab whose call waits for it (reply-relay). */
export interface ReplyRelay {
  listen(take: (text: string) => Promise<boolean>): () => void
  offer(text: string): Promise<boolean>
}

export interface CallFlowDeps<S extends PeerSession> {
  /** The name this device goes by when the person typed none, in the language on screen. */
  defaultName: (role: 'host' | 'guest') => string
  /** This app's address: invite and reply links point here. */
  baseUrl: string
  newSession: (role: 'offerer' | 'answerer', self: Hello, pair: PairContext) => S
  createSink: CreateSink
  media: LocalMediaPort<S>
  relay: ReplyRelay
  /** User Timing marks for the bench (`tatap:NAME`). */
  mark?: (name: string) => void
  introductionTimeoutMs?: number
  statsIntervalMs?: number
  /** How long a reply waits to be taken before the guest is told why it may not be. */
  replyWaitMs?: number
}

/** A reply nobody took within this long most likely answers an invite someone else used. */
export const REPLY_WAIT_MS = 60_000

const EMPTY_GUEST = {
  invite: { text: '', read: null },
  reply: null,
  connecting: false,
  overdue: false,
} as const

/**
 * The app's screens over the call core (call.ts): which screen shows, the invite and reply
 * boxes, alerts and notices as typed values, local media, Reconnect and the stats. Screens render
 * `state()`; actions are the buttons. No DOM, no Solid, no words: unit-tested in Node against
 * fake peer connections.
 */
export function makeCallFlow<S extends PeerSession>(deps: CallFlowDeps<S>) {
  const emitter = new OwnedEmitter<{ change: undefined }>()
  let state: CallState<S> = {
    screen: { name: 'home' },
    alert: null,
    notice: null,
    invite: null,
    guest: EMPTY_GUEST,
    members: [],
    conversation: null,
    gestures: null,
    stats: new Map(),
    kept: [],
    reconnect: null,
  }
  let call: Call<S> | null = null
  let stats: StatsWatch | null = null
  let replyTimer: ReturnType<typeof setTimeout> | null = null
  const mark = deps.mark ?? (() => {})

  const set = (patch: Partial<CallState<S>>): void => {
    state = { ...state, ...patch }
    emitter.emit('change', undefined)
  }

  const reconnect = makeReconnect<S>({
    baseUrl: deps.baseUrl,
    member: (id) => call?.room.member(id) ?? null,
    members: () => call?.members() ?? [],
    show: (view) => set({ reconnect: view }),
    alert: (alert) => set({ alert }),
    notice: (notice) => set({ notice, alert: null }),
  })

  /** A fresh call with this device's name, its events wired to the screens. */
  function newCall(name: string, role: 'host' | 'guest'): Call<S> {
    teardown()
    const next = new Call<S>({
      surface: 'browser',
      name,
      fallbackName: deps.defaultName(role),
      baseUrl: deps.baseUrl,
      newSession: deps.newSession,
      createSink: deps.createSink,
      media: deps.media,
      ...(deps.introductionTimeoutMs ? { introductionTimeoutMs: deps.introductionTimeoutMs } : {}),
    })
    const current = () => call === next
    stats = makeStatsWatch(deps.statsIntervalMs ?? 2000, () =>
      set({ stats: stats?.stats() ?? new Map() }),
    )
    next.on('change', () => {
      if (!current()) return
      set({ members: next.members() })
      reconnect.refresh()
    })
    next.on('joined', ({ member, through }) => current() && onJoined(member, through))
    next.on('left', ({ member, how }) => current() && onLeft(member, how))
    next.on('connecting', (via) => current() && onConnecting(via))
    next.on('problem', (problem) => current() && set({ invite: null, alert: problem }))
    next.on('ended', (end) => current() && onEnded(end))
    call = next
    set({
      conversation: next.conversation,
      gestures: next.gestures,
      members: [],
      alert: null,
      notice: null,
    })
    return next
  }

  function onJoined(member: Member<S>, through: 'invite' | 'join' | 'introduction'): void {
    if (through === 'invite') {
      if (state.screen.name === 'call') set({ notice: { kind: 'joined', name: member.name } })
      set({ invite: null })
    }
    if (member.session) stats?.watch(member.id, member.session)
    if (state.screen.name !== 'call') {
      mark('channel-open')
      set({ screen: { name: 'call' }, alert: null, guest: EMPTY_GUEST })
    }
  }

  function onLeft(member: Member<S>, how: LeaveHow): void {
    stats?.unwatch(member.id)
    set({ notice: { kind: how, name: member.name } })
  }

  function onConnecting(via: 'invite' | 'join'): void {
    if (via === 'join') {
      set({ guest: { ...state.guest, connecting: true } })
      return
    }
    set({ invite: { step: 'connecting', link: state.invite?.link ?? '' } })
    if (state.screen.name === 'host') set({ screen: { name: 'host', step: 'connecting' } })
  }

  /** Over by itself: back to the start, saying why (leaving is news, anything else an alert). */
  function onEnded(end: CallEnd<S>): void {
    finish()
    const reads = endReads(end)
    set('notice' in reads ? { notice: reads.notice } : { alert: reads.problem })
  }

  /** Makes an invite and shows it (host screen, or the in-call panel). */
  async function makeInvite(current: Call<S>): Promise<void> {
    set({ invite: { step: 'preparing', link: '' } })
    const made = await current.invite()
    if (call !== current) return
    if (!made.ok) set({ invite: null, alert: made.problem })
    else set({ invite: { step: 'invite', link: made.value.link } })
  }

  async function submitReply(text: string): Promise<boolean> {
    if (!call?.pendingInvite) return false
    const problem = await call.takeReply(text, () => {
      set({ alert: null })
      mark('reply-accepted')
    })
    if (problem) set({ alert: problem })
    return problem === null
  }

  const stopRelay = deps.relay.listen(async (text) => {
    if (isReconnectLink(text)) return reconnect.takeRelayed(text)
    return call?.isReplyToInvite(text) === true && submitReply(text)
  })

  /** Ends the call locally: devices off, connections closed, back to the start screen. */
  function finish(options: { now?: boolean } = {}): void {
    teardown(options)
    set({ screen: { name: 'home' } })
  }

  function teardown(options: { now?: boolean } = {}): void {
    const old = call
    call = null
    if (replyTimer !== null) clearTimeout(replyTimer)
    replyTimer = null
    reconnect.close()
    const kept = old?.leave(options).kept ?? []
    deps.media.close()
    stats?.dispose()
    stats = null
    set({
      conversation: null,
      gestures: null,
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
    setAlert: (alert: Problem | null) => set({ alert }),

    /**
     * Host: the camera and the invite at once, both asked for before the next screen is drawn
     * so that drawing overlaps their start; the invite is gathered while the camera opens.
     * Chromium shows a page's real LAN addresses only once it may use the camera or microphone
     * (before, mDNS names that some networks cannot resolve): an invite gathered while the
     * browser still hid them is gathered again once the camera is open.
     */
    async startHosting(name: string): Promise<void> {
      mark('start-call')
      const current = newCall(name, 'host')
      const opening = deps.media.open()
      const inviting = makeInvite(current)
      set({ screen: { name: 'host', step: 'preparing' } })
      const [problem] = await Promise.all([opening, inviting])
      if (call !== current) return
      if (problem && state.invite) set({ alert: { kind: 'media', problem } })
      const early = current.pendingInvite
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
      if (call && state.screen.name === 'call') await makeInvite(call)
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
      call?.cancelInvite()
      set({ invite: null })
    },

    /**
     * A link opened the app: an invite goes to Join; a reply, or a reconnect code, goes to the
     * tab that waits for it.
     */
    async openLink(href: string): Promise<void> {
      if (isReconnectLink(href)) {
        if (state.screen.name === 'call' && (await reconnect.takeRelayed(href))) return
        if (await deps.relay.offer(href)) {
          set({ notice: { kind: 'reconnect-delivered' }, alert: null })
        } else set({ alert: { kind: 'reconnect-without-call' } })
        return
      }
      const read = readInvite(href)
      if (state.screen.name === 'call' && read.ok) {
        set({ alert: { kind: 'invite-during-call' } })
        return
      }
      if (!read.ok && read.problem.kind === 'reply-not-invite') {
        if (await deps.relay.offer(href)) set({ notice: { kind: 'reply-delivered' } })
        else set({ alert: { kind: 'reply-without-call' } })
        return
      }
      this.openJoin(href)
    },

    /** Guest: the Join step, with an invite filled in (from a link or a scan), read at once. */
    openJoin(text = ''): void {
      const read = text ? readInvite(text) : null
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
      const read = input.read ?? readInvite(input.text)
      if (!read.ok) {
        set({ alert: read.problem, guest: { ...state.guest, invite: { ...input, read } } })
        return
      }
      mark('join')
      const current = newCall(name, 'guest')
      const opening = deps.media.open()
      set({
        screen: { name: 'guest', step: 'preparing' },
        guest: { ...EMPTY_GUEST, invite: { ...input, read } },
      })
      const problem = await opening
      if (call !== current) return
      if (problem) set({ alert: { kind: 'media', problem } })
      const joined = await current.join(read.signal)
      if (call !== current) return
      if (!joined.ok) {
        teardown()
        set({
          alert: joined.problem,
          screen: { name: 'guest', step: 'invite' },
          guest: { ...EMPTY_GUEST, invite: input },
        })
        return
      }
      set({
        screen: { name: 'guest', step: 'reply' },
        guest: { ...state.guest, reply: joined.value.reply },
      })
      mark('reply-shown')
      replyTimer = setTimeout(() => {
        const waiting = call === current && state.screen.name === 'guest'
        if (waiting && !state.guest.connecting) set({ guest: { ...state.guest, overdue: true } })
      }, deps.replyWaitMs ?? REPLY_WAIT_MS)
    },

    /**
     * Leaves the call for good: goodbye to everyone. `now`: the page is going away — every
     * connection closes in this task, right after its goodbye (no waiting for introductions).
     */
    leave(options: { now?: boolean } = {}): void {
      finish(options)
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
