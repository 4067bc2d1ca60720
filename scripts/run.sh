#!/usr/bin/env bash
# Sets up what is missing, builds Groundwork (release) and launches it on the default workspace
# (or the one in GROUNDWORK_WORKSPACE, or `scripts/run.sh --workspace DIR`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "==> building the UI"
npm --prefix ui run build --silent
echo "==> building the app (the first build takes about 10 minutes)"
ui/node_modules/.bin/tauri build --no-bundle
exec target/release/groundwork-app "$@"
