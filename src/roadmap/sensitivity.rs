//! How stable a ranking is. Sensitivity: a seeded Monte Carlo that perturbs the model's weights
//! (each × a uniform factor in 1 ± spread) and every input that has a range (triangular between
//! its low end, best estimate and high end), re-ranks each run, and reports every item's rank
//! interval and its chance of making the top N. Scenarios: two models or weight profiles side
//! by side, with rank moves and Spearman's rank correlation.

use super::model::ModelConfig;
use super::rank::{compare, Prepared};
use super::{NV, VARIABLES};
use crate::error::{Error, Result};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A sensitivity run.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SensitivityRequest {
    /// Model name.
    pub model: String,
    /// Unsaved changes to the model.
    #[serde(default)]
    pub draft: Option<ModelConfig>,
    /// A team's view.
    #[serde(default)]
    pub team: Option<String>,
    /// Monte Carlo runs.
    #[ts(type = "number")]
    pub runs: u32,
    /// Seed: the same seed gives the same figures.
    #[ts(type = "number")]
    pub seed: u64,
    /// The N of "chance of being in the top N".
    #[ts(type = "number")]
    pub top: u32,
    /// How far each weight may move, as a fraction (0.25: ± 25 %).
    pub spread: f64,
}

impl Default for SensitivityRequest {
    fn default() -> Self {
        SensitivityRequest {
            model: "rice".into(),
            draft: None,
            team: None,
            runs: 1000,
            seed: 42,
            top: 5,
            spread: 0.25,
        }
    }
}

/// One item's figures over the runs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ItemSensitivity {
    /// Item id.
    #[ts(type = "number")]
    pub id: i64,
    /// Title.
    pub title: String,
    /// Rank on the best estimates.
    #[ts(type = "number")]
    pub rank: u32,
    /// 5th percentile of its rank over the runs.
    #[ts(type = "number")]
    pub low: u32,
    /// Median rank.
    #[ts(type = "number")]
    pub median: u32,
    /// 95th percentile.
    #[ts(type = "number")]
    pub high: u32,
    /// Share of runs in which it made the top N.
    pub top_chance: f64,
    /// Its inputs that vary (those with a range).
    pub uncertain: Vec<String>,
}

/// The result of a sensitivity run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Sensitivity {
    /// Model name.
    pub model: String,
    /// Runs made.
    #[ts(type = "number")]
    pub runs: u32,
    /// Seed used.
    #[ts(type = "number")]
    pub seed: u64,
    /// N of the top-N chance.
    #[ts(type = "number")]
    pub top: u32,
    /// Weight spread used.
    pub spread: f64,
    /// What varied, in words.
    pub varied: Vec<String>,
    /// Scored items in base rank order.
    pub items: Vec<ItemSensitivity>,
}

/// Most runs a request may ask for.
pub const MAX_RUNS: u32 = 100_000;

/// Triangular sample between `lo`, `mode` and `hi` from a uniform `u`.
#[inline]
pub fn triangular(lo: f64, mode: f64, hi: f64, u: f64) -> f64 {
    if hi <= lo {
        return mode;
    }
    let f = (mode - lo) / (hi - lo);
    if u < f {
        lo + ((hi - lo) * (mode - lo) * u).sqrt()
    } else {
        hi - ((hi - lo) * (hi - mode) * (1.0 - u)).sqrt()
    }
}

