import { describe, expect, it } from 'vitest'
import {
  ALERT_AGAIN_AFTER_MS,
  CHAT_TAG,
  FILE_TAG,
  makeCallNotifier,
  makeNewsTracker,
  type NotificationContent,
} from './call-notifier'

const words = {
  newMessages: (n: number) => `${n} new messages`,
  fileOffer: (name: string) => `${name} wants to send you a file`,
  fileOffers: (n: number) => `${n} files offered to you`,
}

/**
 * The notification tray of one page, as the browser keeps it: showing a tag that is already
 * there replaces it.
 */
class FakeTray {
  hidden = false
  enabled = true
  clock = 0
  readonly shown: NotificationContent[] = []
  private readonly listeners = new Set<() => void>()

  notifier() {
    return makeCallNotifier(
      {
        enabled: () => this.enabled,
        isHidden: () => this.hidden,
        onVisibilityChange: (listener) => {
          this.listeners.add(listener)
          return () => this.listeners.delete(listener)
        },
        show: async (content) => {
          const at = this.shown.findIndex((n) => n.tag === content.tag)
          if (at >= 0) this.shown.splice(at, 1)
          this.shown.push(content)
        },
        close: async (tag) => {
          this.shown.splice(0, this.shown.length, ...this.shown.filter((n) => n.tag !== tag))
        },
        now: () => this.clock,
      },
      words,
    )
  }

  setHidden(hidden: boolean): void {
    this.hidden = hidden
    for (const listener of this.listeners) listener()
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('call notifications while the page is hidden', () => {
  it('shows nothing while the page is visible', async () => {
    const tray = new FakeTray()
    tray.notifier().message({ author: 'Hana', text: 'Halo' })
    await settle()
    expect(tray.shown).toEqual([])
  })

  it('shows nothing unless the person turned notifications on', async () => {
    const tray = new FakeTray()
    tray.enabled = false
    tray.setHidden(true)
    tray.notifier().message({ author: 'Hana', text: 'Halo' })
    await settle()
    expect(tray.shown).toEqual([])
  })

  it('a burst of messages is one notification that counts them, alerting once', async () => {
    const tray = new FakeTray()
    const notifier = tray.notifier()
    tray.setHidden(true)
    notifier.message({ author: 'Hana', text: 'Halo' })
    await settle()
    expect(tray.shown).toEqual([{ title: 'Hana', body: 'Halo', tag: CHAT_TAG, alert: true }])
    tray.clock += 500
    notifier.message({ author: 'Gita', text: 'Hai' })
    tray.clock += 500
    notifier.message({ author: 'Hana', text: 'Sudah siap?' })
    await settle()
    expect(tray.shown).toEqual([
      { title: '3 new messages', body: 'Hana: Sudah siap?', tag: CHAT_TAG, alert: false },
    ])
    tray.clock += ALERT_AGAIN_AFTER_MS
    notifier.message({ author: 'Hana', text: 'Halo?' })
    await settle()
    expect(tray.shown[0]?.alert).toBe(true)
  })

  it('file offers have their own notification beside the chat one', async () => {
    const tray = new FakeTray()
    const notifier = tray.notifier()
    tray.setHidden(true)
    notifier.message({ author: 'Hana', text: 'Ini fotonya' })
    notifier.fileOffer({ from: 'Hana', name: 'foto.jpg' })
    await settle()
    expect(tray.shown.map((n) => [n.tag, n.title, n.body])).toEqual([
      [CHAT_TAG, 'Hana', 'Ini fotonya'],
      [FILE_TAG, 'Hana wants to send you a file', 'foto.jpg'],
    ])
    notifier.fileOffer({ from: 'Hana', name: 'video.mp4' })
    await settle()
    expect(tray.shown.at(-1)).toMatchObject({ title: '2 files offered to you', body: 'video.mp4' })
  })

  it('showing the page closes them and starts counting over', async () => {
    const tray = new FakeTray()
    const notifier = tray.notifier()
    tray.setHidden(true)
    notifier.message({ author: 'Hana', text: 'satu' })
    notifier.fileOffer({ from: 'Hana', name: 'a.txt' })
    notifier.message({ author: 'Hana', text: 'dua' })
    await settle()
    tray.setHidden(false)
    await settle()
    expect(tray.shown).toEqual([])
    tray.setHidden(true)
    notifier.message({ author: 'Hana', text: 'tiga' })
    await settle()
    expect(tray.shown).toEqual([{ title: 'Hana', body: 'tiga', tag: CHAT_TAG, alert: true }])
  })
})

describe('news from conversation snapshots', () => {
  const msg = (id: string, from: string, text = id) => ({ id, from, author: from, text })
  const offer = (id: string, status = 'offered', direction: 'send' | 'receive' = 'receive') => ({
    id,
    direction,
    name: `${id}.bin`,
    peerName: 'Hana',
    state: { status },
  })

  it('the first snapshot is the baseline; later ones yield only what is new from others', () => {
    const take = makeNewsTracker()
    expect(take([msg('1', 'h')], [offer('a')])).toEqual({ messages: [], offers: [] })
    expect(take([msg('1', 'h'), msg('2', 'me'), msg('3', 'h')], [offer('a'), offer('b')])).toEqual({
      messages: [{ author: 'h', text: '3' }],
      offers: [{ from: 'Hana', name: 'b.bin' }],
    })
    // Nothing new: nothing again. An accepted offer or an own offer is no news.
    expect(
      take(
        [msg('1', 'h'), msg('2', 'me'), msg('3', 'h')],
        [offer('a', 'transferring'), offer('b'), offer('c', 'waiting-for-accept', 'send')],
      ),
    ).toEqual({ messages: [], offers: [] })
  })

  it('an empty baseline makes every later message new; a log that dropped the last seen too', () => {
    const take = makeNewsTracker()
    take([], [])
    expect(take([msg('1', 'h')], []).messages).toHaveLength(1)
    // The log kept only its latest: '1' is gone, both of these are new.
    expect(take([msg('2', 'h'), msg('3', 'h')], []).messages).toHaveLength(2)
  })
})
