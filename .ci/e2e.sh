#!/usr/bin/env bash
# Browser tests of the visitor pages (e2e/): installs what is missing (Debian chromium, the locked
# npm packages), builds the debug binary, and runs `node --test` against a real `wenlv serve`.
# Screenshots land in e2e/screenshots/ (not committed).
# Usage: bash .ci/e2e.sh [extra node --test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium, and CJK fonts so the Chinese pages' screenshots show characters, not boxes.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk
fi
if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ]; then
  (cd e2e && npm ci --no-audit --no-fund)
fi

export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
cargo build -p wenlv --locked
export WENLV_BIN="$PWD/target/debug/wenlv"

cd e2e
node --test --test-concurrency=1 "$@" tests/
