#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time and summarizes what libFuzzer did.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 20)
#
# Builds with the stable toolchain and no sanitizer (`cargo fuzz run --sanitizer none`), as the
# app is released: optimized, overflow checks off (with them on, calamine 0.38 panics on an
# integer overflow in a damaged XLSX that a release build wraps and reads as an error; see
# RELIABILITY.md). FUZZ_TOOLCHAIN=nightly builds with `cargo +nightly` instead. Each target starts from its seed corpus in fuzz/corpus/<target>/ (never written to:
# inputs found during the run go to fuzz/target/corpus/<target>/). Prints one line per target
# and a total, writes target/reliability/fuzz.json, and exits non-zero if any target crashed,
# hung (-timeout=10) or ran out of memory (-rss_limit_mb=2048), naming the input that did it.
set -euo pipefail

secs="${1:-20}"
case "$secs" in
'' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi
cargo=(cargo)
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
    cargo=(cargo "+$FUZZ_TOOLCHAIN")
fi
# Its own target dir: never waits on the main build's lock.
export CARGO_TARGET_DIR="$root/fuzz/target"
fuzz=("${cargo[@]}" fuzz)
opts=(--sanitizer none --release)

"${fuzz[@]}" build "${opts[@]}"

logs="$CARGO_TARGET_DIR/fuzz-logs"
mkdir -p "$logs" "$root/target/reliability"
json="$root/target/reliability/fuzz.json"
total_execs=0
total_crashes=0
failed=()
entries=()
for t in $("${fuzz[@]}" list); do
    work="$CARGO_TARGET_DIR/corpus/$t"
    mkdir -p "$work" "corpus/$t"
    log="$logs/$t.log"
    start=$(date +%s)
    rc=0
    "${fuzz[@]}" run "${opts[@]}" "$t" "$work" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || rc=$?
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    if [ -z "$execs" ]; then
        execs=$(sed -n 's/^#\([0-9]*\).*\(DONE\|pulse\|NEW\|REDUCE\|INITED\).*/\1/p' "$log" | tail -n 1)
    fi
    execs="${execs:-0}"
    crashes=0
    if [ "$rc" -ne 0 ]; then
        crashes=1
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        failed+=("$t: ${artifact:-no input written; see $log}")
    fi
    echo "fuzz: $t $execs executions, $crashes crashes (${took}s)"
    total_execs=$((total_execs + execs))
    total_crashes=$((total_crashes + crashes))
    entries+=("{\"target\":\"$t\",\"executions\":$execs,\"crashes\":$crashes,\"seconds\":$took}")
done
(
    IFS=,
    echo "[${entries[*]}]"
) >"$json"
echo "fuzz: total ${#entries[@]} targets, $total_execs executions, $total_crashes crashes (summary in target/reliability/fuzz.json)"
if [ "$total_crashes" -ne 0 ]; then
    for f in "${failed[@]}"; do
        echo "fuzz: CRASH $f" >&2
    done
    echo "fuzz: logs in $logs; reproduce with: cd fuzz && cargo fuzz run ${opts[*]} TARGET INPUT" >&2
    exit 1
fi
