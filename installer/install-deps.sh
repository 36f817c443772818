#!/usr/bin/env bash
# Installs every Debian 12 package that building, running and testing Gatehouse needs.
# Idempotent: packages already present are skipped, so a second run takes a second.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format
  # libraries
  qt6-base-dev qt6-declarative-dev qt6-charts-dev qt6-svg-dev qtkeychain-qt6-dev
  libqt6sql6-sqlite libqt6sql6-psql libgl-dev
  libssl-dev libsodium-dev libseccomp-dev libboost1.81-dev libgtest-dev libgmock-dev zlib1g-dev
  # running and testing
  openssl curl ca-certificates postgresql wrk python3 python3-jwt python3-cryptography
  xvfb xauth dbus-x11 dbus-daemon gnome-keyring
  # the end-to-end browser tests (playwright-core drives Debian's Chromium; never a downloaded one)
  chromium fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js (browser and interoperability tests, the peer benchmark) may come from elsewhere on the
# machine; Debian's nodejs conflicts with such installs, so only add it when none is present.
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"; }
apt_get install --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  apt_get update >/dev/null
  apt_get install --no-install-recommends "${missing[@]}" >/dev/null
}
