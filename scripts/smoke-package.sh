#!/usr/bin/env bash
# Installs a Groundwork .deb (from scripts/package.sh), smoke-tests what it installed — the CLI on
# PATH, the desktop entry and icon, and the installed app driven under Xvfb (tests/e2e's
# package.test.mjs) — then removes it again, leaving the machine as it found it.
#
#   scripts/smoke-package.sh target/debug/bundle/deb/Groundwork_0.1.0_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() {
  echo "package smoke test: $*" >&2
  exit 1
}

[ $# -eq 1 ] && [ -f "$1" ] || {
  echo "usage: scripts/smoke-package.sh PATH.deb" >&2
  exit 2
}
deb=$(realpath "$1")
started=$SECONDS
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_get() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 -y -qq "$@"; }
installed() { dpkg-query -W -f='${Package} ${Status}\n' 2>/dev/null | awk '$4 == "installed" { print $1 }' | sort; }

pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  fail "$pkg is already installed here; this test installs and removes it, so remove it first (apt-get remove $pkg)"
fi

say "installing $pkg $version"
before=$(installed)
apt_get install "$deb" >/dev/null
# Whatever apt had to pull in for it goes again at the end, with the package itself.
pulled=$(comm -13 <(echo "$before") <(installed) | grep -vx "$pkg" || true)
remove() {
  say "removing $pkg${pulled:+ and what it pulled in: $(echo $pulled)}"
  # shellcheck disable=SC2086
  apt_get remove $pkg $pulled >/dev/null
  ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || fail "$pkg is still installed"
}
finish() {
  local status=$?
  remove
  if [ "$status" -eq 0 ]; then
    say "package smoke test passed in $((SECONDS - started)) s, install to removal (screenshot: tests/e2e/out/package-smoke.png)"
  fi
  exit "$status"
}
trap finish EXIT
[ -n "$pulled" ] && echo "apt pulled in: $(echo $pulled)"

say "the CLI: on PATH, its version is the package's, and it works"
[ "$(command -v groundwork)" = /usr/bin/groundwork ] || fail "groundwork is not /usr/bin/groundwork on PATH"
got=$(/usr/bin/groundwork --version)
echo "$got"
[ "$got" = "groundwork $version" ] || fail "groundwork --version printed '$got', expected 'groundwork $version'"
ws=$(mktemp -d)
/usr/bin/groundwork --workspace "$ws" demo >/dev/null
hits=$(/usr/bin/groundwork --workspace "$ws" search 'slow ci' --json | node -p 'JSON.parse(require("fs").readFileSync(0)).total')
rm -rf "$ws"
echo "groundwork search 'slow ci' on the demo data: $hits hits"
[ "$hits" -ge 2 ] || fail "the installed CLI found $hits hits for 'slow ci' in the demo data"

say "the app's binaries find every library they link"
for bin in /usr/bin/groundwork-app /usr/bin/groundwork; do
  [ -x "$bin" ] || fail "$bin is missing"
  ! ldd "$bin" | grep "not found" || fail "$bin links a library that is not installed"
done

say "the desktop entry and its icon"
desktop=$(dpkg -L "$pkg" | grep '^/usr/share/applications/.*\.desktop$') || fail "no desktop entry in /usr/share/applications"
cat "$desktop"
exec_bin=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
command -v "$exec_bin" >/dev/null || fail "the desktop entry's Exec ($exec_bin) is not on PATH"
icon=$(sed -n 's/^Icon=//p' "$desktop")
dpkg -L "$pkg" | grep -q "^/usr/share/icons/hicolor/.*/apps/$icon\.png$" || fail "no hicolor icon named $icon"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $desktop"
  echo "desktop-file-validate: ok"
else
  echo "desktop-file-validate is not installed (desktop-file-utils): skipped"
fi

say "the installed app: open the demo workspace and search it (under Xvfb)"
GROUNDWORK_APP=/usr/bin/groundwork-app GROUNDWORK_VERSION="$version" xvfb-run -a -s "-screen 0 1440x900x24" npm --prefix tests/e2e run --silent smoke:package
