import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type CertificateNames, normalizeIp, urlHost } from './addresses'
import {
  CA_CRT_PATH,
  CA_CRT_TYPE,
  CA_PROFILE_PATH,
  CA_PROFILE_TYPE,
  fingerprintOf,
  installPageCsp,
  installPageHtml,
  mobileConfig,
  pickLanguage,
} from './install-page'

export interface InstallServerOptions {
  caDer: Uint8Array
  caName: string
  /** Names the HTTPS certificate covers: the install page links to the app by one of them. */
  names: CertificateNames
  httpsPort: number
  /** The app's address when the phone came by a name the certificate does not cover. */
  fallbackAppUrl: string
}

/**
 * The plain-HTTP side of `npm start`: GET / is the install page, /tatap-ca.crt the CA
 * certificate (DER), /tatap-ca.mobileconfig the iPhone profile; everything else is 404.
 * Nothing here is secret: the CA's certificate is public, its key never leaves the folder.
 */
export function createInstallServer(options: InstallServerOptions): Server {
  const fingerprint = fingerprintOf(options.caDer)
  const profile = mobileConfig(options.caDer, options.caName)
  const csp = installPageCsp()

  return createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cache-Control', 'no-store')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, 'text/plain; charset=utf-8', 'Only GET is served here.\n')
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    switch (path) {
      case '/':
      case '/index.html':
        res.setHeader('Content-Security-Policy', csp)
        return send(
          req,
          res,
          200,
          'text/html; charset=utf-8',
          installPageHtml({
            appUrl: appUrlFor(req.headers.host, options),
            caName: options.caName,
            fingerprint,
            language: pickLanguage(req.headers['accept-language']),
          }),
        )
      case CA_CRT_PATH:
        res.setHeader('Content-Disposition', 'attachment; filename="tatap-ca.crt"')
        return send(req, res, 200, CA_CRT_TYPE, options.caDer)
      case CA_PROFILE_PATH:
        return send(req, res, 200, CA_PROFILE_TYPE, profile)
      default:
        return send(req, res, 404, 'text/plain; charset=utf-8', 'Not found. Open / instead.\n')
    }
  })
}

/**
 * The app's HTTPS address by the host the phone used to reach this page, when the certificate
 * covers that host (so the link opens without a warning); the fallback otherwise.
 */
export function appUrlFor(hostHeader: string | undefined, options: InstallServerOptions): string {
  if (hostHeader) {
    let host: string
    try {
      host = new URL(`http://${hostHeader}/`).hostname
    } catch {
      return options.fallbackAppUrl
    }
    const bare = host.startsWith('[') ? normalizeIp(host.slice(1, -1)) : host.toLowerCase()
    if (options.names.dns.includes(bare) || options.names.ips.includes(bare)) {
      return `https://${urlHost(bare)}:${options.httpsPort}/`
    }
  }
  return options.fallbackAppUrl
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body)
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length })
  res.end(req.method === 'HEAD' ? undefined : bytes)
}