#[inline]
fn uniform(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Runs the Monte Carlo over a prepared ranking.
pub fn run(p: &Prepared<'_>, req: &SensitivityRequest) -> Result<Sensitivity> {
    if req.runs == 0 || req.runs > MAX_RUNS {
        return Err(Error::invalid(
            "runs",
            format!("runs must be between 1 and {MAX_RUNS}"),
        ));
    }
    if !(0.0..1.0).contains(&req.spread) {
        return Err(Error::invalid(
            "spread",
            "the weight spread is a fraction between 0 and 1 (0.25 for ± 25 %)",
        ));
    }
    if req.top == 0 {
        return Err(Error::invalid("top", "top must be at least 1"));
    }
    // Only scored members take part.
    let base_scores: Vec<Option<f64>> = (0..p.members.len()).map(|m| p.score(m)).collect();
    let order = p.order(&base_scores);
    let scored: Vec<usize> = order
        .into_iter()
        .filter(|&m| base_scores[m].is_some())
        .collect();
    let n = scored.len();
    let reads = p.scorer.reads();
    // Uncertain inputs: (member position, slot, low, mode, high).
    let mut uncertain: Vec<(usize, usize, f64, f64, f64)> = Vec::new();
    for (pos, &m) in scored.iter().enumerate() {
        let r = &p.rows[m];
        for &s in reads {
            if r.low[s] < r.high[s] {
                uncertain.push((pos, s, r.low[s], r.value[s], r.high[s]));
            }
        }
    }
    let weighted = !p.scorer.criteria.is_empty();
    let mut varied = Vec::new();
    if weighted && req.spread > 0.0 {
        varied.push(format!(
            "each criterion's weight × 1 ± {:.0} %",
            req.spread * 100.0
        ));
    }
    if !uncertain.is_empty() {
        varied.push(format!(
            "{} input{} with a range, triangular between low, estimate and high",
            uncertain.len(),
            if uncertain.len() == 1 { "" } else { "s" }
        ));
    }
    let ties: Vec<(f64, i64)> = scored.iter().map(|&m| p.tie(m)).collect();
    let mut rng = Pcg64Mcg::seed_from_u64(req.seed);
    let runs = req.runs as usize;
    let mut ranks = vec![0u32; runs * n];
    let mut values: Vec<[f64; NV]> = scored.iter().map(|&m| p.rows[m].value).collect();
    let mut scorer = p.scorer.clone();
    let mut scores = vec![0.0f64; n];
    let mut idx: Vec<u32> = (0..n as u32).collect();
    for run in 0..runs {
        if weighted && req.spread > 0.0 {
            let w: Vec<f64> = p
                .scorer
                .criteria
                .iter()
                .map(|c| c.weight * (1.0 + req.spread * (2.0 * uniform(&mut rng) - 1.0)))
                .collect();
            let total: f64 = w.iter().map(|x| x.abs()).sum();
            for (c, w) in scorer.criteria.iter_mut().zip(w) {
                c.share = if total > 0.0 { w / total } else { 0.0 };
            }
        }
        for &(pos, s, lo, mode, hi) in &uncertain {
            values[pos][s] = triangular(lo, mode, hi, uniform(&mut rng));
        }
        for (pos, &m) in scored.iter().enumerate() {
            scores[pos] = scorer
                .score(&values[pos], &p.norm)
                .map_or(f64::NEG_INFINITY, |s| s * p.shares[m]);
        }
        idx.sort_unstable_by(|&a, &b| {
            compare(
                Some(scores[a as usize]),
                Some(scores[b as usize]),
                ties[a as usize],
                ties[b as usize],
            )
        });
        let row = &mut ranks[run * n..(run + 1) * n];
        for (r, &i) in idx.iter().enumerate() {
            row[i as usize] = r as u32 + 1;
        }
    }
    let mut items = Vec::with_capacity(n);
    let mut mine = vec![0u32; runs];
    for (pos, &m) in scored.iter().enumerate() {
        for (run, slot) in mine.iter_mut().enumerate() {
            *slot = ranks[run * n + pos];
        }
        let top_chance = mine.iter().filter(|&&r| r <= req.top).count() as f64 / runs as f64;
        mine.sort_unstable();
        let pct = |q: f64| mine[(((runs - 1) as f64) * q).round() as usize];
        let item = &p.base.items[p.members[m]];
        items.push(ItemSensitivity {
            id: item.id,
            title: item.title.clone(),
            rank: pos as u32 + 1,
            low: pct(0.05),
            median: pct(0.5),
            high: pct(0.95),
            top_chance,
            uncertain: uncertain
                .iter()
                .filter(|u| u.0 == pos)
                .map(|u| VARIABLES[u.1].to_string())
                .collect(),
        });
    }
    Ok(Sensitivity {
        model: p.model.name.clone(),
        runs: req.runs,
        seed: req.seed,
        top: req.top,
        spread: req.spread,
        varied,
        items,
    })
}

/// One side of a scenario comparison.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScenarioSide {
    /// Model name.
    pub model: String,
    /// Unsaved weights or settings.
    #[serde(default)]
    pub draft: Option<ModelConfig>,
    /// Label ("RICE", "Payments' weights").
    #[serde(default)]
    pub label: Option<String>,
}

/// Two scenarios to compare.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompareRequest {
    /// The first.
    pub a: ScenarioSide,
    /// The second.
    pub b: ScenarioSide,
    /// A team's view for both.
    #[serde(default)]
    pub team: Option<String>,
}

/// An item under both scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ComparedItem {
    /// Item id.
    #[ts(type = "number")]
    pub id: i64,
    /// Title.
    pub title: String,
    /// Rank under A.
    #[ts(type = "number | null")]
    pub rank_a: Option<u32>,
    /// Rank under B.
    #[ts(type = "number | null")]
    pub rank_b: Option<u32>,
    /// Score under A.
    pub score_a: Option<f64>,
    /// Score under B.
    pub score_b: Option<f64>,
    /// Places gained from A to B (positive: up).
    #[ts(type = "number | null")]
    pub moved: Option<i32>,
}

