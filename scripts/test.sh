#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting, lints, type checks,
# the core's unit and integration tests, binding freshness, the UI's unit tests, the E2E suite
# against the built app in its own window under Xvfb, and that app's Debian package, installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh --with-e2e

step "UI build (the desktop shell embeds it)"
npm --prefix ui run build --silent

step "rustfmt"
cargo fmt --all -- --check

step "clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "core tests (with crash consistency, upgrades, concurrency, hostile content)"
rm -rf target/reliability && mkdir -p target/reliability
cargo test -p groundwork --locked

step "benchmark suite's own tests (generator determinism)"
cargo test -p groundwork-bench --locked

step "TypeScript bindings are fresh"
if ! git diff --exit-code --stat -- ui/src/lib/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/lib/bindings)" ]; then
  echo "The generated bindings in ui/src/lib/bindings changed: run 'cargo test -p groundwork' and commit them." >&2
  exit 1
fi

step "UI type check, lint and unit tests"
npm --prefix ui run check
npm --prefix ui run lint
npm --prefix ui test

step "fuzzing: every importer, the query reader and the formula language, for a bounded time"
scripts/fuzz.sh "${GROUNDWORK_FUZZ_SECONDS:-20}" | tee target/reliability/fuzz.log
grep '^fuzz: total' target/reliability/fuzz.log > target/reliability/fuzz.txt

step "build the app for E2E, and its Debian package from that same build"
scripts/package.sh --debug | tee target/package.log
deb=$(tail -n1 target/package.log)

step "E2E: the real app under Xvfb through tauri-driver"
GROUNDWORK_APP="$PWD/target/debug/groundwork-app" xvfb-run -a -s "-screen 0 1440x900x24" npm --prefix tests/e2e test

step "the Debian package: install it, smoke-test the installed CLI, desktop entry and app, remove it"
scripts/smoke-package.sh "$deb"

step "resource bounds: a 1 GiB import in bounded memory (release build)"
scripts/bench.sh memory | tee target/reliability/memory.txt

step "reliability figures (RELIABILITY.md says what each proves)"
cat target/reliability/*.txt

step "all checks and tests passed"
