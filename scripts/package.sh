#!/usr/bin/env bash
# Builds Groundwork's Debian package with Tauri's own deb bundler (bundle.linux.deb in
# src-tauri/tauri.conf.json): the app at /usr/bin/groundwork-app, the groundwork CLI at
# /usr/bin/groundwork, a desktop entry and icons, and the packages it depends on.
#
#   scripts/package.sh           release build (what you install)
#   scripts/package.sh --debug   debug build: the test command's one build of the app, which the
#                                E2E suite drives and whose package it then installs and smoke-tests
#
# The last line printed is the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

profile=release
case "${1:-}" in
  "") ;;
  --debug) profile=debug ;;
  *)
    echo "usage: scripts/package.sh [--debug]" >&2
    exit 2
    ;;
esac
tauri_profile=()
[ "$profile" = debug ] && tauri_profile=(--debug)

scripts/setup.sh

say "building the UI"
npm --prefix ui run build --silent

say "building the app and the groundwork CLI ($profile; the first build takes about 10 minutes)"
# tauri build hands the arguments after -- to cargo: one cargo run builds both binaries, so the
# core library and every dependency compile once, with the same features, for the app and the CLI.
ui/node_modules/.bin/tauri build "${tauri_profile[@]}" --no-bundle -- --locked -p groundwork-app -p groundwork
target_dir=$(cargo metadata --format-version 1 --no-deps | node -p 'JSON.parse(require("fs").readFileSync(0)).target_directory')
# tauri.conf.json maps /usr/bin/groundwork to this one path, whichever the profile: the config
# stays free of the profile, and no --config override (which changes the app's embedded config,
# so rebuilds it) is needed.
repo=$PWD
mkdir -p target/deb-staging
cp "$target_dir/$profile/groundwork" target/deb-staging/groundwork

say "bundling the Debian package"
ui/node_modules/.bin/tauri bundle "${tauri_profile[@]}" --bundles deb

version=$(node -p 'require("./src-tauri/tauri.conf.json").version')
deb="$target_dir/$profile/bundle/deb/Groundwork_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || {
  echo "the package is missing at $deb" >&2
  exit 1
}

# The Depends that tauri.conf.json declares must cover every library the two binaries link, at
# the versions they need: dpkg-shlibdeps says which (as Debian's own packaging would).
say "checking the declared dependencies against the libraries the binaries link"
shlibs_dir=$(mktemp -d)
mkdir "$shlibs_dir/debian"
printf 'Source: groundwork\n\nPackage: groundwork\nArchitecture: any\n' >"$shlibs_dir/debian/control"
needed=$(cd "$shlibs_dir" && dpkg-shlibdeps -O "$target_dir/$profile/groundwork-app" "$repo/target/deb-staging/groundwork" \
  2> >(grep -v 'should already be installed' >&2) |
  sed -n 's/^shlibs:Depends=//p' | tr ',' '\n' | sed 's/^ *//')
rm -rf "$shlibs_dir"
[ -n "$needed" ] || {
  echo "dpkg-shlibdeps found no dependencies" >&2
  exit 1
}
declared=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//')
missing=$(comm -23 <(sort -u <<<"$needed") <(sort -u <<<"$declared"))
if [ -n "$missing" ]; then
  echo "the package does not declare what its binaries need; add to bundle.linux.deb.depends in src-tauri/tauri.conf.json:" >&2
  echo "$missing" >&2
  exit 1
fi
dpkg-deb -f "$deb" Package Version Depends Recommends
say "package: $deb"
echo "$deb"