/// Two scenarios side by side.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Comparison {
    /// Label of A.
    pub a: String,
    /// Label of B.
    pub b: String,
    /// Items in B's order (unscored under B last).
    pub items: Vec<ComparedItem>,
    /// Spearman's rank correlation over the items ranked under both (1: same order).
    pub spearman: Option<f64>,
    /// Items ranked under both.
    #[ts(type = "number")]
    pub common: u32,
    /// Items whose rank differs.
    #[ts(type = "number")]
    pub moved: u32,
}

/// Spearman's ρ between two rankings of the same items (distinct ranks, any numbering).
pub fn spearman(pairs: &[(u32, u32)]) -> Option<f64> {
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    // Re-rank within the common items so both run 1..n.
    let rerank = |key: &dyn Fn(&(u32, u32)) -> u32| {
        let mut idx: Vec<usize> = (0..n).collect();
        idx.sort_by_key(|&i| key(&pairs[i]));
        let mut r = vec![0f64; n];
        for (k, &i) in idx.iter().enumerate() {
            r[i] = k as f64 + 1.0;
        }
        r
    };
    let ra = rerank(&|p| p.0);
    let rb = rerank(&|p| p.1);
    let d2: f64 = ra.iter().zip(&rb).map(|(a, b)| (a - b) * (a - b)).sum();
    let n = n as f64;
    Some(1.0 - 6.0 * d2 / (n * (n * n - 1.0)))
}

/// Compares two prepared rankings of the same items.
pub fn compare_rankings(a: &Prepared<'_>, b: &Prepared<'_>, la: String, lb: String) -> Comparison {
    let ranks = |p: &Prepared<'_>| {
        let scores: Vec<Option<f64>> = (0..p.members.len()).map(|m| p.score(m)).collect();
        let order = p.order(&scores);
        let mut out = std::collections::HashMap::new();
        for (r, &m) in order.iter().enumerate() {
            let id = p.base.items[p.members[m]].id;
            out.insert(id, (scores[m].map(|_| r as u32 + 1), scores[m], r));
        }
        out
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let mut items: Vec<(usize, ComparedItem)> = Vec::new();
    for &k in &b.members {
        let item = &b.base.items[k];
        let (rank_b, score_b, pos) = rb[&item.id];
        let (rank_a, score_a) = ra.get(&item.id).map_or((None, None), |x| (x.0, x.1));
        let moved = match (rank_a, rank_b) {
            (Some(x), Some(y)) => Some(x as i32 - y as i32),
            _ => None,
        };
        items.push((
            pos,
            ComparedItem {
                id: item.id,
                title: item.title.clone(),
                rank_a,
                rank_b,
                score_a,
                score_b,
                moved,
            },
        ));
    }
    items.sort_by_key(|(pos, _)| *pos);
    let items: Vec<ComparedItem> = items.into_iter().map(|(_, i)| i).collect();
    let pairs: Vec<(u32, u32)> = items
        .iter()
        .filter_map(|i| Some((i.rank_a?, i.rank_b?)))
        .collect();
    Comparison {
        a: la,
        b: lb,
        spearman: spearman(&pairs),
        common: pairs.len() as u32,
        moved: items
            .iter()
            .filter(|i| i.moved.is_some_and(|m| m != 0))
            .count() as u32,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_is_one_for_the_same_order_and_minus_one_reversed() {
        assert_eq!(spearman(&[(1, 1), (2, 2), (3, 3)]), Some(1.0));
        assert_eq!(spearman(&[(1, 3), (2, 2), (3, 1)]), Some(-1.0));
        // One swap among four: d² = 2, ρ = 1 − 12 / 60 = 0.8.
        assert_eq!(spearman(&[(1, 2), (2, 1), (3, 3), (4, 4)]), Some(0.8));
        assert_eq!(spearman(&[(1, 1)]), None);
    }

    #[test]
    fn triangular_stays_in_range_and_centres_on_the_mode() {
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        let xs: Vec<f64> = (0..20_000)
            .map(|_| triangular(2.0, 3.0, 10.0, uniform(&mut rng)))
            .collect();
        assert!(xs.iter().all(|x| (2.0..=10.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 5.0).abs() < 0.05, "mean {mean}"); // (2 + 3 + 10) / 3
        assert_eq!(triangular(4.0, 4.0, 4.0, 0.3), 4.0);
    }
}
