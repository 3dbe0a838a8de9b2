/** Where one peer connection stands; the UI renders each status in words. */
export type PeerPhase =
  | { status: 'new' }
  /** Collecting ICE candidates for the invite or reply code. */
  | { status: 'gathering' }
  /** Our code is ready; the other side has to take it (and, for the host, reply). */
  | { status: 'waiting' }
  /** Both descriptions are applied; ICE and DTLS are being established. */
  | { status: 'connecting' }
  /** The control channel is open. `path` comes later from getStats. */
  | { status: 'connected' }
  /**
   * Was connected; ICE says the path is down, the browser is trying to recover. `pathFailed`:
   * ICE gave up on the old path (the network changed or stayed away), so an ICE restart is under
   * way — in band, through a room member, or by a Reconnect code exchange.
   */
  | { status: 'interrupted'; pathFailed: boolean }
  | { status: 'failed'; reason: PeerFailure }
  | { status: 'ended'; by: 'me' | 'peer' }

export type PeerFailure =
  /** ICE found no working path between the two devices. */
  | 'no-route'
  /** The reply was applied but nothing connected within the time limit. */
  | 'timeout'
  /** Connected once, then lost and not recovered. */
  | 'lost'
  /** The browser refused a description (bad or incompatible code). */
  | 'rejected'
  /** The other side sent far more than a person could (a flood): we ended the connection. */
  | 'flood'
