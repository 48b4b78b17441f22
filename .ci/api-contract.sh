#!/usr/bin/env bash
# The API as integrators meet it, checked against a real `wenlv serve` with the demo data:
#   1. openapi-spec-validator: the committed openapi.json and the served document are valid
#      OpenAPI 3.1 (and the same document);
#   2. Schemathesis, every check, a bounded number of examples per operation, fixed seed: the
#      server answers what the schema says (settings and the one documented exception in
#      .ci/api-contract/schemathesis.toml) — anonymously over every operation, then over the
#      accounts operations with an admin token made by `wenlv token create`, and over the
#      bureau's operations (battle map, project library, meetings) with a staff token;
#   3. a TypeScript client generated from openapi.json (api-client/: openapi-typescript +
#      openapi-fetch, locked) type-checks and its calls work.
# Installs what is missing: a Python venv with the pinned tools (.ci/api-contract/requirements.txt)
# and the locked npm packages of api-client/.
# Usage: bash .ci/api-contract.sh   (SCHEMATHESIS_MAX_EXAMPLES, SCHEMATHESIS_SEED to vary the run)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/api-contract-venv
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s .ci/api-contract/requirements.txt "$venv/requirements.txt"; then
  if ! python3 -m venv "$venv" 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-venv
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r .ci/api-contract/requirements.txt
  cp .ci/api-contract/requirements.txt "$venv/requirements.txt"
fi
if [ ! -d api-client/node_modules/openapi-fetch ]; then
  (cd api-client && npm ci --no-audit --no-fund)
fi

cargo build -p wenlv --locked
bin=$target/debug/wenlv

echo "== openapi-spec-validator"
"$venv/bin/openapi-spec-validator" openapi.json

data=$(mktemp -d)
log=$data/serve.log
"$bin" --data-dir "$data" serve --addr 127.0.0.1:0 >"$log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT
url=
for _ in $(seq 1 600); do
  url=$(sed -n 's|^wenlv serving \(http://[^/ ]*\)/.*|\1|p' "$log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "wenlv serve printed no address"; cat "$log"; exit 1; }

served=$data/served.json
curl -fsS "$url/api/openapi.json" -o "$served"
"$venv/bin/openapi-spec-validator" "$served"
python3 -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); sys.exit(a!=b and "the served document differs from openapi.json")' openapi.json "$served"

echo "== schemathesis ($url)"
# Run from the temp dir: Schemathesis keeps a `.schemathesis/` folder in its working directory.
# hooks.py narrows place ids to the served catalogue's (see there). The server closes a kept-alive
# connection that idles 10 s (its slowloris guard); a request sent on it at that moment meets a
# closed connection, which a client retries: so does this run (--request-retries).
(cd "$data" && WENLV_URL=$url PYTHONPATH="$root/.ci/api-contract" SCHEMATHESIS_HOOKS=hooks \
  "$venv/bin/schemathesis" --config-file "$root/.ci/api-contract/schemathesis.toml" run "$url/api/openapi.json" \
  --checks all \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --generation-database none \
  --workers 2 \
  --request-retries 2 \
  --no-color)

echo "== schemathesis, signed in ($url, the accounts operations with an admin token)"
# A token made the way an integrator gets one: `wenlv token create` on the server's database,
# printed alone on the last line.
token=$("$bin" --data-dir "$data" token create --name contract-check --role admin --expires 1 | tail -n 1)
(cd "$data" && WENLV_URL=$url PYTHONPATH="$root/.ci/api-contract" SCHEMATHESIS_HOOKS=hooks \
  "$venv/bin/schemathesis" --config-file "$root/.ci/api-contract/schemathesis.toml" run "$url/api/openapi.json" \
  --checks all \
  --include-tag accounts \
  --header "Authorization: Bearer $token" \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --generation-database none \
  --workers 2 \
  --request-retries 2 \
  --no-color)
echo "== schemathesis, signed in ($url, the bureau's operations with a staff token)"
# The battle map, project library and meetings: staff may read all and report progress.
staff_token=$("$bin" --data-dir "$data" token create --name contract-staff --role staff --expires 1 | tail -n 1)
(cd "$data" && WENLV_URL=$url PYTHONPATH="$root/.ci/api-contract" SCHEMATHESIS_HOOKS=hooks \
  "$venv/bin/schemathesis" --config-file "$root/.ci/api-contract/schemathesis.toml" run "$url/api/openapi.json" \
  --checks all \
  --include-tag bureau \
  --include-tag plans \
  --header "Authorization: Bearer $staff_token" \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --generation-database none \
  --workers 2 \
  --request-retries 2 \
  --no-color)
if grep -q "ERROR\|panicked" "$log"; then
  echo "the server logged errors during the run:"
  grep "ERROR\|panicked" "$log" | head -20
  exit 1
fi

echo "== generated TypeScript client"
cd api-client
npm run --silent generate
npm run --silent build
WENLV_BIN=$bin node --test --test-concurrency=1 dist/tests/
