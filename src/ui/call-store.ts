import { createSignal } from 'solid-js'
import { CodecError, decodeSignal, encodeSignal, inviteLink, type Signal } from '../codec'
import type { Strings } from '../i18n'
import type { CallMediaDeps } from '../media/call-media'
import { type MediaState, PeerSession } from '../rtc/peer'
import type { PeerPhase } from '../rtc/phase'
import { type CallStats, makeStatsSampler, type StatsEntry } from '../rtc/stats'
import type { CreateSink } from '../transfer'
import {
  type Conversation,
  createConversation,
  type ReceivedFile,
  releaseReceivedFile,
} from './conversation'
import { createLocalMedia } from './local-media-store'
import { codecErrorText, peerFailureText } from './messages'
import { listenForReplies, offerReply } from './reply-relay'

/** Which screen shows; each carries only what that screen needs. */
export type Screen =
  | { name: 'home' }
  | { name: 'host'; step: 'preparing' | 'invite' | 'connecting' }
  | { name: 'guest'; step: 'invite' | 'preparing' | 'reply' }
  | { name: 'call' }

export interface CallDeps {
  createPeerConnection: (config: RTCConfiguration) => RTCPeerConnection
  mediaDevices: CallMediaDeps['devices'] | undefined
  iceServers: () => RTCIceServer[]
  /** Where invite and reply links point: this app's own address. */
  baseUrl: string
  /** Where received files are written (OPFS in the browser, so large files stay off the heap). */
  createSink: CreateSink
  /** After Connect, how long before we say the devices could not reach each other. */
  connectTimeoutMs?: number
  t: Strings
}

/**
 * The app's state for one call and the actions the screens trigger. Thin glue: the codec turns
 * codes into descriptions, PeerSession connects, the local media store opens devices; this store only
 * sequences them and turns every failure into an alert sentence.
 */
