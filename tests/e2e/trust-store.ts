import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A throwaway HOME whose NSS database (`.pki/nssdb`, where Chromium on Linux reads trust)
 * trusts `caPemFile` as a CA for web servers and nothing else — as a phone does after its owner
 * installs Tatap's CA. Needs `certutil` (Debian libnss3-tools).
 */
export function homeTrusting(caPemFile: string): string {
  const home = mkdtempSync(join(tmpdir(), 'tatap-home-'))
  const db = join(home, '.pki', 'nssdb')
  mkdirSync(db, { recursive: true })
  execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${db}`])
  // Trust flags "C,,": a CA trusted to issue server certificates; no e-mail or code signing.
  execFileSync('certutil', [
    '-A',
    '-n',
    'Tatap test CA',
    '-t',
    'C,,',
    '-i',
    caPemFile,
    '-d',
    `sql:${db}`,
  ])
  return home
}
