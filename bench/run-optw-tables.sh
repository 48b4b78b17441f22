#!/usr/bin/env bash
# Every table of the optimiser issue in one go, into a dated folder:
#   1 s and 10 s per run on solomon100 and pr01–pr10 (cordeau), m = 1..4, seeds 1,2,3;
#   PyVRP at 1 s on the same pairs; the city-sized instances.
# Runs are single-threaded. The 1 s table runs alone; the rest is split into two lanes that run
# side by side (one per core of a 2-core machine), so nothing else should run meanwhile. Load is
# logged every minute.
# Usage: bash bench/run-optw-tables.sh bench/runs/YYYY-MM-DD-tables
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bench/run-optw-tables.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$PWD
opt=$root/bench/optw

cargo build --release --locked -p wenlv-bench
bench=$PWD/target/release/wenlv-bench
git rev-parse --short HEAD >"$out/commit.txt"
python3 -m pip install --quiet -r bench/requirements.txt

(nproc; while true; do uptime; sleep 60; done) >"$out/machine.txt" &
load_logger=$!
trap 'kill $load_logger 2>/dev/null || true' EXIT

# solomon100 at 10 s is the longest part (29 instances × 4 × 3 seeds × 10 s ≈ 58 min): half each.
mapfile -t solomon < <(ls "$opt"/solomon100/*.txt)
half=$(( (${#solomon[@]} + 1) / 2 ))
solomon_a=("${solomon[@]:0:$half}")
solomon_b=("${solomon[@]:$half}")

run() { # name, time limit, paths…
  local name=$1 limit=$2
  shift 2
  "$bench" optw --time-limit "$limit" --m 1,2,3,4 --seeds 1,2,3 --bks "$opt/bks.csv" \
    --out "$out/$name.jsonl" "$@" >"$out/$name-summary.md" 2>"$out/$name.log"
}

# The 1 s table first and alone: at 1 s the result depends most on having a whole core.
run wenlv-1s 1 "$opt/cordeau" "$opt/solomon100"

lane_a() {
  run wenlv-10s-solomon-a 10 "${solomon_a[@]}"
  python3 bench/pyvrp_optw.py --time-limit 1 --m 1,2,3,4 --seeds 1,2,3 \
    --out "$out/pyvrp-1s.jsonl" "$opt/solomon100" "$opt/cordeau" 2>"$out/pyvrp-1s.log"
}
lane_b() {
  run wenlv-10s-solomon-b 10 "${solomon_b[@]}"
  run wenlv-10s-cordeau 10 "$opt/cordeau"
  "$bench" city --out "$out/city.jsonl" >"$out/city-summary.txt" 2>"$out/city.log"
}
lane_a &
a=$!
lane_b &
b=$!
wait $a
wait $b

cd "$out"
"$bench" summary --bks "$opt/bks.csv" wenlv-10s-solomon-a.jsonl wenlv-10s-solomon-b.jsonl \
  wenlv-10s-cordeau.jsonl >wenlv-10s-summary.md
"$bench" summary --bks "$opt/bks.csv" pyvrp-1s.jsonl >pyvrp-1s-summary.md
python3 "$root/bench/compare_optw.py" --bks "$opt/bks.csv" wenlv-1s.jsonl pyvrp-1s.jsonl >compare-1s.md
for f in wenlv-1s.jsonl wenlv-10s-solomon-a.jsonl wenlv-10s-solomon-b.jsonl \
  wenlv-10s-cordeau.jsonl pyvrp-1s.jsonl; do
  python3 "$root/bench/validate_optw.py" "$f" "$opt/solomon100" "$opt/cordeau" >"${f%.jsonl}-valid.txt"
done
date -u >done.txt
