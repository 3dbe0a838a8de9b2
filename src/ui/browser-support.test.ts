import { describe, expect, it } from 'vitest'
import { detectSupport } from './browser-support'

/** A stand-in constructor with (or without) the static the app needs. */
function peerConnection(withCertificates = true): unknown {
  const Peer = function RTCPeerConnection() {}
  if (withCertificates) Object.assign(Peer, { generateCertificate: async () => ({}) })
  return Peer
}
const gum = { mediaDevices: { getUserMedia: async () => ({}) } }

describe('detectSupport', () => {
  it('a browser with WebRTC and a camera API can call and ask for the camera', () => {
    expect(detectSupport({ RTCPeerConnection: peerConnection(), navigator: gum })).toEqual({
      calls: true,
      camera: true,
    })
  })

  it('no RTCPeerConnection (WebKitGTK, Firefox with media.peerconnection.enabled off): no calls', () => {
    expect(detectSupport({ navigator: gum }).calls).toBe(false)
    expect(detectSupport({ RTCPeerConnection: undefined, navigator: gum }).calls).toBe(false)
  })

  it('an RTCPeerConnection without generateCertificate (Safari before 12.1): no calls', () => {
    expect(detectSupport({ RTCPeerConnection: peerConnection(false) }).calls).toBe(false)
  })

  it('something that is not a constructor in its place (an add-on stub): no calls', () => {
    expect(detectSupport({ RTCPeerConnection: { generateCertificate: () => null } }).calls).toBe(
      false,
    )
  })

  it('no mediaDevices (insecure context, old iOS web view): calls without a camera', () => {
    expect(detectSupport({ RTCPeerConnection: peerConnection(), navigator: {} })).toEqual({
      calls: true,
      camera: false,
    })
    expect(detectSupport({ RTCPeerConnection: peerConnection() }).camera).toBe(false)
    expect(detectSupport({ navigator: { mediaDevices: {} } }).camera).toBe(false)
  })
})
