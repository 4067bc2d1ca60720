//! Ranking: every item scored by a model, ordered (ties: lower effort first, then the older item),
//! and each score broken into the parts it was computed from. Per-team views weight each score by
//! that team's share of the item's demand; team-specific exceptions rank only in their team's view.

use super::evidence::{EvidenceBase, EvidenceStats};
use super::inputs::{self, InputSource, Row};
use super::items::ItemStatus;
use super::model::{self, Model, ModelConfig, ModelKind, Norm, Scorer, POINTS};
use super::{var, LABELS, VARIABLES};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;
use ts_rs::TS;

/// What to rank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RankRequest {
    /// Model name.
    pub model: String,
    /// Unsaved changes to the model (weights while a slider moves); not stored.
    #[serde(default)]
    pub draft: Option<ModelConfig>,
    /// A team's view: scores weighted by that team's share of each item's demand.
    #[serde(default)]
    pub team: Option<String>,
    /// Keep only the first N ranked items.
    #[serde(default)]
    pub top: Option<u32>,
    /// Also rank shipped and dropped items.
    #[serde(default)]
    pub all: bool,
}

/// How a part enters the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PartRole {
    /// Multiplies the score.
    Factor,
    /// Divides the score.
    Divisor,
    /// Added (WSJF's numerator); `points` is its share of the score.
    Term,
    /// A weighted criterion; `points` is its contribution.
    Criterion,
    /// A variable of a formula.
    Variable,
}

/// One part of a score.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScorePart {
    /// Input name.
    pub key: &'static str,
    /// Label.
    pub label: Cow<'static, str>,
    /// Its value (`None`: missing).
    pub value: Option<f64>,
    /// Where the value comes from.
    pub source: InputSource,
    /// How it enters the score.
    pub role: PartRole,
    /// Criterion weight as configured.
    pub weight: Option<f64>,
    /// The value on the criterion's 0–1 scale.
    pub normalized: Option<f64>,
    /// What it adds to the score (criteria and terms; they sum to the score).
    pub points: Option<f64>,
    /// How the value was found.
    pub note: Cow<'static, str>,
}

/// One line of the ROI arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoiLine {
    /// Engineer-hours saved in a year.
    pub hours_per_year: f64,
    /// Their value.
    pub annual_value: f64,
    /// What building it costs.
    pub cost: f64,
    /// (Value − cost) ÷ cost.
    pub roi: f64,
    /// Months until it pays back (`None`: never).
    pub payback_months: Option<f64>,
}

/// ROI under pessimistic, expected and optimistic inputs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoiEstimate {
    /// Low ends of the ranges (and high effort).
    pub low: RoiLine,
    /// Best estimates.
    pub expected: RoiLine,
    /// High ends (and low effort).
    pub high: RoiLine,
}

/// An item in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RankedItem {
    /// 1-based rank; `None` when the item cannot be scored.
    #[ts(type = "number | null")]
    pub rank: Option<u32>,
    /// Item id.
    #[ts(type = "number")]
    pub id: i64,
    /// Title.
    pub title: String,
    /// Status.
    pub status: ItemStatus,
    /// Owner.
    pub owner: String,
    /// Affected teams.
    pub teams: Vec<String>,
    /// Effort, person-weeks.
    pub effort: Option<f64>,
    /// Score; `None` when an input is missing or the arithmetic has no answer.
    pub score: Option<f64>,
    /// The parts the score is computed from.
    pub breakdown: Vec<ScorePart>,
    /// Inputs the model reads that the item lacks.
    pub missing: Vec<String>,
    /// Why an item with every input still has no score.
    pub problem: Option<String>,
    /// ROI figures (ROI model only).
    pub roi: Option<RoiEstimate>,
    /// Team it is an exception for.
    pub exception_team: Option<String>,
    /// In a team's view: that team's share of the item's demand, which weights the score.
    pub team_share: Option<f64>,
    /// Its evidence.
    pub evidence: EvidenceStats,
}

