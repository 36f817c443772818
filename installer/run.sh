#!/usr/bin/env bash
# Sets up and runs Gatehouse on this machine: installs the Debian packages, builds, creates a data
# directory on first use and runs the server on the embedded SQLite database.
#   - On a desktop (DISPLAY or WAYLAND_DISPLAY set): opens the dashboard, which starts the bundled
#     gatehoused on that data directory (running `init` the first time) and signs in to it; no
#     password to copy. Closing the dashboard stops the server.
#   - Without a display (or GATEHOUSE_HEADLESS=1): runs gatehoused in the foreground and prints
#     the credentials `init` made, once.
# Idempotent: a second run rebuilds what changed and serves the same data.
#
#   GATEHOUSE_DATA_DIR   data directory (default: /var/lib/gatehouse as root, else ~/.local/share/gatehouse)
#   GATEHOUSE_LISTEN     HOST:PORT for a first headless init (default 127.0.0.1:8443)
set -euo pipefail
cd "$(dirname "$0")/.."

./installer/install-deps.sh
if [ "$(id -u)" -eq 0 ]; then default_dir=/var/lib/gatehouse; else default_dir="$HOME/.local/share/gatehouse"; fi
data_dir="${GATEHOUSE_DATA_DIR:-$default_dir}"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${GATEHOUSE_HEADLESS:-0}" != 1 ]; then
  cmake --preset default >/dev/null
  cmake --build --preset default --target gatehouse gatehoused
  echo "== opening the dashboard on the local server in $data_dir"
  exec build/default/app/gatehouse --local --local-data-dir "$data_dir" \
    --gatehoused build/default/server/gatehoused/gatehoused
fi

cmake --preset server >/dev/null
cmake --build --preset server --target gatehoused
gatehoused=build/server/server/gatehoused/gatehoused
if [ ! -f "$data_dir/gatehoused.ini" ]; then
  echo "== first run: creating $data_dir"
  "$gatehoused" init --data-dir "$data_dir" --listen "${GATEHOUSE_LISTEN:-127.0.0.1:8443}"
  echo "== keep the credentials above: they are shown only this once"
else
  echo "== using the existing data directory $data_dir (its credentials were printed by its init)"
fi
exec "$gatehoused" run --data-dir "$data_dir"
