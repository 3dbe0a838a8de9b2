/** Where the e2e global setup serves the built app. Loopback only. */
export const APP_PORT = Number(process.env.TATAP_E2E_PORT ?? 4199)
export const APP_URL = `http://127.0.0.1:${APP_PORT}/`
/** `?lan`: no ICE servers, so nothing in a test reaches for the internet. */
export const APP_LAN_URL = `${APP_URL}?lan`

/**
 * Ports of the tests that start servers of their own (each overridable): `npm start`'s HTTPS
 * app and HTTP install page, a plain static HTTPS host for dist/, and the update test's origin.
 */
export const SERVE_HTTPS_PORT = Number(process.env.TATAP_E2E_SERVE_HTTPS_PORT ?? 4591)
export const SERVE_HTTP_PORT = Number(process.env.TATAP_E2E_SERVE_HTTP_PORT ?? 4592)
export const STATIC_HTTPS_PORT = Number(process.env.TATAP_E2E_STATIC_PORT ?? 4593)
export const UPDATE_PORT = Number(process.env.TATAP_E2E_UPDATE_PORT ?? 4594)
/** The offline test's own app server, which it takes away mid-test. */
export const OFFLINE_PORT = Number(process.env.TATAP_E2E_OFFLINE_PORT ?? 4595)
