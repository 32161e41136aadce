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