/// A ranking.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Ranking {
    /// The model (with the draft applied).
    pub model: Model,
    /// The team whose view this is.
    pub team: Option<String>,
    /// Scored items in rank order, then the unscored.
    pub items: Vec<RankedItem>,
    /// Team-specific exceptions, scored but outside the shared ranking.
    pub exceptions: Vec<RankedItem>,
    /// Items scored.
    #[ts(type = "number")]
    pub scored: u32,
    /// Items that could not be scored.
    #[ts(type = "number")]
    pub unscored: u32,
    /// Shipped and dropped items left out.
    #[ts(type = "number")]
    pub excluded: u32,
}

/// Everything a ranking needs, resolved once; sensitivity runs reuse it.
pub struct Prepared<'a> {
    /// The evidence base.
    pub base: &'a EvidenceBase,
    /// The model.
    pub model: Model,
    /// Compiled.
    pub scorer: Scorer,
    /// Every item's evidence (dense item order).
    pub stats: Vec<EvidenceStats>,
    /// Rows of the ranked members.
    pub rows: Vec<Row>,
    /// Dense item numbers taking part in the ranking.
    pub members: Vec<usize>,
    /// Team share of each member (1 outside a team view).
    pub shares: Vec<f64>,
    /// Dense numbers of exceptions (shared view only), with their rows.
    pub exceptions: Vec<(usize, Row)>,
    /// Normalization ends of the criteria.
    pub norm: Norm,
    /// The team of the view.
    pub team: Option<(i64, String)>,
    /// Items left out for their status.
    pub excluded: u32,
}

/// Resolves the model (saved or preset, with the draft), the team and every member's row.
pub fn prepare<'a>(
    conn: &rusqlite::Connection,
    base: &'a EvidenceBase,
    req: &RankRequest,
) -> Result<Prepared<'a>> {
    let mut model = model::get(conn, &req.model)?;
    if let Some(draft) = &req.draft {
        model.config = draft.clone();
    }
    prepare_with(conn, base, model, req.team.as_deref(), req.all)
}

/// [`prepare`] with a resolved model.
pub fn prepare_with<'a>(
    conn: &rusqlite::Connection,
    base: &'a EvidenceBase,
    mut model: Model,
    team: Option<&str>,
    all: bool,
) -> Result<Prepared<'a>> {
    let scorer = Scorer::compile(&model.config)?;
    model.reads = scorer
        .reads()
        .iter()
        .map(|&s| VARIABLES[s].to_string())
        .collect();
    let team = match team.map(str::trim).filter(|t| !t.is_empty()) {
        Some(name) => {
            let id = crate::research::teams::find(conn, name)?
                .ok_or_else(|| Error::invalid("team", format!("no team named {name:?}")))?;
            Some((id, base.team_names.get(&id).cloned().unwrap_or(name.into())))
        }
        None => None,
    };
    let stats = base.stats();
    let (mut members, mut shares, mut rows, mut exceptions) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut excluded = 0;
    let default_cost = scorer
        .roi
        .hourly_cost
        .filter(|_| scorer.kind == ModelKind::Roi);
    let exception_id = |k: usize| -> Option<i64> {
        let name = base.items[k].exception_team.as_deref()?;
        base.team_names
            .iter()
            .find(|(_, n)| crate::research::teams::same_name(n, name))
            .map(|(id, _)| *id)
    };
    for (k, item) in base.items.iter().enumerate() {
        if !all && matches!(item.status, ItemStatus::Shipped | ItemStatus::Dropped) {
            excluded += 1;
            continue;
        }
        let row = inputs::row(base, k, &stats[k], default_cost);
        let exception = exception_id(k);
        match &team {
            None if exception.is_some() => exceptions.push((k, row)),
            None => {
                members.push(k);
                shares.push(1.0);
                rows.push(row);
            }
            Some((t, _)) => {
                let (mine, every) = base.team_demand(k, *t);
                let affected = base.item_teams[k].contains(t);
                let share = if every > 0.0 {
                    mine / every
                } else if affected {
                    1.0 / base.item_teams[k].len() as f64
                } else {
                    0.0
                };
                let share = if exception == Some(*t) {
                    share.max(1.0)
                } else {
                    share
                };
                if exception.is_some_and(|e| e != *t) || (share == 0.0 && !affected) {
                    continue;
                }
                members.push(k);
                shares.push(share);
                rows.push(row);
            }
        }
    }
    let norm = scorer.norm(rows.iter().map(|r| &r.value));
    Ok(Prepared {
        base,
        model,
        scorer,
        stats,
        rows,
        members,
        shares,
        exceptions,
        norm,
        team,
        excluded,
    })
}

