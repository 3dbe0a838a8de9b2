import type { Language } from './language'

/**
 * The words of the screens for browsers that cannot call or are an app's built-in browser, and
 * of the iPhone install steps. Apart from en.ts and id.ts because few people ever see them: they
 * load with those screens (OpenElsewhere.tsx, InstallSteps.tsx), not with every start.
 * Accessible names used by tests are part of the product (docs/ui-names.md).
 */
const en = {
  cannotCallTitle: 'This browser cannot make calls',
  cannotCallWhy:
    'Tatap calls over WebRTC, and this browser has none: it lacks it, or it was switched off in its settings or by an add-on.',
  firefoxSwitch:
    'In Firefox, WebRTC is off when media.peerconnection.enabled is false (in about:config). Set it back to true, or use another browser.',
  openIn: (browser: string) => `Open Tatap in ${browser} instead.`,
  openInAny: 'Open Tatap in an up-to-date Chrome, Edge, Firefox or Safari instead.',
  inAppTitle: (app: string) => `You are in ${app}’s browser`,
  inAppTitleUnnamed: 'You are in an app’s built-in browser',
  inAppWhy:
    'Built-in browsers often cannot use the camera, and the call stops when you switch apps. For the call, open Tatap in the phone’s own browser.',
  inviteLink: 'Invite link',
  pageLink: 'Tatap link',
  inviteKept: 'Your invite is kept in this link.',
  copyLink: 'Copy link',
  copied: 'Copied',
  openInChrome: 'Open in Chrome',
  pasteInSafari: 'Then open Safari, tap the address bar, paste the link and go.',
  pasteElsewhere: 'Then paste it into the address bar of the other browser.',
  continueHere: 'Continue here',
  installTitle: 'Install Tatap',
  installSteps:
    'Tap Share (the square with an arrow) in the browser’s bar, then Add to Home Screen. Tatap then opens from your Home Screen and works offline.',
  close: 'Close',
}

export type ElsewhereStrings = typeof en

const id: ElsewhereStrings = {
  cannotCallTitle: 'Peramban ini tidak bisa melakukan panggilan',
  cannotCallWhy:
    'Tatap memanggil lewat WebRTC, dan peramban ini tidak memilikinya: memang tidak ada, atau dimatikan di pengaturannya atau oleh sebuah add-on.',
  firefoxSwitch:
    'Di Firefox, WebRTC mati jika media.peerconnection.enabled bernilai false (di about:config). Ubah kembali ke true, atau pakai peramban lain.',
  openIn: (browser: string) => `Buka Tatap di ${browser} saja.`,
  openInAny: 'Buka Tatap di Chrome, Edge, Firefox, atau Safari versi terbaru saja.',
  inAppTitle: (app: string) => `Anda berada di peramban ${app}`,
  inAppTitleUnnamed: 'Anda berada di peramban bawaan sebuah aplikasi',
  inAppWhy:
    'Peramban bawaan aplikasi sering tidak bisa memakai kamera, dan panggilan berhenti saat Anda berpindah aplikasi. Untuk panggilan, buka Tatap di peramban ponsel Anda sendiri.',
  inviteLink: 'Tautan undangan',
  pageLink: 'Tautan Tatap',
  inviteKept: 'Undangan Anda tetap tersimpan di tautan ini.',
  copyLink: 'Salin tautan',
  copied: 'Disalin',
  openInChrome: 'Buka di Chrome',
  pasteInSafari: 'Lalu buka Safari, ketuk bilah alamat, tempel tautannya, dan buka.',
  pasteElsewhere: 'Lalu tempel di bilah alamat peramban lain itu.',
  continueHere: 'Lanjut di sini',
  installTitle: 'Pasang Tatap',
  installSteps:
    'Ketuk Bagikan (kotak dengan panah) di bilah peramban, lalu Tambahkan ke Layar Utama. Setelah itu Tatap terbuka dari Layar Utama dan berfungsi tanpa internet.',
  close: 'Tutup',
}

export function elsewhereStrings(language: Language): ElsewhereStrings {
  return language === 'id' ? id : en
}
