//! Search and palette latency: the same generated export is imported into a Groundwork
//! workspace, a bare tantivy index and an SQLite FTS5 table (as in the import benchmark), then the
//! same queries run against all three in this process, interleaved query by query. Groundwork's
//! search returns 20 hits with snippets, facet counts and near-duplicate grouping; bare tantivy
//! returns its top 20 and the count; FTS5 returns its bm25 top 20 with `snippet()` and the count.
//! The palette is measured keystroke by keystroke over every ticket title.
// Connection::open: the SQLite FTS5 baseline is a plain database, not a workspace.
#![allow(clippy::disallowed_methods)]

use crate::generate;
use crate::phases::{self, BoxResult};
use groundwork::search::SearchRequest;
use groundwork::Workspace;
use rusqlite::Connection;
use std::io::BufWriter;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::Index;

/// What `groundwork-bench search` runs.
pub struct Options {
    /// Tickets in the generated export.
    pub tickets: u64,
    /// Generator seed.
    pub seed: u64,
    /// Times the query set runs (after one warm-up pass).
    pub rounds: u32,
    /// Print JSON.
    pub json: bool,
}

/// The query set: words, pairs, phrases, OR and NOT over the generator's vocabulary — the text
/// part every engine understands the same way.
const QUERIES: &[&str] = &[
    "deploy",
    "flaky",
    "timeout",
    "pods",
    "cache",
    "secrets",
    "onboarding",
    "runbook",
    "slow build",
    "flaky test",
    "deploy failed",
    "pipeline timeout",
    "\"build cache\"",
    "\"flaky test\"",
    "\"on call\"",
    "checkout payments",
    "cache OR vault",
    "deploy OR rollback",
    "pods -helm",
    "test -flaky",
    "memory",
    "certificate expired",
    "docs search",
    "local environment",
    "rotation",
    "permission denied",
    "runners",
    "queue",
    "merge",
    "staging",
];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct Latency {
    name: &'static str,
    times: Vec<Duration>,
}

impl Latency {
    fn stats(&mut self) -> (f64, f64, f64) {
        self.times.sort();
        (
            percentile(&self.times, 0.5),
            percentile(&self.times, 0.99),
            percentile(&self.times, 1.0),
        )
    }
}

