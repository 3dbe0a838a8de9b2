/// <reference lib="webworker" />
/**
 * Entry point of the transfer worker (bundled by Vite as its own chunk; see worker-spawn.ts).
 * Everything it does is in worker-server.ts, which the unit tests drive over a MessagePort.
 */
import { serveTransferWorker, type WorkerDirectory } from './worker-server'

serveTransferWorker(
  self as unknown as Parameters<typeof serveTransferWorker>[0],
  async () => (await navigator.storage.getDirectory()) as unknown as WorkerDirectory,
)
