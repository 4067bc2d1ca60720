#!/usr/bin/env bash
# The test command's fuzz gate: every fuzz target in fuzz/, on inputs fixed by the commit, so
# the same commit always gets the same verdict.
#
#   scripts/fuzz.sh [INPUTS_PER_TARGET]     (default 30000)
#
# For each target it
#   1. replays the committed corpus, fuzz/corpus/<target>/: every file, one at a time, including
#      the crash-* inputs of earlier findings;
#   2. runs INPUTS_PER_TARGET inputs derived from that corpus with a fixed seed by
#      fuzz/mutants (libFuzzer's kinds of byte mutation, stacked, splicing corpus files): the
#      same bytes on every run and every machine.
# libFuzzer's own search is not used here: even with a fixed -seed and -runs it follows coverage,
# and coverage differs from run to run (hash seeds, temporary paths, threads), so two runs of one
# commit try different inputs. Looking for new bugs with fresh random seeds is
# scripts/fuzz-explore.sh.
#
# Prints one line per target and a total, writes target/reliability/fuzz.json, and exits
# non-zero if any input crashed a target, hung it (10 s) or took 2 GB of memory, naming the input.
# How the targets are built: scripts/fuzz-common.sh.
set -euo pipefail

inputs="${1:-30000}"
case "$inputs" in
'' | *[!0-9]*) echo "usage: scripts/fuzz.sh [INPUTS_PER_TARGET]" >&2; exit 2 ;;
esac
# Changing the seed changes the inputs, and so possibly the verdict: change it in a commit.
seed=1

source "$(dirname "$0")/fuzz-common.sh"
"${cargo[@]}" build --quiet --release --locked --manifest-path mutants/Cargo.toml
mutants="$CARGO_TARGET_DIR/release/fuzz-mutants"

logs="$CARGO_TARGET_DIR/fuzz-logs"
mkdir -p "$logs" "$root/target/reliability"
json="$root/target/reliability/fuzz.json"
total_corpus=0
total_generated=0
total_crashes=0
failed=()
entries=()
for t in "${targets[@]}"; do
    artifacts="$CARGO_TARGET_DIR/artifacts/$t/"
    generated="$scratch/inputs/$t"
    mkdir -p "$artifacts" "corpus/$t"
    start=$(date +%s)
    crashes=0
    generated_run=0
    # 1. The committed corpus, file by file (libFuzzer runs each file it is given once).
    corpus=()
    while IFS= read -r -d '' f; do corpus+=("$f"); done < <(find "corpus/$t" -type f -print0 | sort -z)
    log="$logs/$t.corpus.log"
    : >"$log"
    rc=0
    if [ ${#corpus[@]} -gt 0 ]; then
        "$bin/$t" "${flags[@]}" -artifact_prefix="$artifacts" "${corpus[@]}" >"$log" 2>&1 || rc=$?
    fi
    if [ "$rc" -ne 0 ]; then
        crashes=1
        input=$(sed -n 's/^Running: //p' "$log" | tail -n 1)
        failed+=("$t: corpus input fuzz/${input:-?} (log: $log)")
    else
        # 2. The generated inputs: with -runs=0 libFuzzer runs every file of a corpus directory
        # once, and the empty input once more.
        "$mutants" "$seed" "$inputs" "corpus/$t" "$generated"
        log="$logs/$t.generated.log"
        "$bin/$t" "${flags[@]}" -runs=0 -print_final_stats=1 -artifact_prefix="$artifacts" \
            "$generated" >"$log" 2>&1 || rc=$?
        executed=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
        generated_run=$((${executed:-1} - 1))
        if [ "$rc" -ne 0 ]; then
            crashes=1
            artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
            failed+=("$t: generated input ${artifact:-(none written)} (log: $log)")
        elif [ "$generated_run" -ne "$inputs" ]; then
            crashes=1
            failed+=("$t: ran $generated_run of $inputs generated inputs (log: $log)")
        fi
        rm -rf "$generated"
    fi
    took=$(($(date +%s) - start))
    echo "fuzz: $t ${#corpus[@]} corpus inputs replayed, $generated_run generated inputs (seed $seed), $crashes crashes (${took}s)"
    total_corpus=$((total_corpus + ${#corpus[@]}))
    total_generated=$((total_generated + generated_run))
    total_crashes=$((total_crashes + crashes))
    entries+=("{\"target\":\"$t\",\"corpus_inputs\":${#corpus[@]},\"generated_inputs\":$generated_run,\"seed\":$seed,\"crashes\":$crashes,\"seconds\":$took}")
done
(
    IFS=,
    echo "[${entries[*]}]"
) >"$json"
echo "fuzz: total ${#entries[@]} targets, $total_corpus corpus inputs replayed, $total_generated generated inputs (seed $seed), $total_crashes crashes (summary in target/reliability/fuzz.json)"
if [ "$total_crashes" -ne 0 ]; then
    for f in "${failed[@]}"; do
        echo "fuzz: CRASH $f" >&2
    done
    echo "fuzz: reproduce with: cd fuzz && cargo fuzz run ${fuzz_opts[*]} TARGET INPUT" >&2
    echo "fuzz: a new input is a new finding: see scripts/fuzz-explore.sh on how to triage it" >&2
    exit 1
fi