/// FTS5's reading of a query: the same words, phrases, OR and NOT.
fn fts5_query(q: &str) -> String {
    q.split(' ')
        .map(|part| match part.strip_prefix('-') {
            Some(w) => format!("NOT {w}"),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs the search and palette benchmark.
pub fn run(opts: &Options) -> BoxResult<()> {
    let tmp = tempfile::Builder::new()
        .prefix("groundwork-bench-search-")
        .tempdir()?;
    let file = tmp.path().join("jira-export.csv");
    eprintln!("generating {} tickets (seed {})", opts.tickets, opts.seed);
    generate::generate(
        opts.tickets,
        opts.seed,
        BufWriter::new(std::fs::File::create(&file)?),
    )?;
    eprintln!("building: groundwork workspace, bare tantivy index, FTS5 table");
    let gw_dir = tmp.path().join("groundwork");
    phases::groundwork(&file, &gw_dir, opts.tickets)?;
    let tv_dir = tmp.path().join("tantivy");
    phases::tantivy_alone(&file, &tv_dir, opts.tickets)?;
    let fts_dir = tmp.path().join("fts5");
    phases::fts5(&file, &fts_dir, opts.tickets)?;

    let ws = Workspace::open(&gw_dir)?;
    let tv = Index::open_in_dir(&tv_dir)?;
    let tv_reader = tv.reader()?;
    let tv_fields = ["title", "body", "people"]
        .iter()
        .map(|n| tv.schema().get_field(n))
        .collect::<Result<Vec<_>, _>>()?;
    let mut parser = QueryParser::for_index(&tv, tv_fields);
    parser.set_conjunction_by_default();
    let fts = Connection::open(fts_dir.join("fts5.sqlite3"))?;
    let mut fts_top = fts.prepare(
        "SELECT rowid, bm25(fts), snippet(fts, 1, '[', ']', '…', 24) FROM fts
         WHERE fts MATCH ?1 ORDER BY rank LIMIT 20",
    )?;
    let mut fts_count = fts.prepare("SELECT COUNT(*) FROM fts WHERE fts MATCH ?1")?;

    let mut gw = Latency {
        name: "groundwork (20 hits + snippets + facets + duplicates)",
        times: Vec::new(),
    };
    let mut lean = Latency {
        name: "groundwork without facets (20 hits + snippets + duplicates)",
        times: Vec::new(),
    };
    let mut bare = Latency {
        name: "tantivy alone (top 20 + count)",
        times: Vec::new(),
    };
    let mut sqlite = Latency {
        name: "SQLite FTS5 (bm25 top 20 + snippet + count)",
        times: Vec::new(),
    };
    for round in 0..=opts.rounds {
        let warmup = round == 0;
        for q in QUERIES {
            let t = Instant::now();
            let r = ws.search(&SearchRequest {
                query: q.to_string(),
                limit: Some(20),
                facets: true,
                ..Default::default()
            })?;
            let g = t.elapsed();

            let t = Instant::now();
            ws.search(&SearchRequest {
                query: q.to_string(),
                limit: Some(20),
                ..Default::default()
            })?;
            let l = t.elapsed();

            let t = Instant::now();
            let searcher = tv_reader.searcher();
            let query = parser.parse_query(q)?;
            let (top, count) = searcher.search(&query, &(TopDocs::with_limit(20), Count))?;
            let b = t.elapsed();

            let t = Instant::now();
            let fq = fts5_query(q);
            let rows: Vec<(i64, f64, String)> = fts_top
                .query_map([&fq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let n: i64 = fts_count.query_row([&fq], |r| r.get(0))?;
            let s = t.elapsed();

            if warmup {
                // Every engine must find something for every query, and Groundwork and tantivy
                // read the same text the same way.
                if top.is_empty() || rows.is_empty() || n == 0 || r.hits.is_empty() {
                    return Err(format!("{q:?} found nothing in one of the engines").into());
                }
                if r.total != count as u64 {
                    eprintln!("  note: {q:?}: groundwork {} vs tantivy {count}", r.total);
                }
                continue;
            }
            gw.times.push(g);
            lean.times.push(l);
            bare.times.push(b);
            sqlite.times.push(s);
        }
    }

    // The palette: every ticket title, typed keystroke by keystroke (with a backspace or two).
    let load = Instant::now();
    ws.palette("", 30)?;
    let load = load.elapsed();
    let typed = [
        "deploy pipeline",
        "flaky test",
        "PLAT-4711",
        "kubernetes config",
        "secrets rotation",
        "checkout-api timeout",
    ];
    let mut keys = Latency {
        name: "palette keystroke",
        times: Vec::new(),
    };
    for word in typed {
        let chars: Vec<char> = word.chars().collect();
        let mut q = String::new();
        for c in &chars {
            q.push(*c);
            let t = Instant::now();
            ws.palette(&q, 30)?;
            keys.times.push(t.elapsed());
        }
        for _ in 0..3 {
            q.pop();
            let t = Instant::now();
            ws.palette(&q, 30)?;
            keys.times.push(t.elapsed());
        }
        ws.palette("", 30)?;
    }
    let entries = opts.tickets + ws.themes()?.len() as u64;

    let (g50, g99, gmax) = gw.stats();
    let (l50, l99, lmax) = lean.stats();
    let (b50, b99, bmax) = bare.stats();
    let (s50, s99, smax) = sqlite.stats();
    let (k50, k95, kmax) = {
        keys.times.sort();
        (
            percentile(&keys.times, 0.5),
            percentile(&keys.times, 0.95),
            percentile(&keys.times, 1.0),
        )
    };
    // Pathological queries: 10 000 terms, and the worst 1 000 characters (the reader keeps the
    // first 1 000) of fuzzy, prefix, phrase and nested terms. Each runs 3 times; the worst time is
    // set against the median of the ordinary queries above, measured in this same run.
    let pathological: Vec<(&str, String)> = vec![
        (
            "10 000 words",
            (0..10_000)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "10 000 terms OR'd",
            (0..10_000)
                .map(|i| format!("deploy{i}"))
                .collect::<Vec<_>>()
                .join(" OR "),
        ),
        (
            "1 000 chars of fuzzy terms",
            ["deploymen~2", "flakey~2", "pipline~2", "timout~2"]
                .iter()
                .cycle()
                .take(100)
                .copied()
                .collect::<Vec<_>>()
                .join(" OR "),
        ),
        (
            "1 000 chars of prefixes",
            ["de*", "fl*", "pi*", "ti*", "ca*", "se*", "ru*", "on*"]
                .iter()
                .cycle()
                .take(250)
                .copied()
                .collect::<Vec<_>>()
                .join(" OR "),
        ),
        (
            "500 nested parentheses",
            format!("{}deploy{}", "(".repeat(500), ")".repeat(500)),
        ),
        (
            "1 000 chars of phrases",
            ["\"build cache\"", "\"flaky test\"", "\"on call\""]
                .iter()
                .cycle()
                .take(80)
                .copied()
                .collect::<Vec<_>>()
                .join(" OR "),
        ),
    ];
    let baseline = percentile(&lean.times, 0.5);
    let mut worst_cases = Vec::new();
    for (name, q) in &pathological {
        let mut worst = 0f64;
        let mut total = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let r = ws.search(&SearchRequest {
                query: q.clone(),
                limit: Some(20),
                ..Default::default()
            })?;
            worst = worst.max(t.elapsed().as_secs_f64() * 1000.0);
            total = r.total;
        }
        worst_cases.push((*name, q.chars().count(), worst, total));
    }
    let target_p99 = if opts.tickets >= 1_000_000 {
        50.0
    } else {
        10.0
    };
    let ratio = g99 / b99.max(1e-9);
    if opts.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "tickets": opts.tickets,
                "queries": gw.times.len(),
                "search": [
                    { "engine": gw.name, "p50_ms": g50, "p99_ms": g99, "max_ms": gmax },
                    { "engine": lean.name, "p50_ms": l50, "p99_ms": l99, "max_ms": lmax },
                    { "engine": bare.name, "p50_ms": b50, "p99_ms": b99, "max_ms": bmax },
                    { "engine": sqlite.name, "p50_ms": s50, "p99_ms": s99, "max_ms": smax },
                ],
                "search_target": { "p99_ms": target_p99, "ratio_to_tantivy": 1.5,
                                   "p99_met": g99 <= target_p99, "ratio": ratio, "ratio_met": ratio <= 1.5,
                                   "ratio_without_facets": l99 / b99.max(1e-9) },
                "pathological": worst_cases.iter().map(|(name, chars, ms, total)| serde_json::json!({
                    "query": name, "chars": chars, "worst_ms": ms, "hits": total,
                    "ratio_to_median_query": ms / baseline.max(1e-9) })).collect::<Vec<_>>(),
                "palette": { "entries": entries, "load_ms": load.as_secs_f64() * 1000.0,
                             "keystrokes": keys.times.len(), "p50_ms": k50, "p95_ms": k95, "max_ms": kmax,
                             "target_p95_ms": 16.0, "met": k95 <= 16.0 },
            }))?
        );
    } else {
        println!(
            "search over {} tickets, {} timed queries ({} rounds of {})",
            opts.tickets,
            gw.times.len(),
            opts.rounds,
            QUERIES.len()
        );
        println!(
            "  {:<58} {:>8} {:>8} {:>8}",
            "engine", "p50 ms", "p99 ms", "max ms"
        );
        for (name, a, b, c) in [
            (gw.name, g50, g99, gmax),
            (lean.name, l50, l99, lmax),
            (bare.name, b50, b99, bmax),
            (sqlite.name, s50, s99, smax),
        ] {
            println!("  {name:<58} {a:>8.2} {b:>8.2} {c:>8.2}");
        }
        println!(
            "  target p99 ≤ {target_p99} ms: {}; p99 vs tantivy alone {ratio:.2}× (target ≤ 1.5×): {}; without facets {:.2}×",
            if g99 <= target_p99 { "MET" } else { "MISSED" },
            if ratio <= 1.5 { "MET" } else { "MISSED" },
            l99 / b99.max(1e-9)
        );
        println!("pathological queries (worst of 3, against the median ordinary query {baseline:.2} ms):");
        for (name, chars, ms, total) in &worst_cases {
            println!(
                "  {name:<30} {chars:>7} chars {ms:>8.2} ms ({:>5.1}×) {total} hits",
                ms / baseline.max(1e-9)
            );
        }
        println!(
            "palette over {entries} entries: load {:.0} ms; {} keystrokes p50 {k50:.2} ms, p95 {k95:.2} ms, max {kmax:.2} ms (target p95 ≤ 16 ms: {})",
            load.as_secs_f64() * 1000.0,
            keys.times.len(),
            if k95 <= 16.0 { "MET" } else { "MISSED" }
        );
    }
    Ok(())
}
