import type { CodecErrorReason } from '../codec'
import type { MediaProblem } from '../media/local-media'
import type { PeerFailure } from '../rtc/phase'
import type { Strings } from './en'

/** Turns each typed failure into a sentence a person understands, with what to do next. */
export function codecErrorText(t: Strings, reason: CodecErrorReason): string {
  switch (reason) {
    case 'empty':
      return t.errEmpty
    case 'not-a-code':
      return t.errNotACode
    case 'corrupted':
      return t.errCorrupted
    case 'truncated':
      return t.errTruncated
    case 'unsupported-version':
      return t.errVersion
    case 'wrong-offer':
      return t.errWrongOffer
    case 'invalid-sdp':
      return t.errRejected
  }
}

export function mediaProblemText(t: Strings, problem: MediaProblem): string {
  switch (problem) {
    case 'denied':
      return t.errMediaDenied
    case 'missing':
      return t.errMediaMissing
    case 'unavailable':
      return t.errMediaUnavailable
    case 'unsupported':
      return t.errMediaUnsupported
  }
}

export function peerFailureText(t: Strings, failure: PeerFailure): string {
  switch (failure) {
    case 'no-route':
      return t.errNoRoute
    case 'timeout':
      return t.errTimeout
    case 'lost':
      return t.errLost
    case 'rejected':
      return t.errRejected
    case 'flood':
      return t.errFlood
  }
}
