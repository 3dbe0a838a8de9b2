import type { FileSink, SinkMeta } from './file-sink'
import type { WorkerClient } from './worker-client'
import { ownedBuffer } from './worker-protocol'

/** What the page needs to read the finished file back (FileSystemDirectoryHandle fits). */
export interface ReadableDirectory {
  getFileHandle(name: string, options: { create: boolean }): Promise<{ getFile(): Promise<Blob> }>
}

/**
 * A FileSink whose bytes are hashed and written by the transfer worker (worker-server.ts), into
 * the OPFS file `<dirName>/<name>`: the page's main thread only posts each chunk (its buffer is
 * transferred, not copied) and waits for the worker to say it is stored. finish() reads the
 * closed file back through `dir` as a Blob, so memory stays flat however large the file.
 *
 * Rejects if the worker cannot open the file (the caller then tries another way);
 * `remove` deletes the file and is called on abort.
 */
export async function openWorkerSink(
  client: WorkerClient,
  dir: ReadableDirectory,
  dirName: string,
  name: string,
  meta: SinkMeta,
  remove: () => Promise<void>,
): Promise<FileSink> {
  const id = client.session()
  try {
    await client.call({ op: 'sink-open', id, dir: dirName, name })
  } catch (err) {
    client.post({ op: 'drop', id })
    throw err
  }
  return {
    async write(chunk) {
      const owned = ownedBuffer(chunk)
      await client.call({ op: 'sink-write', id, bytes: owned }, [owned.buffer])
    },
    async sha256() {
      const hex = await client.call({ op: 'sink-digest', id })
      if (typeof hex !== 'string') throw new Error('no digest')
      return hex
    },
    async finish() {
      await client.call({ op: 'sink-close', id })
      const file = await (await dir.getFileHandle(name, { create: false })).getFile()
      return file.slice(0, file.size, meta.mime)
    },
    async abort() {
      await client.call({ op: 'sink-abort', id }).catch(() => {})
      await remove()
    },
  }
}
