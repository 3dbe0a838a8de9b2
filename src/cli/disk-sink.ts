import { randomBytes } from 'node:crypto'
import { openAsBlob } from 'node:fs'
import { type FileHandle, link, open, rename, stat, unlink } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { CreateSink, FileSink, SinkMeta } from '../transfer'

export interface DiskSinkOptions {
  /** Existing directory the files are saved in. */
  dir: string
  /** After a file got its final name (before the transfer reports 'done'). */
  onSaved?: (meta: SinkMeta, path: string) => void
}

/** Longest file name we create, in UTF-8 bytes (NAME_MAX is 255 on common file systems). */
const MAX_NAME_BYTES = 240
/** Tries "name (1).ext" … "name (N).ext" before giving up with a write error. */
const MAX_SUFFIX = 9999

/**
 * Streams each incoming file to disk: bytes go to a hidden temporary file in `dir`
 * (`.tatap-<random>.part`); finish() moves it to the offered name, never replacing an existing
 * file (it takes "name (1).ext", "name (2).ext", … instead); abort() deletes it.
 * finish() resolves with a Blob backed by the saved file (nothing is read into memory).
 */
export function diskSinks(options: DiskSinkOptions): CreateSink {
  return async (meta) => {
    const temp = join(options.dir, `.tatap-${randomBytes(8).toString('hex')}.part`)
    const handle = await open(temp, 'wx')
    return diskSink(handle, temp, meta, options)
  }
}

function diskSink(
  handle: FileHandle,
  temp: string,
  meta: SinkMeta,
  options: DiskSinkOptions,
): FileSink {
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await handle.close()
  }
  return {
    async write(chunk) {
      for (let done = 0; done < chunk.byteLength; ) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.byteLength - done)
        done += bytesWritten
      }
    },
    async finish() {
      await close()
      const path = await moveWithoutReplacing(temp, options.dir, diskName(meta.name))
      options.onSaved?.(meta, path)
      return openAsBlob(path, { type: meta.mime })
    },
    async abort() {
      await close().catch(() => {})
      await unlink(temp).catch(() => {})
    },
  }
}

/**
 * A display name (already free of path separators, see safeFileName) as a local file name: no
 * leading dot (a received file never becomes a hidden or dot-config file) and at most
 * MAX_NAME_BYTES bytes, keeping the extension.
 */
export function diskName(name: string): string {
  let base = name.replace(/^\.+/, (dots) => '_'.repeat(dots.length))
  if (Buffer.byteLength(base) <= MAX_NAME_BYTES) return base
  const ext = extname(base)
  const keepExt = Buffer.byteLength(ext) <= 16 ? ext : ''
  base = base.slice(0, base.length - keepExt.length)
  while (Buffer.byteLength(base + keepExt) > MAX_NAME_BYTES) base = [...base].slice(0, -1).join('')
  return base + keepExt
}

/** "photo.jpg" → "photo (n).jpg"; n = 0 gives the name itself. */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name
  const ext = extname(name)
  return `${name.slice(0, name.length - ext.length)} (${n})${ext}`
}

/** Moves `temp` to the first free numbered name; link() fails on an existing target. */
async function moveWithoutReplacing(temp: string, dir: string, name: string): Promise<string> {
  for (let n = 0; n <= MAX_SUFFIX; n++) {
    const target = join(dir, numberedName(name, n))
    try {
      await link(temp, target)
      await unlink(temp)
      return target
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') continue
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw err
      // No hard links here (e.g. FAT): check, then rename (racy, but still never silently).
      if (await exists(target)) continue
      await rename(temp, target)
      return target
    }
  }
  throw new Error(`no free file name for ${name}`)
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/**
 * Where each received file went, for the line that says so: `onSaved` (for diskSinks) notes
 * each path under the offered name; `take(name)` gives the oldest one not yet told (two files of
 * the same name are saved as "name" and "name (1)").
 */
export function savedPaths(): {
  onSaved: (meta: SinkMeta, path: string) => void
  take: (name: string) => string | undefined
} {
  const byName = new Map<string, string[]>()
  return {
    onSaved: (meta, path) => byName.set(meta.name, [...(byName.get(meta.name) ?? []), path]),
    take: (name) => byName.get(name)?.shift(),
  }
}
