#!/usr/bin/env bash
# Installs what spravka needs to build and test, from Debian 12 packages. Idempotent: packages
# already present are skipped, and apt is not touched at all when nothing is missing.
# Uses sudo only when not root.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates
  libxapian-dev xapian-tools libcli11-dev libcurl4-openssl-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libyaml-cpp-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libfmt-dev libexpected-dev catch2 python3 clang-format
  hunspell-ru hunspell-tools
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are present"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
