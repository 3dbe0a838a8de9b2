import { readFileSync } from 'node:fs'
import basicSsl from '@vitejs/plugin-basic-ssl'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import solid from 'vite-plugin-solid'

/** The single source of truth for the install experience; vite-plugin-pwa emits and links it. */
const manifest = JSON.parse(
  readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8'),
)

/** HTTPS (self-signed) is opt-in: phones need a secure origin for the camera, tests do not. */
const https = process.env.TATAP_HTTPS === '1'

export default defineConfig({
  plugins: [
    solid(),
    ...(https ? [basicSsl({ name: 'tatap', certDir: '.certs' })] : []),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      workbox: {
        // wasm: the QR decoder, loaded with the scanner, must work offline too.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // Screenshots are for the install dialog and the README, not for working offline.
        globIgnores: ['screenshots/**'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  // Module workers (transfer, QR decoding) may load chunks of their own.
  worker: { format: 'es' },
  server: { host: true },
  preview: { host: true },
})
