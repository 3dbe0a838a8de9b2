import { createHash } from 'node:crypto'

/**
 * What the plain-HTTP port serves a phone that does not trust this computer yet: a short page
 * with Android and iPhone steps, the CA certificate as `.crt` (DER) and as an iPhone
 * configuration profile (`.mobileconfig`). Pure: strings in, strings out.
 */

export const CA_CRT_PATH = '/tatap-ca.crt'
export const CA_PROFILE_PATH = '/tatap-ca.mobileconfig'

/** MIME types phones act on: Android's certificate installer and iOS's profile installer. */
export const CA_CRT_TYPE = 'application/x-x509-ca-cert'
export const CA_PROFILE_TYPE = 'application/x-apple-aspen-config'

export interface InstallPageInput {
  /** The HTTPS address of the app, as the phone can reach it. */
  appUrl: string
  /** The CA's name as the phone's settings will show it. */
  caName: string
  /** SHA-256 of the CA certificate (DER), as colon-separated upper-case hex. */
  fingerprint: string
  language: 'en' | 'id'
}

const STRINGS = {
  en: {
    title: 'Install Tatap on this phone',
    intro:
      'This computer serves Tatap on your local network. Let your phone trust it once; then the app installs and works offline.',
    check: (short: string) =>
      `Check: the certificate's SHA-256 fingerprint starts with ${short}, the same as in the computer's terminal. If it differs, do not install it.`,
    android: 'Android (Chrome)',
    androidSteps: [
      'Tap <a href="{crt}" download>Download the certificate</a>.',
      'Open Settings, search for <b>CA certificate</b> (usually Security → More security settings → Encryption &amp; credentials → Install a certificate → CA certificate), tap <b>Install anyway</b> and choose <b>tatap-ca.crt</b>.',
      'Open <a href="{app}">{app}</a> in Chrome, then menu ⋮ → <b>Install app</b>.',
    ],
    iphone: 'iPhone and iPad (Safari)',
    iphoneSteps: [
      'In Safari, tap <a href="{profile}">Download the profile</a> and allow it.',
      'Open Settings → General → VPN &amp; Device Management → <b>{ca}</b> → Install.',
      'Settings → General → About → Certificate Trust Settings: turn on <b>{ca}</b>.',
      'Open <a href="{app}">{app}</a> in Safari, then Share → <b>Add to Home Screen</b>.',
    ],
    remove:
      'To undo it later: remove the certificate under Encryption &amp; credentials → User credentials (Android) or the profile under VPN &amp; Device Management (iPhone).',
  },
  id: {
    title: 'Pasang Tatap di ponsel ini',
    intro:
      'Komputer ini menyajikan Tatap di jaringan lokal Anda. Izinkan ponsel memercayainya sekali; setelah itu aplikasinya bisa dipasang dan dipakai tanpa internet.',
    check: (short: string) =>
      `Periksa: sidik jari SHA-256 sertifikat diawali ${short}, sama seperti di terminal komputer. Jika berbeda, jangan dipasang.`,
    android: 'Android (Chrome)',
    androidSteps: [
      'Ketuk <a href="{crt}" download>Unduh sertifikat</a>.',
      'Buka Setelan, cari <b>sertifikat CA</b> (biasanya Keamanan → Setelan keamanan lainnya → Enkripsi &amp; kredensial → Instal sertifikat → Sertifikat CA), ketuk <b>Tetap instal</b> dan pilih <b>tatap-ca.crt</b>.',
      'Buka <a href="{app}">{app}</a> di Chrome, lalu menu ⋮ → <b>Instal aplikasi</b>.',
    ],
    iphone: 'iPhone dan iPad (Safari)',
    iphoneSteps: [
      'Di Safari, ketuk <a href="{profile}">Unduh profil</a> dan izinkan.',
      'Buka Pengaturan → Umum → VPN &amp; Manajemen Perangkat → <b>{ca}</b> → Instal.',
      'Pengaturan → Umum → Mengenai → Pengaturan Kepercayaan Sertifikat: nyalakan <b>{ca}</b>.',
      'Buka <a href="{app}">{app}</a> di Safari, lalu Bagikan → <b>Tambah ke Layar Utama</b>.',
    ],
    remove:
      'Untuk membatalkannya nanti: hapus sertifikat di Enkripsi &amp; kredensial → Kredensial pengguna (Android) atau profilnya di VPN &amp; Manajemen Perangkat (iPhone).',
  },
} as const

