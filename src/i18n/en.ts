/** English strings. Accessible names used by tests are part of the product: change with care. */
export const en = {
  appTagline: 'Video calls, chat and files between devices. No server, no account.',
  yourName: 'Your name',
  namePlaceholder: 'e.g. Sari',
  startCall: 'Start a call',
  joinCall: 'Join a call',
  offlineReady: 'Ready to work offline.',
  install: 'Install app',
  updateReady: 'A new version of Tatap is ready.',
  update: 'Update',
  version: (version: string) => `Tatap version ${version}`,
  howItWorks:
    'One device starts a call and shows a code. The other scans it and shows a reply. Scan the reply, and you are connected directly.',

  // host
  hostTitle: 'Invite someone',
  hostPreparing: 'Preparing your invite…',
  hostStep1: 'Ask the other person to scan this code with their camera, or send them the link.',
  hostStep2: 'Then scan or paste the reply their screen shows.',
  inviteQr: 'Invite QR code',
  inviteCode: 'Invite code',
  copyInvite: 'Copy invite',
  shareInvite: 'Share invite',
  scanReply: 'Scan reply',
  replyCode: 'Reply code',
  replyPlaceholder: 'Paste the reply code here',
  connect: 'Connect',
  copied: 'Copied',
  cancel: 'Cancel',
  back: 'Back',

  // guest
  guestTitle: 'Join a call',
  guestIntro: 'Scan the invite QR code, or paste the invite link or code you were sent.',
  invitePlaceholder: 'Paste the invite link or code here',
  scanQr: 'Scan QR code',
  join: 'Join',
  joining: 'Preparing your reply…',
  replyTitle: 'Show this reply to the host',
  replyStep: 'The host scans this code, or you send them the reply text.',
  replyQr: 'Reply QR code',
  copyReply: 'Copy reply',
  shareReply: 'Share reply',
  waitingForHost: 'Waiting for the host to scan your reply…',
  replyOverdue:
    'Still waiting. An invite works for one person only: if someone else already joined with it, ask the host for a new invite and join with that.',
  replyDelivered: 'The reply was handed to your call in the other tab. You can close this tab.',

  // scanner
  scannerTitle: 'Point the camera at the QR code',
  scannerStarting: 'Starting the camera…',
  chooseImage: 'Choose a picture',
  closeScanner: 'Close scanner',
  noQrInImage: 'No QR code was found in that picture. Try a sharper one, or paste the code.',

  // states
  connecting: 'Connecting…',
  connected: 'Connected',
  connectionDropped: (names: string) => `${names}’s connection dropped — waiting to reconnect…`,
  interrupted: 'Connection interrupted — trying to recover…',
  pathLost: (names: string) =>
    `The network between you and ${names} changed. If the call does not come back by itself, tap Reconnect and exchange new codes — the call, chat and files carry on.`,
  pathLostRoomHint: 'Reconnecting with one person is enough: the others come back through them.',
  reconnectWith: (name: string) => `Reconnect with ${name}`,
  closeReconnect: 'Close reconnect',
  reconnectPreparing: 'Preparing the reconnect code…',
  reconnectShowCode: (name: string) =>
    `Ask ${name} to tap Reconnect and scan this code, or send them the link.`,
  reconnectTakeCode: (name: string) =>
    `Ask ${name} to tap Reconnect, then scan or paste the code their screen shows.`,
  reconnectShowReply: (name: string) =>
    `Show this reply to ${name}. The call continues as soon as ${name} scans it.`,
  reconnectQr: 'Reconnect QR code',
  reconnectCode: 'Reconnect code',
  copyReconnect: 'Copy reconnect code',
  shareReconnect: 'Share reconnect code',
  scanReconnect: 'Scan reconnect code',
  reconnectPlaceholder: 'Paste the reconnect code here',
  continueCall: 'Continue call',
  reconnected: (name: string) => `Reconnected with ${name}.`,
  reconnectDelivered: 'The code was handed to your call in the other tab. You can close this tab.',
  receiveOnly: 'You are in the call without camera and microphone.',

  // call
  you: 'You',
  videoOf: (name: string) => `Video of ${name}`,
  screenOf: (name: string) => `Screen of ${name}`,
  youArePresenting: 'You are presenting your screen',
  callControls: 'Call controls',
  isMuted: (name: string) => `${name} is muted`,
  guestName: 'Guest',
  hostName: 'Host',
  muteMic: 'Mute microphone',
  unmuteMic: 'Unmute microphone',
  cameraOff: 'Turn camera off',
  cameraOn: 'Turn camera on',
  switchCamera: 'Switch camera',
  shareScreen: 'Share screen',
  stopSharing: 'Stop sharing',
  inviteSomeone: 'Invite someone',
  chat: 'Chat',
  sendFile: 'Send file',
  leaveCall: 'Leave call',
  message: 'Message',
  sendMessage: 'Send message',
  moreOptions: 'More options',
  people: 'People',
  closePeople: 'Close people',
  closeInvite: 'Close invite',
  inviteTitle: 'Invite someone to this call',
  sendFileTo: (name: string) => `Send file to ${name}`,
  previousPage: 'Previous page',
  nextPage: 'Next page',
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  pin: (name: string) => `Pin ${name}`,
  unpin: (name: string) => `Unpin ${name}`,
  connectingTo: (name: string) => `Connecting to ${name}…`,
  unreachable: (name: string) =>
    `Could not connect to ${name}. The others can still see and hear you.`,
  unreachableShort: 'Could not connect',
  speaking: (name: string) => `${name} is speaking`,
  micOnLabel: 'Microphone on',
  micOffLabel: 'Microphone off',
  camOnLabel: 'Camera on',
  camOffLabel: 'Camera off',
  toPeer: (name: string) => `To ${name}`,
  fromPeer: (name: string) => `From ${name}`,
  leaveTitle: 'Leave the call?',
  leaveBody: 'The others stay in the call. To come back, someone has to invite you again.',
  stay: 'Stay',
  leave: 'Leave',
  verifyWith: (name: string) => `Check with ${name}`,
  verifyHint:
    'If you exchanged codes through a chat app, read these pictures to each other. If they differ, someone is in between — leave the call.',
  cutOff: (name: string) =>
    `${name} sent far more than a person could, so Tatap ended the connection to them.`,
  errFlood: 'The other device sent far more than a person could, so Tatap ended the connection.',
  olderMessagesHidden: 'Earlier messages are not shown.',
  joined: (name: string) => `${name} joined the call`,
  lostConnectionTo: (name: string) => `The connection to ${name} was lost.`,
  errStranded: (name: string) =>
    `${name} left before you were connected to the others. Ask someone in the call for a new invite.`,
  errRoomFull:
    'This call already has 8 people, the most a call without a server can hold. Someone has to leave before anyone else can join.',
  leftTheCall: (name: string) => `${name} left the call`,
  youLeft: 'You left the call',
  backHome: 'Back to start',

  settings: 'Settings',
  settingsTitle: 'Connection settings',
  lanOnly: 'LAN only',
  lanOnlyHint:
    'Use no outside servers: calls work only between devices on the same network, and nothing leaves it.',
  stunServers: 'STUN servers (one per line)',
  stunHint: 'Help devices on different networks find each other. Default: a public Google server.',
  turnServer: 'TURN server',
  turnHint:
    'Relays calls when no direct path exists (strict firewalls, mobile data). Use your own.',
  turnUrl: 'TURN URL',
  turnUsername: 'TURN username',
  turnCredential: 'TURN password',
  saveSettings: 'Save',
  saved: 'Saved. New calls use these settings.',
  restoreDefaults: 'Restore defaults',
  badStun: (line: number, value: string) =>
    `Line ${line} (“${value}”) is not a STUN address. Write it like stun:stun.example.org:3478.`,
  badTurnUrl: 'The TURN URL must look like turn:turn.example.org:3478 (or turns: for TLS).',
  badTurnCredentials: 'A TURN server needs both a username and a password.',
  devices: 'Devices',
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
  closeSettings: 'Close settings',
  pathLan: 'Direct on this network',
  pathInternet: 'Direct over the internet',
  pathRelay: 'Relayed through a TURN server',
  connectionInfo: 'Connection info',
  roundTrip: 'Round trip',
  sending: 'Sending',
  receiving: 'Receiving',
  incomingVideo: 'Incoming video',
  quality: (level: string) => `Connection quality: ${level}`,
  qualityGood: 'good',
  qualityFair: 'fair',
  qualityPoor: 'poor',
  receivedFiles: 'Files from your last call',
  turnOnSound: 'Tap to turn on sound',
  messages: 'Messages',
  notSentYet: 'not sent yet',
  closeChat: 'Close chat',
  noMessagesYet: 'Messages stay between the two of you: they go straight to the other device.',
  chooseFiles: 'Choose files to send',
  dropFiles: 'Drop files to send them',
  wantsToSend: (name: string) => `${name} wants to send`,
  accept: (file: string) => `Accept ${file}`,
  decline: (file: string) => `Decline ${file}`,
  cancelFile: (file: string) => `Cancel ${file}`,
  save: (file: string) => `Save ${file}`,
  dismissFile: (file: string) => `Dismiss ${file}`,
  waitingForAccept: 'Waiting for the other side to accept…',
  queued: 'Queued',
  verifying: 'Checking the file…',
  sent: 'Sent and verified',
  received: 'Received and verified',
  progressOf: (done: string, total: string) => `${done} of ${total}`,
  perSecond: (rate: string) => `${rate}/s`,
  secondsLeft: (seconds: number) =>
    seconds < 60 ? `${Math.ceil(seconds)} s left` : `${Math.ceil(seconds / 60)} min left`,
  declinedByPeer: 'Declined by the other side',
  declinedByMe: 'Declined',
  cancelledByPeer: 'Cancelled by the other side',
  cancelledByMe: 'Cancelled',
  failMismatch:
    'The file arrived damaged (checksum mismatch) and was discarded. Try sending it again.',
  failConnection: 'The connection dropped during the transfer. Try sending it again.',
  failRead: 'The file could not be read on the sending device (moved or deleted?).',
  failWrite: 'The file could not be stored on the receiving device (storage full?).',
  failProtocol: 'The other device sent something unexpected; the transfer was stopped.',
  chatTooLong: 'That message is too long to send. Split it into shorter ones.',
  // errors
  errEmpty: 'The code is empty. Paste the whole code or link, or scan the QR code.',
  errNotACode:
    'That is not a Tatap code. Check that you copied the whole link or code, or scan the QR code instead.',
  errCorrupted:
    'That code is damaged — a character is wrong or missing. Copy it again in full, or scan the QR code.',
  errTruncated: 'That code is cut off. Copy it again in full, or scan the QR code.',
  errVersion:
    'That code was made by a newer version of Tatap. Open Tatap while connected to the internet (or to the computer that serves it); when “A new version of Tatap is ready” appears, tap Update, then try again.',
  errWrongOffer:
    'This reply belongs to another invite. Ask the other person to join with the invite on this screen, then scan their new reply.',
  errInviteNotReply:
    'This is an invite, not a reply. Ask the other person for the reply code their screen shows after they join.',
  errReplyNotInvite:
    'This is a reply code, not an invite. Ask the person who started the call for their invite.',
  errReplyWithoutCall:
    'This is a reply code, and no call is waiting for it in this browser. Open it on the device that started the call, or paste it there into the Reply code box.',
  errInviteDuringCall:
    'You are in a call already. To join the call of that invite, leave this one first, then open the invite again.',
  errReconnectNeedsTheirCode:
    'This is a reply code. Scan the reconnect code on the other person’s screen instead.',
  errReconnectOtherPerson: (name: string) =>
    `This code is not from ${name}. Scan the reconnect code on ${name}’s screen.`,
  errReconnectStale:
    'That reply is for an earlier reconnect code. Ask for a reply to the code shown now.',
  errReconnectWithoutCall:
    'This is a reconnect code, and no call in this browser is waiting for it. Open it on the device that is in the call, or tap Reconnect there and scan it.',
  errRejected: 'Your browser could not use that code. Ask for a new one and try again.',
  errMediaDenied:
    'Camera and microphone are blocked. You can still join without them; to use them, allow access in your browser’s site settings.',
  errMediaMissing: 'No camera or microphone was found. You are joining without them.',
  errMediaUnavailable:
    'The camera or microphone could not be started — another app may be using it. You are joining without it.',
  errMediaUnsupported:
    'This browser cannot use the camera here. Open Tatap over https (or install it) to use camera and microphone.',
  errScanCamera:
    'The camera could not be opened for scanning. Allow camera access, choose a picture of the QR code, or paste the code.',
  errNoRoute:
    'The devices could not reach each other. Make sure both are on the same Wi‑Fi or hotspot; across different networks a TURN server may be needed (Settings).',
  errTimeout:
    'Connecting took too long. Make sure both devices are on the same network, then start again with a new invite.',
  errLost: 'The connection was lost. Start a new call to reconnect.',
  errGeneric: 'Something went wrong. Please try again.',
  dismiss: 'Dismiss',
  tryAgain: 'Try again',

  // Language & appearance
  language: 'Language',

  // Phone & desktop conveniences
  notifyWhenHidden: 'Notify me when hidden',
  notifyBlocked:
    'Notifications are blocked for Tatap. To get them, allow notifications in your browser’s site settings.',
  notifyNewMessages: (count: number) => `${count} new messages`,
  notifyFileOffer: (name: string) => `${name} wants to send you a file`,
  notifyFileOffers: (count: number) => `${count} files offered to you`,
  pipShow: (name: string) => `Show ${name} in picture-in-picture`,
  pipClose: 'Close picture-in-picture',
  /** A control's tooltip with its keyboard shortcut, e.g. "Mute microphone (Ctrl+D)". */
  withShortcut: (label: string, keys: string) => `${label} (${keys})`,

  // Share sheet & scanner
  sharedFiles: 'Files ready to send',
  sharedFilesHint: 'Shared to Tatap. They will be offered to the people in your next call.',
  sendSharedFiles: (count: number) =>
    count === 1
      ? 'Send the file shared to Tatap to everyone?'
      : `Send the ${count} files shared to Tatap to everyone?`,
  sendToEveryone: 'Send to everyone',
  notNow: 'Not now',
  discardShared: (file: string) => `Discard ${file}`,
  discard: 'Discard',
  errShareFailed:
    'The shared files could not be kept on this device. Share them again, or send them with Send file during a call.',
  flashlight: 'Flashlight',

  // Browsers without file storage (issue 27)
  failTooLarge: (limit: string) =>
    `Too large for this browser: with no file storage it keeps received files in memory, up to ${limit}. To receive it, open Tatap in Chrome, Safari or Firefox, not in a private window.`,
  failTooLargeThere:
    'The other device could not keep a file this large: its browser has no file storage (a private window?).',
  // What people do in a call (issue 28)
  previewOpensChat: 'Opens the chat',
  raiseHand: 'Raise hand',
  lowerHand: 'Lower hand',
  handRaised: (name: string) => `${name} raised a hand`,
  reactions: 'Reactions',
  reactionNames: {
    '👍': 'Thumbs up',
    '👏': 'Clap',
    '😂': 'Laugh',
    '❤️': 'Love',
    '🎉': 'Celebrate',
    '😮': 'Surprised',
  } as Record<string, string>,
  reacted: (name: string, reaction: string) => `${name}: ${reaction}`,
  noiseSuppression: 'Noise suppression',
  noiseSuppressionHint:
    'Your browser filters steady background noise (a fan, traffic, typing) out of your microphone before the others hear it. Turn it off to let everything through, such as music.',
  noiseSuppressionUnsupported: 'This browser cannot filter noise out of the microphone.',
  isRecording: (name: string) => `${name} is recording`,
  youAreRecording: 'You are recording',
  recordCall: 'Record call',
  stopRecording: 'Stop recording',
  recordingSaved: (file: string) => `Recording saved as ${file}`,
  recordingFailed: 'The recording could not be saved on this device.',
}

export type Strings = typeof en
