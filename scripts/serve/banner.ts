import { toString as qrToString } from 'qrcode'
import { type LanAddress, localDnsName, urlHost } from './addresses'
import type { CertDecision } from './cert-plan'
import { shortFingerprint } from './install-page'

/**
 * What `npm start` prints once both servers listen: two QR codes a phone scans off the
 * terminal (the install page, then the app), each with one sentence, and the other addresses.
 */

export interface BannerInput {
  lan: readonly LanAddress[]
  /** TATAP_LISTEN: the one address the servers listen on, when not every interface. */
  listen?: string | undefined
  hostname: string
  httpsPort: number
  httpPort: number
  certDir: string
  caFingerprint: string
  ca: CertDecision
  server: CertDecision
}

/**
 * The addresses a phone should use: the address the servers listen on when they listen on one,
 * else the best LAN address, else localhost.
 */
export function primaryUrls(
  input: Pick<BannerInput, 'lan' | 'listen' | 'httpsPort' | 'httpPort'>,
): {
  installUrl: string
  appUrl: string
} {
  const wildcard = !input.listen || input.listen === '0.0.0.0' || input.listen === '::'
  const address = wildcard ? input.lan[0]?.address : input.listen
  const host = address ? urlHost(address) : 'localhost'
  return {
    installUrl: `http://${host}:${input.httpPort}/`,
    appUrl: `https://${host}:${input.httpsPort}/`,
  }
}

/** A QR code drawn with half blocks, two modules per text line, as the terminal shows it. */
export function terminalQr(text: string): Promise<string> {
  return qrToString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
}

export async function banner(input: BannerInput): Promise<string> {
  const { installUrl, appUrl } = primaryUrls(input)
  const local = localDnsName(input.hostname)
  const others = [
    ...input.lan.slice(1).map((lan) => `https://${urlHost(lan.address)}:${input.httpsPort}/`),
    ...(local ? [`https://${local}:${input.httpsPort}/`] : []),
    `https://localhost:${input.httpsPort}/`,
  ]
  const lines = [
    '',
    'Tatap is running.',
    '',
    `1. Once per phone: scan this, and follow the steps to trust this computer.`,
    `   ${installUrl}`,
    await terminalQr(installUrl),
    `2. Then scan this to open Tatap; install it from the browser menu and it works offline.`,
    `   ${appUrl}`,
    await terminalQr(appUrl),
  ]
  if (input.lan.length === 0 && !input.listen) {
    lines.push(
      'No network found: connect this computer to Wi‑Fi or a hotspot, then start again so phones can reach it.',
    )
  }
  lines.push(
    `Also: ${others.join('  ')}`,
    `Certificate authority: ${input.certDir}/tatap-ca.pem, SHA-256 ${shortFingerprint(input.caFingerprint)}… (${describe(input.ca, 'ca')})`,
    `Server certificate: ${describe(input.server, 'server')}. Ctrl+C stops the server.`,
    '',
  )
  return lines.join('\n')
}

function describe(decision: CertDecision, which: 'ca' | 'server'): string {
  if (decision.action === 'reuse') return 'kept from an earlier start'
  switch (decision.reason) {
    case 'missing':
      return 'created now'
    case 'expiring':
      return which === 'ca'
        ? 'renewed: it was about to expire; phones must trust the new one'
        : 'renewed: it was about to expire'
    case 'names-changed':
      return "renewed: this computer's addresses changed"
    case 'other-ca':
      return 'renewed for the current certificate authority'
  }
}
