import { createEffect, createSignal, onCleanup } from 'solid-js'
import type { PendingShares, SharedFile } from '../share/pending-shares'
import type { CallStore } from './call-store'

/**
 * Files shared to Tatap (share/pending-shares.ts) as a Solid signal, and the rule that moves
 * them on: whenever this device is in a call with someone to take them, they are offered to
 * everyone in it — at once if the call is running, or as soon as the next one connects.
 */
export function createSharesStore(shares: PendingShares, call: CallStore) {
  const [files, setFiles] = createSignal<readonly SharedFile[]>(shares.files())
  onCleanup(shares.on('change', () => setFiles(shares.files())))

  createEffect(() => {
    if (files().length === 0 || call.screen().name !== 'call') return
    const conversation = call.conversation()
    if (!conversation || call.members().length === 0) return
    // Nobody took them (the first member not joined yet): they stay for the next change.
    void shares.offer((list) => conversation.sendFiles(list) > 0)
  })

  return {
    files,
    discard: (id: string) => void shares.discard(id),
  }
}

export type SharesStore = ReturnType<typeof createSharesStore>
