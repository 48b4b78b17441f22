#!/usr/bin/env bash
# The whole test suite: every crate's tests, with the storage tests on a temp SQLite file AND on
# a throwaway PostgreSQL server started (and stopped) by .ci/with-postgres.sh, and the routing
# tests against real OSRM servers over a synthetic street grid (.ci/with-osrm.sh, which installs
# the osrm-bindings wheel into a venv under ~/.cache/wenlv on first use); then the browser tests.
# Usage: bash .ci/test.sh [extra cargo test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# CI has two cores and link time dominates: no debug info beyond line tables, no incremental.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
export WENLV_TEST_REQUIRE_POSTGRES=1
export WENLV_TEST_REQUIRE_OSRM=1

bash .ci/with-osrm.sh bash .ci/with-postgres.sh cargo test --workspace --locked "$@"

# The API contract: the OpenAPI document validates, Schemathesis finds nothing against a real
# server, and a client generated from the document works (.ci/api-contract.sh).
bash .ci/api-contract.sh

# The visitor pages in a real browser (Debian chromium driven by playwright-core).
bash .ci/with-osrm.sh bash .ci/e2e.sh
