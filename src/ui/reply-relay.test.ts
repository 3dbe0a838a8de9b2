import { afterEach, describe, expect, it, vi } from 'vitest'
import { listenForReplies, offerReply, openBroadcastChannel } from './reply-relay'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the reply relay where the browser refuses a BroadcastChannel', () => {
  // Firefox with cookies and site data blocked: the constructor throws SecurityError.
  const refused = class {
    constructor() {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    }
  }

  it('opens no channel, offers nothing and listens to nothing, without throwing', async () => {
    vi.stubGlobal('BroadcastChannel', refused)
    expect(openBroadcastChannel('tatap-replies')).toBeNull()
    await expect(offerReply('https://x/#CODE', 10)).resolves.toBe(false)
    const stop = listenForReplies(async () => true)
    expect(() => stop()).not.toThrow()
  })

  it('no BroadcastChannel at all (Safari before 15.4): the same', async () => {
    vi.stubGlobal('BroadcastChannel', undefined)
    expect(openBroadcastChannel('tatap-replies')).toBeNull()
    await expect(offerReply('https://x/#CODE', 10)).resolves.toBe(false)
  })

  it('hands a reply to a listening tab where channels work', async () => {
    const stop = listenForReplies(async (text) => text === 'https://x/#CODE')
    await expect(offerReply('https://x/#CODE')).resolves.toBe(true)
    stop()
  })
})
