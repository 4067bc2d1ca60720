//! Responsiveness during an in-app import: does a long import lock out search, the command palette
//! or Cancel? Everything goes through `groundwork::api::session::Session`, configured as the desktop app
//! configures it (`Indexing::Background(750 ms)`), and every command through `Session::call` with
//! the JSON arguments the UI sends.
//!
//! 1. A fresh workspace gets the demo data (`seed_demo`) and `--seed-tickets` generated tickets
//!    (re-keyed `SEED-n`, so they never collide with the large export), imported with
//!    `import_file`; then the reader is given time to see them.
//! 2. Idle baseline: `--samples` ticks at a steady pace (`--interval-ms`), each one search as the
//!    search view asks for it (50 hits, snippets, facets) and one palette keystroke.
//! 3. `import_file` of the `--tickets` export starts on another thread. Once its progress shows
//!    `--start-rows` rows stored, the same ticks run again, then `cancel_import` is called and the
//!    time until `import_file` returns (with code `cancelled`) is measured.
//! 4. The workspace must hold exactly what it held before (documents, import batches, a sound
//!    `check_workspace`), and every search during the import must have found what it found idle.
//!
//! Each tick also times two probes that tell a lock from a busy CPU: taking the session's reader
//! slot and letting it go (`Session::read` with nothing to do: waits only if something holds the
//! reader), and a fixed computation that touches no shared state (slows down only for want of
//! CPU). The import keeps both cores busy (rows into SQLite on one, tantivy's indexing thread on
//! the other), so a search that slows down as much as the computation is sharing the CPU, not
//! waiting for a lock.
//!
//! The figures are ratios against the idle baseline of the same run; nothing is asserted on time.

use crate::generate;
use crate::phases::BoxResult;
use groundwork::api::session::{Indexing, Session, SessionOptions};
use groundwork::{ApiError, ErrorCode};
use serde_json::{json, Value};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `groundwork-bench responsiveness` runs.
pub struct Options {
    /// Tickets in the export imported (and cancelled) in the app.
    pub tickets: u64,
    /// Generated tickets in the workspace before that import (besides the demo data).
    pub seed_tickets: u64,
    /// Ticks (one search and one palette keystroke each) idle and during the import.
    pub samples: u32,
    /// Time between the starts of two ticks.
    pub interval_ms: u64,
    /// Rows the import must have stored before the measurement during it starts.
    pub start_rows: u64,
    /// Generator seed.
    pub seed: u64,
    /// Print JSON.
    pub json: bool,
}

/// What the app's quiet period is (`src-tauri/src/state.rs`, `INDEX_QUIET`).
const INDEX_QUIET: Duration = Duration::from_millis(750);

/// The search view's queries: words, pairs, phrases, OR and NOT, every one finding something in
/// the generated tickets, several in the demo interviews too.
const QUERIES: &[&str] = &[
    "deploy",
    "flaky",
    "timeout",
    "slow build",
    "flaky test",
    "\"build cache\"",
    "deploy OR rollback",
    "pods -helm",
    "secrets rotation",
    "onboarding",
    "local environment",
    "approvals",
    "pipeline timeout",
    "on call",
    "runbook",
    "certificate expired",
];

/// What is typed into the palette, keystroke by keystroke.
const TYPED: &[&str] = &[
    "deploy pipeline",
    "flaky test",
    "SEED-4711",
    "kubernetes config",
    "secrets rotation",
    "checkout",
];

/// The session's `call` as a host makes it, for commands that report no progress.
fn call(session: &Session, dir: &Path, name: &str, args: Value) -> Result<Value, ApiError> {
    session.call(name, args, &mut |_| {}, dir.to_path_buf(), &mut |_| {})
}

fn import_args(path: &Path) -> Value {
    json!({
        "path": path.display().to_string(),
        "options": { "kind": null, "format": "auto", "mappings": [], "encoding": null, "dry_run": false },
    })
}

