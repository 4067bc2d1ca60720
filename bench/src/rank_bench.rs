//! `rank`: re-ranking roadmap items with evidence aggregation, live re-ranking while a weight
//! slides, and sensitivity runs, against a plain sort of precomputed scores in the same process.
//!
//! Two workspaces are filled straight through SQL (the importers are measured elsewhere): a
//! large one (10k items, 1M evidence links over 100k documents by default) and a live one (1k
//! items, 100 links each). The evidence base is read once per workspace (that cold load is
//! reported too); every timed ranking then aggregates the links again, resolves every input,
//! scores, sorts and explains each item, as the app does when a weight moves.

use crate::phases::BoxResult;
use crate::rng::Rng;
use groundwork::roadmap::model::{Criterion, ModelConfig, ModelKind};
use groundwork::roadmap::rank::RankRequest;
use groundwork::roadmap::sensitivity::SensitivityRequest;
use groundwork::Workspace;
use rusqlite::params;
use std::time::{Duration, Instant};

/// What to measure.
pub struct Options {
    /// Items in the large workspace.
    pub items: u64,
    /// Evidence links in the large workspace.
    pub links: u64,
    /// Documents the links point at.
    pub documents: u64,
    /// Items in the live workspace.
    pub live_items: u64,
    /// Monte Carlo runs of the sensitivity measurement.
    pub runs: u32,
    /// Timed repetitions of each measurement.
    pub rounds: u32,
    /// Generator seed.
    pub seed: u64,
    /// JSON output.
    pub json: bool,
}

const TEAMS: u64 = 24;
const PEOPLE: u64 = 3_000;

