import { WorkerClient } from './worker-client'

let shared: WorkerClient | null | undefined

/**
 * The page's one transfer worker, started on first use; null where there is no Worker (Node:
 * the terminal peer and unit tests hash on their own thread). Every transfer shares it.
 */
export function sharedTransferWorker(): WorkerClient | null {
  if (shared === undefined) {
    shared =
      typeof Worker === 'function'
        ? new WorkerClient(
            new Worker(new URL('./transfer-worker.ts', import.meta.url), {
              type: 'module',
              name: 'tatap-transfer',
            }),
          )
        : null
  }
  return shared && !shared.dead ? shared : null
}
