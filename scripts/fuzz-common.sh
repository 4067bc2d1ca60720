# Sourced by scripts/fuzz.sh and scripts/fuzz-explore.sh: builds every fuzz target and sets up
# where they run. Leaves the shell in fuzz/ with
#   root      the repository
#   targets   the fuzz targets' names
#   bin       the directory holding their binaries (libFuzzer's command line)
#   flags     the limits every run has: a hang (10 s for one input) or 2 GB of memory fails it
#   scratch   a temporary directory removed on exit, also TMPDIR for the targets
#
# Builds with the stable toolchain and no sanitizer (`cargo fuzz build --sanitizer none`), as the
# app is released: optimized, overflow checks off (with them on, calamine 0.38 panics on an
# integer overflow in a damaged XLSX that a release build wraps and reads as an error; see
# RELIABILITY.md). FUZZ_TOOLCHAIN=nightly builds with `cargo +nightly` instead.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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
fuzz_opts=(--sanitizer none --release)
"${cargo[@]}" fuzz build "${fuzz_opts[@]}"
mapfile -t targets < <("${cargo[@]}" fuzz list)
host=$("${cargo[@]}" -vV | sed -n 's/^host: //p')
bin="$CARGO_TARGET_DIR/$host/release"
flags=(-timeout=10 -rss_limit_mb=2048)

# In memory when the machine has /dev/shm: several targets write a SQLite workspace or a file
# per input, and on a busy disk the syncs take most of the time.
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm="${TMPDIR:-/tmp}"
scratch=$(mktemp -d "$shm/groundwork-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"
