#!/usr/bin/env bash
# Installs whatever this machine lacks to build, run and test Groundwork on Debian 12:
# system packages (apt), the UI's and the E2E suite's npm packages, and tauri-driver.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

APT_PACKAGES=(
  build-essential pkg-config curl file libssl-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev
  xvfb xauth webkit2gtk-driver
)
# The test suite renders the HTML review pack in headless Chromium (screenshot and PDF), and
# checks the Debian package's desktop entry with desktop-file-validate.
[ "${1:-}" = "--with-e2e" ] && APT_PACKAGES+=(chromium desktop-file-utils)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || {
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
}
command -v node >/dev/null || {
  echo "Node.js 20.19 or newer is missing: install it, then run this again." >&2
  exit 1
}
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "Node.js $(node --version) is too old: Vite 7 needs 20.19 or newer." >&2
  exit 1
}

# npm ci only when the lock file changed since the last install.
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install ui
[ "${1:-}" = "--with-e2e" ] && npm_install tests/e2e

if [ "${1:-}" = "--with-e2e" ] && ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi
exit 0