pub(crate) fn fill(
    ws: &Workspace,
    items: u64,
    links: u64,
    documents: u64,
    seed: u64,
) -> BoxResult<()> {
    let mut rng = Rng::new(seed);
    let conn = ws.conn();
    conn.execute_batch("BEGIN")?;
    let now = "2026-11-01T00:00:00Z";
    for t in 0..TEAMS {
        conn.execute(
            "INSERT INTO teams (name, headcount, created_at) VALUES (?1, ?2, ?3)",
            params![format!("Team {t}"), rng.range(8, 240) as i64, now],
        )?;
    }
    let kinds = ["interview", "ticket", "survey_response", "note"];
    {
        let mut doc = conn.prepare(
            "INSERT INTO documents (kind, title, body, team_id, date, created_at, updated_at)
             VALUES (?1, ?2, '', ?3, ?4, ?5, ?5)",
        )?;
        let mut who =
            conn.prepare("INSERT INTO interviews (document_id, participant) VALUES (?1, ?2)")?;
        for d in 0..documents {
            let kind = *rng.pick(&kinds);
            let date = format!(
                "20{}-{:02}-{:02}",
                rng.range(24, 26),
                rng.range(1, 12),
                rng.range(1, 28)
            );
            doc.execute(params![
                kind,
                format!("Evidence {d}"),
                rng.range(1, TEAMS) as i64,
                date,
                now
            ])?;
            if kind == "interview" {
                who.execute(params![
                    conn.last_insert_rowid(),
                    format!("person {}", rng.below(PEOPLE))
                ])?;
            }
        }
    }
    let per_item = links / items.max(1);
    {
        let mut item = conn.prepare(
            "INSERT INTO roadmap_items (title, status, effort, effort_low, effort_high, created_at, updated_at)
             VALUES (?1, 'idea', ?2, ?3, ?4, ?5, ?5)",
        )?;
        let mut input = conn.prepare(
            "INSERT INTO roadmap_inputs (item_id, key, value, low, high) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut team = conn.prepare(
            "INSERT OR IGNORE INTO roadmap_item_teams (item_id, team_id) VALUES (?1, ?2)",
        )?;
        let mut link = conn.prepare(
            "INSERT OR IGNORE INTO roadmap_links (item_id, document_id, created_at) VALUES (?1, ?2, ?3)",
        )?;
        for i in 0..items {
            let effort = rng.range(1, 40) as f64;
            item.execute(params![
                format!("Item {i}"),
                effort,
                effort * 0.7,
                effort * 1.8,
                now
            ])?;
            let id = conn.last_insert_rowid();
            let impact = [0.25, 0.5, 1.0, 2.0, 3.0][rng.below(5) as usize];
            let confidence = [0.5, 0.8, 1.0][rng.below(3) as usize];
            let hours = rng.range(1, 40) as f64 / 10.0;
            for (key, value, spread) in [
                ("impact", impact, 0.0),
                ("confidence", confidence, 0.0),
                ("ease", rng.range(1, 10) as f64, 0.0),
                ("hours_saved", hours, 0.5),
                ("adoption", rng.range(2, 10) as f64 / 10.0, 0.0),
                ("hourly_cost", 95.0, 0.0),
            ] {
                let (lo, hi) = if spread > 0.0 {
                    (Some(value * (1.0 - spread)), Some(value * (1.0 + spread)))
                } else {
                    (None, None)
                };
                input.execute(params![id, key, value, lo, hi])?;
            }
            for _ in 0..rng.range(1, 3) {
                team.execute(params![id, rng.range(1, TEAMS) as i64])?;
            }
            for _ in 0..per_item {
                link.execute(params![id, rng.range(1, documents) as i64, now])?;
            }
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}

fn weighted(effort_weight: f64) -> ModelConfig {
    let c = |key: &str, weight: f64| Criterion {
        key: key.into(),
        weight,
        min: None,
        max: None,
    };
    ModelConfig {
        kind: ModelKind::Weighted,
        criteria: vec![
            c("demand", 3.0),
            c("reach", 2.0),
            c("impact", 3.0),
            c("people", 1.0),
            c("effort", effort_weight),
        ],
        ..Default::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    ms(times[((times.len() - 1) as f64 * p).round() as usize])
}

struct Row {
    name: &'static str,
    p50: f64,
    p95: f64,
    target: Option<f64>,
    baseline: Option<f64>,
}

fn time<T>(rounds: u32, mut f: impl FnMut(u32) -> BoxResult<T>) -> BoxResult<Vec<Duration>> {
    f(u32::MAX)?; // warm-up
    let mut out = Vec::new();
    for r in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(f(r)?);
        out.push(t.elapsed());
    }
    Ok(out)
}

/// Runs the ranking benchmark.
pub fn run(o: &Options) -> BoxResult<()> {
    let tmp = tempfile::tempdir()?;
    let t = Instant::now();
    let big = Workspace::open(tmp.path().join("big"))?;
    fill(&big, o.items, o.links, o.documents, o.seed)?;
    let fill_big = t.elapsed();
    let t = Instant::now();
    let base = big.evidence_base()?;
    let load = t.elapsed();
    let pairs = base.pairs();
    eprintln!(
        "filled {} items, {} links over {} documents in {:.1} s; evidence base read in {:.0} ms",
        o.items,
        pairs,
        o.documents,
        fill_big.as_secs_f64(),
        ms(load)
    );

    let mut rows = Vec::new();
    // Baseline: a plain sort of precomputed scores.
    let scores: Vec<(f64, i64)> = {
        let r = big.rank(&RankRequest {
            model: "rice".into(),
            ..Default::default()
        })?;
        r.items
            .iter()
            .map(|i| (i.score.unwrap_or(f64::NEG_INFINITY), i.id))
            .collect()
    };
    let mut base_times = time(o.rounds, |_| {
        let mut s = scores.clone();
        s.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(s)
    })?;
    let sort_p50 = pct(&mut base_times, 0.5);
    rows.push(Row {
        name: "baseline: plain sort of precomputed scores",
        p50: sort_p50,
        p95: pct(&mut base_times, 0.95),
        target: None,
        baseline: None,
    });
    let mut agg = time(o.rounds, |_| Ok(base.stats()))?;
    rows.push(Row {
        name: "evidence aggregation alone",
        p50: pct(&mut agg, 0.5),
        p95: pct(&mut agg, 0.95),
        target: None,
        baseline: Some(sort_p50),
    });
    let mut rerank = time(o.rounds, |r| {
        big.rank(&RankRequest {
            model: "weighted".into(),
            draft: Some(weighted(-2.0 - (r % 7) as f64)),
            ..Default::default()
        })
        .map_err(Into::into)
    })?;
    rows.push(Row {
        name: "re-rank with evidence aggregation (weighted, full breakdowns)",
        p50: pct(&mut rerank, 0.5),
        p95: pct(&mut rerank, 0.95),
        target: Some(50.0),
        baseline: Some(sort_p50),
    });
    let mut rice = time(o.rounds, |_| {
        big.rank(&RankRequest {
            model: "rice".into(),
            ..Default::default()
        })
        .map_err(Into::into)
    })?;
    rows.push(Row {
        name: "re-rank with evidence aggregation (RICE)",
        p50: pct(&mut rice, 0.5),
        p95: pct(&mut rice, 0.95),
        target: Some(50.0),
        baseline: Some(sort_p50),
    });
    drop(base);
    drop(big);

    let live = Workspace::open(tmp.path().join("live"))?;
    fill(
        &live,
        o.live_items,
        o.live_items * 100,
        o.documents / 10,
        o.seed ^ 1,
    )?;
    live.evidence_base()?;
    let mut slide = time(o.rounds.max(20), |r| {
        live.rank(&RankRequest {
            model: "weighted".into(),
            draft: Some(weighted(-((r % 20) as f64) / 2.0)),
            ..Default::default()
        })
        .map_err(Into::into)
    })?;
    rows.push(Row {
        name: "live re-rank while a weight slides",
        p50: pct(&mut slide, 0.5),
        p95: pct(&mut slide, 0.95),
        target: Some(16.0),
        baseline: None,
    });
    let live = &live;
    let sens = |model: &str| {
        let req = SensitivityRequest {
            model: model.into(),
            runs: o.runs,
            seed: o.seed,
            top: 10,
            ..Default::default()
        };
        time(o.rounds.clamp(1, 5), move |_| Ok(live.sensitivity(&req)?))
    };
    let mut sw = sens("weighted")?;
    rows.push(Row {
        name: "sensitivity (weighted: weights ± 25 %, ranged inputs)",
        p50: pct(&mut sw, 0.5),
        p95: pct(&mut sw, 0.95),
        target: Some(500.0),
        baseline: None,
    });
    let mut sr = sens("roi")?;
    rows.push(Row {
        name: "sensitivity (ROI: hours saved and effort ranges)",
        p50: pct(&mut sr, 0.5),
        p95: pct(&mut sr, 0.95),
        target: Some(500.0),
        baseline: None,
    });

    if o.json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "name": r.name, "p50_ms": r.p50, "p95_ms": r.p95, "target_ms": r.target,
                    "ratio_to_sort": r.baseline.map(|b| r.p50 / b),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "items": o.items, "links": pairs, "documents": o.documents,
                "live_items": o.live_items, "runs": o.runs, "rounds": o.rounds,
                "evidence_load_ms": ms(load), "rows": list,
            })
        );
        return Ok(());
    }
    println!(
        "ranking: {} items, {} evidence links, {} documents; live: {} items; sensitivity: {} runs; {} rounds",
        o.items, pairs, o.documents, o.live_items, o.runs, o.rounds
    );
    println!(
        "evidence base cold read (once, then cached until the data changes): {:.0} ms",
        ms(load)
    );
    println!(
        "{:<64} {:>9} {:>9} {:>8} {:>10}",
        "", "p50 ms", "p95 ms", "target", "× sort"
    );
    for r in &rows {
        println!(
            "{:<64} {:>9.2} {:>9.2} {:>8} {:>10}",
            r.name,
            r.p50,
            r.p95,
            r.target.map_or(String::new(), |t| format!("≤ {t:.0}")),
            r.baseline
                .map_or(String::new(), |b| format!("{:.0}×", r.p50 / b))
        );
    }
    Ok(())
}
