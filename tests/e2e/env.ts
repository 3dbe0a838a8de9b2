/**
 * Where the e2e tests serve things (docs/testing.md, "Ports and workers").
 *
 * The built app is served once for the whole run by the global setup, read-only, on loopback,
 * at the port it leaves in TATAP_E2E_PORT: every worker's browsers load it from there. (4199
 * outside a test run, for scripts that import the driver.)
 */
export const APP_PORT = Number(process.env.TATAP_E2E_PORT ?? 4199)
export const APP_URL = `http://127.0.0.1:${APP_PORT}/`
/** `?lan`: no ICE servers, so nothing in a test reaches for the internet. */
export const APP_LAN_URL = `${APP_URL}?lan`

/**
 * The vitest worker running this file: 1…maxWorkers, unique among the files running at the same
 * time (vitest's VITEST_POOL_ID); 1 outside vitest (bench, scripts). Everything a test file
 * claims on the machine — ports of its own servers, network namespaces, their links and
 * subnets — is derived from it, so two files running side by side never meet.
 */
export const WORKER = Number(process.env.VITEST_POOL_ID ?? 1)
if (!Number.isInteger(WORKER) || WORKER < 1 || WORKER > 9) {
  throw new Error(`VITEST_POOL_ID ${process.env.VITEST_POOL_ID}: the e2e tests expect 1–9 workers`)
}

/** First of the ports of this worker's own servers: TATAP_E2E_PORT_BASE (4500) + 10 × worker. */
const WORKER_PORTS = Number(process.env.TATAP_E2E_PORT_BASE ?? 4500) + 10 * WORKER

/** `npm start`'s HTTPS app and HTTP install page (serve.test.ts). */
export const SERVE_HTTPS_PORT = WORKER_PORTS + 1
export const SERVE_HTTP_PORT = WORKER_PORTS + 2
/** A plain static HTTPS host for dist/ (serve.test.ts). */
export const STATIC_HTTPS_PORT = WORKER_PORTS + 3
/** The update test's origin, which gets a second deploy. */
export const UPDATE_PORT = WORKER_PORTS + 4
/** An app server of a test's own, which the test takes away mid-test (offline, share target). */
export const OFFLINE_PORT = WORKER_PORTS + 5
/** The app served on every address of this machine, for browsers in network namespaces. */
export const NETNS_APP_PORT = WORKER_PORTS + 6
