#!/usr/bin/env bash
# Runs every test of diptych: installs what the browser tests need (Chromium from
# Debian, playwright-core from npm), builds the binary, then runs `cargo test` and the
# headless-browser tests. Fails loudly if anything cannot run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# Installs a Debian package ($1) unless `$2` says it is there.
need_package() {
  if eval "$2" >/dev/null 2>&1; then return; fi
  say "installing $1 (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  else
    echo "error: $1 is missing and cannot be installed without root" >&2
    exit 1
  fi
}

command -v cargo >/dev/null || { echo "error: cargo not found: install Rust from https://rustup.rs" >&2; exit 1; }
command -v node >/dev/null || { echo "error: node not found: install Node.js 18 or newer" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 not found (the BagIt validator runs on it)" >&2; exit 1; }
need_package chromium "test -x /usr/bin/chromium"
# The allocator (mimalloc) is C, compiled by cargo.
need_package gcc "command -v cc"

if ! python3 -c 'import bagit' 2>/dev/null; then
  say "installing the Library of Congress BagIt validator (PyPI: bagit)"
  python3 -m pip install --quiet --disable-pip-version-check bagit
fi

say "installing browser-test packages (npm)"
(cd tests/browser && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi)

say "building diptych (release)"
cargo build --release --locked

say "cargo test"
cargo test --release --locked

say "browser tests (headless Chromium)"
(cd tests/browser && DIPTYCH_BIN="$PWD/../../target/release/diptych" npm test)

say "all tests passed"
