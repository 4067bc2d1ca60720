//! `transcripts`: importing a folder of one-hour interview transcripts (Zoom WebVTT) against
//! importing the same text as plain Markdown notes, in the same process; then search over the
//! transcripts with `role:participant` against the same query without it.
//!
//! The two folders come from [`crate::transcripts`]. Each run imports both, each into a fresh
//! workspace (`Workspace::open` + `Workspace::import`, which returns once SQLite and the index
//! hold every document), in alternating order; best and median are reported. The search part
//! runs a fixed query set on the last transcript workspace, both variants interleaved.

use crate::phases::BoxResult;
use crate::transcripts::{self, RARE_WORD};
use groundwork::import::{ImportKind, ImportOptions};
use groundwork::search::SearchRequest;
use groundwork::Workspace;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// What `groundwork-bench transcripts` runs.
pub struct Options {
    /// Transcripts (and notes) generated.
    pub files: u64,
    /// Minutes per transcript.
    pub minutes: u64,
    /// Runs of each import (alternating order).
    pub runs: u32,
    /// Timed repetitions of each query and variant (after one warm-up).
    pub rounds: u32,
    /// Generator seed.
    pub seed: u64,
    /// Print JSON.
    pub json: bool,
    /// Also time the import's pieces one by one for each variant (diagnostics).
    pub profile: bool,
}

/// Transcripts may take this many times as long to import as the same text as notes.
pub const IMPORT_TARGET: f64 = 1.3;
/// A query with `role:participant` may take this many times as long as without it.
pub const SEARCH_TARGET: f64 = 1.2;

/// The query set: single words, two-word phrases, two words, a rare and a common word. Every
/// one must find something in what participants said.
pub const QUERIES: &[&str] = &[
    "deploy",
    "flaky",
    "runbook",
    "secrets",
    "\"build cache\"",
    "\"golden path\"",
    "\"local environment\"",
    "deploy failed",
    "vault restart",
    RARE_WORD,
    "think",
];

/// The two imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The Markdown folder, read as notes.
    Notes,
    /// The WebVTT folder, read as transcripts.
    Transcripts,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Notes => "notes",
            Variant::Transcripts => "transcripts",
        }
    }
}

/// One import, timed and verified.
#[derive(Debug, Clone)]
pub struct ImportRun {
    /// Which import.
    pub variant: Variant,
    /// Wall time of `Workspace::open` + `Workspace::import`, seconds.
    pub seconds: f64,
    /// Documents stored and indexed.
    pub docs: u64,
    /// Of which `Workspace::open` of the empty folder, seconds.
    pub open_seconds: f64,
}

