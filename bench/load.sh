#!/usr/bin/env bash
# Load test: a mixed visitor workload against a release `wenlv serve` on loopback, with oha,
# bounded in time (DURATION per engine; a run still going DURATION + 60 s later is stopped and
# fails) and in requests (at most MAX_QPS requests per second per stream, so MAX_QPS × DURATION):
#   1. SQLite: one server;
#   2. PostgreSQL: two servers on one database behind nginx (round robin, keep-alive), as the
#      README's Deploying section describes.
# All streams of an engine run at once, CONNECTIONS clients in all (default 16):
#
#   stream       share  request                                               target p99
#   places         5    GET /api/places?theme=…&limit=20 (place lists)        ≤ 20 ms
#   place          3    GET /api/places/{id}
#   pages          2    GET /places (the visitor page)
#   quotes         2    POST /api/quotes (three places)
#   itineraries    4    POST /api/itineraries (one day, themes, a budget)     ≤ 150 ms
#
#   bash bench/load.sh                        # builds the release binary (cargo build --release)
#   WENLV_BIN=path/to/wenlv DURATION=5s MAX_QPS=100 LABEL=small bash bench/load.sh
#
# Needs: oha (installed by this script with `cargo install oha --locked` into ~/.cache/wenlv/oha
# when missing), nginx and curl (Debian: apt-get install nginx-light curl), python3, and for the
# PostgreSQL half a server: WENLV_TEST_DATABASE_URL (an admin URL, as .ci/with-postgres.sh
# exports) or else the script runs that half under .ci/with-postgres.sh itself. SKIP_PG=1 skips it.
# Writes bench/runs/DATE-load[-LABEL]/: oha's JSON per stream and engine, the servers' logs and
# summary.md (throughput, p50, p99, errors, targets met). Say in NOTE what the run was (a busy
# machine, a debug build): it is written at the top of the summary.
set -euo pipefail

DURATION=${DURATION:-20s}
MAX_QPS=${MAX_QPS:-1000}
CONNECTIONS=${CONNECTIONS:-16}
LABEL=${LABEL:-}
NOTE=${NOTE:-}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-"$root/bench/runs/$(date -u +%Y-%m-%d)-load${LABEL:+-$LABEL}"}
mkdir -p "$out"

for tool in curl python3 nginx; do
  command -v "$tool" >/dev/null || { echo "load: $tool is missing (apt-get install curl python3 nginx-light)" >&2; exit 1; }
done

OHA=${OHA:-$(command -v oha || true)}
if [[ -z "$OHA" ]]; then
  OHA="$HOME/.cache/wenlv/oha/bin/oha"
  if [[ ! -x "$OHA" ]]; then
    echo "load: installing oha (cargo install oha --locked)" >&2
    cargo install oha --locked --root "$HOME/.cache/wenlv/oha" >&2
  fi
fi

if [[ -z "${WENLV_BIN:-}" ]]; then
  (cd "$root" && cargo build --release -p wenlv)
  WENLV_BIN="${CARGO_TARGET_DIR:-$root/target}/release/wenlv"
fi

work=$(mktemp -d)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# DURATION in seconds (oha's forms: 20s, 2m), plus a minute: the hard stop of each stream.
hard_stop=$(python3 -c 'import sys,re; m=re.fullmatch(r"(\d+)(ms|s|m|h)?", sys.argv[1]); n=int(m[1]); print(int({"ms":n/1000,"s":n,None:n,"m":n*60,"h":n*3600}[m[2]]) + 60)' "$DURATION")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$1/readyz" && return 0
    sleep 0.1
  done
  echo "load: $1 did not become ready" >&2
  return 1
}

cat >"$work/quote.json" <<'EOF'
{"date": "2024-07-10", "visitor": {"home_region": "320000", "age": 30},
 "places": ["qinghai_plateau_wildlife_zoo", "kumbum_monastery", "riyue_mountain"]}
EOF
cat >"$work/plan.json" <<'EOF'
{"dates": ["2024-07-09"], "start": {"place": "limeng_pedestrian_street"},
 "day_start": "09:00", "day_end": "18:00", "themes": {"old_town": 1.0, "food": 0.5},
 "budget_cny": "150.00", "visitor": {"home_region": "320000", "age": 30},
 "pace": "normal", "mode": "walk"}
EOF

# name | share of CONNECTIONS (of 16) | method | path | body
streams=(
  "places|5|GET|/api/places?theme=heritage&limit=20|"
  "place|3|GET|/api/places/kumbum_monastery|"
  "pages|2|GET|/places|"
  "quotes|2|POST|/api/quotes|$work/quote.json"
  "itineraries|4|POST|/api/itineraries|$work/plan.json"
)

