/** Where the e2e global setup serves the built app. Loopback only. */
export const APP_PORT = Number(process.env.TATAP_E2E_PORT ?? 4199)
export const APP_URL = `http://127.0.0.1:${APP_PORT}/`
/** `?lan`: no ICE servers, so nothing in a test reaches for the internet. */
export const APP_LAN_URL = `${APP_URL}?lan`
