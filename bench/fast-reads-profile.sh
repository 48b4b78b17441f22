#!/usr/bin/env bash
# Where a read's time goes: one release `wenlv serve`, wrk on loopback against routes that
# isolate one cost each. Each case runs DURATION (default 5s); 8 cases, under a minute.
#
#   WENLV_BIN=path/to/release/wenlv bash bench/fast-reads-profile.sh [out-file]
#
# | case | what it costs per request |
# | --- | --- |
# | healthz | the edge layers (request id, trace span, security headers, caching layers) and a trivial handler |
# | readyz | the same plus one database round trip (`SELECT 1`), as a per-request version check was |
# | places50-kept, home-kept | a ready answer: look-up and send |
# | places50-built, home-built | a key never seen before (a cookie `bench=1,2,...` the handlers ignore): the snapshot filtered, serialised or the page rendered, hashed, kept (the cost of every request before ready answers) |
# | places50-built-br, home-built-br | the same, compressed with brotli for the client |
set -euo pipefail
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-16}
: "${WENLV_BIN:?set WENLV_BIN to a release wenlv binary}"
out=${1:-/dev/stdout}
work=$(mktemp -d)
wenlv_pid=""
cleanup() {
  [[ -n "$wenlv_pid" ]] && kill "$wenlv_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
WENLV_LOG=warn WENLV_DATA_DIR="$work/data" WENLV_BASEMAP=none \
  "$WENLV_BIN" serve --addr "127.0.0.1:$port" >"$work/wenlv.log" 2>&1 &
wenlv_pid=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/api/places?limit=1" && break
  sleep 0.1
done

# A wrk script giving every request a cookie of its own, so a key never seen before (the
# handlers ignore the cookie, so they build the same answer; the API would refuse an unknown
# query parameter).
cat >"$work/unique.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  wrk.headers["Cookie"] = "bench=" .. n
  return wrk.format(nil, nil)
end
LUA

run() { # label path [unique] [header]
  local label=$1 path=$2 unique=${3:-} header=${4:-}
  local args=(-t1 -c"$CONNECTIONS" -d"$DURATION" --latency)
  [[ -n "$header" ]] && args+=(-H "$header")
  [[ -n "$unique" ]] && args+=(-s "$work/unique.lua")
  local text
  text=$(wrk "${args[@]}" "http://127.0.0.1:$port$path" 2>&1)
  local rps p50
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$text")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$text")
  printf '| %s | %s | %s | %.0f |\n' "$label" "$rps" "$p50" \
    "$(python3 -c "print(1e6 / float('$rps'))")" >>"$out"
}

{
  echo "wrk -t1 -c$CONNECTIONS -d$DURATION; $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| case | req/s | p50 | µs of the machine per request (1/throughput) |"
  echo "| --- | ---: | ---: | ---: |"
} >>"$out"
run healthz /healthz
run readyz /readyz
run places50-kept "/api/places?limit=50"
run places50-built "/api/places?limit=50" unique
run places50-built-br "/api/places?limit=50" unique "Accept-Encoding: br"
run home-kept /
run home-built / unique
run home-built-br / unique "Accept-Encoding: br"
echo >>"$out"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$out"
