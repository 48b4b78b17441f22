#!/usr/bin/env bash
# Fast reads: a release `wenlv serve` next to nginx serving the very same bytes (saved from the
# product), measured by wrk in one run, side by side, on loopback. Bounded in time: each case runs
# DURATION (default 10s); 12 cases per server, so about 4 minutes in all.
#
#   bash bench/fast-reads.sh            # builds the release binary first (cargo build --release)
#   WENLV_BIN=path/to/wenlv bash bench/fast-reads.sh
#   RUN_NAME=fast-reads-2 bash bench/fast-reads.sh   # another folder name (default fast-reads)
#
# Needs nginx and wrk (Debian: apt-get install nginx-light wrk). Writes a dated folder under
# bench/runs/ with the raw wrk output and a summary table (summary.md).
#
# Both servers run with logging off per request (wenlv: WENLV_LOG=warn; nginx: access_log off),
# one nginx worker per core, wenlv on its default multi-threaded runtime.
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
stamp=$(date -u +%Y-%m-%d)
out="$root/bench/runs/$stamp-${RUN_NAME:-fast-reads}"
mkdir -p "$out"

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "fast-reads: $tool is missing (apt-get install nginx-light wrk curl)" >&2; exit 1; }
done

if [[ -z "${WENLV_BIN:-}" ]]; then
  (cd "$root" && cargo build --release -p wenlv)
  WENLV_BIN="${CARGO_TARGET_DIR:-$root/target}/release/wenlv"
fi

work=$(mktemp -d)
chmod 755 "$work"
wenlv_pid=""
nginx_pid=""
cleanup() {
  [[ -n "$wenlv_pid" ]] && kill "$wenlv_pid" 2>/dev/null || true
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wenlv_port=$(free_port)
nginx_port=$(free_port)

WENLV_LOG=warn WENLV_DATA_DIR="$work/data" WENLV_BASEMAP=none \
  "$WENLV_BIN" serve --addr "127.0.0.1:$wenlv_port" >"$work/wenlv.log" 2>&1 &
wenlv_pid=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$wenlv_port/api/places?limit=1" && break
  sleep 0.1
done

# name | product path (query included) | content type
# The issue's targets: places50 and place (JSON) >= 0.50 of nginx; home and placepage (HTML)
# >= 0.20.
cases=(
  "places50|/api/places?limit=50|application/json"
  "places|/api/places?limit=500|application/json"
  "place|/api/places/kumbum_monastery|application/json"
  "geojson|/api/places.geojson|application/geo+json"
  "offers|/api/offers|application/json"
  "home|/|text/html; charset=utf-8"
  "placepage|/places/kumbum_monastery|text/html; charset=utf-8"
  "page|/places|text/html; charset=utf-8"
)

mkdir -p "$work/www" "$work/nginx"
locations=""
for c in "${cases[@]}"; do
  IFS='|' read -r name path type <<<"$c"
  curl -sf -o "$work/www/$name" "http://127.0.0.1:$wenlv_port$path"
  locations+="    location = /$name { default_type \"$type\"; alias $work/www/$name; }"$'\n'
  curl -sf -H 'Accept-Encoding: br' -o "$work/www/$name.br" "http://127.0.0.1:$wenlv_port$path"
  locations+="    location = /$name.br { default_type \"$type\"; add_header Content-Encoding br; alias $work/www/$name.br; }"$'\n'
done

cat >"$work/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
$locations  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/place" && break
  sleep 0.1
done

# wrk's summary: requests/s, p50 and p99 latency.
measure() { # label url [header]
  local label=$1 url=$2 header=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  [[ -n "$header" ]] && args+=(-H "$header")
  wrk "${args[@]}" "$url" >"$out/$label.txt" 2>&1
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out/$label.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$label.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$label.txt")
  echo "$rps $p50 $p99"
}

{
  echo "# Fast reads, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback; $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') serves the bytes saved from wenlv. The machine is shared: absolute numbers vary with"
  echo "the other work on it; the ratio of two cases measured one after the other is the figure to read."
  echo
  echo "| case | bytes | wenlv req/s | nginx req/s | wenlv / nginx | wenlv p50 / p99 | nginx p50 / p99 |"
  echo "| --- | ---: | ---: | ---: | ---: | --- | --- |"
} >"$out/summary.md"

row() { # case-label bytes wenlv-result nginx-result
  read -r w_rps w_p50 w_p99 <<<"$3"
  read -r n_rps n_p50 n_p99 <<<"$4"
  ratio=$(python3 -c "print(f'{float(\"$w_rps\")/float(\"$n_rps\"):.2f}')")
  echo "| $1 | $2 | $w_rps | $n_rps | $ratio | $w_p50 / $w_p99 | $n_p50 / $n_p99 |" >>"$out/summary.md"
}

for c in "${cases[@]}"; do
  IFS='|' read -r name path _ <<<"$c"
  bytes=$(stat -c %s "$work/www/$name")
  w=$(measure "wenlv-$name" "http://127.0.0.1:$wenlv_port$path")
  n=$(measure "nginx-$name" "http://127.0.0.1:$nginx_port/$name")
  row "$name (200)" "$bytes" "$w" "$n"
done

# Compressed: the client accepts brotli; nginx serves the same brotli bytes (saved from wenlv)
# as a static file with Content-Encoding set, so both send the same bytes.
for name in places50 home; do
  path=$(printf '%s\n' "${cases[@]}" | awk -F'|' -v n="$name" '$1 == n {print $2}')
  bytes=$(stat -c %s "$work/www/$name.br")
  w=$(measure "wenlv-$name-br" "http://127.0.0.1:$wenlv_port$path" "Accept-Encoding: br")
  n=$(measure "nginx-$name-br" "http://127.0.0.1:$nginx_port/$name.br" "Accept-Encoding: br")
  row "$name (br)" "$bytes" "$w" "$n"
done

# Revalidation: the client already has the answer (If-None-Match with each server's own ETag).
for name in places50 home placepage page; do
  path=$(printf '%s\n' "${cases[@]}" | awk -F'|' -v n="$name" '$1 == n {print $2}')
  w_tag=$(curl -s -D - -o /dev/null "http://127.0.0.1:$wenlv_port$path" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
  n_tag=$(curl -s -D - -o /dev/null "http://127.0.0.1:$nginx_port/$name" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $w_tag" "http://127.0.0.1:$wenlv_port$path")" == 304 ]]
  w=$(measure "wenlv-$name-304" "http://127.0.0.1:$wenlv_port$path" "If-None-Match: $w_tag")
  n=$(measure "nginx-$name-304" "http://127.0.0.1:$nginx_port/$name" "If-None-Match: $n_tag")
  row "$name (304)" 0 "$w" "$n"
done

echo >>"$out/summary.md"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$out/summary.md"
cat "$out/summary.md"
