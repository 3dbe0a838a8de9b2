import { createServer } from 'node:net'
import { ServeError } from './options'

/**
 * Fails with a sentence naming the port and what to do when `port` cannot be listened on;
 * checked before the build so a busy port is reported in a second, not after it.
 */
export function assertPortFree(
  port: number,
  host: string | undefined,
  role: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, port, role)))
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()))
  })
}

/** The sentence for a listen error on `port`, or the error itself when it is something else. */
export function portError(error: NodeJS.ErrnoException, port: number, role: string): Error {
  const variable = role === 'app' ? 'TATAP_HTTPS_PORT' : 'TATAP_HTTP_PORT'
  const other = port + 1000 <= 65535 ? port + 1000 : port - 1000
  if (error.code === 'EADDRINUSE') {
    return new ServeError(
      `Port ${port} (the ${role}) is already in use — is Tatap or another server already running? Stop it, or choose another port, e.g. ${variable}=${other} npm start.`,
    )
  }
  if (error.code === 'EACCES') {
    return new ServeError(
      `Port ${port} (the ${role}) needs administrator rights on this system. Choose a port above 1024, e.g. ${variable}=${role === 'app' ? 8443 : 8080} npm start.`,
    )
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new ServeError(
      `TATAP_LISTEN is set to an address this computer does not have. Unset it to listen on every network.`,
    )
  }
  return error
}
