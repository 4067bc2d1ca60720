//! Writes COUNT inputs derived from every file in CORPUS_DIR into OUT_DIR, the same bytes for the
//! same seed, corpus and count on every machine:
//!
//!   fuzz-mutants SEED COUNT CORPUS_DIR OUT_DIR
//!
//! Each input is a corpus file (or the empty input) with one to five of libFuzzer's kinds of byte
//! mutation stacked on it: erase, insert, overwrite with a random or a syntax-laden byte, flip a
//! bit, duplicate or splice in a piece of another corpus file, truncate. Nothing depends on what
//! the code under test did, which is what makes `scripts/fuzz.sh` give the same verdict every
//! time: libFuzzer's own mutation follows coverage, and coverage varies from run to run (hash
//! seeds, temporary paths, threads).

use std::path::Path;
use std::process::ExitCode;

/// No input grows past this (the largest corpus file is kept whole).
const MAX_LEN: usize = 64 * 1024;

/// Bytes that mean something to the readers under test: separators, quotes, line ends, query
/// syntax, Markdown, UTF-8 lead bytes and byte-order marks, and the edges of a byte.
const INTERESTING: &[u8] =
    b"\x00\x01\x7f\x80\xff\xfe\xef\xbb\xbf\xc3\xe2\xf0\n\r\t ,;\"'()[]{}:-*~!&|<>#=.\\/0123456789";

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A position in `0..=len`.
    fn at(&mut self, len: usize) -> usize {
        self.below(len + 1)
    }

    /// A short length, more often small: 1..=max.
    fn short(&mut self, max: usize) -> usize {
        let bound = self.below(max) + 1;
        1 + self.below(bound)
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = input.len();
    match rng.below(10) {
        // Erase a range.
        0 if len > 0 => {
            let start = rng.below(len);
            let end = (start + rng.short(16)).min(len);
            input.drain(start..end);
        }
        // Insert random bytes.
        1 => {
            let at = rng.at(len);
            let bytes: Vec<u8> = (0..rng.short(8)).map(|_| rng.next() as u8).collect();
            input.splice(at..at, bytes);
        }
        // Insert a syntax-laden byte, sometimes repeated.
        2 => {
            let at = rng.at(len);
            let b = INTERESTING[rng.below(INTERESTING.len())];
            let n = if rng.below(4) == 0 { rng.short(64) } else { 1 };
            input.splice(at..at, std::iter::repeat_n(b, n));
        }
        // Overwrite a byte with a syntax-laden one.
        3 if len > 0 => {
            let at = rng.below(len);
            input[at] = INTERESTING[rng.below(INTERESTING.len())];
        }
        // Overwrite a byte with a random one.
        4 if len > 0 => {
            let at = rng.below(len);
            input[at] = rng.next() as u8;
        }
        // Flip a bit.
        5 if len > 0 => {
            let at = rng.below(len);
            input[at] ^= 1 << rng.below(8);
        }
        // Duplicate a piece of the input somewhere in it.
        6 if len > 0 => {
            let start = rng.below(len);
            let end = (start + rng.short(32)).min(len);
            let piece = input[start..end].to_vec();
            let at = rng.at(len);
            input.splice(at..at, piece);
        }
        // Truncate.
        7 if len > 0 => input.truncate(rng.below(len)),
        // Splice in a piece of another corpus file (or, rarely, all of it).
        _ => {
            let other = &seeds[rng.below(seeds.len())];
            if other.is_empty() {
                return;
            }
            let (start, end) = if rng.below(8) == 0 {
                (0, other.len())
            } else {
                let start = rng.below(other.len());
                (start, (start + rng.short(64)).min(other.len()))
            };
            let at = rng.at(len);
            input.splice(at..at, other[start..end].iter().copied());
        }
    }
}

fn run(seed: u64, count: usize, corpus: &Path, out: &Path) -> Result<(), String> {
    let mut names: Vec<_> = std::fs::read_dir(corpus)
        .map_err(|e| format!("{}: {e}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    // Directory order differs between file systems: the inputs must not.
    names.sort();
    let mut seeds = vec![Vec::new()];
    for name in &names {
        seeds.push(std::fs::read(name).map_err(|e| format!("{}: {e}", name.display()))?);
    }
    let max_len = seeds.iter().map(Vec::len).max().unwrap_or(0).max(MAX_LEN);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut rng = Rng(seed);
    for i in 0..count {
        let mut input = seeds[rng.below(seeds.len())].clone();
        for _ in 0..rng.short(5) {
            mutate(&mut rng, &mut input, &seeds);
        }
        input.truncate(max_len);
        if input.is_empty() {
            // libFuzzer runs the empty input once anyway and skips it in a corpus.
            input.push(INTERESTING[rng.below(INTERESTING.len())]);
        }
        let path = out.join(format!("{i:06}"));
        std::fs::write(&path, &input).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [seed, count, corpus, out] = args.as_slice() else {
        eprintln!("usage: fuzz-mutants SEED COUNT CORPUS_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    let (Ok(seed), Ok(count)) = (seed.parse::<u64>(), count.parse::<usize>()) else {
        eprintln!("fuzz-mutants: SEED and COUNT are whole numbers");
        return ExitCode::from(2);
    };
    match run(seed, count, Path::new(corpus), Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fuzz-mutants: {e}");
            ExitCode::FAILURE
        }
    }
}
