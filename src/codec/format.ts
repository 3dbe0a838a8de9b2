/**
 * The Tatap signal wire format, version 1 — every byte of a code is described here.
 *
 * A code is a frame of bytes written as text with the 41-character alphabet (alphabet.ts,
 * 2 bytes -> 3 chars). Multi-byte integers are big-endian.
 *
 * ```
 * offset  size  field
 * 0       1     header   bits 7..5 version (VERSION = 1; 0 never written)
 *                        bits 4..3 kind: 0 offer (a=setup:actpass), 1 answer (a=setup:active),
 *                                        2 answer (a=setup:passive), 3 reserved
 *                        bits 2..1 credential packing (below)
 *                        bit  0    mid present (clear: the mid is "0")
 * 1       n     credentials, by packing mode:
 *                 0 LIBWEBRTC  ufrag 4 + pwd 24 ice-chars, 6 bits each            -> 21 bytes
 *                 1 HEX        ufrag 8 + pwd 32 lowercase hex digits, 4 bits each -> 20 bytes
 *                 2 GENERAL    1 byte ufrag length - 4 (0..252), 1 byte pwd length - 22
 *                              (0..234), then ufrag + pwd ice-chars, 6 bits each, MSB first,
 *                              zero bits to the byte boundary       -> 2 + ceil(6 * chars / 8)
 *                 3 reserved
 *               6-bit ice-char values: A-Z 0-25, a-z 26-51, 0-9 52-61, '+' 62, '/' 63.
 * +n      32    DTLS certificate fingerprint, sha-256, raw
 * +32     0|1+m mid, only when the header says so: 1 byte length m (1..32) + m token chars
 * ...     0|2   answers only: offer tag, FNV-1a-32 of the offer's ufrag, pwd and fingerprint
 *               folded to 16 bits (tag.ts); 0 = the answer is not bound to an offer
 * ...     k*c   candidates, until the padding/checksum; each:
 *                 1 byte  bits 7..6 type: 0 host, 1 srflx, 2 prflx, 3 relay
 *                         bits 5..4 address: 0 IPv4 (4 bytes), 1 IPv6 (16 bytes),
 *                                            2 mDNS name "<uuid>.local" (16 bytes), 3 reserved
 *                         bit  3    transport: 0 UDP, 1 TCP (tcptype passive)
 *                         bits 2..0 reserved, 0
 *                 4|16    address
 *                 2       port, 1..65535
 * ...     0|1   padding 0x00, present when needed to make the frame length even
 * last 2  2     CRC-16/CCITT-FALSE of every byte before it
 * ```
 *
 * Invariants every future version keeps, so any decoder can tell "newer" from "damaged":
 * the version sits in header bits 7..5, the frame length is even and it ends with the CRC.
 *
 * Error detection: the frame length is even, so a valid code is a whole number of 3-char groups
 * and any single inserted or deleted character leaves a remainder. A single changed character
 * changes one 16-bit group, a burst the CRC-16 always detects.
 */

export const VERSION = 1

export const HEADER_VERSION_SHIFT = 5
export const HEADER_KIND_SHIFT = 3
export const HEADER_CREDENTIALS_SHIFT = 1
export const HEADER_MID_FLAG = 0b1

/** Header kind values: signal type and DTLS role are coupled by JSEP (RFC 8842 section 5). */
export const Kind = { offer: 0, answerActive: 1, answerPassive: 2 } as const

/** Credential packing modes (header bits 2..1). */
export const Credentials = { libwebrtc: 0, hex: 1, general: 2 } as const

export const LIBWEBRTC_UFRAG_CHARS = 4
export const LIBWEBRTC_PWD_CHARS = 24
export const HEX_UFRAG_CHARS = 8
export const HEX_PWD_CHARS = 32

/** RFC 8839 section 5.4 bounds, in characters. */
export const UFRAG_MIN = 4
export const UFRAG_MAX = 256
export const PWD_MIN = 22
export const PWD_MAX = 256

export const FINGERPRINT_BYTES = 32
export const MID_MAX_CHARS = 32
export const TAG_BYTES = 2
/** Tag value of an answer encoded without the offer it answers. */
export const TAG_UNBOUND = 0

export const CANDIDATE_TYPE_SHIFT = 6
export const CANDIDATE_ADDRESS_SHIFT = 4
export const CANDIDATE_TCP_FLAG = 0b1000
export const CANDIDATE_RESERVED_MASK = 0b0111

/** Candidate type values (bits 7..6). */
export const CandidateTypeCode = { host: 0, srflx: 1, prflx: 2, relay: 3 } as const

/** Candidate address forms (bits 5..4) and their sizes in bytes. */
export const AddressCode = { ipv4: 0, ipv6: 1, mdns: 2 } as const
export const ADDRESS_BYTES = { ipv4: 4, ipv6: 16, mdns: 16 } as const

export const PORT_BYTES = 2
export const CHECKSUM_BYTES = 2
export const PADDING_BYTE = 0x00

/** Candidates kept in a code; more would not fit a small QR code. */
export const MAX_CANDIDATES = 8

/** Smallest possible frame: header, hex credentials, fingerprint, checksum, padding. */
export const MIN_FRAME_BYTES = 56

/** Inputs longer than this (in UTF-16 code units, before clean-up) are not codes. */
export const MAX_INPUT_CHARS = 4096