# Runs every stream at once against BASE; oha's JSON to $out/ENGINE-STREAM.json.
run_streams() {
  local engine=$1 base=$2 jobs=()
  for s in "${streams[@]}"; do
    IFS='|' read -r name share method path body <<<"$s"
    local c=$(( CONNECTIONS * share / 16 )); (( c < 1 )) && c=1
    local args=(--no-tui --output-format json -z "$DURATION" -w -q "$MAX_QPS" -c "$c" -m "$method")
    [[ -n "$body" ]] && args+=(-T application/json -D "$body")
    timeout "$hard_stop" "$OHA" "${args[@]}" "$base$path" >"$out/$engine-$name.json" &
    jobs+=($!)
  done
  for j in "${jobs[@]}"; do
    wait "$j" || { echo "load: a stream of $engine failed or ran past $hard_stop s" >&2; exit 1; }
  done
}

serve() { # DATABASE-ARGS… -- PORT LOG
  local port=${*: -2:1} log=${*: -1}
  WENLV_LOG=warn WENLV_BASEMAP=none "$WENLV_BIN" "${@:1:$#-2}" serve --addr "127.0.0.1:$port" >"$log" 2>&1 &
  pids+=($!)
}

# 1. SQLite, one server.
if [[ "${1:-}" != --pg-only ]]; then
  port=$(free_port)
  serve --data-dir "$work/sqlite" "$port" "$out/sqlite-server.log"
  wait_ready "http://127.0.0.1:$port"
  run_streams sqlite "http://127.0.0.1:$port"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
fi

# 2. PostgreSQL, two servers behind nginx (under a throwaway server when none is given).
pg_part() {
  local psql=${WENLV_TEST_PG_BIN:+$WENLV_TEST_PG_BIN/}psql db="wenlv_load_$$"
  "$psql" -q "$WENLV_TEST_DATABASE_URL" -c "CREATE DATABASE $db"
  local url="${WENLV_TEST_DATABASE_URL%/*}/$db" a b lb
  a=$(free_port); b=$(free_port); lb=$(free_port)
  # Both start at once on the empty database: one migrates and loads the demo data.
  serve --database-url "$url" "$a" "$out/postgres-server-a.log"
  serve --database-url "$url" "$b" "$out/postgres-server-b.log"
  wait_ready "http://127.0.0.1:$a"
  wait_ready "http://127.0.0.1:$b"
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream wenlv { server 127.0.0.1:$a; server 127.0.0.1:$b; keepalive 32; }
  server {
    listen 127.0.0.1:$lb;
    location / {
      proxy_pass http://wenlv;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
EOF
  nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/start.log" &
  pids+=($!)
  wait_ready "http://127.0.0.1:$lb"
  run_streams postgres-2-servers "http://127.0.0.1:$lb"
}
if [[ "${SKIP_PG:-}" != 1 ]]; then
  if [[ -n "${WENLV_TEST_DATABASE_URL:-}" ]]; then
    pg_part
  else
    OUT="$out" WENLV_BIN="$WENLV_BIN" OHA="$OHA" DURATION="$DURATION" \
      MAX_QPS="$MAX_QPS" CONNECTIONS="$CONNECTIONS" \
      bash "$root/.ci/with-postgres.sh" bash "$0" --pg-only
  fi
fi
[[ "${1:-}" == --pg-only ]] && exit 0

python3 - "$out" "$DURATION" "$MAX_QPS" "$CONNECTIONS" "$NOTE" "$WENLV_BIN" <<'PY'
import json, os, sys, glob, datetime, subprocess
out, duration, max_qps, connections, note, binary = sys.argv[1:]
targets = {"places": 20.0, "itineraries": 150.0}
rows = []
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    engine, stream = os.path.basename(path)[:-5].rsplit("-", 1)
    with open(path) as f:
        r = json.load(f)
    codes = {int(k): v for k, v in r.get("statusCodeDistribution", {}).items()}
    ok = sum(v for k, v in codes.items() if 200 <= k < 400)
    bad = sum(v for k, v in codes.items() if k >= 400) + sum(r.get("errorDistribution", {}).values())
    pct = r.get("latencyPercentiles", {})
    p50 = (pct.get("p50") or 0) * 1000
    p99 = (pct.get("p99") or 0) * 1000
    rps = r["summary"].get("requestsPerSec") or 0
    target = targets.get(stream)
    met = "" if target is None else ("yes" if p99 <= target and bad == 0 else "**no**")
    rows.append((engine, stream, ok + bad, rps, p50, p99, bad, target, met))
cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"]
lines = [
    f"# Load test, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
    "",
    f"{note}" if note else "",
    "",
    f"{connections} clients in all per engine, {duration} per engine, at most {max_qps} "
    f"requests per second per stream; {cpu} cores; load average before the summary {' '.join(load)}; "
    f"binary `{os.path.basename(os.path.dirname(binary))}/{os.path.basename(binary)}`.",
    "",
    "| engine | stream | requests | req/s | p50 ms | p99 ms | errors | target p99 ms | met |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
]
for e, s, n, rps, p50, p99, bad, t, met in rows:
    lines.append(f"| {e} | {s} | {n} | {rps:.1f} | {p50:.1f} | {p99:.1f} | {bad} | {'' if t is None else t:.0f} | {met} |"
                 if t is not None else
                 f"| {e} | {s} | {n} | {rps:.1f} | {p50:.1f} | {p99:.1f} | {bad} |  |  |")
open(os.path.join(out, "summary.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
