#!/usr/bin/env bash
# Runs the benchmark suite in release mode. The first argument picks the benchmark (default
# `import`); the rest go to `groundwork-bench`, e.g.
#   scripts/bench.sh --tickets 100000 --runs 3          # import + index vs tantivy alone vs FTS5
#   scripts/bench.sh search --tickets 100000 --rounds 5 # search p50/p99 and palette keystrokes
#   scripts/bench.sh import --tickets 20000 --json --profile
#   scripts/bench.sh rank                              # re-rank 10k items / 1M links, live, sensitivity
#   scripts/bench.sh export                            # 1k items with evidence to every format
#   scripts/bench.sh memory                            # every import kind in bounded memory (1 GiB Jira)
#   scripts/bench.sh memory --others-mib 1024          # ... and 1 GiB of JSON, survey, XLSX, notes
#   scripts/bench.sh transcripts                       # 100 one-hour transcripts vs the same notes; role:participant
#   scripts/bench.sh responsiveness                    # search, palette, Cancel during a 1M-row import
#   scripts/bench.sh similar                           # "find more like these": MAP vs TF-IDF on real Jira; p50/p95
#   scripts/bench.sh coding                            # code one more passage + recount its theme (100k docs/highlights)
# See bench/README.md for what is measured and how to read it.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=import
case "${1:-}" in
  import | search | rank | export | memory | transcripts | responsiveness | similar | coding) bench=$1; shift ;;
esac
cargo run --release --locked -p groundwork-bench -- "$bench" "$@"
