import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { DEFAULTS, parseServeOptions, ServeError } from './options'
import { assertPortFree } from './ports'

describe('npm start settings', () => {
  it('defaults: 8443 for the app, 8080 for the install page, .certs/, every interface, build', () => {
    expect(parseServeOptions({}, [])).toEqual({
      httpsPort: DEFAULTS.httpsPort,
      httpPort: DEFAULTS.httpPort,
      certDir: '.certs',
      listen: undefined,
      build: true,
    })
  })

  it('takes ports, folder and address from the environment; PORT still works', () => {
    expect(
      parseServeOptions(
        {
          TATAP_HTTPS_PORT: '4591',
          TATAP_HTTP_PORT: '4592',
          TATAP_CERT_DIR: '/tmp/c',
          TATAP_LISTEN: '127.0.0.1',
        },
        ['--no-build'],
      ),
    ).toEqual({
      httpsPort: 4591,
      httpPort: 4592,
      certDir: '/tmp/c',
      listen: '127.0.0.1',
      build: false,
    })
    expect(parseServeOptions({ PORT: '9443' }, []).httpsPort).toBe(9443)
  })

  it('says what is wrong with a bad value, in a sentence', () => {
    expect(() => parseServeOptions({ TATAP_HTTP_PORT: 'eighty' }, [])).toThrow(
      'TATAP_HTTP_PORT=eighty is not a port number',
    )
    expect(() => parseServeOptions({ TATAP_HTTPS_PORT: '8080' }, [])).toThrow(
      'need two different ports',
    )
    expect(() => parseServeOptions({}, ['--serve-forever'])).toThrow(ServeError)
  })
})

describe('a busy port', () => {
  it('is reported with its number, its role and what to do', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const { port } = busy.address() as AddressInfo
    try {
      await expect(assertPortFree(port, '127.0.0.1', 'app')).rejects.toThrow(
        new RegExp(
          `^Port ${port} \\(the app\\) is already in use.*TATAP_HTTPS_PORT=\\d+ npm start`,
        ),
      )
    } finally {
      busy.close()
    }
    await expect(assertPortFree(port, '127.0.0.1', 'app')).resolves.toBeUndefined()
  })
})