/** The page's only style sheet, inline; its hash goes into the page's CSP (`installPageCsp`). */
const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1f1f1f}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}a{color:#0b57d0}li{margin:.4rem 0}
.check{background:#f1f3f4;border-radius:8px;padding:.6rem .8rem;font-size:.9rem;overflow-wrap:anywhere}
.muted{color:#5f6368;font-size:.9rem}`

/** Content-Security-Policy of the install page: nothing runs, only its own inline style. */
export function installPageCsp(): string {
  const hash = createHash('sha256').update(STYLE).digest('base64')
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The first bytes of a fingerprint, enough for a person to compare by eye. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.split(':').slice(0, 4).join(':')
}

export function installPageHtml(input: InstallPageInput): string {
  const s = STRINGS[input.language]
  const fill = (html: string) =>
    html
      .replaceAll('{crt}', CA_CRT_PATH)
      .replaceAll('{profile}', CA_PROFILE_PATH)
      .replaceAll('{app}', escapeHtml(input.appUrl))
      .replaceAll('{ca}', escapeHtml(input.caName))
  const steps = (list: readonly string[]) =>
    `<ol>${list.map((step) => `<li>${fill(step)}</li>`).join('')}</ol>`
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${s.title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${s.title}</h1>
<p>${s.intro}</p>
<h2>${s.android}</h2>
${steps(s.androidSteps)}
<h2>${s.iphone}</h2>
${steps(s.iphoneSteps)}
<p class="check">${escapeHtml(s.check(shortFingerprint(input.fingerprint)))}</p>
<p class="muted">${s.remove}</p>
</body>
</html>
`
}

/** Indonesian when the phone asks for it first (`Accept-Language: id…`), English otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): 'en' | 'id' {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? ''
  return first === 'id' || first.startsWith('id-') || first === 'in' ? 'id' : 'en'
}

/** SHA-256 of DER bytes as `AB:CD:…`, the way phones and browsers show fingerprints. */
export function fingerprintOf(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase()
  return hex.match(/../g)?.join(':') ?? hex
}

/**
 * An iOS configuration profile holding the CA as a root certificate
 * (`com.apple.security.root`). Unsigned, so iOS labels it "Unverified"; the fingerprint check
 * on the install page is what the person verifies instead. UUIDs derive from the certificate,
 * so downloading it twice gives the same profile, not a second one.
 */
export function mobileConfig(der: Uint8Array, caName: string): string {
  const digest = createHash('sha256').update(der).digest('hex')
  const uuid = (offset: number) => {
    const h = digest.slice(offset, offset + 32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`.toUpperCase()
  }
  const name = escapeHtml(caName)
  const id = `local.tatap.ca.${digest.slice(0, 16)}`
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadCertificateFileName</key><string>tatap-ca.crt</string>
      <key>PayloadContent</key><data>${Buffer.from(der).toString('base64')}</data>
      <key>PayloadDisplayName</key><string>${name}</string>
      <key>PayloadIdentifier</key><string>${id}.root</string>
      <key>PayloadType</key><string>com.apple.security.root</string>
      <key>PayloadUUID</key><string>${uuid(0)}</string>
      <key>PayloadVersion</key><integer>1</integer>
    </dict>
  </array>
  <key>PayloadDescription</key><string>Lets this device trust Tatap served from a computer on your local network.</string>
  <key>PayloadDisplayName</key><string>${name}</string>
  <key>PayloadIdentifier</key><string>${id}</string>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadUUID</key><string>${uuid(32)}</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
