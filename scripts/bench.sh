#!/usr/bin/env bash
# Runs the import benchmark in release mode. Arguments go to `groundwork-bench import`, e.g.
#   scripts/bench.sh --tickets 100000 --runs 3
#   scripts/bench.sh --tickets 20000 --json --profile
# See bench/README.md for what is measured and how to read it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --locked -p groundwork-bench -- import "$@"
