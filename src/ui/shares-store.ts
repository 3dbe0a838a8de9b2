import { createSignal, onCleanup } from 'solid-js'
import type { PendingShares, SharedFile } from '../share/pending-shares'
import type { CallStore } from './call-store'

/**
 * Files shared to Tatap (share/pending-shares.ts) as a Solid signal. They are never offered to
 * anyone by themselves: in a call with someone to take them, the person is asked "Send N files
 * to everyone?" and only `sendToEveryone` offers them. Anything may post to the share target —
 * a service worker cannot tell the system share sheet from another website's form — so this
 * question is what keeps a website from sending files as you.
 */
export function createSharesStore(shares: PendingShares, call: CallStore) {
  const [files, setFiles] = createSignal<readonly SharedFile[]>(shares.files())
  onCleanup(shares.on('change', () => setFiles(shares.files())))

  return {
    files,
    discard: (id: string) => void shares.discard(id),
    /** Whether they can be offered now: in a call, with someone in it. */
    canSend: () => files().length > 0 && call.screen().name === 'call' && call.members().length > 0,
    /** The person said yes: every file goes to everyone in the call, once. */
    async sendToEveryone(): Promise<void> {
      const conversation = call.conversation()
      if (!conversation || call.members().length === 0) return
      await shares.offer((list) => conversation.sendFiles(list) > 0)
    },
  }
}

export type SharesStore = ReturnType<typeof createSharesStore>
