#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting, lints, type checks,
# the core's unit and integration tests, binding freshness, the UI's unit tests, the E2E suite
# against the built app in its own window under Xvfb, and that app's Debian package, installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

# Each step's wall time, printed at the end (also when a step fails) so CI shows where time goes.
steps=()
current=""
started=$SECONDS
step_start=$SECONDS
finish_step() {
  if [ -n "$current" ]; then
    steps+=("$(printf '%6ds  %s' $((SECONDS - step_start)) "$current")")
  fi
}
step() {
  finish_step
  current="$*"
  step_start=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}
print_times() {
  local rc=$?
  finish_step
  current=""
  printf '\n\033[1m==> step times\033[0m\n'
  printf '%s\n' "${steps[@]}"
  printf '%6ds  total%s\n' $((SECONDS - started)) "$([ $rc -ne 0 ] && echo " (FAILED in the last step above)")"
}
trap print_times EXIT

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

step "generated files are fresh (TypeScript bindings, capability, permissions)"
generated=(ui/src/lib/bindings src-tauri/capabilities src-tauri/permissions)
if ! git diff --exit-code --stat -- "${generated[@]}" || [ -n "$(git ls-files --others --exclude-standard "${generated[@]}")" ]; then
  echo "Generated files changed: run 'cargo test -p groundwork' and 'cargo build -p groundwork-app', then commit them." >&2
  exit 1
fi

step "UI type check, lint and unit tests (against the real core through 'groundwork serve')"
npm --prefix ui run check
npm --prefix ui run lint
npm --prefix ui test

step "fuzzing: every importer, the query reader and the formula language, on the committed corpus and fixed generated inputs"
scripts/fuzz.sh "${GROUNDWORK_FUZZ_INPUTS:-30000}" | tee target/reliability/fuzz.log
grep '^fuzz: total' target/reliability/fuzz.log > target/reliability/fuzz.txt

step "build the app for E2E, and its Debian package from that same build"
scripts/package.sh --debug | tee target/package.log
deb=$(tail -n1 target/package.log)

step "E2E: the real app under Xvfb through tauri-driver"
GROUNDWORK_APP="$PWD/target/debug/groundwork-app" xvfb-run -a -s "-screen 0 1440x900x24" npm --prefix tests/e2e test

step "the Debian package: install it, smoke-test the installed CLI, desktop entry and app, remove it"
scripts/smoke-package.sh "$deb"

step "resource bounds: every import kind in bounded memory, a 1 GiB Jira export among them (release build)"
scripts/bench.sh memory | tee target/reliability/memory.txt

step "reliability figures (RELIABILITY.md says what each proves)"
cat target/reliability/*.txt

step "all checks and tests passed"
