import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './security-headers.ts'

/**
 * Writes the Content-Security-Policy into the built index.html as the first element of <head>,
 * so the policy is in force before anything loads, on any static host. Build only: the dev
 * server's hot reload needs websockets and inline modules this policy forbids.
 */
export function cspMeta(): Plugin {
  return {
    name: 'tatap-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: contentSecurityPolicy('meta'),
          },
          injectTo: 'head-prepend',
        },
      ],
    },
  }
}
