import { describe, expect, it } from 'vitest'
import { bytesToText } from './alphabet'
import { decodeSignal, encodeSignal } from './index'

/** Golden vectors: fixed SDPs, their exact frame bytes (format.ts) and code text. */

const FP_COUNTING = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(':')
const FP_REVERSED = FP_COUNTING.split(':').reverse().join(':')

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122194687 192.0.2.2 50000 typ host',
  'a=candidate:2 1 udp 2122265343 fd00::2 50001 typ host',
  'a=ice-ufrag:Ab+/',
  'a=ice-pwd:0123456789abcdefABCDEF+/',
  `a=fingerprint:sha-256 ${FP_COUNTING}`,
  'a=setup:actpass',
  'a=mid:0',
  '',
].join('\r\n')

// biome-ignore format: one commented line per field
const OFFER_FRAME = [
  0x20, //             header 001 00 00 0: version 1, offer (actpass), libwebrtc credentials, mid "0"
  0x01, 0xbf, 0xbf, // "Ab+/" -> 000000 011011 111110 111111
  0xd3, 0x5d, 0xb7, // "0123" -> 110100 110101 110110 110111 (digits are 52..61)
  0xe3, 0x9e, 0xbb, // "4567"
  0xf3, 0xd6, 0x9b, // "89ab"
  0x71, 0xd7, 0x9f, // "cdef" (a-z are 26..51)
  0x00, 0x10, 0x83, // "ABCD"
  0x10, 0x5f, 0xbf, // "EF+/" -> 000100 000101 111110 111111
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, // fingerprint, 32 raw bytes
  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
  0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
  0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
  0x00, //             candidate: 00 00 0 000 host, IPv4, UDP
  0xc0, 0x00, 0x02, 0x02, // 192.0.2.2
  0xc3, 0x50, //       port 50000
  0x10, //             candidate: 00 01 0 000 host, IPv6, UDP
  0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // fd00::2
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
  0xc3, 0x51, //       port 50001
  //                   82 bytes: even, no padding
  0x95, 0xa9, //       CRC-16/CCITT-FALSE of the 80 bytes above
]

const ANSWER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122194687 198.51.100.7 443 typ srflx raddr 10.0.0.1 rport 5000',
  'a=ice-ufrag:0a1b2c3d',
  'a=ice-pwd:00112233445566778899aabbccddeeff',
  `a=fingerprint:sha-256 ${FP_REVERSED}`,
  'a=setup:active',
  'a=mid:0',
  '',
].join('\r\n')

// biome-ignore format: one commented line per field
const ANSWER_FRAME = [
  0x2a, //             header 001 01 01 0: version 1, answer (active), hex credentials, mid "0"
  0x0a, 0x1b, 0x2c, 0x3d, // ufrag "0a1b2c3d", one nibble per digit
  0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, // pwd "00112233...eeff"
  0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
  0x1f, 0x1e, 0x1d, 0x1c, 0x1b, 0x1a, 0x19, 0x18, // fingerprint
  0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, 0x10,
  0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09, 0x08,
  0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00,
  0xfc, 0xe4, //       tag of OFFER (bound with replyTo)
  0x40, //             candidate: 01 00 0 000 srflx, IPv4, UDP (raddr not carried)
  0xc6, 0x33, 0x64, 0x07, // 198.51.100.7
  0x01, 0xbb, //       port 443
  0xee, 0xf1, //       CRC
]

const MID_OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'a=ice-ufrag:abcde',
  'a=ice-pwd:ABCDEFGHIJKLMNOPQRSTUV',
  `a=fingerprint:sha-256 ${Array(32).fill('AB').join(':')}`,
  'a=setup:actpass',
  'a=mid:dc',
  '',
].join('\r\n')

// biome-ignore format: one commented line per field
const MID_OFFER_FRAME = [
  0x25, //             header 001 00 10 1: version 1, offer, general credentials, mid present
  0x01, //             ufrag length 5 - 4
  0x00, //             pwd length 22 - 22
  0x69, 0xb7, 0x1d, 0x78, 0x00, 0x42, 0x0c, // "abcde" + "ABCD...UV", 27 x 6 bits
  0x41, 0x46, 0x1c, 0x82, 0x4a, 0x2c, 0xc3, // = 162 bits in 21 bytes
  0x4e, 0x3d, 0x04, 0x52, 0x4d, 0x45, 0x40, // last byte: 01 of 'V', then 6 zero fill bits
  ...Array(32).fill(0xab), // fingerprint
  0x02, 0x64, 0x63, // mid: length 2, "dc"
  //                   no candidates
  0x00, //             padding: 59 + 2 bytes would be odd
  0x20, 0x7b, //       CRC
]

describe('golden vectors', () => {
  it('encodes an offer byte for byte', () => {
    const code = encodeSignal({ type: 'offer', sdp: OFFER })
    expect(code).toBe(bytesToText(new Uint8Array(OFFER_FRAME)))
    expect(code).toBe(
      'YZ4A8TU7W70S47OK5+NRNDYWG00E/JYNE100NC04P0Q+0791TL1AY1W52DI2ZU2G23-E3JR30:3MB43O4S40200AH0+7CTL-000000000000000000200MUTJWM',
    )
  })

  it('encodes a bound answer byte for byte', () => {
    const code = encodeSignal(
      { type: 'answer', sdp: ANSWER },
      { replyTo: { type: 'offer', sdp: OFFER } },
    )
    expect(code).toBe(bytesToText(new Uint8Array(ANSWER_FRAME)))
    expect(code).toBe(
      'KG6R54$B9:O24X790DE8IJGNOOSTWX/Y-1O4KB4//3HR3$E3E23XU2BI2U528Y1RL1591O+02P0LC06607VYM7UN9FXA0-F$',
    )
  })

  it('encodes a mid, general credentials and padding byte for byte', () => {
    const code = encodeSignal({ type: 'offer', sdp: MID_OFFER })
    expect(code).toBe(bytesToText(new Uint8Array(MID_OFFER_FRAME)))
  })

  it('decodes the golden offer into the data-channel SDP', () => {
    const { type, sdp } = decodeSignal(bytesToText(new Uint8Array(OFFER_FRAME)))
    expect(type).toBe('offer')
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 770691339 2 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'a=group:BUNDLE 0',
      'a=msid-semantic: WMS',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=ice-ufrag:Ab+/',
      'a=ice-pwd:0123456789abcdefABCDEF+/',
      `a=fingerprint:sha-256 ${FP_COUNTING.toUpperCase()}`,
      'a=setup:actpass',
      'a=mid:0',
      'a=sctp-port:5000',
      'a=max-message-size:262144',
      'a=candidate:1 1 udp 2126512127 192.0.2.2 50000 typ host',
      'a=candidate:2 1 udp 2124414719 fd00::2 50001 typ host',
      'a=end-of-candidates',
      '',
    ])
  })

  it('decodes the golden answer, srflx with the raddr placeholder', () => {
    const { type, sdp } = decodeSignal(bytesToText(new Uint8Array(ANSWER_FRAME)), {
      replyTo: { type: 'offer', sdp: OFFER },
    })
    expect(type).toBe('answer')
    expect(sdp).toContain('\r\na=setup:active\r\n')
    expect(sdp).toContain(
      '\r\na=candidate:1 1 udp 1690304511 198.51.100.7 443 typ srflx raddr 0.0.0.0 rport 0\r\n',
    )
  })
})
