#!/usr/bin/env bash
# Serves wenlv with the Xining demo data on http://127.0.0.1:8080 (or $WENLV_ADDR).
# On a fresh Debian machine with Rust this also installs Node.js and npm, which the build uses
# (once) to fetch the pinned map library for the web pages.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "demo: installing Node.js and npm (needed once, to build the web assets)" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
exec cargo run -p wenlv -- serve "$@"
