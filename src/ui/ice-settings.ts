/**
 * ICE server settings, kept on this device (localStorage). Default: one public STUN server, as
 * GoMeet used; it only helps across networks, and an unreachable one costs at most the
 * gathering cap. "LAN only" (or a page opened with `?lan`) uses none: nothing leaves the local
 * network. A TURN server relays media when no direct path exists.
 */
export interface IceSettings {
  lanOnly: boolean
  stun: string[]
  turn: { url: string; username: string; credential: string } | null
}

export const DEFAULT_SETTINGS: IceSettings = {
  lanOnly: false,
  stun: ['stun:stun.l.google.com:19302'],
  turn: null,
}

const STORAGE_KEY = 'tatap.iceSettings'

/** Which field a problem is in, and what is wrong, for inline messages. */
export type SettingsProblem =
  | { field: 'stun'; line: number; value: string }
  | { field: 'turn-url' }
  | { field: 'turn-credentials' }

const STUN_URL = /^stuns?:[a-z0-9.\-[\]:]+(:\d{1,5})?(\?transport=(udp|tcp))?$/i
const TURN_URL = /^turns?:[a-z0-9.\-[\]:]+(:\d{1,5})?(\?transport=(udp|tcp))?$/i

/** Checks what the person typed. STUN: one URL per line; TURN: all three fields or none. */
export function validateSettings(input: {
  lanOnly: boolean
  stunText: string
  turnUrl: string
  turnUsername: string
  turnCredential: string
}): { settings: IceSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = []
  const stun: string[] = []
  input.stunText.split(/\r?\n/).forEach((raw, index) => {
    const value = raw.trim()
    if (!value) return
    if (STUN_URL.test(value)) stun.push(value)
    else problems.push({ field: 'stun', line: index + 1, value })
  })
  const url = input.turnUrl.trim()
  const username = input.turnUsername.trim()
  const credential = input.turnCredential
  let turn: IceSettings['turn'] = null
  if (url || username || credential) {
    if (!TURN_URL.test(url)) problems.push({ field: 'turn-url' })
    else if (!username || !credential) problems.push({ field: 'turn-credentials' })
    else turn = { url, username, credential }
  }
  return { settings: { lanOnly: input.lanOnly, stun, turn }, problems }
}

export function toIceServers(settings: IceSettings): RTCIceServer[] {
  if (settings.lanOnly) return []
  const servers: RTCIceServer[] = settings.stun.map((urls) => ({ urls }))
  if (settings.turn) {
    servers.push({
      urls: settings.turn.url,
      username: settings.turn.username,
      credential: settings.turn.credential,
    })
  }
  return servers
}

export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined): IceSettings {
  try {
    const saved = storage?.getItem(STORAGE_KEY)
    if (!saved) return DEFAULT_SETTINGS
    const value = JSON.parse(saved) as Partial<IceSettings>
    return {
      lanOnly: value.lanOnly === true,
      stun: Array.isArray(value.stun) ? value.stun.filter((s) => typeof s === 'string') : [],
      turn:
        value.turn && typeof value.turn.url === 'string'
          ? {
              url: value.turn.url,
              username: String(value.turn.username ?? ''),
              credential: String(value.turn.credential ?? ''),
            }
          : null,
    }
  } catch {
    return DEFAULT_SETTINGS
  }
}

export function saveSettings(storage: Pick<Storage, 'setItem'> | undefined, settings: IceSettings) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(settings))
  } catch {
    // Private mode without storage: the settings last for this visit only.
  }
}

/**
 * This page's localStorage, or undefined where there is none or touching it throws (Firefox and
 * Safari with cookies and site data blocked throw SecurityError on the mere read of the global).
 */
export function pageStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined
  } catch {
    return undefined
  }
}

/** The ICE servers for a new call on this page. */
export function loadIceServers(): RTCIceServer[] {
  if (new URLSearchParams(location.search).has('lan')) return []
  return toIceServers(loadSettings(pageStorage()))
}
