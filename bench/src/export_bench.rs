//! `export`: the ranked roadmap of 1k items with their evidence exported to every format, plus
//! the research exports, timed and sized; against two baselines in the same process — ranking
//! the same items (the work every export starts from) and writing the same number of bytes.
//!
//! The workspace is filled straight through SQL as in `rank` (1k items, 100 evidence links each
//! over 20k documents, ~3k interview participants), then given 20 themes with three pinned quotes
//! each, one or two themes per item and a quoted passage on every fourth item, and indexed.

use crate::phases::BoxResult;
use crate::rank_bench::fill;
use crate::rng::Rng;
use groundwork::export::{self, ExportFormat, ExportOptions, ExportSubject};
use groundwork::roadmap::rank::RankRequest;
use groundwork::Workspace;
use rusqlite::params;
use std::io::Write;
use std::time::{Duration, Instant};

/// What to measure.
pub struct Options {
    /// Roadmap items.
    pub items: u64,
    /// Evidence links per item.
    pub links: u64,
    /// Documents the links point at.
    pub documents: u64,
    /// Timed repetitions of each export.
    pub rounds: u32,
    /// Generator seed.
    pub seed: u64,
    /// JSON output.
    pub json: bool,
}

const THEMES: i64 = 20;

fn add_themes(ws: &Workspace, items: u64, documents: u64, seed: u64) -> BoxResult<()> {
    let mut rng = Rng::new(seed);
    let conn = ws.conn();
    conn.execute_batch("BEGIN")?;
    let now = "2026-11-01T00:00:00Z";
    // Quotes carry names and emails, so anonymizing has text to rewrite.
    let quote = |rng: &mut Rng| {
        format!(
            "person {} says the pipeline for service-{} waits {} minutes; mail person{}@example.com",
            rng.below(3_000),
            rng.below(80),
            rng.range(5, 90),
            rng.below(3_000)
        )
    };
    for t in 1..=THEMES {
        conn.execute(
            "INSERT INTO themes (name, query, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![format!("Theme {t}"), format!("team:\"Team {t}\""), now],
        )?;
        for _ in 0..3 {
            conn.execute(
                "INSERT INTO quotes (theme_id, document_id, text, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![t, rng.range(1, documents) as i64, quote(&mut rng), now],
            )?;
        }
    }
    for item in 1..=items as i64 {
        for _ in 0..rng.range(1, 2) {
            conn.execute(
                "INSERT OR IGNORE INTO roadmap_links (item_id, theme_id, created_at) VALUES (?1, ?2, ?3)",
                params![item, rng.range(1, THEMES as u64) as i64, now],
            )?;
        }
        if item % 4 == 0 {
            conn.execute(
                "INSERT INTO roadmap_links (item_id, document_id, quote, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![item, rng.range(1, documents) as i64, quote(&mut rng), now],
            )?;
        }
    }
    conn.execute_batch("COMMIT")?;
    ws.reindex()?;
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    ms(times[times.len() / 2])
}

struct Row {
    name: String,
    p50: f64,
    bytes: u64,
    rows: u32,
}

