#!/usr/bin/env bash
# Runs a command with real OSRM routing servers on loopback over a small synthetic street grid
# (scripts/osrm-test-grid.py), and stops them afterwards even when the command fails.
#
# Exports for the tests:
#   WENLV_TEST_OSRM_FOOT_URL        foot profile
#   WENLV_TEST_OSRM_CAR_URL         car profile
#   WENLV_TEST_OSRM_FOOT_SMALL_URL  foot profile, table limit WENLV_TEST_OSRM_SMALL_TABLE (4)
#
# OSRM comes from the `osrm-bindings` Python wheel (needs Python >= 3.12), installed into a venv
# under ~/.cache/wenlv (or $WENLV_OSRM_VENV) when missing. Graphs use the MLD pipeline
# (extract -> partition -> customize): contraction on a regular grid is slow.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

venv=${WENLV_OSRM_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/wenlv/osrm-venv}
find_python() {
  local p
  for p in "$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python3 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 \
           "$(command -v python3.13 || true)" "$(command -v python3.12 || true)"; do
    [ -x "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import osrm' >/dev/null 2>&1; then
  python=$(find_python) || { echo "with-osrm: no Python >= 3.12 found (osrm-bindings needs one)" >&2; exit 1; }
  echo "with-osrm: installing osrm-bindings into $venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q osrm-bindings
fi
osrm=$("$venv/bin/python" -c 'import os, osrm; print(os.path.dirname(osrm.__file__))')
bin="$osrm/bin"
profiles="$osrm/share/profiles"

work=$(mktemp -d /tmp/wenlv-osrm.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$venv/bin/python" "$root/scripts/osrm-test-grid.py" "$work/grid.osm"
for profile in foot car; do
  mkdir -p "$work/$profile"
  cp "$work/grid.osm" "$work/$profile/grid.osm"
  # The enclave (6 nodes) must count as a component of its own, not be snapped away from.
  "$bin/osrm-extract" -l WARNING --small-component-size 3 -p "$profiles/$profile.lua" "$work/$profile/grid.osm" >"$work/$profile.log" 2>&1 \
    || { cat "$work/$profile.log" >&2; exit 1; }
  "$bin/osrm-partition" -l WARNING "$work/$profile/grid.osrm" >>"$work/$profile.log" 2>&1 \
    || { cat "$work/$profile.log" >&2; exit 1; }
  "$bin/osrm-customize" -l WARNING "$work/$profile/grid.osrm" >>"$work/$profile.log" 2>&1 \
    || { cat "$work/$profile.log" >&2; exit 1; }
done

free_port() {
  "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# start NAME PROFILE [osrm-routed options]: sets $url once the server answers.
start() {
  local name=$1 profile=$2 port i
  shift 2
  port=$(free_port)
  "$bin/osrm-routed" -l WARNING --algorithm mld -i 127.0.0.1 -p "$port" "$@" "$work/$profile/grid.osrm" \
    >"$work/$name.routed.log" 2>&1 &
  pids+=("$!")
  for i in $(seq 1 100); do
    if "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
         "http://127.0.0.1:$port/nearest/v1/$profile/101.78,36.62" 2>/dev/null; then
      url="http://127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  echo "with-osrm: $name server did not start:" >&2
  cat "$work/$name.routed.log" >&2
  return 1
}
export WENLV_TEST_OSRM_SMALL_TABLE=4
start foot foot
WENLV_TEST_OSRM_FOOT_URL=$url
start car car
WENLV_TEST_OSRM_CAR_URL=$url
start foot-small foot --max-table-size "$WENLV_TEST_OSRM_SMALL_TABLE"
WENLV_TEST_OSRM_FOOT_SMALL_URL=$url
export WENLV_TEST_OSRM_FOOT_URL WENLV_TEST_OSRM_CAR_URL WENLV_TEST_OSRM_FOOT_SMALL_URL
echo "with-osrm: foot $WENLV_TEST_OSRM_FOOT_URL, car $WENLV_TEST_OSRM_CAR_URL, foot (table limit $WENLV_TEST_OSRM_SMALL_TABLE) $WENLV_TEST_OSRM_FOOT_SMALL_URL" >&2
"$@"
