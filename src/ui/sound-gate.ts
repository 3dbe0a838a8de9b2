/**
 * Remote sound the browser will not play until a tap (Safari on iPhone without a gesture, any
 * browser's autoplay policy): such a video plays muted meanwhile — the picture moves, it is not
 * frozen — and one "Tap to turn on sound" un-mutes and plays every one of them. Pure: players
 * are anything with `muted` and `play()` (an HTMLVideoElement fits).
 *
 * Contracts:
 * - `start(player)` plays it with sound. A refusal (`NotAllowedError`) makes it play muted and
 *   holds it; any other failure (an `AbortError` because a newer stream replaced this one) holds
 *   nothing. A held player started again (a new stream) plays muted and stays held.
 * - `unlock()`, called inside the tap, un-mutes every held player and calls its `play()` at once,
 *   synchronously (iOS pauses a video un-muted outside a tap, and counts only a play() made
 *   inside one); a player refused again is muted and stays held.
 * - `forget(player)`: its tile is gone, it is held no longer.
 * - `onChange(count)` after every change of how many are held.
 */
export interface Player {
  muted: boolean
  play(): Promise<void>
}

export interface SoundGate {
  start(player: Player): Promise<void>
  unlock(): Promise<void>
  forget(player: Player): void
}

const refused = (error: unknown) => (error as { name?: unknown } | null)?.name === 'NotAllowedError'
const ignore = () => undefined

export function makeSoundGate(onChange: (held: number) => void): SoundGate {
  const held = new Set<Player>()
  const changed = (before: number) => {
    if (held.size !== before) onChange(held.size)
  }
  const playMuted = (player: Player) => {
    const before = held.size
    held.add(player)
    player.muted = true
    changed(before)
    return player.play().catch(ignore)
  }
  return {
    async start(player) {
      if (held.has(player)) return playMuted(player)
      try {
        await player.play()
      } catch (error) {
        if (refused(error)) await playMuted(player)
      }
    },
    async unlock() {
      const before = held.size
      const tries = [...held].map((player) => {
        player.muted = false
        return player.play().then(
          () => void held.delete(player),
          () => void playMuted(player),
        )
      })
      await Promise.all(tries)
      changed(before)
    },
    forget(player) {
      const before = held.size
      held.delete(player)
      changed(before)
    },
  }
}
