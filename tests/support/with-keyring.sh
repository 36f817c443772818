#!/usr/bin/env bash
# Runs a command with a private D-Bus session and an unlocked gnome-keyring in it (FACTS.md), so
# that QtKeychain talks to a real Secret Service without touching the user's own keyring. HOME
# and the XDG directories point into a temporary directory that is removed afterwards.
#
#   with-keyring.sh PROGRAM [ARGS...]
set -euo pipefail
scratch=$(mktemp -d /tmp/gatehouse-keyring.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
  XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# GATEHOUSE_TEST_KEYRING tells the tests that a real keychain is running here.
exec dbus-run-session -- bash -c '
  echo -n gatehouse-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  GATEHOUSE_TEST_KEYRING=1 exec "$@"' keyring "$@"
