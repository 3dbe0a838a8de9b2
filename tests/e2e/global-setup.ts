import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { type PreviewServer, preview } from 'vite'

/** Shared by the e2e projects of one run: vitest runs this setup once per project. */
const shared = globalThis as typeof globalThis & {
  __tatapAppServer?: { server: Promise<PreviewServer>; users: number } | undefined
}

/**
 * Serves the production build (dist/, made by `npm run build` before the e2e run) on loopback
 * for the browser tests: the real service worker, the real precache, nothing from a dev server.
 * One server for the whole run, every project and worker: it only reads dist/, and each test's
 * pages keep their storage in browser contexts of their own.
 *
 * Its port is TATAP_E2E_PORT if set, else any free one (so a run never meets another run's
 * server); the workers, started after this, read it from TATAP_E2E_PORT (env.ts).
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html')) {
    throw new Error('dist/ is missing: run `npm run build` before the e2e tests (npm test does).')
  }
  shared.__tatapAppServer ??= {
    server: preview({
      preview: {
        port: Number(process.env.TATAP_E2E_PORT ?? 0),
        strictPort: true,
        host: '127.0.0.1',
        open: false,
      },
      logLevel: 'warn',
    }),
    users: 0,
  }
  const app = shared.__tatapAppServer
  app.users += 1
  const { port } = (await app.server).httpServer.address() as AddressInfo
  process.env.TATAP_E2E_PORT = String(port)
  return async () => {
    app.users -= 1
    if (app.users > 0) return
    shared.__tatapAppServer = undefined
    await (await app.server).close()
  }
}
