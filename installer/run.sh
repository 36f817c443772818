#!/usr/bin/env bash
# Sets up and runs Gatehouse on this machine: installs the Debian packages, builds the server,
# creates a data directory on first use (printing its credentials once) and runs gatehoused on the
# embedded SQLite database. Idempotent: a second run rebuilds what changed and serves the same data.
#
#   GATEHOUSE_DATA_DIR   data directory (default: /var/lib/gatehouse as root, else ~/.local/share/gatehouse)
#   GATEHOUSE_LISTEN     HOST:PORT for a first init (default 127.0.0.1:8443)
set -euo pipefail
cd "$(dirname "$0")/.."

./installer/install-deps.sh
# The dashboard arrives with its own issue; until then the server runs headless, with or without
# a display.
cmake --preset server >/dev/null
cmake --build --preset server --target gatehoused

gatehoused=build/server/server/gatehoused/gatehoused
if [ "$(id -u)" -eq 0 ]; then default_dir=/var/lib/gatehouse; else default_dir="$HOME/.local/share/gatehouse"; fi
data_dir="${GATEHOUSE_DATA_DIR:-$default_dir}"

if [ ! -f "$data_dir/gatehoused.ini" ]; then
  echo "== first run: creating $data_dir"
  "$gatehoused" init --data-dir "$data_dir" --listen "${GATEHOUSE_LISTEN:-127.0.0.1:8443}"
  echo "== keep the credentials above: they are shown only this once"
else
  echo "== using the existing data directory $data_dir (its credentials were printed by its init)"
fi
exec "$gatehoused" run --data-dir "$data_dir"
