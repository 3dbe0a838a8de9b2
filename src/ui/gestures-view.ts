import { createSignal } from 'solid-js'
import type { Gestures } from '../call/gestures'
import type { Reaction } from '../rtc/messages'

/** How long a reaction rises over its sender's tile (ms); the CSS animation lasts as long. */
export const REACTION_SHOWN_MS = 3000
/** Reactions shown over one tile at once at most; a newer one takes the oldest one's place. */
export const REACTIONS_PER_TILE = 6

export interface ShownReaction {
  key: number
  id: string
  emoji: Reaction
}

/**
 * A call's gestures (call/gestures.ts) as Solid signals: raised hands in their order, who
 * records, and the reactions rising right now (each for REACTION_SHOWN_MS, at most
 * REACTIONS_PER_TILE per tile, so a member's burst never piles up on the page).
 */
export function createGesturesView(gestures: Gestures) {
  const [hands, setHands] = createSignal<readonly string[]>(gestures.raisedHands())
  const [recorders, setRecorders] = createSignal<readonly string[]>(gestures.recordingIds())
  const [reactions, setReactions] = createSignal<readonly ShownReaction[]>([])
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let next = 0
  const offChange = gestures.on('change', () => {
    setHands(gestures.raisedHands())
    setRecorders(gestures.recordingIds())
  })
  const offReaction = gestures.on('reaction', ({ id, emoji }) => {
    const key = next++
    setReactions((list) => {
      const mine = list.filter((r) => r.id === id)
      const drop = mine.length >= REACTIONS_PER_TILE ? mine[0] : undefined
      return [...list.filter((r) => r !== drop), { key, id, emoji }]
    })
    const timer = setTimeout(() => {
      timers.delete(timer)
      setReactions((list) => list.filter((r) => r.key !== key))
    }, REACTION_SHOWN_MS)
    timers.add(timer)
  })
  return {
    selfId: gestures.selfId,
    hands,
    recorders,
    reactions,
    handUp: (id: string) => hands().includes(id),
    reactionsOf: (id: string) => reactions().filter((r) => r.id === id),
    setHand: (up: boolean) => gestures.setHand(up),
    react: (emoji: Reaction) => gestures.react(emoji),
    setRecording: (on: boolean) => gestures.setRecording(on),
    ownSpeech: (speaking: boolean) => gestures.ownSpeech(speaking),
    close(): void {
      offChange()
      offReaction()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}

export type GesturesView = ReturnType<typeof createGesturesView>
