#!/usr/bin/env bash
# Looks for new bugs: libFuzzer's coverage-guided search on every fuzz target in fuzz/ (or the
# ones named), from a fresh random seed, for SECONDS each. Not part of the test command, whose
# gate (scripts/fuzz.sh) replays fixed inputs so that it gives the same verdict every time;
# what this finds is new work, to be triaged as printed at the end.
#
#   scripts/fuzz-explore.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60, every target)
#
# Starts from the committed corpus, fuzz/corpus/<target>/ (never written to), and from what
# earlier explorations kept in fuzz/target/corpus/<target>/, where new inputs go. A crash, a hang
# (10 s for one input) or 2 GB of memory is written to fuzz/target/artifacts/<target>/. Prints
# each run's seed (`-seed=N` repeats the run as far as coverage allows) and exits non-zero when
# something was found. How the targets are built: scripts/fuzz-common.sh.
set -euo pipefail

secs="${1:-60}"
case "$secs" in
'' | *[!0-9]*) echo "usage: scripts/fuzz-explore.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2 ;;
esac
shift || true

source "$(dirname "$0")/fuzz-common.sh"
if [ $# -gt 0 ]; then
    for t in "$@"; do
        if ! printf '%s\n' "${targets[@]}" | grep -qx -- "$t"; then
            echo "fuzz-explore: no fuzz target $t (there are: ${targets[*]})" >&2
            exit 2
        fi
    done
    targets=("$@")
fi

logs="$CARGO_TARGET_DIR/explore-logs"
mkdir -p "$logs"
found=()
for t in "${targets[@]}"; do
    work="$CARGO_TARGET_DIR/corpus/$t"
    artifacts="$CARGO_TARGET_DIR/artifacts/$t/"
    log="$logs/$t.log"
    mkdir -p "$work" "$artifacts" "corpus/$t"
    rc=0
    "$bin/$t" "${flags[@]}" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$artifacts" "$work" "corpus/$t" >"$log" 2>&1 || rc=$?
    seed=$(sed -n 's/^INFO: Seed: \([0-9]*\).*/\1/p' "$log" | head -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    result="nothing found"
    if [ "$rc" -ne 0 ]; then
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        result="FOUND ${artifact:-an input it did not write; see the log}"
        found+=("$t ${artifact:-?} $log")
    fi
    echo "explore: $t ${execs:-0} executions (seed ${seed:-?}), $result (log: $log)"
done

if [ ${#found[@]} -eq 0 ]; then
    exit 0
fi
echo
echo "explore: ${#found[@]} finding(s). For each:"
for f in "${found[@]}"; do
    read -r t artifact log <<<"$f"
    cat <<TRIAGE

  $t: $artifact
    what failed:  grep -a -A3 panicked $log
    minimize:     (cd fuzz && cargo fuzz tmin ${fuzz_opts[*]} $t $artifact)
                  (prints where it wrote the minimized input, under fuzz/artifacts/$t/)
    reproduce:    (cd fuzz && cargo fuzz run ${fuzz_opts[*]} $t INPUT)
TRIAGE
done
cat <<'TRIAGE'

  Then fix the bug, and keep the minimized input so that the test command replays it:
    - copy it to fuzz/corpus/<target>/ under a name that says what it is;
    - add a regression test to tests/fuzz_regressions.rs, its doc comment naming the fuzz
      target and what was wrong.
  A finding that is out of scope for now goes to "Open fuzz findings" in RELIABILITY.md, and the
  target's check is narrowed with a comment saying so.
TRIAGE
exit 1
