/**
 * ICE servers for new calls. Default: one public STUN server, as GoMeet used; it only helps across
 * networks, and an unreachable one costs at most the gathering cap. A page opened with `?lan`
 * (or a saved "LAN only" choice) uses none, so nothing leaves the local network.
 */
export const DEFAULT_ICE_SERVERS: RTCIceServer[] = [{ urls: 'stun:stun.l.google.com:19302' }]

const STORAGE_KEY = 'tatap.iceServers'

export function loadIceServers(): RTCIceServer[] {
  if (new URLSearchParams(location.search).has('lan')) return []
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved) {
      const parsed: unknown = JSON.parse(saved)
      if (Array.isArray(parsed)) return parsed as RTCIceServer[]
    }
  } catch {
    // Unreadable settings fall back to the default.
  }
  return DEFAULT_ICE_SERVERS
}
