#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs the whole suite:
# lint, types, unit tests, the production build, and the real-browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
# certutil: the e2e test of npm start trusts its CA in a throwaway NSS database, as a phone would.
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
# ip and sysctl: the e2e test of network outages puts each browser in its own network namespace.
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v sysctl >/dev/null 2>&1 || need+=(procps)
# WebKitGTK (a real WebKit without WebRTC): its WebDriver and MiniBrowser, under a virtual X
# server (xvfb-run needs xauth), for the e2e test of the screens every browser must show.
command -v WebKitWebDriver >/dev/null 2>&1 || need+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
command -v xauth >/dev/null 2>&1 || need+=(xauth)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

npm ci --no-audit --no-fund
npm test