export function createCallStore(deps: CallDeps) {
  const { t } = deps
  const [screen, setScreen] = createSignal<Screen>({ name: 'home' })
  const [alert, setAlert] = createSignal<string | null>(null)
  /** Good news that needs no action (role=status), e.g. a reply handed to another tab. */
  const [notice, setNotice] = createSignal<string | null>(null)
  const [phase, setPhase] = createSignal<PeerPhase>({ status: 'new' })
  const [inviteText, setInviteText] = createSignal('')
  const [replyText, setReplyText] = createSignal('')
  const [remoteStreams, setRemoteStreams] = createSignal<readonly MediaStream[]>([])
  const [remoteName, setRemoteName] = createSignal<string | null>(null)
  const [remoteMedia, setRemoteMedia] = createSignal<MediaState>({
    mic: true,
    cam: true,
    screenStreamId: null,
  })

  const [conversation, setConversation] = createSignal<Conversation | null>(null)
  /** Files received in calls that ended, still to be saved; kept until dismissed. */
  const [receivedFiles, setReceivedFiles] = createSignal<readonly ReceivedFile[]>([])
  const [stats, setStats] = createSignal<CallStats | null>(null)
  let statsTimer: ReturnType<typeof setInterval> | null = null
  let session: PeerSession | null = null
  const local = createLocalMedia({
    devices: deps.mediaDevices,
    peer: () => session,
    alert: setAlert,
    t,
  })
  let localOffer: Signal | null = null
  let selfName = ''

  const link = (code: string) => inviteLink(deps.baseUrl, code)

  function newSession(role: 'host' | 'guest', name: string): PeerSession {
    selfName = name.trim() || (role === 'host' ? t.hostName : t.guestName)
    const peer = new PeerSession(role, {
      createPeerConnection: deps.createPeerConnection,
      iceServers: deps.iceServers(),
      ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
    })
    peer.on('phase', (next) => onPhase(peer, next))
    peer.on('hello', ({ name: theirName }) => setRemoteName(theirName))
    peer.on('stream', (stream) => {
      if (remoteStreams().includes(stream)) return setRemoteStreams((list) => [...list])
      // A stream whose last track is removed (screen share stopped) leaves the stage.
      stream.addEventListener('removetrack', () => {
        if (stream.getTracks().length === 0) {
          setRemoteStreams((list) => list.filter((s) => s !== stream))
        }
      })
      setRemoteStreams((list) => [...list, stream])
    })
    peer.on('media', (state) => setRemoteMedia(state))
    peer.on('error', (error) => console.warn('[tatap]', error.message))
    session = peer
    return peer
  }

  function onPhase(peer: PeerSession, next: PeerPhase): void {
    if (peer !== session) return
    setPhase(next)
    switch (next.status) {
      case 'connecting':
        if (screen().name === 'host') setScreen({ name: 'host', step: 'connecting' })
        break
      case 'connected':
        if (screen().name !== 'call') {
          mark('channel-open')
          setAlert(null)
          peer.sayHello(selfName)
          setConversation(
            createConversation({ peer, selfName: () => selfName, createSink: deps.createSink }),
          )
          watchStats(peer)
          local.attach(peer)
          setScreen({ name: 'call' })
        }
        break
      case 'failed':
        setAlert(peerFailureText(t, next.reason))
        finish()
        break
      case 'ended':
        if (next.by === 'peer') setAlert(t.leftTheCall(remoteName() ?? t.guestName))
        finish()
        break
    }
  }

  /** Host: camera first (it also reveals real LAN addresses in Chromium), then the invite. */
  async function startHosting(name: string): Promise<void> {
    mark('start-call')
    teardown()
    setAlert(null)
    setScreen({ name: 'host', step: 'preparing' })
    // Camera and microphone first: Chromium reveals real LAN addresses only after this.
    await local.open()
    const peer = newSession('host', name)
    try {
      const offer = await peer.createInvite()
      if (peer !== session) return
      localOffer = offer
      setInviteText(link(encodeSignal(offer)))
      setScreen({ name: 'host', step: 'invite' })
      mark('invite-shown')
    } catch (err) {
      reportUnexpected(err)
    }
  }

  /** Host: takes the pasted or scanned reply. Returns false (with an alert) if it is unusable. */
  async function submitReply(text: string): Promise<boolean> {
    const peer = session
    if (!peer || !localOffer) return false
    let answer: Signal
    try {
      answer = decodeSignal(text, { replyTo: localOffer })
    } catch (err) {
      return rejectCode(err)
    }
    if (answer.type !== 'answer') {
      setAlert(t.errInviteNotReply)
      return false
    }
    setAlert(null)
    mark('reply-accepted')
    try {
      await peer.acceptReply(answer)
      return true
    } catch {
      setAlert(t.errRejected)
      return false
    }
  }

  // A reply link opened in another tab of this app (the phone's camera app opens a new tab).
  listenForReplies(async (text) => {
    if (!localOffer || screen().name !== 'host' || phase().status !== 'waiting') return false
    try {
      if (decodeSignal(text, { replyTo: localOffer }).type !== 'answer') return false
    } catch {
      return false
    }
    return submitReply(text)
  })

  /**
   * A link opened the app: an invite goes to the Join step; a reply is handed to the tab where
   * the call waits, or explained if there is none.
   */
  async function openLink(text: string): Promise<void> {
    let isReply = false
    try {
      isReply = decodeSignal(text).type === 'answer'
    } catch {
      // Damaged or foreign: the Join step shows the code and explains on Join.
    }
    if (!isReply) return openJoin(text)
    if (await offerReply(text)) setNotice(t.replyDelivered)
    else setAlert(t.errReplyWithoutCall)
  }

  /** Guest: shows the join step with the invite filled in (from a link or a scan). */
  function openJoin(invite = ''): void {
    setAlert(null)
    setNotice(null)
    setInviteText(invite)
    setScreen({ name: 'guest', step: 'invite' })
  }

  /** Guest: checks the invite, opens the camera, makes the reply. */
  async function join(name: string, text: string): Promise<void> {
    setInviteText(text)
    let offer: Signal
    try {
      offer = decodeSignal(text)
    } catch (err) {
      rejectCode(err)
      return
    }
    if (offer.type !== 'offer') {
      setAlert(t.errReplyNotInvite)
      return
    }
    teardown()
    setAlert(null)
    setScreen({ name: 'guest', step: 'preparing' })
    // Camera and microphone first: Chromium reveals real LAN addresses only after this.
    await local.open()
    const peer = newSession('guest', name)
    try {
      const answer = await peer.acceptInvite(offer)
      if (peer !== session) return
      setReplyText(link(encodeSignal(answer, { replyTo: offer })))
      setScreen({ name: 'guest', step: 'reply' })
    } catch {
      if (peer !== session) return
      setAlert(t.errRejected)
      teardown()
      setScreen({ name: 'guest', step: 'invite' })
    }
  }

  function leave(): void {
    session?.leave()
    finish()
  }

  function cancel(): void {
    teardown()
    setAlert(null)
    setScreen({ name: 'home' })
  }

  function rejectCode(err: unknown): false {
    if (err instanceof CodecError) setAlert(codecErrorText(t, err.reason))
    else reportUnexpected(err)
    return false
  }

  function reportUnexpected(err: unknown): void {
    console.warn('[tatap]', err)
    setAlert(t.errGeneric)
  }

  /** Samples getStats every 2 s while the call lasts (path, round trip, bitrates, video). */
  function watchStats(peer: PeerSession): void {
    const sample = makeStatsSampler()
    const read = async () => {
      if (peer !== session) return
      try {
        const report = await peer.pc.getStats()
        setStats(sample(report.values() as Iterable<StatsEntry>))
      } catch {
        // A closing connection has no stats; the next sample or teardown settles it.
      }
    }
    void read()
    statsTimer = setInterval(read, 2000)
  }

  /** Ends the call locally: devices off, connection closed, back to the start screen. */
  function finish(): void {
    teardown()
    setScreen({ name: 'home' })
  }

  function teardown(): void {
    setNotice(null)
    const old = session
    session = null
    if (old && old.phase.status !== 'ended' && old.phase.status !== 'failed') old.close()
    local.close()
    const kept = conversation()?.dispose() ?? []
    if (kept.length > 0) setReceivedFiles((files) => [...files, ...kept])
    setConversation(null)
    if (statsTimer !== null) clearInterval(statsTimer)
    statsTimer = null
    setStats(null)
    localOffer = null
    setRemoteStreams([])
    setRemoteName(null)
    setRemoteMedia({ mic: true, cam: true, screenStreamId: null })
    setPhase({ status: 'new' })
    setReplyText('')
  }

  return {
    screen,
    alert,
    setAlert,
    notice,
    openLink,
    phase,
    conversation,
    receivedFiles,
    dismissReceivedFile(id: string): void {
      const file = receivedFiles().find((f) => f.id === id)
      if (file) releaseReceivedFile(file)
      setReceivedFiles((files) => files.filter((f) => f.id !== id))
    },
    stats,
    /** This device's camera, microphone, screen share and speaker. */
    local,
    inviteText,
    replyText,
    remoteCamera: () => {
      const screenId = remoteMedia().screenStreamId
      return remoteStreams().find((s) => s.id !== screenId) ?? null
    },
    remoteScreen: () => {
      const screenId = remoteMedia().screenStreamId
      return remoteStreams().find((s) => s.id === screenId) ?? null
    },
    remoteName,
    remoteMedia,
    startHosting,
    submitReply,
    openJoin,
    join,
    leave,
    cancel,
  }
}

export type CallStore = ReturnType<typeof createCallStore>

/** User Timing marks (`tatap:*`) so benchmarks can read the app's own milestones. */
function mark(name: string): void {
  performance.mark(`tatap:${name}`)
}
