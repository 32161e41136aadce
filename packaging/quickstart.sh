#!/usr/bin/env bash
# Quick start, step 1: install dependencies, build, and answer a question from the bundled kb/.
#   packaging/quickstart.sh ["вопрос"]
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
question=${1:-как подписать акт}
echo
echo "\$ build/spravka ask \"$question\""
build/spravka ask "$question" || true
