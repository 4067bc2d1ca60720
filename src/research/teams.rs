//! The `teams` table: the engineering teams research comes from, with their headcount
//! (later work derives reach from it).

use crate::error::{Error, Result};
use crate::store::db::{self, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A team and how much evidence it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Team {
    /// Team id.
    #[ts(type = "number")]
    pub id: i64,
    /// Unique name (case-insensitive).
    pub name: String,
    /// Engineers on the team, when known.
    #[ts(type = "number | null")]
    pub headcount: Option<i64>,
    /// Live interviews with this team.
    #[ts(type = "number")]
    pub interviews: i64,
}

/// A team as the editor sends it: no id creates a team.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
#[ts(export)]
pub struct TeamInput {
    /// Existing team to update, or `None` to create one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Headcount.
    #[ts(type = "number | null")]
    pub headcount: Option<i64>,
}

/// True when two team names name the same team: equal after trimming, ignoring ASCII case, as
/// the `teams` table's `COLLATE NOCASE` compares them. The one rule for matching a team typed or
/// imported (metrics, impact, team views, the CLI) against another.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Longest team name we accept.
pub const MAX_NAME: usize = 120;

fn clean_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "a team needs a name"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            "name",
            format!("a team name can be at most {MAX_NAME} characters"),
        ));
    }
    Ok(name.to_string())
}

fn check_headcount(headcount: Option<i64>) -> Result<()> {
    match headcount {
        Some(n) if !(0..=10_000_000).contains(&n) => Err(Error::invalid(
            "headcount",
            format!("headcount must be between 0 and 10000000, not {n}"),
        )),
        _ => Ok(()),
    }
}

/// Every team, by name, with its interview count.
pub fn list(conn: &Connection) -> Result<Vec<Team>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, t.headcount,
                (SELECT COUNT(*) FROM documents d
                 WHERE d.team_id = t.id AND d.kind = 'interview' AND d.deleted_at IS NULL)
         FROM teams t ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], row_to_team)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn row_to_team(r: &rusqlite::Row<'_>) -> rusqlite::Result<Team> {
    Ok(Team {
        id: r.get(0)?,
        name: r.get(1)?,
        headcount: r.get(2)?,
        interviews: r.get(3)?,
    })
}

/// How many teams there are.
pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM teams", [], |r| r.get(0))?)
}

/// Every team's name by id.
pub fn names(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, name FROM teams")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One team by id.
pub fn get(conn: &Connection, id: i64) -> Result<Team> {
    conn.query_row(
        "SELECT t.id, t.name, t.headcount,
                (SELECT COUNT(*) FROM documents d
                 WHERE d.team_id = t.id AND d.kind = 'interview' AND d.deleted_at IS NULL)
         FROM teams t WHERE t.id = ?1",
        [id],
        row_to_team,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no team with id {id}")))
}

/// Finds a team by name (case-insensitive).
pub fn find(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM teams WHERE name = ?1", [name.trim()], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Finds a team by name or creates it without a headcount. Call inside a transaction.
pub fn find_or_create(conn: &Connection, name: &str) -> Result<i64> {
    let name = clean_name(name).map_err(|_| Error::invalid("team", "the team name is empty"))?;
    if let Some(id) = find(conn, &name)? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO teams (name, headcount, created_at) VALUES (?1, NULL, ?2)",
        params![name, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Creates or updates a team.
pub fn save(conn: &Connection, input: &TeamInput) -> Result<Team> {
    let name = clean_name(&input.name)?;
    check_headcount(input.headcount)?;
    if let Some(other) = find(conn, &name)? {
        if Some(other) != input.id {
            return Err(Error::invalid(
                "name",
                format!("a team named {name:?} already exists"),
            ));
        }
    }
    let id = db::transaction(conn, |tx| match input.id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE teams SET name = ?2, headcount = ?3 WHERE id = ?1",
                params![id, name, input.headcount],
            )?;
            if n == 0 {
                return Err(Error::NotFound(format!("no team with id {id}")));
            }
            // Team names are indexed with each document: reindex the team's documents.
            let stamp = now();
            for doc in super::documents::ids_of_team(tx, id)? {
                crate::store::outbox::enqueue(tx, doc, &stamp)?;
            }
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO teams (name, headcount, created_at) VALUES (?1, ?2, ?3)",
                params![name, input.headcount, now()],
            )?;
            Ok(tx.last_insert_rowid())
        }
    })?;
    get(conn, id)
}

/// Deletes a team that no document refers to.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let team = get(conn, id)?;
    let used: i64 = conn.query_row(
        "SELECT COUNT(*) FROM documents WHERE team_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if used > 0 {
        return Err(Error::invalid(
            "team",
            format!(
                "the team {:?} still has {used} document(s) (deleted ones included); move them to another team first",
                team.name
            ),
        ));
    }
    conn.execute("DELETE FROM teams WHERE id = ?1", [id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn team_names_match_trimmed_ignoring_ascii_case() {
        assert!(super::same_name("Payments", " payments "));
        assert!(super::same_name("SRE", "sre"));
        assert!(!super::same_name("Payments", "Payment"));
        // As SQLite's NOCASE: only ASCII letters fold.
        assert!(!super::same_name("Équipe", "équipe"));
    }
}
