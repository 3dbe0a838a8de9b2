#!/usr/bin/env node
// Builds Tatap and serves it over HTTPS on every network interface, so a phone on the same
// Wi-Fi/hotspot can open it (phones allow the camera only on a secure origin). The certificate
// is self-signed: the browser warns once; accept it to continue. Ctrl+C stops the server.
import { spawnSync } from 'node:child_process'
import { networkInterfaces } from 'node:os'

const port = Number(process.env.PORT ?? 8443)
const env = { ...process.env, TATAP_HTTPS: '1' }
const vite = 'node_modules/vite/bin/vite.js'

const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  stdio: 'inherit',
  env,
})
if (build.status !== 0) process.exit(build.status ?? 1)

const addresses = Object.values(networkInterfaces())
  .flat()
  .filter((net) => net && net.family === 'IPv4' && !net.internal)
  .map((net) => `https://${net.address}:${port}/`)
console.log('\nTatap is running. Open one of these on your phone or another computer:')
for (const address of addresses.length ? addresses : [`https://localhost:${port}/`]) {
  console.log(`  ${address}`)
}
console.log(
  'The certificate is self-signed: accept the warning once. After that the app works offline.\n',
)

spawnSync(
  process.execPath,
  [
    vite,
    'preview',
    '--host',
    '0.0.0.0',
    '--port',
    String(port),
    '--strictPort',
    '--logLevel',
    'warn',
  ],
  { stdio: 'inherit', env },
)
