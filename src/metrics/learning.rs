//! The `item_track_records` table: what shipped items' track record says about a planned item's
//! confidence, kept apart from the confidence the user typed and applied when the ranking reads
//! the item (`roadmap::inputs::row`).
//!
//! **Shrinkage.** A planned item's precedents are the shipped items aimed at the same metrics,
//! each with its realized ÷ expected change `rᵢ` (capped to 0–1.5). Their mean `r̄` is what they
//! say; how far to believe it depends on how many there are and how much they agree. The factor is
//! the mean shrunk toward 1 (as predicted) as a normal prior would shrink it:
//!
//! ```text
//! σ = max(sd(rᵢ), 0.15)      (0.25 for a single precedent: one case says nothing of spread)
//! w = τ² ÷ (τ² + σ² ÷ n)     τ = 0.2: a team's estimates are rarely off by more than ±20 % overall
//! factor = 1 + w × (r̄ − 1)
//! ```
//!
//! One precedent that realized 150 % of its expectation moves confidence by × 1.20, not × 1.5;
//! three that agree on 150 % move it by × 1.42; three that disagree (100 %, 150 %, 50 %… ) barely
//! move it. Applying is idempotent: the factor comes from the precedents, never from the
//! confidence it scales, and it is stored, not multiplied into the typed value.

use crate::error::Result;
use crate::store::db::now;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// τ: the spread of true factors around 1 the shrinkage assumes.
pub const PRIOR_SD: f64 = 0.2;
/// The smallest spread assumed among precedents (two that agree exactly are still two cases).
pub const MIN_SPREAD: f64 = 0.15;
/// The spread assumed for a single precedent.
pub const SINGLE_SPREAD: f64 = 0.25;
/// Each precedent's realized ÷ expected is capped to this before it counts.
pub const RATIO_CAP: f64 = 1.5;

/// What precedents say, and how much of it is believed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Shrunk {
    /// The precedents' mean realized ÷ expected (each capped to 0–1.5).
    pub raw: f64,
    /// Their standard deviation (0 for one precedent).
    pub spread: f64,
    /// How much of `raw − 1` is believed (0–1).
    pub weight: f64,
    /// `1 + weight × (raw − 1)`: what confidence is multiplied by.
    pub factor: f64,
    /// How many precedents.
    #[ts(type = "number")]
    pub precedents: u64,
}

/// Shrinks the mean of `ratios` (realized ÷ expected) toward 1 by their number and spread (see
/// the module's formula). `None` without ratios.
pub fn shrink(ratios: &[f64]) -> Option<Shrunk> {
    if ratios.is_empty() {
        return None;
    }
    let n = ratios.len() as f64;
    let capped: Vec<f64> = ratios.iter().map(|r| r.clamp(0.0, RATIO_CAP)).collect();
    let raw = capped.iter().sum::<f64>() / n;
    let spread = if capped.len() < 2 {
        0.0
    } else {
        (capped.iter().map(|r| (r - raw).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    let sigma = if capped.len() < 2 {
        SINGLE_SPREAD
    } else {
        spread.max(MIN_SPREAD)
    };
    let tau2 = PRIOR_SD * PRIOR_SD;
    let weight = tau2 / (tau2 + sigma * sigma / n);
    Some(Shrunk {
        raw,
        spread,
        weight,
        factor: 1.0 + weight * (raw - 1.0),
        precedents: ratios.len() as u64,
    })
}

/// A track record applied to an item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Applied {
    /// What its confidence is multiplied by.
    pub factor: f64,
    /// How many precedents it rests on.
    pub precedents: u64,
}

/// The track records applied, by item id.
pub fn applied(conn: &Connection) -> Result<HashMap<i64, Applied>> {
    let mut stmt =
        conn.prepare_cached("SELECT item_id, factor, precedents FROM item_track_records")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Applied {
                factor: r.get(1)?,
                precedents: r.get::<_, i64>(2)? as u64,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Applies exactly `records` (item id, what its precedents say): every other item's track record
/// is taken off. Run inside the caller's transaction.
pub fn replace(conn: &Connection, records: &[(i64, Shrunk)]) -> Result<()> {
    conn.execute("DELETE FROM item_track_records", [])?;
    let mut insert = conn.prepare(
        "INSERT INTO item_track_records (item_id, factor, raw, precedents, spread, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let at = now();
    for (item, s) in records {
        insert.execute(params![
            item,
            s.factor,
            s.raw,
            s.precedents as i64,
            s.spread,
            at
        ])?;
    }
    Ok(())
}

/// `confidence` scaled by a track record's factor, kept within 0.05–1.
pub fn scaled(confidence: f64, factor: f64) -> f64 {
    (confidence * factor).clamp(0.05, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_precedent_moves_confidence_less_than_several_that_agree_and_disagreement_moves_it_least()
    {
        let one = shrink(&[1.5]).unwrap();
        assert_eq!(one.raw, 1.5);
        assert!((one.factor - 1.195).abs() < 0.001, "{one:?}");
        let agree = shrink(&[1.5, 1.5, 1.5]).unwrap();
        assert!((agree.factor - 1.421).abs() < 0.001, "{agree:?}");
        let disagree = shrink(&[0.5, 1.5, 1.5]).unwrap();
        assert!(disagree.spread > 0.5);
        assert!(
            (disagree.factor - 1.0) < (agree.factor - 1.0) / 4.0,
            "{disagree:?}"
        );
        // Below expectation shrinks toward 1 from below, and a wild ratio is capped first.
        let low = shrink(&[0.4]).unwrap();
        assert!(low.factor > 0.4 && low.factor < 1.0);
        assert_eq!(shrink(&[9.0]).unwrap().raw, RATIO_CAP);
        assert_eq!(shrink(&[]), None);
        // Many agreeing precedents are believed almost fully.
        let many = shrink(&[1.2; 40]).unwrap();
        assert!(many.weight > 0.97 && (many.factor - 1.2).abs() < 0.01);
    }

    #[test]
    fn scaling_keeps_confidence_a_probability() {
        assert_eq!(scaled(0.9, 1.4), 1.0);
        assert_eq!(scaled(0.02, 0.5), 0.05);
        assert!((scaled(0.5, 1.2) - 0.6).abs() < 1e-12);
    }
}