fn search_args(query: &str) -> Value {
    json!({ "request": { "query": query, "limit": 50, "offset": 0, "sort": "relevance", "facets": true } })
}

/// Every prefix of every typed query: the palette's calls, in order.
fn keystrokes() -> Vec<String> {
    TYPED
        .iter()
        .flat_map(|w| {
            let chars: Vec<char> = w.chars().collect();
            (1..=chars.len()).map(move |n| chars[..n].iter().collect::<String>())
        })
        .collect()
}

/// The generator's tickets with keys `SEED-1`… instead of `PLAT-10001`…, so the large export
/// (same generator, same keys) adds documents rather than updating these.
fn write_seed_file(path: &Path, tickets: u64, seed: u64) -> BoxResult<()> {
    let mut buf = Vec::new();
    generate::generate(tickets, seed, &mut buf)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(buf.as_slice());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BufWriter::new(std::fs::File::create(path)?));
    for (i, rec) in reader.records().enumerate() {
        let mut rec = rec?;
        if i > 0 {
            let fields: Vec<String> = rec
                .iter()
                .enumerate()
                .map(|(c, f)| {
                    if c == 1 {
                        format!("SEED-{i}")
                    } else {
                        f.to_string()
                    }
                })
                .collect();
            rec = csv::StringRecord::from(fields);
        }
        writer.write_record(&rec)?;
    }
    writer.flush()?;
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// p50, p95 and max of a set of latencies in milliseconds.
#[derive(Clone, Copy)]
struct Stats {
    n: usize,
    p50: f64,
    p95: f64,
    max: f64,
}

impl Stats {
    fn of(ms: &[f64]) -> Stats {
        let mut v = ms.to_vec();
        v.sort_by(f64::total_cmp);
        Stats {
            n: v.len(),
            p50: percentile(&v, 0.5),
            p95: percentile(&v, 0.95),
            max: percentile(&v, 1.0),
        }
    }

    fn json(&self) -> Value {
        json!({ "n": self.n, "p50_ms": self.p50, "p95_ms": self.p95, "max_ms": self.max })
    }
}

/// Latencies of one phase (idle or during the import), and what each search found.
#[derive(Default)]
struct Samples {
    search_ms: Vec<f64>,
    palette_ms: Vec<f64>,
    /// `Session::read` doing nothing: the wait for the reader slot.
    lock_ms: Vec<f64>,
    /// A fixed computation sharing nothing: the wait for a CPU.
    control_ms: Vec<f64>,
    /// (query index, total hits).
    totals: Vec<(usize, u64)>,
}

/// Rounds of the control computation (a few milliseconds on an idle core).
const CONTROL_ROUNDS: u64 = 1 << 21;

/// A fixed amount of arithmetic (SplitMix64 steps) that touches no shared state.
fn control_work() -> u64 {
    let mut x = std::hint::black_box(0x9E37_79B9_7F4A_7C15u64);
    let mut acc = 0u64;
    for _ in 0..std::hint::black_box(CONTROL_ROUNDS) {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        acc ^= z ^ (z >> 31);
    }
    acc
}

