//! Applying a code and recounting its theme (issue 17): the user codes one more passage and the
//! theme that stands on that code shows its new figures.
//!
//! A generated export (`tickets`, 100 000) is imported into a workspace; `highlights` (100 000)
//! passages of random documents are coded, spread over [`CODES`] codes, through
//! `Workspace::code_passage` (start/end), all inside one transaction (each call is a savepoint in
//! it). One theme has a query and stands on the first code; a second theme has the same query and
//! no code (the baseline: the bare query's recount). Then, `rounds` times with a fixed seed:
//! `code_passage` on one more passage with the theme's code, then `theme_summary` of the theme
//! (the whole action, and each part), then `theme_overview`, and the baseline's `theme_summary`.
//! The parts of the theme's recount (`themes::scope` from SQLite, `theme_stats` on the index) are
//! timed once more on their own, to show where the time goes, with `scope_ids` (the same
//! matches collected as ids, without aggregations).

use crate::generate;
use crate::phases::BoxResult;
use crate::rng::Rng;
use groundwork::research::highlights::HighlightInput;
use groundwork::search::similar;
use groundwork::search::themes::{self, ThemeInput};
use groundwork::Workspace;
use std::collections::HashSet;
use std::io::BufWriter;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// What `groundwork-bench coding` runs.
pub struct Options {
    /// Tickets generated and imported.
    pub tickets: u64,
    /// Coded passages made before the measurement.
    pub highlights: u64,
    /// Timed actions.
    pub rounds: u32,
    /// Seed of the generator and of the passages.
    pub seed: u64,
    /// Print JSON.
    pub json: bool,
}

/// Codes the passages are spread over; the theme stands on the first.
const CODES: &[&str] = &[
    "Bench/CI pain",
    "Bench/Deploys",
    "Bench/Onboarding",
    "Bench/Secrets",
    "Bench/Docs",
];

/// The themes' query: matches some of the generated tickets.
const QUERY: &str = "flaky";

/// The target for the whole action (code + recount), p95.
const TARGET_MS: f64 = 16.0;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// p50 and p95 of `times`, in milliseconds.
fn p50_p95(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    (percentile(times, 0.5), percentile(times, 0.95))
}

/// A passage of one of the documents (`bodies` holds each one's passages), drawn with `rng`.
fn draw(rng: &mut Rng, passages: &[Vec<(u64, u64)>]) -> (i64, u64, u64) {
    loop {
        let i = rng.below(passages.len() as u64) as usize;
        let p = &passages[i];
        if p.is_empty() {
            continue;
        }
        let (s, e) = p[rng.below(p.len() as u64) as usize];
        return (i as i64 + 1, s, e);
    }
}

