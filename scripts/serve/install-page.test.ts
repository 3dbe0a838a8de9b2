import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  fingerprintOf,
  installPageCsp,
  installPageHtml,
  mobileConfig,
  pickLanguage,
  shortFingerprint,
} from './install-page'
import { appUrlFor, type InstallServerOptions } from './install-server'

const DER = new Uint8Array([0x30, 0x82, 0x01, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8])
const FINGERPRINT = fingerprintOf(DER)

describe('the install page', () => {
  const html = installPageHtml({
    appUrl: 'https://192.168.1.20:8443/',
    caName: 'Tatap local CA (ana-laptop)',
    fingerprint: FINGERPRINT,
    language: 'en',
  })

  it('gives Android and iPhone steps, each with its download and the app address', () => {
    expect(html).toContain('Android (Chrome)')
    expect(html).toContain('iPhone and iPad (Safari)')
    expect(html).toContain('href="/tatap-ca.crt"')
    expect(html).toContain('href="/tatap-ca.mobileconfig"')
    expect(html.match(/href="https:\/\/192\.168\.1\.20:8443\/"/g)).toHaveLength(2)
    expect(html).toContain('Certificate Trust Settings')
    expect(html).toContain(shortFingerprint(FINGERPRINT))
  })

  it('speaks Indonesian to a phone that asks for it', () => {
    expect(pickLanguage('id-ID,id;q=0.9,en;q=0.8')).toBe('id')
    expect(pickLanguage('en-US,id;q=0.5')).toBe('en')
    expect(pickLanguage(undefined)).toBe('en')
    const id = installPageHtml({
      appUrl: 'https://192.168.1.20:8443/',
      caName: 'x',
      fingerprint: FINGERPRINT,
      language: 'id',
    })
    expect(id).toContain('<html lang="id">')
    expect(id).toContain('Pasang Tatap di ponsel ini')
  })

  it('its CSP allows exactly its own inline style and no script', () => {
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? ''
    const hash = createHash('sha256').update(style).digest('base64')
    expect(installPageCsp()).toContain(`style-src 'sha256-${hash}'`)
    expect(installPageCsp()).toContain("default-src 'none'")
    expect(html).not.toContain('<script')
  })
})

describe('the iPhone profile', () => {
  const profile = mobileConfig(DER, 'Tatap local CA (a<b)')

  it('holds the CA certificate as a root payload', () => {
    expect(profile).toContain('<string>com.apple.security.root</string>')
    expect(profile).toContain(`<data>${Buffer.from(DER).toString('base64')}</data>`)
    expect(profile).toContain('Tatap local CA (a&lt;b)')
  })

  it('is the same profile every time for the same CA, with two distinct UUIDs', () => {
    expect(mobileConfig(DER, 'x')).toBe(mobileConfig(DER, 'x'))
    const uuids = profile.match(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/g)
    expect(new Set(uuids).size).toBe(2)
  })
})

describe('the app address on the install page', () => {
  const options: InstallServerOptions = {
    caDer: DER,
    caName: 'x',
    names: {
      dns: ['ana-laptop.local', 'localhost'],
      ips: ['127.0.0.1', '192.168.1.20', 'fd00::2'],
    },
    httpsPort: 8443,
    fallbackAppUrl: 'https://192.168.1.20:8443/',
  }

  it('uses the host the phone came by when the certificate covers it', () => {
    expect(appUrlFor('ana-laptop.local:8080', options)).toBe('https://ana-laptop.local:8443/')
    expect(appUrlFor('[FD00::2]:8080', options)).toBe('https://[fd00::2]:8443/')
  })

  it('falls back to the main address for any other host', () => {
    expect(appUrlFor('evil.example:8080', options)).toBe(options.fallbackAppUrl)
    expect(appUrlFor(undefined, options)).toBe(options.fallbackAppUrl)
    expect(appUrlFor('bad host', options)).toBe(options.fallbackAppUrl)
  })
})