impl Prepared<'_> {
    /// Member m's score on its best estimates.
    pub fn score(&self, m: usize) -> Option<f64> {
        self.scorer
            .score(&self.rows[m].value, &self.norm)
            .map(|s| s * self.shares[m])
    }

    /// The tie-breaker of member m: lower effort first, then the older item.
    pub fn tie(&self, m: usize) -> (f64, i64) {
        let item = &self.base.items[self.members[m]];
        (item.effort.unwrap_or(f64::INFINITY), item.id)
    }

    /// Members in rank order given their scores: scored first (highest first), then unscored.
    pub fn order(&self, scores: &[Option<f64>]) -> Vec<usize> {
        let ties: Vec<(f64, i64)> = (0..self.members.len()).map(|m| self.tie(m)).collect();
        let mut order: Vec<usize> = (0..self.members.len()).collect();
        order.sort_by(|&a, &b| compare(scores[a], scores[b], ties[a], ties[b]));
        order
    }

    fn explain(&self, k: usize, row: &Row, share: Option<f64>, rank: Option<u32>) -> RankedItem {
        let base = self.base;
        let item = &base.items[k];
        let stats = &self.stats[k];
        let reads = self.scorer.reads();
        let missing: Vec<String> = reads
            .iter()
            .filter(|&&s| row.value[s].is_nan())
            .map(|&s| VARIABLES[s].to_string())
            .collect();
        let raw = if missing.is_empty() {
            self.scorer.score(&row.value, &self.norm)
        } else {
            None
        };
        let score = raw.map(|s| s * share.unwrap_or(1.0));
        let problem = match (raw, missing.is_empty()) {
            (None, true) => Some(match self.scorer.kind {
                ModelKind::Formula => "the formula has no answer for this item (a division by zero, or the root or log of a negative number)".to_string(),
                _ => "the arithmetic has no answer for this item (a zero divisor)".to_string(),
            }),
            _ => None,
        };
        let mut breakdown: Vec<ScorePart> = Vec::with_capacity(reads.len() + 1);
        let wsjf_size = row.value[var::JOB_SIZE];
        for (n, &s) in reads.iter().enumerate() {
            let v = row.value[s];
            let (role, weight, normalized, points) = match self.scorer.kind {
                ModelKind::Rice if s == var::EFFORT => (PartRole::Divisor, None, None, None),
                ModelKind::Roi if s == var::EFFORT => (PartRole::Divisor, None, None, None),
                ModelKind::Rice | ModelKind::Ice | ModelKind::Roi => {
                    (PartRole::Factor, None, None, None)
                }
                ModelKind::Wsjf if s == var::JOB_SIZE => (PartRole::Divisor, None, None, None),
                ModelKind::Wsjf => (
                    PartRole::Term,
                    None,
                    None,
                    opt(v / wsjf_size).map(|p| p * share.unwrap_or(1.0)),
                ),
                ModelKind::Weighted => {
                    let c = &self.scorer.criteria[n];
                    let (lo, hi) = self.norm[n];
                    let x = opt(v).map(|v| model::normalize(v, lo, hi));
                    (
                        PartRole::Criterion,
                        Some(c.weight),
                        x,
                        x.map(|x| x * c.share * POINTS * share.unwrap_or(1.0)),
                    )
                }
                ModelKind::Formula => (PartRole::Variable, None, None, None),
            };
            breakdown.push(ScorePart {
                key: VARIABLES[s],
                label: Cow::Borrowed(LABELS[s]),
                value: opt(v),
                source: row.source[s],
                role,
                weight,
                normalized,
                points: if missing.is_empty() { points } else { None },
                note: inputs::note(base, k, stats, row, s),
            });
        }
        if let (Some(sh), Some((_, team))) = (share, &self.team) {
            breakdown.push(ScorePart {
                key: "team_share",
                label: Cow::Owned(format!("{team}'s share of demand")),
                value: Some(sh),
                source: InputSource::Derived,
                role: PartRole::Factor,
                weight: None,
                normalized: None,
                points: None,
                note: Cow::Owned(format!(
                    "{team}'s recency-weighted evidence ÷ all of the item's evidence"
                )),
            });
        }
        let roi = (self.scorer.kind == ModelKind::Roi && missing.is_empty()).then(|| {
            let line = |r: &[f64; super::NV]| {
                let f = model::roi(r, &self.scorer.roi);
                RoiLine {
                    hours_per_year: f.hours_per_year,
                    annual_value: f.annual_value,
                    cost: f.cost,
                    roi: f.roi,
                    payback_months: f.payback_months.is_finite().then_some(f.payback_months),
                }
            };
            // Pessimistic: low benefits, high effort; optimistic the other way round.
            let mut low = row.low;
            low[var::EFFORT] = row.high[var::EFFORT];
            let mut high = row.high;
            high[var::EFFORT] = row.low[var::EFFORT];
            RoiEstimate {
                low: line(&low),
                expected: line(&row.value),
                high: line(&high),
            }
        });
        RankedItem {
            rank: score.and(rank),
            id: item.id,
            title: item.title.clone(),
            status: item.status,
            owner: item.owner.clone(),
            teams: item.teams.clone(),
            effort: item.effort,
            score,
            breakdown,
            missing,
            problem,
            roi,
            exception_team: item.exception_team.clone(),
            team_share: share,
            evidence: stats.clone(),
        }
    }

    /// The ranking, explained.
    pub fn ranking(&self, top: Option<u32>) -> Ranking {
        let scores: Vec<Option<f64>> = (0..self.members.len()).map(|m| self.score(m)).collect();
        let order = self.order(&scores);
        let scored = scores.iter().filter(|s| s.is_some()).count() as u32;
        let keep = top.map_or(order.len(), |t| (t as usize).min(scored as usize));
        let share = |m: usize| self.team.as_ref().map(|_| self.shares[m]);
        use rayon::prelude::*;
        let items = order[..keep]
            .par_iter()
            .enumerate()
            .map(|(r, &m)| {
                self.explain(self.members[m], &self.rows[m], share(m), Some(r as u32 + 1))
            })
            .collect();
        let mut exceptions: Vec<RankedItem> = self
            .exceptions
            .iter()
            .map(|(k, row)| self.explain(*k, row, None, None))
            .collect();
        exceptions.sort_by(|a, b| {
            compare(
                a.score,
                b.score,
                (a.effort.unwrap_or(f64::INFINITY), a.id),
                (b.effort.unwrap_or(f64::INFINITY), b.id),
            )
        });
        Ranking {
            model: self.model.clone(),
            team: self.team.as_ref().map(|(_, n)| n.clone()),
            items,
            exceptions,
            scored,
            unscored: self.members.len() as u32 - scored,
            excluded: self.excluded,
        }
    }
}

/// Rank order: higher score first; unscored last; ties by lower effort, then lower id.
pub fn compare(a: Option<f64>, b: Option<f64>, ta: (f64, i64), tb: (f64, i64)) -> Ordering {
    let by_score = match (a, b) {
        (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_score
        .then(ta.0.partial_cmp(&tb.0).unwrap_or(Ordering::Equal))
        .then(ta.1.cmp(&tb.1))
}

fn opt(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
