import { createHash, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface TestFile {
  name: string
  path: string
  /** SHA-256 of its bytes, hex. */
  sha: string
}

/**
 * Writes a file of `mib` random MiB into `dir` under a name of its own (`stem-xxxxxx.bin`): an
 * attempt, or a retry, never meets a transfer card of the same name left by another.
 */
export function randomFile(dir: string, stem: string, mib: number): TestFile {
  const name = `${stem}-${randomBytes(3).toString('hex')}.bin`
  const data = randomBytes(mib * 1024 * 1024)
  const path = join(dir, name)
  writeFileSync(path, data)
  return { name, path, sha: createHash('sha256').update(data).digest('hex') }
}
