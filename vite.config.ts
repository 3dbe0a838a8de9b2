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

export default defineConfig({
  plugins: [
    solid(),
    cspMeta(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Screenshots are for the install dialog and the README, not for working offline.
        globIgnores: ['screenshots/**'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
  server: { host: true },
  // `vite preview` (and `npm start`, which runs it) sends the lockdown headers with every file.
  preview: { host: true, headers: securityHeaders() },
})
