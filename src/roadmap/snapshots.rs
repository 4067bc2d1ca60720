//! The `ranking_snapshots` table: a ranking saved for a review, with every item's inputs, so two
//! snapshots (or a snapshot and now) can be diffed: what moved, and which input moved it.

use super::model::{ModelConfig, Scorer};
use super::rank::Prepared;
use super::{LABELS, NV, VARIABLES};
use crate::error::{Error, Result};
use crate::store::db::now;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A saved snapshot, without its items.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SnapshotInfo {
    /// Snapshot id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name ("Q3 review").
    pub name: String,
    /// Model it was ranked with.
    pub model: String,
    /// When it was saved.
    pub created_at: String,
    /// Items ranked.
    #[ts(type = "number")]
    pub items: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    model: String,
    config: ModelConfig,
    #[serde(default)]
    team: Option<String>,
    items: Vec<StoredItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredItem {
    id: i64,
    title: String,
    rank: Option<u32>,
    score: Option<f64>,
    /// Every variable's value (None: missing), in [`VARIABLES`] order.
    values: Vec<Option<f64>>,
    share: f64,
}

/// How an item changed between two rankings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Change {
    /// Ranked in both, at a different place.
    Moved,
    /// Ranked in both, same place (its score may differ).
    Same,
    /// Only in the later one.
    Added,
    /// Only in the earlier one.
    Removed,
}

/// An input that differs between the two rankings, and what it did to the score.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InputChange {
    /// Input name.
    pub key: String,
    /// Label.
    pub label: String,
    /// Value before.
    pub from: Option<f64>,
    /// Value after.
    pub to: Option<f64>,
    /// Score change due to this input alone (the later score minus the later score with this
    /// input put back), when both are known.
    pub effect: Option<f64>,
}

/// An item in a diff.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DiffItem {
    /// Item id.
    #[ts(type = "number")]
    pub id: i64,
    /// Title (as of the later ranking).
    pub title: String,
    /// What happened.
    pub change: Change,
    /// Rank before.
    #[ts(type = "number | null")]
    pub rank_from: Option<u32>,
    /// Rank after.
    #[ts(type = "number | null")]
    pub rank_to: Option<u32>,
    /// Score before.
    pub score_from: Option<f64>,
    /// Score after.
    pub score_to: Option<f64>,
    /// Inputs that changed, the biggest effect first.
    pub drivers: Vec<InputChange>,
}

/// What moved between two rankings.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SnapshotDiff {
    /// Earlier snapshot.
    pub from: String,
    /// Later snapshot, or "now".
    pub to: String,
    /// Whether the model or its weights differ (then ranks can move with no input changing).
    pub model_changed: bool,
    /// Items, in the later ranking's order, then the removed.
    pub items: Vec<DiffItem>,
}

fn stored_from(p: &Prepared<'_>) -> Stored {
    let scores: Vec<Option<f64>> = (0..p.members.len()).map(|m| p.score(m)).collect();
    let order = p.order(&scores);
    let items = order
        .iter()
        .enumerate()
        .map(|(r, &m)| {
            let item = &p.base.items[p.members[m]];
            StoredItem {
                id: item.id,
                title: item.title.clone(),
                rank: scores[m].map(|_| r as u32 + 1),
                score: scores[m],
                values: p.rows[m]
                    .value
                    .iter()
                    .map(|v| (!v.is_nan()).then_some(*v))
                    .collect(),
                share: p.shares[m],
            }
        })
        .collect();
    Stored {
        model: p.model.name.clone(),
        config: p.model.config.clone(),
        team: p.team.as_ref().map(|(_, n)| n.clone()),
        items,
    }
}

/// Saves the prepared ranking under `name` (unique, ignoring case).
pub fn save(conn: &Connection, name: &str, p: &Prepared<'_>) -> Result<SnapshotInfo> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(Error::invalid(
            "name",
            "a snapshot needs a name of at most 120 characters",
        ));
    }
    if name.eq_ignore_ascii_case("now") {
        return Err(Error::invalid(
            "name",
            "\"now\" stands for the current ranking; pick another name",
        ));
    }
    let stored = stored_from(p);
    let json = serde_json::to_string(&stored).map_err(|e| Error::Internal(e.to_string()))?;
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM ranking_snapshots WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return Err(Error::invalid(
            "name",
            format!("a snapshot named {name:?} already exists"),
        ));
    }
    conn.execute(
        "INSERT INTO ranking_snapshots (name, model, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, stored.model, json, now()],
    )?;
    find_info(conn, name)
}

fn find_info(conn: &Connection, name: &str) -> Result<SnapshotInfo> {
    list(conn)?
        .into_iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()) || s.id.to_string() == name.trim())
        .ok_or_else(|| Error::NotFound(format!("no snapshot named {:?}", name.trim())))
}

