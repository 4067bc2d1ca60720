//! The impact of a shipped roadmap item: each metric it should move, over the teams it affects,
//! in a window before and a window after the day it shipped — the change, a bootstrap 95 %
//! confidence interval for it, and the change its owner expected.
//!
//! What is compared per window: deployments per week (deployment frequency), the median lead
//! time of the window's deployments, their failure rate, the median restore time of its
//! incidents, or the mean of a series' values. The interval resamples each window's observations
//! (weekly counts, deployments, incidents or values) with replacement, [`RESAMPLES`] times from a
//! fixed seed, and takes the 2.5th and 97.5th percentiles of the difference.

use super::dora::{median, restore_hours, Deploy, Events, Incident};
use super::{
    describe, lower_is_better, metric_key, CHANGE_FAILURE_RATE, DEPLOYMENT_FREQUENCY, LEAD_TIME,
    TIME_TO_RESTORE,
};
use crate::error::{Error, Result};
use crate::research::teams::same_name;
use chrono::{Duration, NaiveDate};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Bootstrap resamples behind each interval.
pub const RESAMPLES: usize = 2_000;
/// Weeks before and after shipping compared by default.
pub const DEFAULT_WINDOW_WEEKS: u32 = 8;

/// A metric an item should move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemMetric {
    /// Metric key (`lead_time`, `deployment_frequency`, `nps`…).
    pub metric: String,
    /// The change its owner expects, relative (−0.2: 20 % lower).
    pub expected: Option<f64>,
}

/// What an item should move and when it shipped, as the app saves it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemMetricsInput {
    /// The item.
    #[ts(type = "number")]
    pub item: i64,
    /// The metrics it should move (replaces the list).
    pub metrics: Vec<ItemMetric>,
    /// The day it shipped (`YYYY-MM-DD`), when it differs from the day its status was set;
    /// `None` or empty: the status day.
    #[serde(default)]
    pub shipped_on: Option<String>,
}

/// How to measure an item's impact.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImpactRequest {
    /// The item (id or title).
    pub item: String,
    /// Weeks on each side of the ship day (default 8).
    #[serde(default)]
    pub window_weeks: Option<u32>,
    /// Resampling seed (default 42).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub seed: Option<u64>,
}

/// One window's value.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Window {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The value (`None`: nothing in the window).
    pub value: Option<f64>,
    /// Observations behind it.
    #[ts(type = "number")]
    pub samples: u64,
}

/// What happened to one metric.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MetricImpact {
    /// Metric key.
    pub metric: String,
    /// Its name.
    pub label: String,
    /// Unit.
    pub unit: String,
    /// True when lower is better.
    pub lower_is_better: bool,
    /// Before shipping.
    pub before: Window,
    /// After shipping.
    pub after: Window,
    /// After − before.
    pub change: Option<f64>,
    /// The change relative to before.
    pub relative: Option<f64>,
    /// 95 % bootstrap interval of the change.
    pub ci_low: Option<f64>,
    /// Upper end of it.
    pub ci_high: Option<f64>,
    /// `improved`, `worsened`, `no clear change` or `not enough data`.
    pub verdict: String,
    /// The relative change its owner expected.
    pub expected: Option<f64>,
    /// Realized ÷ expected relative change (1 = as predicted).
    pub realized_vs_expected: Option<f64>,
}

/// Hours saved as the ROI model predicted them, against those measured after shipping.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RoiCheck {
    /// The series read as hours saved a week (`time_saved…`).
    pub metric: String,
    /// Hours a year the ROI model expects (its low, expected and high lines).
    pub predicted_low: f64,
    /// Expected hours a year.
    pub predicted: f64,
    /// High end.
    pub predicted_high: f64,
    /// Hours a year measured: (mean weekly hours after − before) × 52.
    pub realized: f64,
    /// Realized ÷ predicted.
    pub ratio: Option<f64>,
}

/// An item's impact.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Impact {
    /// Item id.
    #[ts(type = "number")]
    pub item_id: i64,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// The day it shipped (`None`: not shipped).
    pub shipped_on: Option<String>,
    /// Weeks compared on each side.
    pub window_weeks: u32,
    /// The teams measured (empty: the whole organization).
    pub teams: Vec<String>,
    /// The metrics linked to it, with the change expected.
    pub linked: Vec<ItemMetric>,
    /// The ship day set by hand, if any (else the day its status became shipped).
    pub shipped_override: Option<String>,
    /// Per metric.
    pub metrics: Vec<MetricImpact>,
    /// Hours saved against the ROI model's prediction, when a time-saved series is linked and
    /// the item has the ROI inputs.
    pub roi: Option<RoiCheck>,
    /// What was assumed or is missing, in words.
    pub notes: Vec<String>,
}

