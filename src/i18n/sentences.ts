import type { Notice, Problem } from '../call/problems'
import type { CodecErrorReason } from '../codec'
import type { MediaProblem } from '../media/local-media'
import type { PeerFailure } from '../rtc/phase'
import type { Strings } from './en'

/**
 * Typed problems and notices (call/problems.ts) in words a person understands, with what to do
 * next. The only place they become sentences: the app renders them in the language on screen
 * (so a language switch rewords what is shown), the terminal prints them in English.
 */
export function problemText(t: Strings, problem: Problem): string {
  switch (problem.kind) {
    case 'code':
      return codecErrorText(t, problem.reason)
    case 'connection':
      return peerFailureText(t, problem.failure)
    case 'media':
      return mediaProblemText(t, problem.problem)
    case 'cut-off':
      return t.cutOff(problem.name)
    case 'reconnect-other-person':
      return t.errReconnectOtherPerson(problem.name)
    case 'stranded':
      return t.errStranded(problem.name)
    case 'reply-not-invite':
      return t.errReplyNotInvite
    case 'invite-not-reply':
      return t.errInviteNotReply
    case 'reply-without-call':
      return t.errReplyWithoutCall
    case 'invite-during-call':
      return t.errInviteDuringCall
    case 'rejected':
      return t.errRejected
    case 'room-full':
      return t.errRoomFull
    case 'reconnect-needs-their-code':
      return t.errReconnectNeedsTheirCode
    case 'reconnect-stale':
      return t.errReconnectStale
    case 'reconnect-without-call':
      return t.errReconnectWithoutCall
    case 'scan-camera':
      return t.errScanCamera
    case 'no-qr-in-image':
      return t.noQrInImage
    case 'share-failed':
      return t.errShareFailed
    case 'generic':
      return t.errGeneric
  }
}

export function noticeText(t: Strings, notice: Notice): string {
  switch (notice.kind) {
    case 'joined':
      return t.joined(notice.name)
    case 'left':
      return t.leftTheCall(notice.name)
    case 'lost':
      return t.lostConnectionTo(notice.name)
    case 'cut-off':
      return t.cutOff(notice.name)
    case 'reconnected':
      return t.reconnected(notice.name)
    case 'reply-delivered':
      return t.replyDelivered
    case 'reconnect-delivered':
      return t.reconnectDelivered
  }
}

function codecErrorText(t: Strings, reason: CodecErrorReason): string {
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

function mediaProblemText(t: Strings, problem: MediaProblem): string {
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

function peerFailureText(t: Strings, failure: PeerFailure): string {
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