/// `samples` ticks, one every `interval` (a tick that starts late does not make the next one
/// earlier than its slot): a search, then a palette keystroke.
fn ticks(
    session: &Session,
    dir: &Path,
    samples: u32,
    interval: Duration,
    keys: &[String],
) -> BoxResult<Samples> {
    let mut out = Samples::default();
    let start = Instant::now();
    for i in 0..samples as usize {
        let slot = start + interval * i as u32;
        if let Some(wait) = slot.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let q = i % QUERIES.len();
        let t = Instant::now();
        let r = call(session, dir, "search", search_args(QUERIES[q]))?;
        out.search_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        out.totals.push((q, r["total"].as_u64().unwrap_or(0)));

        let key = &keys[i % keys.len()];
        let t = Instant::now();
        call(session, dir, "palette", json!({ "query": key }))?;
        out.palette_ms.push(t.elapsed().as_secs_f64() * 1000.0);

        let t = Instant::now();
        session.read(|_| Ok::<_, groundwork::Error>(()))?;
        out.lock_ms.push(t.elapsed().as_secs_f64() * 1000.0);

        let t = Instant::now();
        std::hint::black_box(control_work());
        out.control_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(out)
}

/// Waits until the reader sees every live document indexed and nothing queued.
fn wait_indexed(session: &Session, dir: &Path) -> BoxResult<Value> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let s = call(session, dir, "workspace_status", json!({}))?;
        let live: u64 = s["documents"]
            .as_object()
            .map(|m| m.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0);
        if s["pending"].as_u64() == Some(0) && s["indexed"].as_u64() == Some(live) {
            return Ok(s);
        }
        if Instant::now() > deadline {
            return Err(format!("the index did not catch up within 120 s: {s}").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Where the JSON report goes: `target/bench/responsiveness.json` of this workspace (or of
/// `CARGO_TARGET_DIR`).
fn report_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench").join("responsiveness.json")
}

/// Runs the responsiveness benchmark.
pub fn run(opts: &Options) -> BoxResult<()> {
    let tmp = tempfile::Builder::new()
        .prefix("groundwork-bench-responsiveness-")
        .tempdir()?;
    let docs = tmp.path().to_path_buf();
    let big = tmp.path().join("jira-export.csv");
    eprintln!("generating {} tickets (seed {})", opts.tickets, opts.seed);
    generate::generate(
        opts.tickets,
        opts.seed,
        BufWriter::new(std::fs::File::create(&big)?),
    )?;
    let big_mb = std::fs::metadata(&big)?.len() as f64 / 1e6;

    // The workspace as the app opens it: one session, a reader, a writer, a background indexer.
    let session = Session::open(
        &tmp.path().join("workspace"),
        SessionOptions {
            indexing: Indexing::Background(INDEX_QUIET),
            today: None,
        },
    );
    let demo = call(&session, &docs, "seed_demo", json!({}))?;
    eprintln!("seeded the demo ({demo} documents)");
    if opts.seed_tickets > 0 {
        let seed_file = tmp.path().join("seed-tickets.csv");
        write_seed_file(&seed_file, opts.seed_tickets, opts.seed ^ 0x5eed)?;
        eprintln!("importing {} seed tickets in the app", opts.seed_tickets);
        let r = call(&session, &docs, "import_file", import_args(&seed_file))?;
        if r["imported"].as_u64() != Some(opts.seed_tickets) {
            return Err(format!("the seed import stored {}", r["imported"]).into());
        }
    }
    let before = wait_indexed(&session, &docs)?;
    let batches_before = call(&session, &docs, "list_imports", json!({}))?;
    let held: u64 = before["documents"]
        .as_object()
        .map(|m| m.values().filter_map(Value::as_u64).sum())
        .unwrap_or(0);

    // Warm-up: every query finds something; the palette loads its entries once.
    let keys = keystrokes();
    let mut idle_totals = vec![0u64; QUERIES.len()];
    for (i, q) in QUERIES.iter().enumerate() {
        let r = call(&session, &docs, "search", search_args(q))?;
        idle_totals[i] = r["total"].as_u64().unwrap_or(0);
        if idle_totals[i] == 0 {
            return Err(format!("{q:?} finds nothing in the seeded workspace").into());
        }
    }
    let load = Instant::now();
    call(&session, &docs, "palette", json!({ "query": "" }))?;
    let palette_load_ms = load.elapsed().as_secs_f64() * 1000.0;
    for k in &keys {
        call(&session, &docs, "palette", json!({ "query": k }))?;
    }

    let interval = Duration::from_millis(opts.interval_ms);
    eprintln!(
        "idle: {} searches and palette keystrokes, one every {} ms",
        opts.samples, opts.interval_ms
    );
    let idle = ticks(&session, &docs, opts.samples, interval, &keys)?;

    // The import, on its own thread as the app runs it (`spawn_blocking`), reporting progress.
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let import = {
        let session = session.clone();
        let done = done.clone();
        let docs = docs.clone();
        let args = import_args(&big);
        std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let mut progress =
                    |p: groundwork::import::Progress| done.store(p.done, Ordering::SeqCst);
                let out = session.call("import_file", args, &mut progress, docs, &mut |_| {});
                (out, Instant::now())
            })?
    };
    eprintln!(
        "importing {} tickets ({big_mb:.0} MB) in the app; measuring from row {}",
        opts.tickets, opts.start_rows
    );
    while done.load(Ordering::SeqCst) < opts.start_rows {
        if import.is_finished() {
            let (out, _) = import.join().map_err(|_| "the import thread panicked")?;
            return Err(format!("the import ended before row {}: {out:?}", opts.start_rows).into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let to_start = started.elapsed().as_secs_f64();
    let rows_from = done.load(Ordering::SeqCst);
    let during_started = Instant::now();
    let during = ticks(&session, &docs, opts.samples, interval, &keys)?;
    let during_s = during_started.elapsed().as_secs_f64();
    let rows_to = done.load(Ordering::SeqCst);
    if import.is_finished() {
        return Err(format!(
            "the import of {} tickets finished before the measurement did; raise --tickets or lower --samples",
            opts.tickets
        )
        .into());
    }

    // Cancel: no lock taken; the import stops between rows, rolls back SQLite and the index.
    let rows_at_cancel = done.load(Ordering::SeqCst);
    let cancelled_at = Instant::now();
    session.cancel_import();
    let (out, returned_at) = import.join().map_err(|_| "the import thread panicked")?;
    let cancel_ms = returned_at.duration_since(cancelled_at).as_secs_f64() * 1000.0;
    match &out {
        Err(e) if e.code == ErrorCode::Cancelled => {}
        other => return Err(format!("import_file after cancel_import answered {other:?}").into()),
    }
    // The first search after Cancel, and how long until a search runs after Cancel is pressed.
    let t = Instant::now();
    call(&session, &docs, "search", search_args(QUERIES[0]))?;
    let search_after_cancel_ms = t.elapsed().as_secs_f64() * 1000.0;

    // Nothing stored: the same documents, the same import batches, a sound workspace, and every
    // search during the import found what it found idle (reads saw the workspace as before).
    let after = wait_indexed(&session, &docs)?;
    if after["documents"] != before["documents"] {
        return Err(format!(
            "the cancelled import left documents: before {}, after {}",
            before["documents"], after["documents"]
        )
        .into());
    }
    let batches_after = call(&session, &docs, "list_imports", json!({}))?;
    if batches_after != batches_before {
        return Err(format!("the cancelled import left a batch: {batches_after}").into());
    }
    let check = call(&session, &docs, "check_workspace", json!({}))?;
    if check["ok"] != Value::Bool(true) {
        return Err(format!("check_workspace after the cancel: {check}").into());
    }
    for (q, total) in &during.totals {
        if *total != idle_totals[*q] {
            return Err(format!(
                "{:?} found {total} during the import, {} idle",
                QUERIES[*q], idle_totals[*q]
            )
            .into());
        }
    }

    let (si, sd) = (Stats::of(&idle.search_ms), Stats::of(&during.search_ms));
    let (pi, pd) = (Stats::of(&idle.palette_ms), Stats::of(&during.palette_ms));
    let (li, ld) = (Stats::of(&idle.lock_ms), Stats::of(&during.lock_ms));
    let (ci, cd) = (Stats::of(&idle.control_ms), Stats::of(&during.control_ms));
    let ratio = |d: f64, i: f64| d / i.max(1e-9);
    let rows_per_s = (rows_to - rows_from) as f64 / during_s.max(1e-9);
    let report = json!({
        "tickets": opts.tickets,
        "export_mb": big_mb,
        "workspace_documents": held,
        "seed_tickets": opts.seed_tickets,
        "samples": opts.samples,
        "interval_ms": opts.interval_ms,
        "indexing": "background, 750 ms quiet period (as the app)",
        "search": {
            "request": "limit 50, offset 0, relevance, facets (as the search view)",
            "idle": si.json(), "during_import": sd.json(),
            "ratio_p50": ratio(sd.p50, si.p50), "ratio_p95": ratio(sd.p95, si.p95),
            "ratio_max": ratio(sd.max, si.max),
            "same_hits_as_idle": true,
        },
        "palette": {
            "entries_load_ms": palette_load_ms,
            "idle": pi.json(), "during_import": pd.json(),
            "ratio_p50": ratio(pd.p50, pi.p50), "ratio_p95": ratio(pd.p95, pi.p95),
            "ratio_max": ratio(pd.max, pi.max),
        },
        "reader_slot_wait": {
            "what": "Session::read doing nothing: waits only while something holds the reader",
            "idle": li.json(), "during_import": ld.json(),
        },
        "cpu_control": {
            "what": "a fixed computation sharing nothing: slows down only for want of CPU",
            "idle": ci.json(), "during_import": cd.json(),
            "ratio_p50": ratio(cd.p50, ci.p50), "ratio_p95": ratio(cd.p95, ci.p95),
            "ratio_max": ratio(cd.max, ci.max),
        },
        "import": {
            "seconds_to_start_rows": to_start,
            "rows_when_measuring_began": rows_from,
            "rows_when_measuring_ended": rows_to,
            "rows_per_second_while_measured": rows_per_s,
            "measured_seconds": during_s,
        },
        "cancel": {
            "latency_ms": cancel_ms,
            "rows_imported_when_cancelled": rows_at_cancel,
            "answer": "cancelled",
            "first_search_after_ms": search_after_cancel_ms,
            "nothing_stored": true,
            "check_workspace_ok": true,
        },
    });
    let path = report_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let path = std::fs::canonicalize(dir)?.join("responsiveness.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)? + "\n")?;

    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "responsiveness during an in-app import of {} tickets ({big_mb:.0} MB) into a workspace of {held} documents",
            opts.tickets
        );
        println!(
            "  {} ticks, one every {} ms: a search (50 hits, snippets, facets) and a palette keystroke, through Session::call",
            opts.samples, opts.interval_ms
        );
        println!(
            "  {:<10} {:>24} {:>24} {:>16}",
            "", "idle p50 / p95 / max", "importing p50 / p95 / max", "ratio p50 / p95"
        );
        for (name, i, d) in [("search", si, sd), ("palette", pi, pd), ("cpu", ci, cd)] {
            println!(
                "  {name:<10} {:>7.2} {:>7.2} {:>8.2} {:>7.2} {:>7.2} {:>8.2} ms {:>6.2}× {:>6.2}×",
                i.p50,
                i.p95,
                i.max,
                d.p50,
                d.p95,
                d.max,
                ratio(d.p50, i.p50),
                ratio(d.p95, i.p95)
            );
        }
        println!("  cpu: a fixed computation sharing nothing (it waits only for the CPU)");
        println!(
            "  reader slot (Session::read doing nothing; it waits only for a lock): idle max {:.2} µs, importing p50 {:.2} µs, max {:.2} µs",
            li.max * 1000.0,
            ld.p50 * 1000.0,
            ld.max * 1000.0
        );
        println!(
            "  the import stored {rows_from}→{rows_to} rows while measured ({rows_per_s:.0} rows/s); every search found what it found idle"
        );
        println!(
            "  Cancel at row {rows_at_cancel}: import_file returned `cancelled` after {cancel_ms:.0} ms; nothing stored (same documents and batches, check_workspace ok); the next search {search_after_cancel_ms:.2} ms"
        );
        println!("  written to {}", path.display());
    }
    Ok(())
}
