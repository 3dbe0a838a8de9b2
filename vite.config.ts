import { readFileSync } from 'node:fs'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import solid from 'vite-plugin-solid'
import { cspMeta } from './scripts/csp-plugin.ts'
import { securityHeaders } from './scripts/security-headers.ts'

/** The single source of truth for the install experience; vite-plugin-pwa emits and links it. */
const manifest = JSON.parse(
  readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8'),
)
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
/** TATAP_BUILD_ID=ID marks a build as `VERSION+ID`, e.g. a test's "second deploy". */
const buildId = process.env.TATAP_BUILD_ID

export default defineConfig({
  define: {
    __TATAP_VERSION__: JSON.stringify(buildId ? `${version}+${buildId}` : version),
  },
  plugins: [
    solid(),
    cspMeta(),
    VitePWA({
      // A new version installs and waits; the app offers "Update" outside calls
      // (src/ui/update-controller.ts) and only then activates it.
      registerType: 'prompt',
      injectRegister: false,
      manifest,
      includeManifestIcons: false,
      // No includeAssets: the icons are in public/, which globPatterns already precaches (each
      // listed twice otherwise), nor manifest icons. The plugin precaches manifest.webmanifest.
      workbox: {
        // wasm: the QR decoder, loaded with the scanner, must work offline too.
        globPatterns: ['**/*.{js,css,html,svg,png,wasm}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // Screenshots are for the install dialog and the README, not for working offline.
        globIgnores: ['screenshots/**'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // Hand-written service-worker parts, each in its own file in public/, run before workbox's
        // routes: sw-share-target.js takes the share sheet's POST (manifest share_target) offline
        // and stores the files; a tap on a call notification focuses the app (sw-notifications.js).
        importScripts: ['sw-share-target.js', 'sw-notifications.js'],
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  // Module workers (transfer, QR decoding) may load chunks of their own.
  worker: { format: 'es' },
  server: { host: true },
  // `vite preview` (and `npm start`, which runs it) sends the lockdown headers with every file.
  preview: { host: true, headers: securityHeaders() },
})
