/**
 * Applying an ICE restart that travelled as a code.
 *
 * A code (codec/) carries only what a new path needs: ICE credentials, the certificate
 * fingerprint, the DTLS role and the candidates. A connection that already exists has
 * negotiated much more (media sections, directions, codecs); an ICE restart changes none of it.
 * So a restart offer or answer read from a code is applied as the description this side already
 * holds from the other side, with the fresh credentials and candidates put in its place.
 */

/** The ICE ufrag an SDP announces (the first one; every bundled section carries the same). */
export function sdpUfrag(sdp: string): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1] ?? null
}

function sdpPwd(sdp: string): string | null {
  return /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1] ?? null
}

/**
 * `current` with the ICE credentials and candidates of `fresh`: every media section gets the
 * fresh ufrag and pwd; the old candidates go; the fresh ones, and a=end-of-candidates, go into
 * the first media section (the bundle's transport). Everything else of `current` stays as it is.
 * Throws when `fresh` has no credentials or `current` has no media section.
 */
export function spliceIce(current: string, fresh: string): string {
  const ufrag = sdpUfrag(fresh)
  const pwd = sdpPwd(fresh)
  if (!ufrag || !pwd) throw new Error('the new description has no ICE credentials')
  const candidates = fresh.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:'))
  const out: string[] = []
  let section = -1
  for (const line of current.split(/\r?\n/)) {
    if (line === '') continue
    if (line.startsWith('m=')) section++
    if (line.startsWith('a=candidate:') || line === 'a=end-of-candidates') continue
    if (line.startsWith('a=ice-ufrag:')) out.push(`a=ice-ufrag:${ufrag}`)
    else if (line.startsWith('a=ice-pwd:')) {
      out.push(`a=ice-pwd:${pwd}`)
      if (section === 0) out.push(...candidates, 'a=end-of-candidates')
    } else out.push(line)
  }
  if (section < 0) throw new Error('the connection has no media section to restart')
  return `${out.join('\r\n')}\r\n`
}
