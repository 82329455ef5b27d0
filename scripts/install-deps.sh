#!/usr/bin/env bash
# Installs every Debian and npm package the project needs to build, run, test
# and benchmark. Idempotent: does nothing when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config git ca-certificates
  libsqlite3-dev libpq-dev libmicrohttpd-dev nlohmann-json3-dev libexpected-dev
  libsodium-dev libutf8proc-dev libkainjow-mustache-dev libqrencode-dev libzxing-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils tesseract-ocr tesseract-ocr-vie
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  libzip-dev libexpat1-dev libxlsxwriter-dev
  postgresql-15 postgresql-client-15
  chromium nodejs npm
  wrk nginx-light curl procps sqlite3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere (a newer Node on the image): a working node is enough.
    if [[ "$p" == nodejs || "$p" == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
      continue
    fi
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# playwright-core for the browser tests (it drives Debian's chromium; no browser download).
if [[ ! -d node_modules/playwright-core ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
