import type { Strings } from './en'

/** Bahasa Indonesia. */
export const id: Strings = {
  appTagline: 'Panggilan video, obrolan, dan berkas antarperangkat. Tanpa server, tanpa akun.',
  yourName: 'Nama Anda',
  namePlaceholder: 'mis. Sari',
  startCall: 'Mulai panggilan',
  joinCall: 'Gabung panggilan',
  offlineReady: 'Siap dipakai tanpa internet.',
  install: 'Pasang aplikasi',
  updateReady: 'Versi baru Tatap sudah siap.',
  update: 'Perbarui',
  version: (version: string) => `Tatap versi ${version}`,
  howItWorks:
    'Satu perangkat memulai panggilan dan menampilkan kode. Perangkat lain memindainya dan menampilkan balasan. Pindai balasannya, dan kalian langsung terhubung.',
  hostTitle: 'Undang seseorang',
  hostPreparing: 'Menyiapkan undangan…',
  hostStep1:
    'Minta orang yang Anda undang memindai kode ini dengan kameranya, atau kirimkan tautannya.',
  hostStep2: 'Lalu pindai atau tempel balasan yang muncul di layarnya.',
  inviteQr: 'Kode QR undangan',
  inviteCode: 'Kode undangan',
  copyInvite: 'Salin undangan',
  shareInvite: 'Bagikan undangan',
  scanReply: 'Pindai balasan',
  replyCode: 'Kode balasan',
  replyPlaceholder: 'Tempel kode balasan di sini',
  connect: 'Hubungkan',
  copied: 'Disalin',
  cancel: 'Batal',
  back: 'Kembali',
  guestTitle: 'Gabung panggilan',
  guestIntro: 'Pindai kode QR undangan, atau tempel tautan atau kode undangan yang Anda terima.',
  invitePlaceholder: 'Tempel tautan atau kode undangan di sini',
  scanQr: 'Pindai kode QR',
  join: 'Gabung',
  joining: 'Menyiapkan balasan…',
  replyTitle: 'Tunjukkan balasan ini kepada yang mengundang Anda',
  replyStep: 'Ia cukup memindai kode ini, atau kirimkan teks balasannya kepadanya.',
  replyQr: 'Kode QR balasan',
  copyReply: 'Salin balasan',
  shareReply: 'Bagikan balasan',
  waitingForHost: 'Menunggu balasan Anda dipindai…',
  replyOverdue:
    'Masih menunggu. Satu undangan hanya untuk satu orang: jika orang lain sudah bergabung dengannya, minta undangan baru kepada orang yang memulai panggilan, lalu bergabung dengan itu.',
  replyDelivered: 'Balasan sudah diteruskan ke panggilan di tab lain. Tab ini boleh ditutup.',
  scannerTitle: 'Arahkan kamera ke kode QR',
  scannerStarting: 'Menyalakan kamera…',
  chooseImage: 'Pilih gambar',
  closeScanner: 'Tutup pemindai',
  noQrInImage:
    'Tidak ada kode QR di gambar itu. Coba gambar yang lebih tajam, atau tempel kodenya.',
  connecting: 'Menghubungkan…',
  connected: 'Terhubung',
  connectionDropped: (names: string) => `Koneksi ${names} terputus — menunggu tersambung lagi…`,
  interrupted: 'Koneksi terganggu — mencoba menyambung lagi…',
  pathLost: (names: string) =>
    `Jaringan antara Anda dan ${names} berubah. Jika panggilan tidak tersambung lagi dengan sendirinya, ketuk Sambungkan ulang dan tukar kode baru — panggilan, obrolan, dan berkas tetap berlanjut.`,
  pathLostRoomHint:
    'Cukup sambungkan ulang dengan satu orang: yang lain ikut tersambung lewat dia.',
  reconnectWith: (name: string) => `Sambungkan ulang dengan ${name}`,
  closeReconnect: 'Tutup sambung ulang',
  reconnectPreparing: 'Menyiapkan kode sambung ulang…',
  reconnectShowCode: (name: string) =>
    `Minta ${name} mengetuk Sambungkan ulang dan memindai kode ini, atau kirimkan tautannya.`,
  reconnectTakeCode: (name: string) =>
    `Minta ${name} mengetuk Sambungkan ulang, lalu pindai atau tempel kode yang muncul di layarnya.`,
  reconnectShowReply: (name: string) =>
    `Tunjukkan balasan ini kepada ${name}. Panggilan berlanjut begitu ${name} memindainya.`,
  reconnectQr: 'Kode QR sambung ulang',
  reconnectCode: 'Kode sambung ulang',
  copyReconnect: 'Salin kode sambung ulang',
  shareReconnect: 'Bagikan kode sambung ulang',
  scanReconnect: 'Pindai kode sambung ulang',
  reconnectPlaceholder: 'Tempel kode sambung ulang di sini',
  continueCall: 'Lanjutkan panggilan',
  reconnected: (name: string) => `Tersambung lagi dengan ${name}.`,
  reconnectDelivered: 'Kode sudah diteruskan ke panggilan di tab lain. Tab ini boleh ditutup.',
  receiveOnly: 'Anda ikut panggilan tanpa kamera dan mikrofon.',
  you: 'Anda',
  videoOf: (name: string) => `Video ${name}`,
  screenOf: (name: string) => `Layar ${name}`,
  youArePresenting: 'Anda sedang membagikan layar',
  callControls: 'Kontrol panggilan',
  isMuted: (name: string) => `Mikrofon ${name} dimatikan`,
  guestName: 'Tamu',
  hostName: 'Penyelenggara',
  muteMic: 'Bisukan mikrofon',
  unmuteMic: 'Nyalakan mikrofon',
  cameraOff: 'Matikan kamera',
  cameraOn: 'Nyalakan kamera',
  switchCamera: 'Ganti kamera',
  shareScreen: 'Bagikan layar',
  stopSharing: 'Berhenti berbagi',
  inviteSomeone: 'Undang seseorang',
  chat: 'Obrolan',
  sendFile: 'Kirim berkas',
  leaveCall: 'Keluar dari panggilan',
  message: 'Pesan',
  sendMessage: 'Kirim pesan',
  moreOptions: 'Opsi lainnya',
  people: 'Peserta',
  closePeople: 'Tutup daftar peserta',
  closeInvite: 'Tutup undangan',
  inviteTitle: 'Undang seseorang ke panggilan ini',
  sendFileTo: (name: string) => `Kirim berkas ke ${name}`,
  previousPage: 'Halaman sebelumnya',
  nextPage: 'Halaman berikutnya',
  pageOf: (page: number, pages: number) => `Halaman ${page} dari ${pages}`,
  pin: (name: string) => `Sematkan ${name}`,
  unpin: (name: string) => `Lepas sematan ${name}`,
  connectingTo: (name: string) => `Menghubungkan ke ${name}…`,
  unreachable: (name: string) =>
    `Tidak bisa tersambung ke ${name}. Peserta lain tetap bisa melihat dan mendengar Anda.`,
  unreachableShort: 'Gagal terhubung',
  speaking: (name: string) => `${name} sedang berbicara`,
  micOnLabel: 'Mikrofon menyala',
  micOffLabel: 'Mikrofon mati',
  camOnLabel: 'Kamera menyala',
  camOffLabel: 'Kamera mati',
  toPeer: (name: string) => `Untuk ${name}`,
  fromPeer: (name: string) => `Dari ${name}`,
  leaveTitle: 'Keluar dari panggilan?',
  leaveBody:
    'Peserta lain tetap dalam panggilan. Untuk kembali, seseorang harus mengundang Anda lagi.',
  stay: 'Tetap di sini',
  leave: 'Keluar',
  verifyWith: (name: string) => `Cocokkan dengan ${name}`,
  verifyHint:
    'Jika kalian bertukar kode lewat aplikasi chat, saling sebutkan gambar-gambar ini. Jika ada yang berbeda, ada pihak lain yang menyusup di antara kalian — keluar dari panggilan.',
  cutOff: (name: string) =>
    `${name} mengirim data jauh lebih banyak daripada yang mungkin dikirim manusia, jadi Tatap memutus sambungan dengannya.`,
  errFlood:
    'Perangkat lain mengirim data jauh lebih banyak daripada yang mungkin dikirim manusia, jadi Tatap memutus sambungan.',
  olderMessagesHidden: 'Pesan yang lebih lama tidak ditampilkan.',
  joined: (name: string) => `${name} bergabung dalam panggilan`,
  lostConnectionTo: (name: string) => `Sambungan ke ${name} terputus.`,
  errStranded: (name: string) =>
    `${name} keluar sebelum Anda tersambung dengan yang lain. Minta undangan baru kepada seseorang di panggilan itu.`,
  errRoomFull:
    'Panggilan ini sudah berisi 8 orang, jumlah terbanyak untuk panggilan tanpa server. Seseorang harus keluar dulu sebelum orang lain bisa bergabung.',
  leftTheCall: (name: string) => `${name} meninggalkan panggilan`,
  youLeft: 'Anda meninggalkan panggilan',
  backHome: 'Kembali ke awal',
  settings: 'Pengaturan',
  settingsTitle: 'Pengaturan koneksi',
  lanOnly: 'Hanya LAN',
  lanOnlyHint:
    'Tanpa server luar: panggilan hanya bisa antarperangkat di jaringan yang sama, dan tidak ada data yang keluar dari jaringan itu.',
  stunServers: 'Server STUN (satu per baris)',
  stunHint:
    'Membantu perangkat di jaringan berbeda saling menemukan. Bawaan: server publik Google.',
  turnServer: 'Server TURN',
  turnHint:
    'Meneruskan panggilan bila tidak ada jalur langsung (firewall ketat, data seluler). Gunakan server Anda sendiri.',
  turnUrl: 'URL TURN',
  turnUsername: 'Nama pengguna TURN',
  turnCredential: 'Kata sandi TURN',
  saveSettings: 'Simpan',
  saved: 'Tersimpan. Panggilan baru memakai pengaturan ini.',
  restoreDefaults: 'Kembalikan ke bawaan',
  badStun: (line: number, value: string) =>
    `Baris ${line} (“${value}”) bukan alamat STUN. Tulis seperti stun:stun.example.org:3478.`,
  badTurnUrl: 'URL TURN harus seperti turn:turn.example.org:3478 (atau turns: untuk TLS).',
  badTurnCredentials: 'Server TURN perlu nama pengguna dan kata sandi.',
  devices: 'Perangkat',
  camera: 'Kamera',
  microphone: 'Mikrofon',
  speaker: 'Pengeras suara',
  closeSettings: 'Tutup pengaturan',
  pathLan: 'Langsung di jaringan ini',
  pathInternet: 'Langsung lewat internet',
  pathRelay: 'Diteruskan lewat server TURN',
  connectionInfo: 'Info koneksi',
  roundTrip: 'Waktu bolak-balik',
  sending: 'Mengirim',
  receiving: 'Menerima',
  incomingVideo: 'Video masuk',
  quality: (level: string) => `Kualitas koneksi: ${level}`,
  qualityGood: 'baik',
  qualityFair: 'cukup',
  qualityPoor: 'buruk',
  receivedFiles: 'Berkas dari panggilan terakhir',
  turnOnSound: 'Ketuk untuk menyalakan suara',
  messages: 'Pesan',
  notSentYet: 'belum terkirim',
  closeChat: 'Tutup obrolan',
  noMessagesYet: 'Pesan hanya antara kalian: langsung dikirim ke perangkat lawan bicara.',
  chooseFiles: 'Pilih berkas untuk dikirim',
  dropFiles: 'Lepaskan berkas untuk mengirimnya',
  wantsToSend: (name: string) => `${name} ingin mengirim`,
  accept: (file: string) => `Terima ${file}`,
  decline: (file: string) => `Tolak ${file}`,
  cancelFile: (file: string) => `Batalkan ${file}`,
  save: (file: string) => `Simpan ${file}`,
  dismissFile: (file: string) => `Tutup ${file}`,
  waitingForAccept: 'Menunggu diterima pihak lain…',
  queued: 'Dalam antrean',
  verifying: 'Memeriksa berkas…',
  sent: 'Terkirim dan terverifikasi',
  received: 'Diterima dan terverifikasi',
  progressOf: (done: string, total: string) => `${done} dari ${total}`,
  perSecond: (rate: string) => `${rate}/dtk`,
  secondsLeft: (seconds: number) =>
    seconds < 60 ? `sisa ${Math.ceil(seconds)} dtk` : `sisa ${Math.ceil(seconds / 60)} mnt`,
  declinedByPeer: 'Ditolak pihak lain',
  declinedByMe: 'Ditolak',
  cancelledByPeer: 'Dibatalkan pihak lain',
  cancelledByMe: 'Dibatalkan',
  failMismatch:
    'Berkas tiba dalam keadaan rusak (checksum tidak cocok) dan dibuang. Coba kirim lagi.',
  failConnection: 'Koneksi terputus saat pengiriman. Coba kirim lagi.',
  failRead: 'Berkas tidak bisa dibaca di perangkat pengirim (dipindah atau dihapus?).',
  failWrite: 'Berkas tidak bisa disimpan di perangkat penerima (penyimpanan penuh?).',
  failProtocol: 'Perangkat lain mengirim sesuatu yang tak terduga; pengiriman dihentikan.',
  chatTooLong: 'Pesan terlalu panjang. Bagi menjadi beberapa pesan.',
  errEmpty: 'Kodenya kosong. Tempel seluruh kode atau tautan, atau pindai kode QR.',
  errNotACode:
    'Itu bukan kode Tatap. Pastikan Anda menyalin seluruh tautan atau kode, atau pindai kode QR saja.',
  errCorrupted:
    'Kode itu rusak — ada karakter yang salah atau hilang. Salin lagi seluruhnya, atau pindai kode QR.',
  errTruncated: 'Kode itu terpotong. Salin lagi seluruhnya, atau pindai kode QR.',
  errVersion:
    'Kode itu dibuat oleh Tatap versi yang lebih baru. Buka Tatap saat tersambung ke internet (atau ke komputer yang menyajikannya); saat muncul “Versi baru Tatap sudah siap”, ketuk Perbarui, lalu coba lagi.',
  errWrongOffer:
    'Balasan ini untuk undangan lain. Minta orang itu bergabung dengan undangan di layar ini, lalu pindai balasan barunya.',
  errInviteNotReply:
    'Ini undangan, bukan balasan. Minta kode balasan yang muncul di layar orang itu setelah ia bergabung.',
  errReplyNotInvite:
    'Ini kode balasan, bukan undangan. Minta undangan dari orang yang memulai panggilan.',
  errReplyWithoutCall:
    'Ini kode balasan, dan tidak ada panggilan yang menunggunya di peramban ini. Buka di perangkat yang memulai panggilan, atau tempel di kotak Kode balasan di sana.',
  errInviteDuringCall:
    'Anda sedang dalam panggilan. Untuk bergabung ke panggilan undangan itu, keluar dulu dari panggilan ini, lalu buka undangannya lagi.',
  errReconnectNeedsTheirCode: 'Ini kode balasan. Pindai kode sambung ulang di layar orang itu.',
  errReconnectOtherPerson: (name: string) =>
    `Kode ini bukan dari ${name}. Pindai kode sambung ulang di layar ${name}.`,
  errReconnectStale:
    'Balasan itu untuk kode sambung ulang sebelumnya. Minta balasan untuk kode yang tampil sekarang.',
  errReconnectWithoutCall:
    'Ini kode sambung ulang, dan tidak ada panggilan di peramban ini yang menunggunya. Buka di perangkat yang sedang dalam panggilan, atau ketuk Sambungkan ulang di sana lalu pindai.',
  errRejected: 'Peramban Anda tidak bisa memakai kode itu. Minta kode baru dan coba lagi.',
  errMediaDenied:
    'Kamera dan mikrofon diblokir. Anda tetap bisa bergabung; untuk memakainya, izinkan akses di pengaturan situs peramban.',
  errMediaMissing: 'Kamera atau mikrofon tidak ditemukan. Anda bergabung tanpa perangkat itu.',
  errMediaUnavailable:
    'Kamera atau mikrofon tidak bisa dinyalakan — mungkin sedang dipakai aplikasi lain. Anda bergabung tanpa perangkat itu.',
  errMediaUnsupported:
    'Peramban ini tidak bisa memakai kamera di sini. Buka Tatap lewat https (atau pasang aplikasinya).',
  errScanCamera:
    'Kamera tidak bisa dibuka untuk memindai. Izinkan akses kamera, pilih gambar kode QR, atau tempel kodenya.',
  errNoRoute:
    'Kedua perangkat tidak bisa saling menjangkau. Pastikan keduanya di Wi‑Fi atau hotspot yang sama; antarjaringan mungkin perlu server TURN (Pengaturan).',
  errTimeout:
    'Terlalu lama menghubungkan. Pastikan kedua perangkat di jaringan yang sama, lalu mulai lagi dengan undangan baru.',
  errLost: 'Koneksi terputus. Mulai panggilan baru untuk menyambung lagi.',
  errGeneric: 'Terjadi kesalahan. Silakan coba lagi.',
  dismiss: 'Tutup',
  tryAgain: 'Coba lagi',

  // Language & appearance
  language: 'Bahasa',

  // Phone & desktop conveniences
  notifyWhenHidden: 'Beri tahu saya saat Tatap di latar belakang',
  notifyBlocked:
    'Notifikasi untuk Tatap diblokir. Agar bisa menerimanya, izinkan notifikasi di pengaturan situs peramban.',
  notifyNewMessages: (count: number) => `${count} pesan baru`,
  notifyFileOffer: (name: string) => `${name} ingin mengirim berkas kepada Anda`,
  notifyFileOffers: (count: number) => `${count} berkas ditawarkan kepada Anda`,
  pipShow: (name: string) => `Tampilkan ${name} dalam gambar-dalam-gambar`,
  pipClose: 'Tutup gambar-dalam-gambar',
  withShortcut: (label: string, keys: string) => `${label} (${keys})`,

  // Share sheet & scanner
  sharedFiles: 'Berkas siap dikirim',
  sharedFilesHint:
    'Dibagikan ke Tatap. Berkas ini akan ditawarkan kepada orang-orang di panggilan Anda berikutnya.',
  sendSharedFiles: (count: number) =>
    count === 1
      ? 'Kirim file yang dibagikan ke Tatap kepada semua orang?'
      : `Kirim ${count} file yang dibagikan ke Tatap kepada semua orang?`,
  sendToEveryone: 'Kirim ke semua',
  notNow: 'Nanti saja',
  discardShared: (file: string) => `Buang ${file}`,
  discard: 'Buang',
  errShareFailed:
    'Berkas yang dibagikan tidak bisa disimpan di perangkat ini. Bagikan lagi, atau kirim dengan Kirim berkas saat panggilan.',
  flashlight: 'Senter',

  // Browsers without file storage (issue 27)
  failTooLarge: (limit: string) =>
    `Terlalu besar untuk peramban ini: tanpa penyimpanan berkas, berkas yang diterima disimpan di memori, paling besar ${limit}. Untuk menerimanya, buka Tatap di Chrome, Safari, atau Firefox, bukan di jendela pribadi.`,
  failTooLargeThere:
    'Perangkat lain tidak bisa menyimpan berkas sebesar ini: perambannya tidak punya penyimpanan berkas (jendela pribadi?).',
}
