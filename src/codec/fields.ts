/** The middle layer: what a code carries, independent of SDP text and wire bytes. */

export type SignalType = 'offer' | 'answer'

/** a=setup value (RFC 8842): offers use actpass, answers active or passive. */
export type DtlsRole = 'actpass' | 'active' | 'passive'

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay'

/** ipv4: 4 bytes; ipv6: 16 bytes; mdns: the 16 bytes of the UUID in "<uuid>.local". */
export type AddressFamily = 'ipv4' | 'ipv6' | 'mdns'

export interface Address {
  family: AddressFamily
  bytes: Uint8Array
}

/** A component-1 ICE candidate the remote side can use. 'tcp' means tcptype passive. */
export interface Candidate {
  type: CandidateType
  transport: 'udp' | 'tcp'
  address: Address
  /** 1..65535 */
  port: number
}

export interface SignalFields {
  type: SignalType
  /** ICE credentials exactly as the browser made them (RFC 8839 ice-chars). */
  ufrag: string
  pwd: string
  /** sha-256 DTLS certificate fingerprint, 32 bytes. */
  fingerprint: Uint8Array
  role: DtlsRole
  /** mid of the data-channel m-line. */
  mid: string
  /** At most MAX_CANDIDATES, most useful first. */
  candidates: Candidate[]
  /** Answers: 16-bit tag of the offer answered, TAG_UNBOUND (0) when unbound. Offers: 0. */
  tag: number
}
