import 'reflect-metadata'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import * as x509 from '@peculiar/x509'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CertificateNames } from './addresses'
import { SERVER_CERT_DAYS } from './cert-plan'
import { type Certificates, ensureCertificates, FILES } from './certs'

const NAMES: CertificateNames = {
  dns: ['ana-laptop.local', 'localhost'],
  ips: ['127.0.0.1', '192.168.1.20', '::1', 'fd00::2'],
}
const DAY_MS = 24 * 60 * 60 * 1000

describe('the local CA and server certificate on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-certs-'))
  let first: Certificates
  beforeAll(async () => {
    first = await ensureCertificates({ dir, names: NAMES, label: 'ana-laptop' })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('the CA can sign server certificates and nothing else: CA, path length 0, cert/CRL signing', () => {
    const ca = new x509.X509Certificate(first.caPem)
    const basic = ca.getExtension(x509.BasicConstraintsExtension)
    expect(basic?.ca).toBe(true)
    expect(basic?.pathLength).toBe(0)
    expect(basic?.critical).toBe(true)
    const usage = ca.getExtension(x509.KeyUsagesExtension)
    expect(usage?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign)
    expect(usage?.critical).toBe(true)
    expect(new X509Certificate(first.caPem).ca).toBe(true)
    expect(first.caName).toBe('Tatap local CA (ana-laptop)')
  })

  it('the server certificate is a TLS server leaf for exactly the wanted names', () => {
    const cert = new X509Certificate(first.serverCertPem)
    const ca = new X509Certificate(first.caPem)
    expect(cert.ca).toBe(false)
    expect(cert.checkIssued(ca)).toBe(true)
    expect(cert.verify(ca.publicKey)).toBe(true)
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']) // extended key usage: serverAuth only
    for (const host of NAMES.dns) expect(cert.checkHost(host)).toBe(host)
    for (const ip of NAMES.ips) expect(cert.checkIP(ip)).toBe(ip)
    expect(cert.checkHost('example.com')).toBeUndefined()
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS
    expect(days).toBeLessThanOrEqual(SERVER_CERT_DAYS + 1) // under Apple's 825 and browsers' 398
  })

  it('private keys are readable by their owner only', () => {
    for (const file of [FILES.caKey, FILES.serverKey]) {
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600)
    }
  })

  it('a second start reuses both; a new address renews the server certificate, not the CA', async () => {
    const again = await ensureCertificates({ dir, names: NAMES, label: 'ana-laptop' })
    expect(again.ca).toEqual({ action: 'reuse' })
    expect(again.server).toEqual({ action: 'reuse' })
    expect(again.serverCertPem).toBe(first.serverCertPem)

    const moved = { ...NAMES, ips: [...NAMES.ips, '10.0.0.7'] }
    const renewed = await ensureCertificates({ dir, names: moved, label: 'ana-laptop' })
    expect(renewed.ca).toEqual({ action: 'reuse' })
    expect(renewed.caPem).toBe(first.caPem)
    expect(renewed.server).toEqual({ action: 'create', reason: 'names-changed' })
    expect(new X509Certificate(renewed.serverCertPem).checkIP('10.0.0.7')).toBe('10.0.0.7')
  })

  it('a new CA (the old one deleted) renews the server certificate too', async () => {
    rmSync(join(dir, FILES.caCert))
    const fresh = await ensureCertificates({ dir, names: NAMES, label: 'ana-laptop' })
    expect(fresh.ca).toEqual({ action: 'create', reason: 'missing' })
    expect(fresh.server).toEqual({ action: 'create', reason: 'other-ca' })
    const cert = new X509Certificate(fresh.serverCertPem)
    expect(cert.verify(new X509Certificate(fresh.caPem).publicKey)).toBe(true)
  })

  it('a certificate expiring within a month is renewed on start', async () => {
    const later = new Date(Date.now() + (SERVER_CERT_DAYS - 20) * DAY_MS)
    const renewed = await ensureCertificates({ dir, names: NAMES, label: 'ana-laptop', now: later })
    expect(renewed.server).toEqual({ action: 'create', reason: 'expiring' })
  })
})

describe('a TLS client that trusts only the CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tatap-tls-'))
  let server: Server
  let port: number
  let caPem: string
  beforeAll(async () => {
    const certs = await ensureCertificates({ dir, names: NAMES, label: 'ana-laptop' })
    caPem = certs.caPem
    server = createServer({ key: certs.serverKeyPem, cert: certs.serverCertPem }, (_req, res) =>
      res.end('ok'),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => {
    server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Connects to the server on loopback, presenting `servername`; resolves with the outcome. */
  function handshake(servername: string | undefined, ca: string | undefined): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        ...(servername ? { servername } : {}),
        ca: ca ?? [],
      })
      socket.once('secureConnect', () => {
        resolve(socket.authorized ? 'trusted' : String(socket.authorizationError))
        socket.end()
      })
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    })
  }

  it('accepts the server by IP address and by its .local and localhost names', async () => {
    await expect(handshake(undefined, caPem)).resolves.toBe('trusted')
    await expect(handshake('ana-laptop.local', caPem)).resolves.toBe('trusted')
    await expect(handshake('localhost', caPem)).resolves.toBe('trusted')
  })

  it('rejects a name the certificate does not list, and the server without the CA', async () => {
    await expect(handshake('example.com', caPem)).resolves.toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    await expect(handshake('localhost', undefined)).resolves.toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED/)
  })
})
