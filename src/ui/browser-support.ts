/**
 * What this browser can do, read once before anything uses it, so that a browser missing a part
 * gets words instead of a blank page. Pure: the globals come in as a plain object (`globalThis`
 * in the app, hand-made objects in tests).
 *
 * - `calls`: a call needs `RTCPeerConnection` and its static `generateCertificate` (every member
 *   of a room shows one certificate, main.tsx). Both are missing where WebRTC is not built in
 *   (Debian's WebKitGTK), switched off (Firefox's `media.peerconnection.enabled = false`, which
 *   hardened profiles and privacy add-ons set) or too old (Safari before 12.1). Without them the
 *   app says so (CannotCall) and makes no peer connection.
 * - `camera`: `navigator.mediaDevices.getUserMedia` exists. It is missing outside a secure context
 *   and in old iOS web views; a call then goes on without camera and microphone, and the app
 *   says why when they are asked for (local-media-store.ts).
 */
export interface BrowserSupport {
  readonly calls: boolean
  readonly camera: boolean
}

/** The globals read (a window fits). Anything may be missing or of the wrong type. */
export interface SupportGlobals {
  readonly RTCPeerConnection?: unknown
  readonly navigator?: { readonly mediaDevices?: { readonly getUserMedia?: unknown } }
}

export function detectSupport(globals: SupportGlobals): BrowserSupport {
  const peer = globals.RTCPeerConnection
  return {
    calls:
      typeof peer === 'function' &&
      typeof (peer as { generateCertificate?: unknown }).generateCertificate === 'function',
    camera: typeof globals.navigator?.mediaDevices?.getUserMedia === 'function',
  }
}
