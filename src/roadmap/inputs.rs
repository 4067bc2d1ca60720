//! Resolving every named input of an item: typed by hand, derived from the evidence (reach from
//! team headcounts or the people behind the evidence; demand, counts and sentiment from the linked
//! documents; job size from effort), a model default, or missing. Missing is NaN in a value row
//! and is reported by name; it is never read as zero.

use super::evidence::{EvidenceBase, EvidenceStats};
use super::{var, LABELS, NV, VARIABLES};
use serde::Serialize;
use std::borrow::Cow;
use ts_rs::TS;

/// Where an input's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InputSource {
    /// Typed by hand on the item (overrides a derived value).
    Manual,
    /// Computed from the evidence, team headcounts or another input.
    Derived,
    /// The model's default (the ROI model's hourly cost).
    Default,
    /// Not known: the item cannot be scored by a model that reads it.
    #[default]
    Missing,
}

/// One input of an item as a model sees it, with the derived value beside a manual one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ResolvedInput {
    /// Name.
    pub key: String,
    /// Label.
    pub label: String,
    /// The value used (`None`: missing).
    pub value: Option<f64>,
    /// Low end of its range.
    pub low: Option<f64>,
    /// High end of its range.
    pub high: Option<f64>,
    /// Where it comes from.
    pub source: InputSource,
    /// What the evidence says, even when a manual value overrides it.
    pub derived: Option<f64>,
    /// How it was found ("2 teams, 140 engineers: Payments 90, Mobile 50").
    pub note: String,
}

/// An item's inputs as numbers: best estimate, range, source. NaN is missing.
#[derive(Debug, Clone)]
pub struct Row {
    /// Best estimates.
    pub value: [f64; NV],
    /// Low ends (= value when there is no range).
    pub low: [f64; NV],
    /// High ends.
    pub high: [f64; NV],
    /// Sources.
    pub source: [InputSource; NV],
    /// Derived values (NaN when nothing is derived).
    pub derived: [f64; NV],
}

/// The sum of the affected teams' headcounts, and the teams without one.
pub fn headcount(base: &EvidenceBase, k: usize) -> (Option<f64>, Vec<String>) {
    let mut sum = None;
    let mut unknown = Vec::new();
    for t in &base.item_teams[k] {
        match base.headcount.get(t).copied().flatten() {
            Some(h) => *sum.get_or_insert(0.0) += h as f64,
            None => unknown.push(base.team_names.get(t).cloned().unwrap_or_default()),
        }
    }
    (sum, unknown)
}

/// Resolves item k's row. `hourly_cost` is the model's default, if any.
pub fn row(base: &EvidenceBase, k: usize, stats: &EvidenceStats, hourly_cost: Option<f64>) -> Row {
    let item = &base.items[k];
    let mut derived = [f64::NAN; NV];
    let has_evidence = stats.links > 0;
    if has_evidence {
        for (s, v) in [
            (var::DEMAND, stats.demand),
            (var::DOCUMENTS, stats.documents as f64),
            (var::INTERVIEWS, stats.interviews as f64),
            (var::TICKETS, stats.tickets as f64),
            (var::SURVEY_RESPONSES, stats.survey_responses as f64),
            (var::NOTES, stats.notes as f64),
            (var::QUOTES, stats.quotes as f64),
            (var::TEAMS, stats.teams as f64),
            (var::PEOPLE, stats.people as f64),
        ] {
            derived[s] = v;
        }
    }
    if let Some(s) = stats.sentiment {
        derived[var::SENTIMENT] = s;
    }
    let (heads, _) = headcount(base, k);
    if let Some(h) = heads {
        derived[var::HEADCOUNT] = h;
        derived[var::REACH] = h;
    } else if stats.people > 0 {
        derived[var::REACH] = stats.people as f64;
    }
    if let Some(e) = item.effort {
        derived[var::JOB_SIZE] = e;
    }
    let mut r = Row {
        value: derived,
        low: derived,
        high: derived,
        source: [InputSource::Missing; NV],
        derived,
    };
    for (src, d) in r.source.iter_mut().zip(derived) {
        if !d.is_nan() {
            *src = InputSource::Derived;
        }
    }
    if let Some(c) = hourly_cost {
        if r.value[var::HOURLY_COST].is_nan() {
            set(
                &mut r,
                var::HOURLY_COST,
                c,
                None,
                None,
                InputSource::Default,
            );
        }
    }
    if let Some(e) = item.effort {
        set(
            &mut r,
            var::EFFORT,
            e,
            item.effort_low,
            item.effort_high,
            InputSource::Manual,
        );
        if r.source[var::JOB_SIZE] == InputSource::Derived {
            let (lo, hi) = (r.low[var::EFFORT], r.high[var::EFFORT]);
            r.low[var::JOB_SIZE] = lo;
            r.high[var::JOB_SIZE] = hi;
        }
    }
    for input in &item.inputs {
        if let Some(s) = super::slot(&input.key) {
            set(
                &mut r,
                s,
                input.value,
                input.low,
                input.high,
                InputSource::Manual,
            );
        }
    }
    // The track record scales the typed confidence (and its range) as it is read; what was typed
    // stays as typed.
    if let Some(t) = base.track.get(&item.id) {
        let c = var::CONFIDENCE;
        if r.source[c] == InputSource::Manual {
            for v in [&mut r.value[c], &mut r.low[c], &mut r.high[c]] {
                *v = crate::metrics::learning::scaled(*v, t.factor);
            }
        }
    }
    r
}