/// Imports `folder` into a fresh workspace at `dir` and checks that every file became one indexed
/// document; returns the run and the open workspace.
pub fn import_once(
    variant: Variant,
    folder: &Path,
    dir: &Path,
    files: u64,
) -> BoxResult<(ImportRun, Workspace)> {
    let opts = options(variant);
    let start = Instant::now();
    let ws = Workspace::open(dir)?;
    let opened = start.elapsed().as_secs_f64();
    let report = ws.import(folder, &opts, &mut |_| {}, &AtomicBool::new(false))?;
    let seconds = start.elapsed().as_secs_f64();
    if let Some(first) = report.rejected.first() {
        return Err(format!(
            "{}: {} files rejected, first: {first:?}",
            variant.name(),
            report.rejected.len()
        )
        .into());
    }
    let status = ws.status()?;
    for (what, got, expected) in [
        ("imported", report.imported, files),
        ("indexed", status.indexed, files),
        ("waiting to be indexed", status.pending, 0),
    ] {
        if got != expected {
            return Err(
                format!("{}: {what}: expected {expected}, got {got}", variant.name()).into(),
            );
        }
    }
    Ok((
        ImportRun {
            variant,
            seconds,
            docs: status.indexed,
            open_seconds: opened,
        },
        ws,
    ))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p` quantile (0–1) of sorted times, in ms.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    ms(sorted[((sorted.len() as f64 - 1.0) * p).round() as usize])
}

/// One query's figures.
#[derive(Debug, Clone)]
pub struct QueryRow {
    /// The query without the filter.
    pub query: String,
    /// Matches (the same with and without `role:participant`).
    pub total: u64,
    /// Median ms without the filter.
    pub p50_plain: f64,
    /// Median ms with `role:participant`.
    pub p50_role: f64,
}

/// Latencies of both variants over every query and round.
#[derive(Debug, Clone, Default)]
pub struct SearchFigures {
    /// Per query.
    pub rows: Vec<QueryRow>,
    /// Every timed plain query, sorted.
    pub plain: Vec<Duration>,
    /// Every timed query with `role:participant`, sorted.
    pub role: Vec<Duration>,
}

impl SearchFigures {
    /// (p50, p95) without and with the filter, ms.
    pub fn stats(&self) -> ((f64, f64), (f64, f64)) {
        (
            (percentile(&self.plain, 0.5), percentile(&self.plain, 0.95)),
            (percentile(&self.role, 0.5), percentile(&self.role, 0.95)),
        )
    }

    /// `role:participant` p50 over plain p50.
    pub fn ratio(&self) -> f64 {
        let ((p, _), (r, _)) = self.stats();
        r / p
    }
}

/// The request both variants send: 20 hits with snippets and facets, as the search view asks.
fn request(query: String) -> SearchRequest {
    SearchRequest {
        query,
        limit: Some(20),
        facets: true,
        ..Default::default()
    }
}

/// Runs every query with and without `role:participant`, once to warm up and check (each finds
/// something, both variants the same number of matches), then `rounds` times, the variants'
/// order alternating.
pub fn search(ws: &Workspace, rounds: u32) -> BoxResult<SearchFigures> {
    let mut out = SearchFigures::default();
    for q in QUERIES {
        let with_role = format!("{q} role:participant");
        let plain = ws.search(&request(q.to_string()))?;
        let role = ws.search(&request(with_role.clone()))?;
        if plain.total == 0 || plain.hits.is_empty() {
            return Err(format!("{q:?} found nothing in the transcripts").into());
        }
        if role.total != plain.total {
            return Err(format!(
                "{q:?}: {} matches, {} with role:participant (participants' words are the body: they must agree)",
                plain.total, role.total
            )
            .into());
        }
        let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
        for round in 0..rounds {
            for k in 0..2 {
                let with = (k + round as usize) % 2 == 1;
                let req = request(if with {
                    with_role.clone()
                } else {
                    q.to_string()
                });
                let t = Instant::now();
                std::hint::black_box(ws.search(&req)?);
                times[usize::from(with)].push(t.elapsed());
            }
        }
        for t in &mut times {
            t.sort();
        }
        out.rows.push(QueryRow {
            query: q.to_string(),
            total: plain.total,
            p50_plain: percentile(&times[0], 0.5),
            p50_role: percentile(&times[1], 0.5),
        });
        let [p, r] = times;
        out.plain.extend(p);
        out.role.extend(r);
    }
    out.plain.sort();
    out.role.sort();
    Ok(out)
}

/// Everything measured.
pub struct Report {
    files: u64,
    minutes: u64,
    seed: u64,
    rounds: u32,
    folders: transcripts::Folders,
    runs: Vec<ImportRun>,
    search: SearchFigures,
    profile: Option<Vec<(String, f64)>>,
}

fn seconds_of(runs: &[ImportRun], v: Variant) -> Vec<f64> {
    let mut s: Vec<f64> = runs
        .iter()
        .filter(|r| r.variant == v)
        .map(|r| r.seconds)
        .collect();
    s.sort_by(f64::total_cmp);
    s
}

impl Report {
    /// (best, median) seconds of a variant.
    fn best_median(&self, v: Variant) -> (f64, f64) {
        let s = seconds_of(&self.runs, v);
        (s[0], s[s.len() / 2])
    }

    fn bytes(&self, v: Variant) -> u64 {
        match v {
            Variant::Notes => self.folders.notes_bytes,
            Variant::Transcripts => self.folders.vtt_bytes,
        }
    }

    /// Median transcripts over median notes.
    pub fn import_ratio(&self) -> f64 {
        self.best_median(Variant::Transcripts).1 / self.best_median(Variant::Notes).1
    }

    fn best_ratio(&self) -> f64 {
        self.best_median(Variant::Transcripts).0 / self.best_median(Variant::Notes).0
    }

    fn to_json(&self) -> Value {
        let variant = |v: Variant| {
            let (best, median) = self.best_median(v);
            json!({
                "variant": v.name(), "bytes": self.bytes(v), "best_seconds": best,
                "median_seconds": median, "mb_per_second": self.bytes(v) as f64 / 1e6 / median,
                "all_seconds": seconds_of(&self.runs, v),
                "docs": self.runs.iter().filter(|r| r.variant == v).map(|r| r.docs).min(),
            })
        };
        let ((p50, p95), (r50, r95)) = self.search.stats();
        json!({
            "benchmark": "transcripts",
            "files": self.files, "minutes": self.minutes, "seed": self.seed,
            "words": self.folders.words, "turns": self.folders.turns,
            "runs": self.runs.len() / 2,
            "build": if cfg!(debug_assertions) { "debug" } else { "release" },
            "import": {
                "notes": variant(Variant::Notes),
                "transcripts": variant(Variant::Transcripts),
                "ratio": self.import_ratio(),
                "best_ratio": self.best_ratio(),
                "target": {"description": format!("transcripts <= {IMPORT_TARGET}x notes (median)"),
                           "max_ratio": IMPORT_TARGET, "met": self.import_ratio() <= IMPORT_TARGET},
            },
            "search": {
                "rounds": self.rounds,
                "plain": {"p50_ms": p50, "p95_ms": p95},
                "role_participant": {"p50_ms": r50, "p95_ms": r95},
                "ratio_p50": r50 / p50, "ratio_p95": r95 / p95,
                "queries": self.search.rows.iter().map(|r| json!({
                    "query": r.query, "total": r.total,
                    "p50_ms": r.p50_plain, "p50_role_ms": r.p50_role,
                })).collect::<Vec<_>>(),
                "target": {"description": format!("role:participant <= {SEARCH_TARGET}x without (p50)"),
                           "max_ratio": SEARCH_TARGET, "met": self.search.ratio() <= SEARCH_TARGET},
            },
            "profile": self.profile.as_ref().map(|p| p.iter().map(|(step, seconds)| json!({"step": step, "seconds": seconds})).collect::<Vec<_>>()),
        })
    }

    fn print(&self) {
        let build = if cfg!(debug_assertions) {
            "debug build: times are not representative, use --release"
        } else {
            "release build"
        };
        println!();
        println!(
            "transcripts benchmark: {} one-{}-minute interviews, {} words in {} turns, seed {}, {} run(s), {build}",
            self.files,
            self.minutes,
            self.folders.words,
            self.folders.turns,
            self.seed,
            self.runs.len() / 2
        );
        println!();
        println!(
            "{:<34} {:>9} {:>10} {:>10} {:>8}",
            "import (fresh workspace each)", "MB", "best (s)", "median (s)", "MB/s"
        );
        for (v, label) in [
            (Variant::Notes, "notes: the same text as .md"),
            (Variant::Transcripts, "transcripts: Zoom .vtt"),
        ] {
            let (best, median) = self.best_median(v);
            let mb = self.bytes(v) as f64 / 1e6;
            println!(
                "{label:<34} {mb:>9.1} {best:>10.2} {median:>10.2} {:>8.1}",
                mb / median
            );
        }
        let ratio = self.import_ratio();
        println!(
            "transcripts / notes: {ratio:.2}x (best runs {:.2}x)",
            self.best_ratio()
        );
        println!("target: transcripts ≤ {IMPORT_TARGET}× notes");
        if ratio <= IMPORT_TARGET {
            println!("MET ({ratio:.2}x ≤ {IMPORT_TARGET}x)");
        } else {
            println!(
                "MISSED: transcripts take {ratio:.2}x as long as notes (target ≤ {IMPORT_TARGET}x)"
            );
        }
        println!();
        println!(
            "search over the transcripts (20 hits, snippets, facets, each hit's turn), {} rounds per query:",
            self.rounds
        );
        println!(
            "{:<26} {:>8} {:>12} {:>22}",
            "query", "matches", "p50 ms", "p50 ms role:participant"
        );
        for r in &self.search.rows {
            println!(
                "{:<26} {:>8} {:>12.2} {:>22.2}",
                r.query, r.total, r.p50_plain, r.p50_role
            );
        }
        let ((p50, p95), (r50, r95)) = self.search.stats();
        println!("all queries without the filter:   p50 {p50:.2} ms, p95 {p95:.2} ms");
        println!("all queries with role:participant: p50 {r50:.2} ms, p95 {r95:.2} ms");
        let ratio = self.search.ratio();
        println!(
            "role:participant / without: p50 {ratio:.2}x, p95 {:.2}x",
            r95 / p95
        );
        println!("target: role:participant ≤ {SEARCH_TARGET}× without (p50)");
        if ratio <= SEARCH_TARGET {
            println!("MET ({ratio:.2}x ≤ {SEARCH_TARGET}x)");
        } else {
            println!("MISSED: {ratio:.2}x (target ≤ {SEARCH_TARGET}x)");
        }
        if let Some(p) = &self.profile {
            println!();
            println!("profile (diagnostics, one run each; the pieces overlap):");
            for (step, seconds) in p {
                println!("  {step:<72} {seconds:>7.2} s");
            }
        }
    }
}

fn options(variant: Variant) -> ImportOptions {
    ImportOptions {
        kind: Some(match variant {
            Variant::Notes => ImportKind::Notes,
            Variant::Transcripts => ImportKind::Transcript,
        }),
        ..ImportOptions::default()
    }
}

/// Diagnostics: for each variant, reading the files, a dry run (read + parse + SQLite rows,
/// rolled back), and `Workspace::reindex` of the imported documents (the index alone); for the
/// transcripts also one `transcript::parse` of every file. The pieces overlap: they show where
/// the time goes, they do not add up.
fn profile(dir: &Path, folders: &transcripts::Folders) -> BoxResult<Vec<(String, f64)>> {
    let mut out = Vec::new();
    for v in [Variant::Notes, Variant::Transcripts] {
        let folder = match v {
            Variant::Notes => &folders.notes,
            Variant::Transcripts => &folders.vtt,
        };
        let mut files: Vec<_> = std::fs::read_dir(folder)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        files.sort();
        let t = Instant::now();
        let bytes: Vec<Vec<u8>> = files.iter().map(std::fs::read).collect::<Result<_, _>>()?;
        out.push((
            format!("{}: fs::read every file", v.name()),
            t.elapsed().as_secs_f64(),
        ));
        if v == Variant::Transcripts {
            let t = Instant::now();
            for b in &bytes {
                std::hint::black_box(groundwork::import::transcript::parse("x.vtt", b)?);
            }
            out.push((
                "transcripts: transcript::parse of every file".into(),
                t.elapsed().as_secs_f64(),
            ));
        }
        let ws = Workspace::open(dir.join(format!("profile-{}", v.name())))?;
        let dry = ImportOptions {
            dry_run: true,
            ..options(v)
        };
        let t = Instant::now();
        ws.import(folder, &dry, &mut |_| {}, &AtomicBool::new(false))?;
        out.push((
            format!(
                "{}: dry run (read, parse, SQLite rows, rolled back)",
                v.name()
            ),
            t.elapsed().as_secs_f64(),
        ));
        let t = Instant::now();
        ws.import(folder, &options(v), &mut |_| {}, &AtomicBool::new(false))?;
        out.push((format!("{}: import", v.name()), t.elapsed().as_secs_f64()));
        let t = Instant::now();
        ws.reindex()?;
        out.push((
            format!(
                "{}: Workspace::reindex (load every document, index, commit)",
                v.name()
            ),
            t.elapsed().as_secs_f64(),
        ));
    }
    Ok(out)
}

/// Generates both folders, imports them `runs` times each and runs the searches.
pub fn measure(dir: &Path, o: &Options) -> BoxResult<Report> {
    eprintln!(
        "generating {} transcripts of {} minutes (seed {})",
        o.files, o.minutes, o.seed
    );
    let folders = transcripts::write_folders(&dir.join("in"), o.files, o.minutes, o.seed)?;
    let mut runs = Vec::new();
    let mut last = None;
    for run in 0..o.runs.max(1) {
        let mut order = [Variant::Notes, Variant::Transcripts];
        if run % 2 == 1 {
            order.reverse();
        }
        for v in order {
            let folder = match v {
                Variant::Notes => &folders.notes,
                Variant::Transcripts => &folders.vtt,
            };
            let ws_dir = dir.join(format!("ws-{}-{run}", v.name()));
            let (r, ws) = import_once(v, folder, &ws_dir, o.files)?;
            eprintln!(
                "run {}: {} {:.2} s (open {:.2} s)",
                run + 1,
                v.name(),
                r.seconds,
                r.open_seconds
            );
            runs.push(r);
            if v == Variant::Transcripts {
                if let Some((_, old_dir)) = last.replace((ws, ws_dir)) {
                    std::fs::remove_dir_all(old_dir)?;
                }
            } else {
                drop(ws);
                std::fs::remove_dir_all(&ws_dir)?;
            }
        }
    }
    let (ws, _) = last.ok_or("no transcript import ran")?;
    eprintln!(
        "searching: {} queries × {} rounds × 2",
        QUERIES.len(),
        o.rounds
    );
    let search = search(&ws, o.rounds.max(1))?;
    let profile = if o.profile {
        eprintln!("profiling");
        Some(profile(dir, &folders)?)
    } else {
        None
    };
    Ok(Report {
        profile,
        files: o.files,
        minutes: o.minutes,
        seed: o.seed,
        rounds: o.rounds.max(1),
        folders,
        runs,
        search,
    })
}

/// Runs the benchmark and prints it.
pub fn run(o: &Options) -> BoxResult<()> {
    let tmp = tempfile::Builder::new()
        .prefix("groundwork-bench-transcripts-")
        .tempdir()?;
    let report = measure(tmp.path(), o)?;
    if o.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        report.print();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tiny_run_imports_every_file_and_both_searches_agree() {
        let dir = tempfile::tempdir().unwrap();
        let report = measure(
            dir.path(),
            &Options {
                files: 3,
                minutes: 60,
                runs: 2,
                rounds: 1,
                seed: crate::generate::DEFAULT_SEED,
                json: true,
                profile: false,
            },
        )
        .unwrap();
        assert_eq!(report.runs.len(), 4);
        // Alternating order: notes first, then transcripts first.
        assert_eq!(report.runs[0].variant, Variant::Notes);
        assert_eq!(report.runs[2].variant, Variant::Transcripts);
        assert!(report.runs.iter().all(|r| r.docs == 3));
        assert_eq!(report.search.rows.len(), QUERIES.len());
        let rare = report
            .search
            .rows
            .iter()
            .find(|r| r.query == RARE_WORD)
            .unwrap();
        let common = report
            .search
            .rows
            .iter()
            .find(|r| r.query == "think")
            .unwrap();
        assert_eq!(rare.total, 1, "only interview-001 of three holds it");
        assert_eq!(common.total, 3);
        let json = report.to_json();
        assert_eq!(
            json["import"]["notes"]["all_seconds"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            json["import"]["target"]["met"],
            json!(report.import_ratio() <= IMPORT_TARGET)
        );
    }

    #[test]
    fn the_interviewer_is_told_from_the_participants() {
        let dir = tempfile::tempdir().unwrap();
        let folders = transcripts::write_folders(dir.path(), 1, 10, 3).unwrap();
        let (_, ws) = import_once(
            Variant::Transcripts,
            &folders.vtt,
            &dir.path().join("ws"),
            1,
        )
        .unwrap();
        // Questions are the interviewer's words: not evidence, found with role:interviewer.
        let asked = ws.search(&request("\"thanks for joining\" role:interviewer".into()));
        let plain = ws.search(&request("\"thanks for joining\"".into()));
        assert_eq!(asked.unwrap().total, 1);
        assert_eq!(plain.unwrap().total, 0);
    }
}