/// Runs the export benchmark.
pub fn run(o: &Options) -> BoxResult<()> {
    let tmp = tempfile::tempdir()?;
    let ws = Workspace::open(tmp.path().join("ws"))?;
    let t = Instant::now();
    fill(&ws, o.items, o.items * o.links, o.documents, o.seed)?;
    add_themes(&ws, o.items, o.documents, o.seed ^ 7)?;
    ws.evidence_base()?;
    eprintln!(
        "filled {} items, {} links over {} documents, {THEMES} themes in {:.1} s",
        o.items,
        o.items * o.links,
        o.documents,
        t.elapsed().as_secs_f64()
    );
    let rounds = o.rounds.max(1);
    let time = |f: &mut dyn FnMut() -> BoxResult<()>| -> BoxResult<f64> {
        f()?; // warm-up
        let mut times = Vec::new();
        for _ in 0..rounds {
            let t = Instant::now();
            f()?;
            times.push(t.elapsed());
        }
        Ok(median(times))
    };
    let rank_ms = time(&mut || {
        std::hint::black_box(ws.rank(&RankRequest {
            model: "rice".into(),
            ..Default::default()
        })?);
        Ok(())
    })?;
    let mut rows = Vec::new();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out)?;
    let mut largest = 0;
    let jobs: Vec<(String, ExportSubject, ExportFormat, bool)> = [
        ExportFormat::Html,
        ExportFormat::Xlsx,
        ExportFormat::Csv,
        ExportFormat::Md,
        ExportFormat::Json,
    ]
    .into_iter()
    .flat_map(|f| {
        let name = format!("roadmap {}", f.extension());
        let anonymized = format!("roadmap {}, anonymized", f.extension());
        [
            (name, ExportSubject::Roadmap, f, false),
            (anonymized, ExportSubject::Roadmap, f, true),
        ]
    })
    .chain(
        [ExportFormat::Csv, ExportFormat::Md]
            .into_iter()
            .flat_map(|f| {
                [
                    (
                        format!("search results {} (every match)", f.extension()),
                        ExportSubject::Search {
                            query: "evidence".into(),
                        },
                        f,
                        false,
                    ),
                    (
                        format!("themes {} (all {THEMES})", f.extension()),
                        ExportSubject::Themes { ids: vec![] },
                        f,
                        false,
                    ),
                ]
            }),
    )
    .collect();
    for (name, subject, format, anonymize) in jobs {
        let opts = ExportOptions {
            subject,
            format,
            model: "rice".into(),
            team: None,
            compare: None,
            anonymize: Some(anonymize),
        };
        let path = out.join(export::file_name(&opts, ws.today()));
        let mut report = None;
        let p50 = time(&mut || {
            report = Some(export::export(&ws, &opts, &path)?);
            Ok(())
        })?;
        let r = report.expect("ran");
        largest = largest.max(r.bytes);
        eprintln!("{name}: {p50:.0} ms, {} bytes", r.bytes);
        rows.push(Row {
            name,
            p50,
            bytes: r.bytes,
            rows: r.items,
        });
    }
    // Baseline two: writing as many bytes as the largest export, synced, then renamed.
    let junk = vec![b'x'; largest as usize];
    let write_ms = time(&mut || {
        let p = out.join("baseline.tmp");
        let mut f = std::fs::File::create(&p)?;
        f.write_all(&junk)?;
        f.sync_all()?;
        std::fs::rename(&p, out.join("baseline.bin"))?;
        Ok(())
    })?;

    if o.json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name, "p50_ms": r.p50, "bytes": r.bytes, "rows": r.rows,
                    "ratio_to_rank": r.p50 / rank_ms,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "items": o.items, "links": o.items * o.links, "documents": o.documents,
                "rounds": rounds,
                "baseline_rank_ms": rank_ms,
                "baseline_write_ms": write_ms, "baseline_write_bytes": largest,
                "exports": list,
            }))?
        );
        return Ok(());
    }
    println!(
        "\nexport: {} items, {} evidence links over {} documents, {THEMES} themes; median of {rounds}",
        o.items,
        o.items * o.links,
        o.documents
    );
    println!("baseline: rank the same items (RICE, full breakdowns)  {rank_ms:>8.1} ms");
    println!(
        "baseline: write {:.1} MB, sync and rename                {write_ms:>8.1} ms",
        largest as f64 / 1e6
    );
    println!(
        "\n{:<40} {:>9} {:>10} {:>7} {:>9}",
        "export", "p50 ms", "size", "rows", "× rank"
    );
    for r in &rows {
        let size = if r.bytes >= 1_000_000 {
            format!("{:.1} MB", r.bytes as f64 / 1e6)
        } else {
            format!("{:.0} kB", r.bytes as f64 / 1e3)
        };
        println!(
            "{:<40} {:>9.1} {:>10} {:>7} {:>8.1}×",
            r.name,
            r.p50,
            size,
            r.rows,
            r.p50 / rank_ms
        );
    }
    Ok(())
}
