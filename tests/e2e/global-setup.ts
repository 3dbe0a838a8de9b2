import { existsSync } from 'node:fs'
import { preview } from 'vite'
import { APP_PORT } from './env'

/**
 * Serves the production build (dist/, made by `npm run build` before the e2e run) on loopback
 * for the browser tests: the real service worker, the real precache, nothing from a dev server.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html')) {
    throw new Error('dist/ is missing: run `npm run build` before the e2e tests (npm test does).')
  }
  const server = await preview({
    preview: { port: APP_PORT, strictPort: true, host: '127.0.0.1', open: false },
    logLevel: 'warn',
  })
  return async () => {
    await server.close()
  }
}