/// Runs the benchmark and prints the figures.
pub fn run(o: &Options) -> BoxResult<()> {
    if cfg!(debug_assertions) {
        eprintln!("warning: debug build; times are not representative (use scripts/bench.sh)");
    }
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("export.csv");
    generate::generate(
        o.tickets,
        o.seed,
        BufWriter::new(std::fs::File::create(&file)?),
    )?;
    let ws = Workspace::open(dir.path().join("ws"))?;
    let t = Instant::now();
    let report = ws.import(
        &file,
        &Default::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )?;
    let import_s = t.elapsed().as_secs_f64();
    let docs = report.imported;
    if docs == 0 {
        return Err("the import stored no document".into());
    }
    eprintln!("coding: imported {docs} documents in {import_s:.1} s");
    // Every document's passages (sentences), as `similar` cuts them: a coded passage is one.
    let ids: Vec<i64> = (1..=docs as i64).collect();
    let bodies = groundwork::research::documents::bodies(ws.conn(), &ids)?;
    let passages: Vec<Vec<(u64, u64)>> = ids
        .iter()
        .map(|id| {
            bodies
                .get(id)
                .map(|(_, b)| similar::segment(b))
                .unwrap_or_default()
        })
        .collect();
    drop(bodies);
    // The coded passages, in one transaction.
    let mut rng = Rng::new(o.seed);
    let mut made: HashSet<(i64, u64, u64)> = HashSet::new();
    let t = Instant::now();
    groundwork::store::db::transaction(ws.conn(), |_| {
        let mut n = 0usize;
        while (made.len() as u64) < o.highlights {
            let (document, s, e) = draw(&mut rng, &passages);
            if !made.insert((document, s, e)) {
                continue;
            }
            ws.code_passage(&HighlightInput {
                document,
                start: Some(s),
                end: Some(e),
                codes: vec![CODES[n % CODES.len()].to_string()],
                ..Default::default()
            })?;
            n += 1;
        }
        Ok(())
    })?;
    let setup_s = t.elapsed().as_secs_f64();
    let coded_before = made.len();
    eprintln!(
        "coding: coded {} passages in {setup_s:.1} s (one transaction)",
        made.len()
    );
    let theme = ws.save_theme(&ThemeInput {
        id: None,
        name: "Flaky tests (coded)".into(),
        query: QUERY.into(),
    })?;
    ws.add_theme_code(theme.id, CODES[0])?;
    let bare = ws.save_theme(&ThemeInput {
        id: None,
        name: "Flaky tests (query only)".into(),
        query: QUERY.into(),
    })?;
    // Warm up: the first recount of each reads the index cold.
    let first = ws.theme_summary(theme.id, Default::default())?;
    let first_bare = ws.theme_summary(bare.id, Default::default())?;
    ws.theme_overview()?;
    if first_bare.stats.total == 0 || first.stats.from_codes == 0 {
        return Err("the theme's query or code found nothing".into());
    }
    let mut code = Vec::new();
    let mut summary = Vec::new();
    let mut action = Vec::new();
    let mut overview = Vec::new();
    let mut baseline = Vec::new();
    let mut scope = Vec::new();
    let mut stats = Vec::new();
    let mut matching = Vec::new();
    let mut rng = Rng::new(o.seed ^ 0x5EED);
    let mut last = first.stats.from_codes;
    for _ in 0..o.rounds {
        let (document, s, e) = loop {
            let p = draw(&mut rng, &passages);
            if made.insert(p) {
                break p;
            }
        };
        let t = Instant::now();
        ws.code_passage(&HighlightInput {
            document,
            start: Some(s),
            end: Some(e),
            codes: vec![CODES[0].to_string()],
            ..Default::default()
        })?;
        let coded = t.elapsed();
        let summed = ws.theme_summary(theme.id, Default::default())?;
        let whole = t.elapsed();
        code.push(coded);
        summary.push(whole - coded);
        action.push(whole);
        if summed.stats.from_codes < last {
            return Err("the theme lost coded documents after a passage was coded".into());
        }
        last = summed.stats.from_codes;
        let t = Instant::now();
        ws.theme_overview()?;
        overview.push(t.elapsed());
        let t = Instant::now();
        ws.theme_summary(bare.id, Default::default())?;
        baseline.push(t.elapsed());
        // The recount's two parts on their own.
        let t = Instant::now();
        let sc = themes::scope(ws.conn(), theme.id)?;
        scope.push(t.elapsed());
        let t = Instant::now();
        groundwork::search::theme_stats(ws.search_index(), &sc, Default::default())?;
        stats.push(t.elapsed());
        let t = Instant::now();
        groundwork::search::scope_ids(ws.search_index(), &sc)?;
        matching.push(t.elapsed());
    }
    let end = ws.theme_summary(theme.id, Default::default())?;
    let (code50, code95) = p50_p95(&mut code);
    let (sum50, sum95) = p50_p95(&mut summary);
    let (act50, act95) = p50_p95(&mut action);
    let (ov50, ov95) = p50_p95(&mut overview);
    let (base50, base95) = p50_p95(&mut baseline);
    let (sc50, sc95) = p50_p95(&mut scope);
    let (st50, st95) = p50_p95(&mut stats);
    let (ma50, ma95) = p50_p95(&mut matching);
    let met = act95 <= TARGET_MS;
    if o.json {
        let row = |p50: f64, p95: f64| serde_json::json!({ "p50_ms": p50, "p95_ms": p95 });
        let out = serde_json::json!({
            "documents": docs, "highlights": coded_before, "codes": CODES.len(),
            "import_s": import_s, "setup_s": setup_s, "rounds": o.rounds,
            "theme": {
                "query": QUERY, "total": end.stats.total, "from_query": end.stats.from_query,
                "from_codes": end.stats.from_codes, "passages": end.stats.passages,
            },
            "baseline_total": first_bare.stats.total,
            "action": row(act50, act95), "code_passage": row(code50, code95),
            "theme_summary": row(sum50, sum95), "theme_overview": row(ov50, ov95),
            "baseline_theme_summary": row(base50, base95),
            "scope": row(sc50, sc95), "theme_stats": row(st50, st95),
            "scope_ids": row(ma50, ma95),
            "ratio_p50": sum50 / base50, "ratio_p95": sum95 / base95,
            "target": { "p95_ms": TARGET_MS, "met": met },
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "coding: {docs} documents, {coded_before} coded passages over {} codes (set-up {setup_s:.1} s in one transaction; import {import_s:.1} s)",
        CODES.len()
    );
    println!(
        "  theme {QUERY:?} + code {:?}: {} documents ({} from the query, {} coded documents, {} passages); query alone: {}",
        CODES[0],
        end.stats.total,
        end.stats.from_query,
        end.stats.from_codes,
        end.stats.passages,
        first_bare.stats.total
    );
    println!("  {} rounds, fixed seed:", o.rounds);
    println!("    {:<44} {:>8} {:>8}", "", "p50 ms", "p95 ms");
    for (name, p50, p95) in [
        ("code a passage + recount its theme", act50, act95),
        ("  code_passage", code50, code95),
        ("  theme_summary (query + code)", sum50, sum95),
        ("    themes::scope (SQLite)", sc50, sc95),
        ("    theme_stats (index)", st50, st95),
        ("    (scope_ids: the same matches, no counts)", ma50, ma95),
        ("theme_overview (both themes)", ov50, ov95),
        ("baseline: theme_summary (query alone)", base50, base95),
    ] {
        println!("    {name:<44} {p50:>8.2} {p95:>8.2}");
    }
    println!(
        "  recount ÷ bare query recount: {:.2}× (p50), {:.2}× (p95)",
        sum50 / base50,
        sum95 / base95
    );
    println!(
        "  target: code + recount p95 ≤ {TARGET_MS:.0} ms: {} ({act95:.2} ms)",
        if met { "MET" } else { "MISSED" }
    );
    Ok(())
}