/// "typed 0.60 × 1.15 track record (3 precedents)" when item k's confidence is scaled by its
/// track record.
fn track_note(base: &EvidenceBase, k: usize, s: usize) -> Option<String> {
    if s != var::CONFIDENCE {
        return None;
    }
    let item = &base.items[k];
    let t = base.track.get(&item.id)?;
    let typed = item.inputs.iter().find(|i| i.key == "confidence")?;
    let range = match (typed.low, typed.high) {
        (Some(lo), Some(hi)) => format!(" (range {}–{})", fmt(lo), fmt(hi)),
        _ => String::new(),
    };
    Some(format!(
        "typed {}{range} × {:.2} track record ({} precedent{}, shrunk toward 1)",
        fmt(typed.value),
        t.factor,
        t.precedents,
        if t.precedents == 1 { "" } else { "s" }
    ))
}

fn set(r: &mut Row, s: usize, v: f64, low: Option<f64>, high: Option<f64>, src: InputSource) {
    r.value[s] = v;
    r.low[s] = low.unwrap_or(v);
    r.high[s] = high.unwrap_or(v);
    r.source[s] = src;
}

/// How an input was found, in words.
pub fn note(
    base: &EvidenceBase,
    k: usize,
    stats: &EvidenceStats,
    r: &Row,
    s: usize,
) -> Cow<'static, str> {
    if let Some(n) = track_note(base, k, s) {
        return Cow::Owned(n);
    }
    match r.source[s] {
        InputSource::Manual if r.derived[s].is_nan() => return Cow::Borrowed("typed by hand"),
        InputSource::Missing => return Cow::Borrowed(missing_hint(s, stats)),
        InputSource::Default => return Cow::Borrowed("the model's default hourly cost"),
        _ if s == var::JOB_SIZE && r.source[s] == InputSource::Derived => {
            return Cow::Borrowed("from effort")
        }
        _ => {}
    }
    let item = &base.items[k];
    let derived = match s {
        var::REACH | var::HEADCOUNT => {
            let (heads, unknown) = headcount(base, k);
            match heads {
                Some(h) => {
                    let mut n = format!("{} engineers in {}", h, item.teams.join(", "));
                    if !unknown.is_empty() {
                        n.push_str(&format!(" (no headcount for {})", unknown.join(", ")));
                    }
                    n
                }
                None => format!(
                    "{} distinct people in {} linked documents",
                    stats.people, stats.documents
                ),
            }
        }
        var::DEMAND => format!(
            "{} documents{} weighted by recency (half-life {} days){}",
            stats.documents,
            if stats.groups < stats.documents {
                format!(" ({} once near-duplicates are counted once)", stats.groups)
            } else {
                String::new()
            },
            super::evidence::HALF_LIFE_DAYS,
            stats
                .newest
                .as_deref()
                .map(|d| format!(", newest {d}"))
                .unwrap_or_default()
        ),
        var::SENTIMENT => format!(
            "mean survey score of {} respondents behind the evidence (0 lowest, 1 highest)",
            stats.respondents
        ),
        var::JOB_SIZE => "the item's effort".to_string(),
        _ => format!("counted in {} evidence links", stats.links),
    };
    match r.source[s] {
        InputSource::Manual => Cow::Owned(format!(
            "typed by hand; the evidence says {} ({derived})",
            fmt(r.derived[s])
        )),
        _ => Cow::Owned(derived),
    }
}

fn missing_hint(s: usize, stats: &EvidenceStats) -> &'static str {
    match s {
        var::REACH => "missing: set headcounts on the affected teams, link evidence, or type it",
        var::SENTIMENT => "missing: no linked document came from a survey",
        var::HOURLY_COST => "missing: type it on the item or set the ROI model's hourly cost",
        var::JOB_SIZE => "missing: type it or set the item's effort",
        _ if s >= var::DEMAND && stats.links == 0 => "missing: no evidence linked",
        _ => "missing: type it on the item",
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn opt(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// Every input of item k, for its detail view.
pub fn resolved(
    base: &EvidenceBase,
    k: usize,
    stats: &EvidenceStats,
    r: &Row,
) -> Vec<ResolvedInput> {
    (0..NV)
        .map(|s| resolved_one(base, k, stats, r, s))
        .collect()
}

/// One input of item k.
pub fn resolved_one(
    base: &EvidenceBase,
    k: usize,
    stats: &EvidenceStats,
    r: &Row,
    s: usize,
) -> ResolvedInput {
    let ranged = r.low[s] != r.value[s] || r.high[s] != r.value[s];
    ResolvedInput {
        key: VARIABLES[s].to_string(),
        label: LABELS[s].to_string(),
        value: opt(r.value[s]),
        low: if ranged { opt(r.low[s]) } else { None },
        high: if ranged { opt(r.high[s]) } else { None },
        source: r.source[s],
        derived: opt(r.derived[s]),
        note: note(base, k, stats, r, s).into_owned(),
    }
}
