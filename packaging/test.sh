#!/usr/bin/env bash
# Quick start, step 2 (and CI): install dependencies, build with -Werror, check formatting,
# lint and test the knowledge base, and run the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
preset=${SPRAVKA_PRESET:-ci}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j2

# Once more under the sanitizers (address + undefined): the library tests and the end-to-end tests.
# SPRAVKA_SKIP_ASAN=1 skips this for a quick local run.
if [[ "${SPRAVKA_SKIP_ASAN:-0}" != 1 ]]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ctest --preset asan -L 'unit|cli' -j2
fi
