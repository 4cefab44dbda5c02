#!/usr/bin/env bash
# ctest fixture "postgres": one throwaway cluster for the whole test run.
#   postgres_fixture.sh setup BUILD_DIR     start it; BUILD_DIR/postgres.url holds its URL
#   postgres_fixture.sh cleanup BUILD_DIR   stop it and remove it
# Tests read the URL file named by SVCUP_TEST_POSTGRES_URL_FILE; run alone, a test starts its own.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build=${2:?build dir}
case "${1:?setup or cleanup}" in
  setup)
    if [[ -f "$build/postgres.dir" ]]; then "$root/scripts/postgres" stop "$(cat "$build/postgres.dir")"; fi
    dir=$(mktemp -d /tmp/svcup-ctest-pg-XXXXXX)
    echo "$dir" >"$build/postgres.dir"
    "$root/scripts/postgres" start "$dir" >/dev/null
    cp "$dir/url" "$build/postgres.url"
    cat "$build/postgres.url"
    ;;
  cleanup)
    if [[ -f "$build/postgres.dir" ]]; then "$root/scripts/postgres" stop "$(cat "$build/postgres.dir")"; fi
    rm -f "$build/postgres.dir" "$build/postgres.url"
    ;;
esac
