/**
 * `npm start`'s settings, from the environment and the command line. Every bad value is a
 * `ServeError` with a sentence saying what to change; nothing here touches the network or disk.
 */

export interface ServeOptions {
  /** The app, over HTTPS. */
  httpsPort: number
  /** The install page and CA certificate, over plain HTTP. */
  httpPort: number
  /** Where the CA and server certificate are kept between starts (git-ignored). */
  certDir: string
  /** Address to listen on; undefined = every interface (what phones need). */
  listen: string | undefined
  /** Build the app first (default); `--no-build` serves the existing dist/. */
  build: boolean
}

export const DEFAULTS = { httpsPort: 8443, httpPort: 8080, certDir: '.certs' } as const

/** A problem a person can fix; printed as its message alone, without a stack trace. */
export class ServeError extends Error {}

export function parseServeOptions(
  env: Record<string, string | undefined>,
  argv: readonly string[],
): ServeOptions {
  for (const arg of argv) {
    if (arg !== '--no-build') {
      throw new ServeError(`Unknown option ${arg}. The only option is --no-build.`)
    }
  }
  const httpsPort = port('TATAP_HTTPS_PORT', env.TATAP_HTTPS_PORT ?? env.PORT, DEFAULTS.httpsPort)
  const httpPort = port('TATAP_HTTP_PORT', env.TATAP_HTTP_PORT, DEFAULTS.httpPort)
  if (httpsPort === httpPort) {
    throw new ServeError(
      `TATAP_HTTPS_PORT and TATAP_HTTP_PORT are both ${httpsPort}; the app and the install page need two different ports.`,
    )
  }
  return {
    httpsPort,
    httpPort,
    certDir: env.TATAP_CERT_DIR || DEFAULTS.certDir,
    listen: env.TATAP_LISTEN || undefined,
    build: !argv.includes('--no-build'),
  }
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new ServeError(`${name}=${value} is not a port number; use one from 1024 to 65535.`)
  }
  return n
}
