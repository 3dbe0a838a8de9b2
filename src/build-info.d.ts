/**
 * The app's version, fixed at build time by vite.config.ts: package.json's version, plus
 * `+ID` when the build ran with TATAP_BUILD_ID=ID (tests deploy a second build that way).
 */
declare const __TATAP_VERSION__: string
