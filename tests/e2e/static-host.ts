import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import { extname, join, normalize } from 'node:path'

/** Content types of what dist/ holds, for the test servers that serve it. */
export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
}

/**
 * The dumbest static HTTPS host: files by path, `/` → index.html, 404 for anything else; no SPA
 * fallback, no headers beyond Content-Type. If dist/ works from this, it works from any static
 * host that serves it at the root of an HTTPS origin.
 */
export async function serveStatic(options: {
  root: string
  port: number
  key: string
  cert: string
}): Promise<Server> {
  const server = createServer({ key: options.key, cert: options.cert }, async (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname
    const file = normalize(join(options.root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(options.root)) return void res.writeHead(404).end()
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve))
  return server
}
