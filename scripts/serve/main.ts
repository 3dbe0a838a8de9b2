/**
 * `npm start`: builds Tatap and serves it to phones on the local network.
 *
 * - HTTPS (TATAP_HTTPS_PORT, default 8443): the production build through `vite preview` (the
 *   service worker, the SPA fallback, the security headers of vite.config.ts), with a server
 *   certificate from a local certificate authority kept in TATAP_CERT_DIR (default .certs/).
 * - HTTP (TATAP_HTTP_PORT, default 8080): the install page and the CA certificate, so a phone
 *   can trust the CA once; after that it installs the app and works offline.
 * - The terminal shows a QR code for each, so a phone scans them off this screen.
 *
 * `--no-build` serves the existing dist/. TATAP_LISTEN=ADDRESS listens on one address only
 * (tests use 127.0.0.1). Ctrl+C stops both servers.
 */
import { spawnSync } from 'node:child_process'
import type { Server } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'
import { preview } from 'vite'
import { certificateNames, lanAddresses } from './addresses'
import { banner, primaryUrls } from './banner'
import { ensureCertificates } from './certs'
import { fingerprintOf } from './install-page'
import { createInstallServer } from './install-server'
import { parseServeOptions, ServeError } from './options'
import { assertPortFree, portError } from './ports'

async function main(): Promise<void> {
  const started = performance.now()
  const options = parseServeOptions(process.env, process.argv.slice(2))
  await assertPortFree(options.httpsPort, options.listen, 'app')
  await assertPortFree(options.httpPort, options.listen, 'install page')

  if (options.build) {
    const vite = 'node_modules/vite/bin/vite.js'
    const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      stdio: 'inherit',
    })
    if (build.status !== 0) throw new ServeError('The build failed (see above); nothing is served.')
  }
  const built = performance.now()

  const lan = lanAddresses(networkInterfaces())
  const names = certificateNames(lan, hostname())
  const certs = await ensureCertificates({ dir: options.certDir, names, label: hostname() })
  const certified = performance.now()

  const install = createInstallServer({
    caDer: certs.caDer,
    caName: certs.caName,
    names,
    httpsPort: options.httpsPort,
    fallbackAppUrl: primaryUrls({ lan, ...options }).appUrl,
  })
  await listen(install, options.httpPort, options.listen)

  let app: Awaited<ReturnType<typeof preview>>
  try {
    app = await preview({
      logLevel: 'warn',
      preview: {
        port: options.httpsPort,
        strictPort: true,
        host: options.listen ?? true,
        https: { key: certs.serverKeyPem, cert: certs.serverCertPem },
        open: false,
      },
    })
  } catch (error) {
    install.close()
    throw /already in use/.test(String(error))
      ? portError({ name: 'Error', message: '', code: 'EADDRINUSE' }, options.httpsPort, 'app')
      : error
  }

  process.stdout.write(
    await banner({
      lan,
      listen: options.listen,
      hostname: hostname(),
      httpsPort: options.httpsPort,
      httpPort: options.httpPort,
      certDir: options.certDir,
      caFingerprint: fingerprintOf(certs.caDer),
      ca: certs.ca,
      server: certs.server,
    }),
  )
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  console.log(
    `Ready in ${seconds(performance.now() - started)} (build ${seconds(built - started)}, certificates ${Math.round(certified - built)} ms).`,
  )

  const stop = () => {
    install.close()
    void app.close().finally(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(portError(error, port, 'install page')),
    )
    server.listen({ port, host }, () => resolve())
  })
}

main().catch((error: unknown) => {
  if (error instanceof ServeError) {
    console.error(`\n${error.message}\n`)
  } else {
    console.error(error)
  }
  process.exit(1)
})
