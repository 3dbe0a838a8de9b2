/**
 * The page's lockdown, in one place: the Content-Security-Policy the build writes into
 * index.html (a <meta>) and the HTTP headers `npm start` and `vite preview` send with every
 * response. A static host that can set headers should send `securityHeaders()` too; one that
 * cannot still gets the meta policy and `<meta name="referrer">` from index.html.
 *
 * What the app really loads (measured under this policy in tests/e2e/csp.test.ts):
 * - scripts, styles, the service worker and its workbox runtime, the manifest, icons: own origin;
 * - QR codes: `data:image/svg+xml` images (src/qr/render.ts);
 * - received files: `blob:` URLs behind the Save links; reading one back (fetch) falls under
 *   connect-src, hence `blob:` there. Pictures chosen for scanning are read with
 *   createImageBitmap(file), no URL at all;
 * - camera, microphone and screen: MediaStreams set as `srcObject`, no URL; WebRTC (STUN/TURN)
 *   is outside CSP.
 * Nothing sets a style attribute (no `style=` in the JSX), so styles need no 'unsafe-inline'.
 * The QR decoder is zxing in JavaScript; a WebAssembly decoder (zxing-wasm) would need
 * 'wasm-unsafe-eval' in script-src.
 *
 * Trusted Types (`require-trusted-types-for 'script'`) is not set. Measured with it on: the app
 * renders nothing — Solid builds every JSX template by assigning an HTML string to
 * `template.innerHTML` (solid-js/web `template()`), "This document requires 'TrustedHTML'
 * assignment" — and workbox-window's `navigator.serviceWorker.register(url)` is refused for
 * want of a TrustedScriptURL. Only a pass-through default policy would get past both, which
 * would defeat the point.
 */

/** Directive → sources. `frame-ancestors` works only as a header; the meta variant drops it. */
const POLICY: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  // blob: lets a received file be read back from its blob: URL with fetch (the cross-browser e2e
  // hashes saved files that way); only this page's own scripts can mint one, so it opens no
  // way out.
  ['connect-src', "'self' blob:"],
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
]

/** Directives a browser ignores (with a console error) when they come from a <meta> tag. */
const HEADER_ONLY = new Set(['frame-ancestors'])

export function contentSecurityPolicy(delivery: 'header' | 'meta'): string {
  return POLICY.filter(([name]) => delivery === 'header' || !HEADER_ONLY.has(name))
    .map(([name, sources]) => `${name} ${sources}`)
    .join('; ')
}

/** Headers for every response of the app's origin. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy('header'),
    // The invite sits in the URL fragment, which browsers never send; no-referrer keeps the
    // rest of the address (path, ?lan) out of every request as well.
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self)',
  }
}
