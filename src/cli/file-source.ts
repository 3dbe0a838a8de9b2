import { type FileHandle, open } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { FileSource } from '../transfer'

/** A FileSource that reads each slice from disk when asked; close() releases the file. */
export interface DiskFileSource extends FileSource {
  readonly path: string
  close(): Promise<void>
}

/** Types browsers commonly give File.type for these extensions; anything else is ''. */
const MIME_BY_EXT: Readonly<Record<string, string>> = {
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.json': 'application/json',
  '.zip': 'application/zip',
}

export function mimeOf(path: string): string {
  return MIME_BY_EXT[extname(path).toLowerCase()] ?? ''
}

/**
 * Opens `path` (a regular file; rejects otherwise) and takes its size now. A slice past the
 * current end of the file (it shrank) comes back short, which the sender reports as a read
 * error; a file that changed within the same size is caught by the receiver's SHA-256 check.
 */
export async function openFileSource(path: string): Promise<DiskFileSource> {
  const handle: FileHandle = await open(path, 'r')
  const info = await handle.stat().catch(async (err: unknown) => {
    await handle.close()
    throw err
  })
  if (!info.isFile()) {
    await handle.close()
    throw new Error(`${path} is not a regular file`)
  }
  let closed = false
  return {
    path,
    name: basename(path),
    size: info.size,
    type: mimeOf(path),
    slice(start, end) {
      return {
        async arrayBuffer() {
          const length = Math.max(0, Math.min(end, info.size) - start)
          const bytes = new Uint8Array(length)
          let filled = 0
          while (filled < length) {
            const { bytesRead } = await handle.read(bytes, filled, length - filled, start + filled)
            if (bytesRead === 0) break
            filled += bytesRead
          }
          return filled === length ? bytes.buffer : bytes.slice(0, filled).buffer
        },
      }
    },
    async close() {
      if (closed) return
      closed = true
      await handle.close()
    },
  }
}
