#!/bin/sh
# Starts the kiosk browser of a browser-shell terminal (bianmin-kiosk-chromium.service).
#
# The per-launch token never appears on a command line (/proc/*/cmdline is world-readable): the
# URL read from <data dir>/run/launch-url (0600, written by `npm run serve`) carries a one-time
# launch code, which the page exchanges once for the token. Chromium's own command line shows
# that code, but it is spent by the time anyone could read it, and a second use is refused and
# raised as an alert staff see. Each exchange makes the shell write a fresh code for the next
# start; the first exchange of a fresh browser (no page connected) also replaces the token.
set -eu

data_dir="${1:?usage: bianmin-kiosk-chromium.sh <data dir>}"
launch_file="$data_dir/run/launch-url"

# The same fixed places the shell looks in (electron/shells/browser/chromium-locations.ts).
chromium=""
for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/lib/chromium/chromium /snap/bin/chromium \
  /usr/bin/google-chrome /usr/bin/google-chrome-stable /opt/google/chrome/chrome; do
  if [ -x "$candidate" ]; then chromium="$candidate"; break; fi
done
[ -n "$chromium" ] || { echo "bianmin-kiosk-chromium: no Chromium installed" >&2; exit 1; }

# Wait (up to 2 minutes) for the shell to start and write a launch URL.
tries=0
until [ -r "$launch_file" ]; do
  tries=$((tries + 1))
  [ "$tries" -le 120 ] || { echo "bianmin-kiosk-chromium: $launch_file did not appear" >&2; exit 1; }
  sleep 1
done
url="$(head -n 1 "$launch_file")"

# Voice prompts must play from the first screen, before any tap (as the Electron shell allows).
exec "$chromium" --kiosk --no-first-run --noerrdialogs --disable-session-crashed-bubble \
  --disable-features=Translate --autoplay-policy=no-user-gesture-required \
  --user-data-dir="$data_dir/run/chromium-profile" "$url"
