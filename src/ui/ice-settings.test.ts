import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_SETTINGS,
  loadSettings,
  pageStorage,
  toIceServers,
  validateSettings,
} from './ice-settings'

const base = { lanOnly: false, stunText: '', turnUrl: '', turnUsername: '', turnCredential: '' }

describe('ICE settings', () => {
  it('accepts STUN URLs one per line and a complete TURN server', () => {
    const { settings, problems } = validateSettings({
      ...base,
      stunText: 'stun:stun.example.org:3478\n\n  stuns:[2001:db8::1]:5349  ',
      turnUrl: 'turn:turn.example.org:3478?transport=udp',
      turnUsername: 'sari',
      turnCredential: 's3cret',
    })
    expect(problems).toEqual([])
    expect(toIceServers(settings)).toEqual([
      { urls: 'stun:stun.example.org:3478' },
      { urls: 'stuns:[2001:db8::1]:5349' },
      { urls: 'turn:turn.example.org:3478?transport=udp', username: 'sari', credential: 's3cret' },
    ])
  })

  it('points at each wrong line and at an incomplete TURN server', () => {
    const { problems } = validateSettings({
      ...base,
      stunText: 'stun:ok.example\nhttp://not-stun\n',
      turnUrl: 'turn:relay.example',
    })
    expect(problems).toEqual([
      { field: 'stun', line: 2, value: 'http://not-stun' },
      { field: 'turn-credentials' },
    ])
    expect(validateSettings({ ...base, turnUrl: 'relay.example' }).problems).toEqual([
      { field: 'turn-url' },
    ])
  })

  it('LAN only means no ICE servers at all', () => {
    expect(toIceServers({ ...DEFAULT_SETTINGS, lanOnly: true })).toEqual([])
  })

  it('falls back to the defaults for missing or unreadable storage', () => {
    expect(loadSettings(undefined)).toEqual(DEFAULT_SETTINGS)
    expect(loadSettings({ getItem: () => '{not json' })).toEqual(DEFAULT_SETTINGS)
    expect(loadSettings({ getItem: () => '{"lanOnly":true,"stun":[],"turn":null}' }).lanOnly).toBe(
      true,
    )
  })
})

describe('pageStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('is undefined where reading localStorage throws (cookies and site data blocked)', () => {
    vi.stubGlobal('localStorage', undefined)
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError')
      },
    })
    expect(pageStorage()).toBeUndefined()
    expect(loadSettings(pageStorage())).toEqual(DEFAULT_SETTINGS)
  })

  it('is the storage where there is one', () => {
    const storage = { getItem: () => null } as unknown as Storage
    vi.stubGlobal('localStorage', storage)
    expect(pageStorage()).toBe(storage)
  })
})
