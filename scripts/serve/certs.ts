import 'reflect-metadata' // @peculiar/x509 resolves its parsers through tsyringe, which needs it
import { webcrypto } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'
import { type CertificateNames, normalizeIp } from './addresses'
import {
  CA_CERT_DAYS,
  type CertDecision,
  type ExistingCert,
  planCa,
  planServerCert,
  SERVER_CERT_DAYS,
  validity,
} from './cert-plan'

/**
 * A local certificate authority and a server certificate signed by it, kept in one folder:
 *
 *   tatap-ca.pem            the CA certificate: what phones install and trust
 *   tatap-ca-key.pem        the CA's private key (mode 600: whoever holds it can mint
 *                           certificates every phone that trusts this CA accepts)
 *   tatap-server.pem        the server certificate for this machine's names and addresses
 *   tatap-server-key.pem    its private key (mode 600)
 *
 * Keys are ECDSA P-256 with SHA-256 signatures: accepted by Chromium, Firefox, Android and iOS,
 * and generated in milliseconds.
 */

x509.cryptoProvider.set(webcrypto as Crypto)

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const

export const FILES = {
  caCert: 'tatap-ca.pem',
  caKey: 'tatap-ca-key.pem',
  serverCert: 'tatap-server.pem',
  serverKey: 'tatap-server-key.pem',
} as const

export interface Certificates {
  /** The CA certificate, PEM and DER (DER is what the `.crt` download serves). */
  caPem: string
  caDer: Uint8Array
  /** The CA's common name, as a phone's settings list it. */
  caName: string
  /** The server certificate followed by nothing else (the CA is the trust anchor). */
  serverCertPem: string
  serverKeyPem: string
  ca: CertDecision
  server: CertDecision
}

/**
 * Loads the certificates in `dir`, creating the folder, the CA and the server certificate as
 * `planCa` / `planServerCert` decide. `label` names the machine in the CA's subject, so a phone
 * that trusts several shows which one this is.
 */
export async function ensureCertificates(options: {
  dir: string
  names: CertificateNames
  label: string
  now?: Date
}): Promise<Certificates> {
  const { dir, names, label } = options
  const now = options.now ?? new Date()
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = (name: keyof typeof FILES) => join(dir, FILES[name])

  let caCert = readCert(path('caCert'))
  const caPlan = planCa(caCert && existsSync(path('caKey')) ? caCert : null, now)
  if (caPlan.action === 'create' || !caCert) {
    const created = await createCa(label, now)
    await writeKey(path('caKey'), created.privateKey)
    writeFileSync(path('caCert'), created.cert.toString('pem'))
    caCert = created.cert
  }
  const caKey = await importKey(readFileSync(path('caKey'), 'utf8'))

  const serverCert = readCert(path('serverCert'))
  const existing: ExistingCert | null =
    serverCert && existsSync(path('serverKey'))
      ? {
          notAfter: serverCert.notAfter,
          names: namesOf(serverCert),
          signedByCurrentCa: await serverCert.verify({
            publicKey: caCert.publicKey,
            signatureOnly: true,
          }),
        }
      : null
  const serverPlan = planServerCert(existing, names, now)
  if (serverPlan.action === 'create') {
    const created = await createServerCert({ ca: caCert, caKey, names, label, now })
    await writeKey(path('serverKey'), created.privateKey)
    writeFileSync(path('serverCert'), created.cert.toString('pem'))
  }

  return {
    caPem: caCert.toString('pem'),
    caDer: new Uint8Array(caCert.rawData),
    caName: caCert.subjectName.getField('CN')[0] ?? 'Tatap local CA',
    serverCertPem: readFileSync(path('serverCert'), 'utf8'),
    serverKeyPem: readFileSync(path('serverKey'), 'utf8'),
    ca: caPlan,
    server: serverPlan,
  }
}

/**
 * A CA that can sign server certificates and nothing below them: basicConstraints CA with path
 * length 0 (no intermediate CAs), key usage certificate and CRL signing only.
 *
 * No nameConstraints: they would keep a stolen CA key from minting certificates for other
 * sites, but iOS support for them in a user-installed root is not established, and the server
 * certificate must name public addresses too (a LAN with global IPv6).
 */
export async function createCa(
  label: string,
  now: Date,
): Promise<{ cert: x509.X509Certificate; privateKey: CryptoKey }> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=Tatap local CA (${safeLabel(label)}), O=Tatap`,
    ...validity(now, CA_CERT_DAYS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return { cert, privateKey: keys.privateKey }
}

/**
 * A TLS server certificate for `names`: not a CA, digital signature only, extended key usage
 * serverAuth (iOS requires it), every name in subjectAltName (browsers ignore the common name).
 */
export async function createServerCert(options: {
  ca: x509.X509Certificate
  caKey: CryptoKey
  names: CertificateNames
  label: string
  now: Date
}): Promise<{ cert: x509.X509Certificate; privateKey: CryptoKey }> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=Tatap on ${safeLabel(options.label)}`,
    issuer: options.ca.subject,
    ...validity(options.now, SERVER_CERT_DAYS),
    publicKey: keys.publicKey,
    signingKey: options.caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...options.names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...options.names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(options.ca),
    ],
  })
  return { cert, privateKey: keys.privateKey }
}

/** The DNS names and IP addresses a certificate's subjectAltName lists. */
export function namesOf(cert: x509.X509Certificate): CertificateNames {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension)
  const items = san?.names.items ?? []
  return {
    dns: items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()),
    ips: items.filter((n) => n.type === 'ip').map((n) => normalizeIp(n.value)),
  }
}

function readCert(file: string): x509.X509Certificate | null {
  if (!existsSync(file)) return null
  try {
    return new x509.X509Certificate(readFileSync(file, 'utf8'))
  } catch {
    return null // damaged or foreign file: made anew
  }
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0]
  if (!der) throw new Error('no key in PEM')
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign'])
}

async function writeKey(file: string, key: CryptoKey): Promise<void> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key)
  writeFileSync(file, x509.PemConverter.encode(der, 'PRIVATE KEY'), { mode: 0o600 })
  chmodSync(file, 0o600) // an existing file keeps its old mode through writeFileSync
}

/** 16 random bytes, high bit clear so the DER integer stays positive (RFC 5280 §4.1.2.2). */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16))
  bytes[0] = (bytes[0] ?? 0) & 0x7f
  return Buffer.from(bytes).toString('hex')
}

/** A host label safe inside a distinguished name: no DN syntax characters. */
function safeLabel(label: string): string {
  return label.replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 40) || 'this computer'
}
