#!/usr/bin/env bash
# Debian packages the project needs on a fresh machine: Chromium (end-to-end tests), socat (real
# PTY pairs for the device simulators), libusb (node-hid), build tools for better-sqlite3, the
# openssl CLI (the upstream mTLS test makes its private CA with it), PostgreSQL (the console storage
# tests start a throwaway cluster from its binaries), espeak-ng + vorbis-tools (the build renders the
# spoken prompts to Ogg Vorbis voice packs), libzinnia-dev + tegaki-zinnia-simplified-chinese (the
# handwriting helper native/handwriting/ is compiled against zinnia and loads the tegaki model).
set -euo pipefail
packages=(chromium socat libusb-1.0-0 libudev1 mosquitto postgresql fonts-wqy-microhei poppler-utils openssl python3 make g++ espeak-ng vorbis-tools libzinnia-dev tegaki-zinnia-simplified-chinese)
need=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ "${#need[@]}" -eq 0 ]; then echo "system packages: all present"; exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else echo "need root or sudo to install: ${need[*]}" >&2; exit 1; fi
fi
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