/// Saved snapshots, newest first.
pub fn list(conn: &Connection) -> Result<Vec<SnapshotInfo>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, model, created_at, json_array_length(payload, '$.items')
         FROM ranking_snapshots ORDER BY created_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SnapshotInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            model: r.get(2)?,
            created_at: r.get(3)?,
            items: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deletes a snapshot by name or id.
pub fn delete(conn: &Connection, name: &str) -> Result<()> {
    let info = find_info(conn, name)?;
    conn.execute("DELETE FROM ranking_snapshots WHERE id = ?1", [info.id])?;
    Ok(())
}

fn load(conn: &Connection, name: &str) -> Result<(SnapshotInfo, Stored)> {
    let info = find_info(conn, name)?;
    let json: String = conn.query_row(
        "SELECT payload FROM ranking_snapshots WHERE id = ?1",
        [info.id],
        |r| r.get(0),
    )?;
    let stored: Stored = serde_json::from_str(&json)
        .map_err(|e| Error::Internal(format!("snapshot {:?} cannot be read: {e}", info.name)))?;
    Ok((info, stored))
}

/// The model a snapshot was ranked with, and its team view.
pub fn model_of(conn: &Connection, name: &str) -> Result<(String, ModelConfig, Option<String>)> {
    let (_, s) = load(conn, name)?;
    Ok((s.model, s.config, s.team))
}

/// Diffs snapshot `from` against snapshot `to`, or against `now` (the current ranking, prepared
/// by the caller with `from`'s model).
pub fn diff(
    conn: &Connection,
    from: &str,
    to: &str,
    now_ranking: Option<&Prepared<'_>>,
) -> Result<SnapshotDiff> {
    let (a_info, a) = load(conn, from)?;
    let (b_name, b) = match now_ranking {
        Some(p) => ("now".to_string(), stored_from(p)),
        None => {
            let (info, s) = load(conn, to)?;
            (info.name, s)
        }
    };
    let model_changed = a.config != b.config;
    let scorer = Scorer::compile(&b.config).ok();
    let rows = |items: &[StoredItem]| -> Vec<[f64; NV]> {
        items
            .iter()
            .map(|i| {
                let mut r = [f64::NAN; NV];
                for (s, v) in i.values.iter().enumerate().take(NV) {
                    r[s] = v.unwrap_or(f64::NAN);
                }
                r
            })
            .collect()
    };
    let b_rows = rows(&b.items);
    let norm = scorer
        .as_ref()
        .map(|s| s.norm(b_rows.iter()))
        .unwrap_or_default();
    let a_rows = rows(&a.items);
    let mut items = Vec::new();
    for (bi, item) in b.items.iter().enumerate() {
        let before = a.items.iter().position(|x| x.id == item.id);
        let Some(ai) = before else {
            items.push(DiffItem {
                id: item.id,
                title: item.title.clone(),
                change: Change::Added,
                rank_from: None,
                rank_to: item.rank,
                score_from: None,
                score_to: item.score,
                drivers: Vec::new(),
            });
            continue;
        };
        let old = &a.items[ai];
        let mut drivers = Vec::new();
        for s in 0..NV {
            let (x, y) = (a_rows[ai][s], b_rows[bi][s]);
            let same = (x.is_nan() && y.is_nan()) || x == y;
            if same {
                continue;
            }
            let effect = scorer.as_ref().and_then(|sc| {
                let now = sc.score(&b_rows[bi], &norm)?;
                let mut back = b_rows[bi];
                back[s] = x;
                let then = sc.score(&back, &norm)?;
                Some((now - then) * item.share)
            });
            drivers.push(InputChange {
                key: VARIABLES[s].to_string(),
                label: LABELS[s].to_string(),
                from: (!x.is_nan()).then_some(x),
                to: (!y.is_nan()).then_some(y),
                effect,
            });
        }
        // Inputs the model reads and that moved the score come first, biggest effect first.
        drivers.sort_by(|p, q| {
            let m = |c: &InputChange| c.effect.map_or(-1.0, f64::abs);
            m(q).partial_cmp(&m(p)).unwrap_or(std::cmp::Ordering::Equal)
        });
        drivers.retain(|d| d.effect.is_some_and(|e| e != 0.0) || d.effect.is_none());
        let change = match (old.rank, item.rank) {
            (Some(x), Some(y)) if x != y => Change::Moved,
            (Some(_), Some(_)) => Change::Same,
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (None, None) => Change::Same,
        };
        items.push(DiffItem {
            id: item.id,
            title: item.title.clone(),
            change,
            rank_from: old.rank,
            rank_to: item.rank,
            score_from: old.score,
            score_to: item.score,
            drivers,
        });
    }
    for old in &a.items {
        if !b.items.iter().any(|x| x.id == old.id) {
            items.push(DiffItem {
                id: old.id,
                title: old.title.clone(),
                change: Change::Removed,
                rank_from: old.rank,
                rank_to: None,
                score_from: old.score,
                score_to: None,
                drivers: Vec::new(),
            });
        }
    }
    Ok(SnapshotDiff {
        from: a_info.name,
        to: b_name,
        model_changed,
        items,
    })
}
