//! The codebook's two matrices, computed from the coded passages exactly as the codebook counts
//! them ([`codebook::coded_passages`]: anchored highlights in live documents, the document's team,
//! who was heard in it as one identity per person).
//!
//! - **Code × team** ([`team_matrix`]): per code and per team, the passages, documents and distinct
//!   people. A row counts the code's **whole subtree** — the code and every code under it — so a
//!   parent's row gathers its children's passages; a passage coded with several codes of one
//!   subtree counts once in that row. Columns are the teams with at least one coded passage, by
//!   name, then "No team" for documents without a team when there are any. Each row also has its
//!   total over all teams (people and documents distinct over the row, not summed).
//! - **Co-occurrence** ([`cooccurrence`]): two different codes co-occur where their passages
//!   overlap in one document — one highlight carrying both codes, or a highlight of one sharing at
//!   least one character with a highlight of the other (passages that merely touch do not). Each
//!   code counts its **own** passages here, not its children's (a parent would otherwise co-occur
//!   with every child). For a pair, `passages` is the number of separate places where both apply:
//!   the characters covered by both codes, in maximal runs, per document — so two overlapping
//!   highlights count once, and a highlight coded with both codes counts once; `documents` is the
//!   number of documents with at least one such place. Only pairs that co-occur are listed.

use crate::error::Result;
use crate::research::codebook::{self, CodedPassage};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use ts_rs::TS;

/// A code as a matrix row or column.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MatrixCode {
    /// Code id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its path.
    pub path: String,
    /// Its colour (empty for the default).
    pub color: String,
}

/// A column of the code × team matrix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MatrixTeam {
    /// Team id; `None` for the documents without a team.
    #[ts(type = "number | null")]
    pub team: Option<i64>,
    /// Its name ("No team" for those).
    pub name: String,
}

/// One cell: what a code's subtree gathers in one team (or over all of them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamCell {
    /// Distinct passages.
    #[ts(type = "number")]
    pub passages: u64,
    /// Distinct documents.
    #[ts(type = "number")]
    pub documents: u64,
    /// Distinct people heard.
    #[ts(type = "number")]
    pub people: u64,
}

/// One row of the code × team matrix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CodeTeamRow {
    /// The code.
    pub code: MatrixCode,
    /// One cell per column of [`CodeTeamMatrix::teams`], in their order.
    pub cells: Vec<TeamCell>,
    /// Over all teams (documents and people distinct over the row).
    pub total: TeamCell,
}

/// Per code (its subtree) and per team: passages, documents, people.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CodeTeamMatrix {
    /// The columns: teams with coded passages by name, then "No team" when any.
    pub teams: Vec<MatrixTeam>,
    /// Every code, in tree order.
    pub rows: Vec<CodeTeamRow>,
}

/// Two codes that co-occur (`a` before `b` in tree order).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CodePair {
    /// One code's id.
    #[ts(type = "number")]
    pub a: i64,
    /// The other's.
    #[ts(type = "number")]
    pub b: i64,
    /// Separate places (maximal runs of characters) both codes cover, over all documents.
    #[ts(type = "number")]
    pub passages: u64,
    /// Documents with at least one such place.
    #[ts(type = "number")]
    pub documents: u64,
}

/// Which codes are applied to the same or overlapping passages (see the module's doc).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CodeCooccurrence {
    /// Every code, in tree order.
    pub codes: Vec<MatrixCode>,
    /// The pairs that co-occur at least once, in the codes' order.
    pub pairs: Vec<CodePair>,
}