impl RoiCheck {
    /// The check in words: `520 a year measured vs 460 predicted by the ROI model (230–690),
    /// 113 % of it` (what the CLI and the review pack print after "hours saved").
    pub fn text(&self) -> String {
        format!(
            "{:.0} a year measured vs {:.0} predicted by the ROI model ({:.0}–{:.0}){}",
            self.realized,
            self.predicted,
            self.predicted_low,
            self.predicted_high,
            self.ratio
                .map(|x| format!(", {:.0} % of it", x * 100.0))
                .unwrap_or_default()
        )
    }
}

impl MetricImpact {
    /// A value of this metric in words: `2.5 a week`, `16.0 h`, `12.5 %`.
    pub fn format(&self, v: Option<f64>) -> String {
        match v {
            None => "—".into(),
            Some(x) if self.metric == DEPLOYMENT_FREQUENCY => format!("{x:.1} a week"),
            Some(x) if self.unit == "share" => format!("{:.1} %", x * 100.0),
            Some(x) if self.unit == "hours" => format!("{x:.1} h"),
            Some(x) => format!("{x:.2}"),
        }
    }

    /// The change in words with its interval: `−8.0 h (−33 %), 95 % interval −43.3 to 83.1`.
    pub fn change_text(&self) -> String {
        let Some(c) = self.change else {
            return "—".into();
        };
        let scaled = |x: f64| if self.unit == "share" { x * 100.0 } else { x };
        let unit = match self.unit.as_str() {
            "share" => " points",
            "hours" => " h",
            _ => "",
        };
        let mut out = format!("{:+.1}{unit}", scaled(c));
        if let Some(r) = self.relative {
            out += &format!(" ({:+.0} %)", r * 100.0);
        }
        if let (Some(lo), Some(hi)) = (self.ci_low, self.ci_high) {
            out += &format!(", 95 % interval {:+.1} to {:+.1}", scaled(lo), scaled(hi));
        }
        out
    }

    /// Expected against realized, in words (empty when nothing was expected).
    pub fn expectation_text(&self) -> String {
        match (self.expected, self.realized_vs_expected) {
            (Some(e), Some(x)) => format!(
                "expected {:+.0} %, realized {:.0} % of it",
                e * 100.0,
                x * 100.0
            ),
            (Some(e), None) => format!("expected {:+.0} %", e * 100.0),
            _ => String::new(),
        }
    }
}

/// An item's rows in this module's tables (expected metrics, ship day), as the trash keeps them.
pub fn snapshot(conn: &Connection, item: i64) -> Result<Vec<(String, Vec<crate::store::db::Row>)>> {
    Ok(vec![
        (
            "item_metrics".to_string(),
            crate::store::db::rows_where(conn, "item_metrics", "item_id", item)?,
        ),
        (
            "item_impact".to_string(),
            crate::store::db::rows_where(conn, "item_impact", "item_id", item)?,
        ),
    ])
}

/// Puts back rows taken by [`snapshot`] (the item is back already).
pub fn restore_snapshot(
    conn: &Connection,
    parts: &[(String, Vec<crate::store::db::Row>)],
) -> Result<()> {
    for (table, rows) in parts {
        match table.as_str() {
            "item_metrics" | "item_impact" => crate::store::db::insert_rows(conn, table, rows)?,
            other => return Err(Error::Internal(format!("{other} is not a metrics table"))),
        }
    }
    Ok(())
}