/// Every code in tree order, with each one's parent.
fn codes(conn: &Connection) -> Result<Vec<(MatrixCode, Option<i64>)>> {
    let paths = codebook::paths(conn)?;
    let mut out: Vec<(MatrixCode, Option<i64>)> = conn
        .prepare("SELECT id, parent_id, color FROM codes")?
        .query_map([], |r| {
            Ok((
                MatrixCode {
                    id: r.get(0)?,
                    path: String::new(),
                    color: r.get(2)?,
                },
                r.get(1)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (c, _) in &mut out {
        c.path = paths.get(&c.id).cloned().unwrap_or_default();
    }
    out.sort_by_cached_key(|(c, _)| codebook::tree_key(&c.path));
    Ok(out)
}

#[derive(Default)]
struct Tally {
    passages: HashSet<i64>,
    documents: HashSet<i64>,
    people: HashSet<String>,
}

impl Tally {
    fn add(&mut self, p: &CodedPassage) {
        self.passages.insert(p.highlight);
        self.documents.insert(p.document);
        if let Some(who) = &p.person {
            self.people.insert(who.clone());
        }
    }

    fn cell(&self) -> TeamCell {
        TeamCell {
            passages: self.passages.len() as u64,
            documents: self.documents.len() as u64,
            people: self.people.len() as u64,
        }
    }
}

/// The code × team matrix (see the module's doc).
pub fn team_matrix(conn: &Connection) -> Result<CodeTeamMatrix> {
    let codes = codes(conn)?;
    let parent: HashMap<i64, Option<i64>> = codes.iter().map(|(c, p)| (c.id, *p)).collect();
    let passages = codebook::coded_passages(conn)?;
    // Per (code, team) over the code's subtree: each passage counts for its code and every
    // ancestor. `Some(None)` is the no-team column, `None` the row's total.
    let mut tallies: HashMap<(i64, Option<Option<i64>>), Tally> = HashMap::new();
    for p in &passages {
        let mut at = Some(p.code);
        let mut seen = HashSet::new();
        while let Some(c) = at.filter(|c| seen.insert(*c)) {
            tallies.entry((c, Some(p.team))).or_default().add(p);
            tallies.entry((c, None)).or_default().add(p);
            at = parent.get(&c).copied().flatten();
        }
    }
    let used: HashSet<Option<i64>> = passages.iter().map(|p| p.team).collect();
    let mut teams: Vec<MatrixTeam> = conn
        .prepare("SELECT id, name FROM teams ORDER BY name COLLATE NOCASE, id")?
        .query_map([], |r| {
            Ok(MatrixTeam {
                team: Some(r.get(0)?),
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|t| used.contains(&t.team))
        .collect();
    if used.contains(&None) {
        teams.push(MatrixTeam {
            team: None,
            name: "No team".into(),
        });
    }
    let rows = codes
        .into_iter()
        .map(|(code, _)| {
            let cell = |key| {
                tallies
                    .get(&(code.id, key))
                    .map_or_else(TeamCell::default, Tally::cell)
            };
            CodeTeamRow {
                cells: teams.iter().map(|t| cell(Some(t.team))).collect(),
                total: cell(None),
                code,
            }
        })
        .collect();
    Ok(CodeTeamMatrix { teams, rows })
}

/// Sorted, disjoint spans covering the same characters as `spans` (touching ones joined).
fn union(mut spans: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    spans.retain(|(a, b)| a < b);
    spans.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// How many separate runs of characters two unions (see [`union`]) share.
fn shared_runs(x: &[(u64, u64)], y: &[(u64, u64)]) -> u64 {
    let (mut i, mut j, mut runs) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        let (a, b) = (x[i].0.max(y[j].0), x[i].1.min(y[j].1));
        if a < b {
            runs += 1;
        }
        if x[i].1 < y[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    runs
}

/// The code co-occurrence matrix (see the module's doc).
pub fn cooccurrence(conn: &Connection) -> Result<CodeCooccurrence> {
    let codes: Vec<MatrixCode> = codes(conn)?.into_iter().map(|(c, _)| c).collect();
    let order: HashMap<i64, usize> = codes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    // Per document, per code (by its place in the tree): the characters it covers.
    let mut spans: HashMap<i64, BTreeMap<usize, Vec<(u64, u64)>>> = HashMap::new();
    for p in codebook::coded_passages(conn)? {
        if let Some(&at) = order.get(&p.code) {
            spans
                .entry(p.document)
                .or_default()
                .entry(at)
                .or_default()
                .push((p.start, p.end));
        }
    }
    let mut pairs: BTreeMap<(usize, usize), (u64, u64)> = BTreeMap::new();
    for per_code in spans.into_values() {
        let covered: Vec<(usize, Vec<(u64, u64)>)> =
            per_code.into_iter().map(|(at, s)| (at, union(s))).collect();
        for (i, (x, xs)) in covered.iter().enumerate() {
            for (y, ys) in &covered[i + 1..] {
                let runs = shared_runs(xs, ys);
                if runs > 0 {
                    let e = pairs.entry((*x, *y)).or_default();
                    e.0 += runs;
                    e.1 += 1;
                }
            }
        }
    }
    let pairs = pairs
        .into_iter()
        .map(|((x, y), (passages, documents))| CodePair {
            a: codes[x].id,
            b: codes[y].id,
            passages,
            documents,
        })
        .collect();
    Ok(CodeCooccurrence { codes, pairs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_shared_by_two_unions_are_counted_once_each_and_touching_is_not_sharing() {
        assert_eq!(
            union(vec![(5, 9), (0, 3), (3, 4), (8, 12)]),
            [(0, 4), (5, 12)]
        );
        // One code over 0..10, the other over 2..4 and 6..12: two places.
        assert_eq!(shared_runs(&[(0, 10)], &[(2, 4), (6, 12)]), 2);
        // Touching at 10 shares no character.
        assert_eq!(shared_runs(&[(0, 10)], &[(10, 20)]), 0);
        assert_eq!(shared_runs(&[(0, 4), (6, 9)], &[(3, 7)]), 2);
    }
}