/// The metrics linked to an item.
pub fn item_metrics(conn: &Connection, item: i64) -> Result<Vec<ItemMetric>> {
    let mut stmt = conn
        .prepare("SELECT metric, expected FROM item_metrics WHERE item_id = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map([item], |r| {
        Ok(ItemMetric {
            metric: r.get(0)?,
            expected: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Replaces the metrics linked to an item and, when given, the day it shipped.
pub fn set_item_metrics(
    conn: &Connection,
    item: i64,
    metrics: &[ItemMetric],
    shipped_on: Option<Option<NaiveDate>>,
) -> Result<()> {
    crate::store::db::transaction(conn, |tx| {
        tx.execute("DELETE FROM item_metrics WHERE item_id = ?1", [item])?;
        for m in metrics {
            let key = metric_key(&m.metric);
            if key.is_empty() {
                return Err(Error::invalid("metric", "a metric needs a name"));
            }
            if let Some(e) = m.expected {
                if !e.is_finite() || e < -1.0 {
                    return Err(Error::invalid(
                        "expected",
                        format!("an expected change of {e} is impossible (−100 % is the floor)"),
                    ));
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO item_metrics (item_id, metric, expected) VALUES (?1, ?2, ?3)",
                params![item, key, m.expected],
            )?;
        }
        if let Some(day) = shipped_on {
            tx.execute(
                "INSERT INTO item_impact (item_id, shipped_on) VALUES (?1, ?2)
                 ON CONFLICT (item_id) DO UPDATE SET shipped_on = ?2",
                params![item, day.map(|d| d.to_string())],
            )?;
        }
        Ok(())
    })
}

/// The ship day set by hand for an item, if any.
fn shipped_override(conn: &Connection, item: i64) -> Result<Option<NaiveDate>> {
    let set: Option<String> = conn
        .query_row(
            "SELECT shipped_on FROM item_impact WHERE item_id = ?1",
            [item],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(set.and_then(|d| d.parse().ok()))
}

/// The day an item shipped: the one set by hand, else the day its status last became shipped.
fn shipped_on(conn: &Connection, item: i64, status: &str) -> Result<Option<NaiveDate>> {
    if let Some(d) = shipped_override(conn, item)? {
        return Ok(Some(d));
    }
    if status != "shipped" {
        return Ok(None);
    }
    let at = crate::roadmap::items::last_shipped(conn, item)?;
    Ok(at.and_then(|a| a.get(..10).and_then(|d| d.parse().ok())))
}

/// A target metric typed in words ("time to production", "MTTR") as a metric key, if it names one.
fn from_target(target: &str) -> Option<String> {
    let key = metric_key(target);
    [
        DEPLOYMENT_FREQUENCY,
        LEAD_TIME,
        CHANGE_FAILURE_RATE,
        TIME_TO_RESTORE,
    ]
    .contains(&key.as_str())
    .then_some(key)
}

/// Observations of a metric in a window, and the statistic that sums them up.
enum Sample {
    /// Weekly deployment counts: mean.
    Weekly(Vec<f64>),
    /// Lead or restore hours: median.
    Hours(Vec<f64>),
    /// Failed flags (0/1) or series values: mean.
    Values(Vec<f64>),
}

impl Sample {
    fn data(&self) -> &[f64] {
        match self {
            Sample::Weekly(v) | Sample::Hours(v) | Sample::Values(v) => v,
        }
    }

    fn stat(&self, v: &mut [f64]) -> Option<f64> {
        match self {
            Sample::Hours(_) => median(v),
            _ => (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64),
        }
    }
}

fn sample(
    ev: &Events,
    metric: &str,
    teams: &[String],
    from: NaiveDate,
    to_excl: NaiveDate,
) -> Sample {
    let team_ok = |t: &str| teams.is_empty() || teams.iter().any(|x| same_name(x, t));
    let inside = |d: NaiveDate| d >= from && d < to_excl;
    let deploys: Vec<&Deploy> = ev
        .deploys
        .iter()
        .filter(|d| team_ok(&d.team) && inside(d.at.date_naive()))
        .collect();
    match metric {
        DEPLOYMENT_FREQUENCY => {
            let weeks = ((to_excl - from).num_days() / 7).max(1);
            let mut counts = vec![0.0; weeks as usize];
            for d in &deploys {
                let w = ((d.at.date_naive() - from).num_days() / 7).min(weeks - 1);
                counts[w as usize] += 1.0;
            }
            Sample::Weekly(counts)
        }
        LEAD_TIME => Sample::Hours(deploys.iter().filter_map(|d| d.lead_h).collect()),
        CHANGE_FAILURE_RATE => Sample::Values(
            deploys
                .iter()
                .map(|d| f64::from(u8::from(d.failed)))
                .collect(),
        ),
        TIME_TO_RESTORE => {
            let incidents: Vec<&Incident> = ev
                .incidents
                .iter()
                .filter(|i| team_ok(&i.team) && inside(i.opened.date_naive()))
                .collect();
            Sample::Hours(restore_hours(&incidents))
        }
        _ => Sample::Values(
            ev.series
                .iter()
                .filter(|s| {
                    s.metric == metric
                        && inside(s.day)
                        && if teams.is_empty() {
                            true
                        } else {
                            team_ok(&s.team)
                        }
                })
                .map(|s| s.value)
                .collect(),
        ),
    }
}

/// The 95 % percentile interval of stat(after) − stat(before) over resamples of both.
pub fn bootstrap(
    before: &[f64],
    after: &[f64],
    stat: impl Fn(&mut [f64]) -> Option<f64>,
    seed: u64,
) -> Option<(f64, f64)> {
    if before.len() < 2 || after.len() < 2 {
        return None;
    }
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut diffs = Vec::with_capacity(RESAMPLES);
    let mut a = vec![0.0; before.len()];
    let mut b = vec![0.0; after.len()];
    for _ in 0..RESAMPLES {
        for x in a.iter_mut() {
            *x = before[(rng.next_u64() % before.len() as u64) as usize];
        }
        for x in b.iter_mut() {
            *x = after[(rng.next_u64() % after.len() as u64) as usize];
        }
        if let (Some(sa), Some(sb)) = (stat(&mut a), stat(&mut b)) {
            diffs.push(sb - sa);
        }
    }
    diffs.sort_by(f64::total_cmp);
    let at = |p: f64| diffs[((diffs.len() - 1) as f64 * p).round() as usize];
    (!diffs.is_empty()).then(|| (at(0.025), at(0.975)))
}

/// Measures an item's impact on its metrics.
pub fn impact(conn: &Connection, ev: &Events, req: &ImpactRequest) -> Result<Impact> {
    let item = crate::roadmap::items::find(conn, &req.item)?;
    let weeks = req.window_weeks.unwrap_or(DEFAULT_WINDOW_WEEKS);
    if !(1..=104).contains(&weeks) {
        return Err(Error::invalid(
            "window",
            format!("a window of {weeks} weeks is out of range; use 1 to 104"),
        ));
    }
    let mut notes = Vec::new();
    let stored = item_metrics(conn, item.id)?;
    let mut linked = stored.clone();
    if linked.is_empty() {
        if let Some(m) = from_target(&item.target_metric) {
            notes.push(format!(
                "measuring {m}, read from its target metric \"{}\"",
                item.target_metric
            ));
            linked.push(ItemMetric {
                metric: m,
                expected: None,
            });
        }
    }
    let status = item.status.as_str().to_string();
    let shipped = shipped_on(conn, item.id, &status)?;
    let with_data: Vec<String> = {
        let mut t: Vec<String> = ev
            .deploys
            .iter()
            .map(|d| d.team.clone())
            .chain(ev.incidents.iter().map(|i| i.team.clone()))
            .chain(ev.series.iter().map(|s| s.team.clone()))
            .collect();
        t.sort();
        t.dedup();
        t
    };
    let mut teams: Vec<String> = item
        .teams
        .iter()
        .filter(|t| with_data.iter().any(|x| same_name(x, t)))
        .cloned()
        .collect();
    if teams.is_empty() {
        if !item.teams.is_empty() {
            notes.push(format!(
                "no metrics for {}: the whole organization is measured",
                item.teams.join(", ")
            ));
        }
        teams.clear();
    }
    let mut out = Impact {
        item_id: item.id,
        title: item.title.clone(),
        status,
        shipped_on: shipped.map(|d| d.to_string()),
        window_weeks: weeks,
        teams: teams.clone(),
        linked: stored,
        shipped_override: shipped_override(conn, item.id)?.map(|d| d.to_string()),
        metrics: Vec::new(),
        roi: None,
        notes,
    };
    if linked.is_empty() {
        out.notes.push(
            "no metrics linked: link the metrics it should move (groundwork impact ITEM --metric lead_time=-20%)".into(),
        );
    }
    let Some(day) = shipped else {
        out.notes
            .push("not shipped yet: its before/after shows once it is".into());
        return Ok(out);
    };
    let span = Duration::days(7 * weeks as i64);
    let (b_from, after_to) = (day - span, day + span);
    let seed = req.seed.unwrap_or(42);
    for (k, m) in linked.iter().enumerate() {
        let before = sample(ev, &m.metric, &teams, b_from, day);
        let after = sample(ev, &m.metric, &teams, day, after_to);
        let vb = before.stat(&mut before.data().to_vec());
        let va = after.stat(&mut after.data().to_vec());
        let change = va.zip(vb).map(|(a, b)| a - b);
        let relative = change
            .zip(vb)
            .and_then(|(c, b)| (b.abs() > f64::EPSILON).then(|| c / b));
        let ci = bootstrap(
            before.data(),
            after.data(),
            |v| before.stat(v),
            seed.wrapping_add(k as u64),
        );
        let lower = lower_is_better(&m.metric);
        let verdict = match ci {
            None => "not enough data",
            Some((lo, hi)) if lo > 0.0 || hi < 0.0 => {
                if (lo > 0.0) != lower {
                    "improved"
                } else {
                    "worsened"
                }
            }
            Some(_) => "no clear change",
        };
        let (label, unit) = describe(&m.metric);
        out.metrics.push(MetricImpact {
            metric: m.metric.clone(),
            label,
            unit: unit.into(),
            lower_is_better: lower,
            before: Window {
                from: b_from.to_string(),
                to: (day - Duration::days(1)).to_string(),
                value: vb,
                samples: before.data().len() as u64,
            },
            after: Window {
                from: day.to_string(),
                to: (after_to - Duration::days(1)).to_string(),
                value: va,
                samples: after.data().len() as u64,
            },
            change,
            relative,
            ci_low: ci.map(|c| c.0),
            ci_high: ci.map(|c| c.1),
            verdict: verdict.into(),
            expected: m.expected,
            realized_vs_expected: relative
                .zip(m.expected)
                .and_then(|(r, e)| (e.abs() > f64::EPSILON).then(|| r / e)),
        });
    }
    Ok(out)
}

/// A shipped item's realized change on a metric, as evidence for a planned one.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Precedent {
    /// The shipped item.
    #[ts(type = "number")]
    pub item_id: i64,
    /// Its title.
    pub title: String,
    /// The metric both items should move.
    pub metric: String,
    /// Its realized change ÷ the change expected (1 = as predicted).
    pub realized_vs_expected: f64,
}

/// What shipped items with the same metrics say about a planned item's confidence.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrackRecord {
    /// The planned item.
    #[ts(type = "number")]
    pub item_id: i64,
    /// Its title.
    pub title: String,
    /// The shipped items that moved the same metrics, and how far against their expectation.
    pub precedents: Vec<Precedent>,
    /// What they say, shrunk toward 1 by their number and spread (`metrics::learning`).
    pub shrunk: super::learning::Shrunk,
    /// `shrunk.factor`: what to scale confidence by.
    pub factor: f64,
    /// Its confidence as typed by hand, if any (never changed by learning).
    pub confidence: Option<f64>,
    /// `confidence × factor`, kept within 0.05–1 (`None` when it has no confidence).
    pub suggested: Option<f64>,
    /// The factor applied to it now (`learn --apply`), if any.
    pub applied: Option<f64>,
    /// Whether applying would change nothing: the factor applied is this one.
    pub up_to_date: bool,
}

/// Learning from shipped items: for every item not yet shipped (or dropped) that is linked to
/// metrics, the shipped items linked to the same metrics whose impact was measured against an
/// expectation, and the confidence that track record suggests.
pub fn track_record(conn: &Connection, ev: &Events) -> Result<Vec<TrackRecord>> {
    use crate::roadmap::items::ItemStatus;
    let items = crate::roadmap::items::list(conn)?;
    let applied = super::learning::applied(conn)?;
    let mut precedents: Vec<Precedent> = Vec::new();
    for i in items.iter().filter(|i| i.status == ItemStatus::Shipped) {
        let measured = impact(
            conn,
            ev,
            &ImpactRequest {
                item: i.id.to_string(),
                ..Default::default()
            },
        )?;
        for m in measured.metrics {
            if m.verdict == "not enough data" {
                continue;
            }
            if let Some(r) = m.realized_vs_expected {
                precedents.push(Precedent {
                    item_id: i.id,
                    title: i.title.clone(),
                    metric: m.metric,
                    realized_vs_expected: r,
                });
            }
        }
    }
    let mut out = Vec::new();
    for i in items
        .iter()
        .filter(|i| !matches!(i.status, ItemStatus::Shipped | ItemStatus::Dropped))
    {
        let mut metrics: Vec<String> = item_metrics(conn, i.id)?
            .into_iter()
            .map(|m| m.metric)
            .collect();
        if metrics.is_empty() {
            metrics.extend(from_target(&i.target_metric));
        }
        let similar: Vec<Precedent> = precedents
            .iter()
            .filter(|p| metrics.contains(&p.metric))
            .cloned()
            .collect();
        if similar.is_empty() {
            continue;
        }
        let ratios: Vec<f64> = similar.iter().map(|p| p.realized_vs_expected).collect();
        let Some(shrunk) = super::learning::shrink(&ratios) else {
            continue;
        };
        let confidence = i
            .inputs
            .iter()
            .find(|x| x.key == "confidence")
            .map(|x| x.value);
        let now = applied.get(&i.id).map(|a| a.factor);
        out.push(TrackRecord {
            item_id: i.id,
            title: i.title.clone(),
            precedents: similar,
            factor: shrunk.factor,
            shrunk,
            confidence,
            suggested: confidence.map(|c| super::learning::scaled(c, shrunk.factor)),
            applied: now,
            up_to_date: now.is_some_and(|f| (f - shrunk.factor).abs() < 1e-9),
        });
    }
    Ok(out)
}
