//! The `codes` table: the codebook, a tree of codes of any depth, each with a name, a description
//! and a colour. A code is named by its path (`Wishes/Visualization`) or its id. Passages are coded
//! in [`crate::research::highlights`]; here live the tree's own operations — add (parents made as
//! needed), rename, move (never under itself), merge (passages and children follow), delete
//! (passages kept uncoded, or moved to another code) — and the figures per code.

use crate::error::{Error, Result};
use crate::store::db::now;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// Separates the levels of a code's path.
pub const PATH_SEPARATOR: char = '/';

/// One code of the codebook, with what it gathers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Code {
    /// Code id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its parent, `None` at the top.
    #[ts(type = "number | null")]
    pub parent: Option<i64>,
    /// Its own name.
    pub name: String,
    /// Names from the top down, joined by `/`.
    pub path: String,
    /// What it means, for whoever codes with it.
    pub description: String,
    /// A CSS colour (`#2a9d8f`), empty for the default.
    pub color: String,
    /// Anchored highlights coded with it (its children's not included).
    #[ts(type = "number")]
    pub passages: u64,
    /// Distinct live documents those highlights are in.
    #[ts(type = "number")]
    pub documents: u64,
    /// Distinct people behind those documents (participants, reporters; one person once).
    #[ts(type = "number")]
    pub people: u64,
    /// Distinct teams of those documents.
    #[ts(type = "number")]
    pub teams: u64,
}

/// A new code, or the fields of one to change.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CodeInput {
    /// Its path: parents that do not exist yet are made.
    pub path: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
    /// A CSS colour.
    #[serde(default)]
    pub color: String,
}

/// The levels of a path, trimmed; invalid_input naming `field` when a level is empty.
fn levels<'a>(path: &'a str, field: &str) -> Result<Vec<&'a str>> {
    let parts: Vec<&str> = path.split(PATH_SEPARATOR).map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(Error::invalid(
            field,
            format!("{path:?} is not a code path: give names separated by /, none empty (Wishes/Visualization)"),
        ));
    }
    Ok(parts)
}

fn child(conn: &Connection, parent: Option<i64>, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM codes WHERE COALESCE(parent_id, 0) = ?1 AND name = ?2 COLLATE NOCASE",
        )?
        .query_row(params![parent.unwrap_or(0), name], |r| r.get(0))
        .optional()?)
}

/// The code named by `key`: its id, or its path (case-insensitive); not_found otherwise.
pub fn find(conn: &Connection, key: &str) -> Result<i64> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>() {
        if conn
            .query_row("SELECT 1 FROM codes WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some()
        {
            return Ok(id);
        }
    }
    let mut at = None;
    for name in levels(key, "code")? {
        at = Some(
            child(conn, at, name)?
                .ok_or_else(|| Error::NotFound(format!("no code {key:?} in the codebook")))?,
        );
    }
    at.ok_or_else(|| Error::NotFound(format!("no code {key:?} in the codebook")))
}

/// Adds a code (and any missing parents); an existing path gets the description and colour given.
pub fn add(conn: &Connection, input: &CodeInput) -> Result<i64> {
    let tx = conn.unchecked_transaction()?;
    let id = add_in(&tx, input)?;
    tx.commit()?;
    Ok(id)
}

/// [`add`] inside the caller's transaction.
pub fn add_in(tx: &Connection, input: &CodeInput) -> Result<i64> {
    let parts = levels(&input.path, "path")?;
    let mut at = None;
    for name in parts {
        at = Some(match child(tx, at, name)? {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO codes (parent_id, name, created_at) VALUES (?1, ?2, ?3)",
                    params![at, name, now()],
                )?;
                tx.last_insert_rowid()
            }
        });
    }
    let id = at.expect("a path has at least one level");
    if !input.description.trim().is_empty() || !input.color.trim().is_empty() {
        tx.execute(
            "UPDATE codes SET description = CASE WHEN ?2 = '' THEN description ELSE ?2 END,
                              color = CASE WHEN ?3 = '' THEN color ELSE ?3 END WHERE id = ?1",
            params![id, input.description.trim(), input.color.trim()],
        )?;
    }
    Ok(id)
}

fn parent_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    conn.query_row("SELECT parent_id FROM codes WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no code with id {id}")))
}

fn clash(conn: &Connection, parent: Option<i64>, name: &str, except: i64) -> Result<()> {
    match child(conn, parent, name)? {
        Some(other) if other != except => Err(Error::Conflict(format!(
            "there is already a code {name:?} there; merge the two instead"
        ))),
        _ => Ok(()),
    }
}

/// Renames a code (its place stays).
pub fn rename(conn: &Connection, id: i64, name: &str) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.contains(PATH_SEPARATOR) {
        return Err(Error::invalid(
            "name",
            "a code's name is not empty and holds no /",
        ));
    }
    clash(conn, parent_of(conn, id)?, name, id)?;
    conn.execute(
        "UPDATE codes SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    Ok(())
}

/// Changes a code's description and colour.
pub fn describe(conn: &Connection, id: i64, description: &str, color: &str) -> Result<()> {
    parent_of(conn, id)?;
    conn.execute(
        "UPDATE codes SET description = ?2, color = ?3 WHERE id = ?1",
        params![id, description.trim(), color.trim()],
    )?;
    Ok(())
}

/// Moves a code (with its children) under `parent`, or to the top; never under itself.
pub fn move_to(conn: &Connection, id: i64, parent: Option<i64>) -> Result<()> {
    parent_of(conn, id)?;
    let mut up = parent;
    while let Some(p) = up {
        if p == id {
            return Err(Error::invalid(
                "parent",
                "a code cannot move under itself or one of its children",
            ));
        }
        up = parent_of(conn, p)?;
    }
    let name: String =
        conn.query_row("SELECT name FROM codes WHERE id = ?1", [id], |r| r.get(0))?;
    clash(conn, parent, &name, id)?;
    conn.execute(
        "UPDATE codes SET parent_id = ?2 WHERE id = ?1",
        params![id, parent],
    )?;
    Ok(())
}

/// Folds `from` into `into`: its passages are coded `into` (once), its children move under
/// `into` (merged again where a name clashes), and `from` is deleted.
pub fn merge(conn: &Connection, into: i64, from: i64) -> Result<()> {
    if into == from {
        return Err(Error::invalid("from", "a code cannot merge into itself"));
    }
    parent_of(conn, into)?;
    parent_of(conn, from)?;
    let mut up = parent_of(conn, into)?;
    while let Some(p) = up {
        if p == from {
            return Err(Error::invalid(
                "into",
                "a code cannot merge into one of its own children",
            ));
        }
        up = parent_of(conn, p)?;
    }
    let tx = conn.unchecked_transaction()?;
    merge_in(&tx, into, from)?;
    tx.commit()?;
    Ok(())
}

fn merge_in(conn: &Connection, into: i64, from: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO highlight_codes (highlight_id, code_id)
         SELECT highlight_id, ?1 FROM highlight_codes WHERE code_id = ?2",
        params![into, from],
    )?;
    conn.execute("DELETE FROM highlight_codes WHERE code_id = ?1", [from])?;
    follow(conn, into, from)?;
    let children: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM codes WHERE parent_id = ?1")?
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kid, name) in children {
        match child(conn, Some(into), &name)? {
            Some(same) => merge_in(conn, same, kid)?,
            None => {
                conn.execute(
                    "UPDATE codes SET parent_id = ?2 WHERE id = ?1",
                    params![kid, into],
                )?;
            }
        }
    }
    conn.execute("DELETE FROM codes WHERE id = ?1", [from])?;
    Ok(())
}

/// What hangs on code `from` besides its passages moves to `into`: the themes standing on it and
/// the passages rejected as unlike it (deleting `from` then drops its own rows).
fn follow(conn: &Connection, into: i64, from: i64) -> Result<()> {
    crate::search::themes::code_followed(conn, into, from)?;
    conn.execute(
        "INSERT OR IGNORE INTO code_rejections (code_id, document_id, start, end, created_at)
         SELECT ?1, document_id, start, end, created_at FROM code_rejections WHERE code_id = ?2",
        params![into, from],
    )?;
    Ok(())
}

/// Deletes a code and its children. Their passages stay, uncoded, or coded `into` when given
/// (a highlight left with no code at all is kept: it is still the user's selection).
pub fn delete(conn: &Connection, id: i64, into: Option<i64>) -> Result<()> {
    parent_of(conn, id)?;
    let tx = conn.unchecked_transaction()?;
    let mut doomed = vec![id];
    let mut i = 0;
    while i < doomed.len() {
        let kids: Vec<i64> = tx
            .prepare("SELECT id FROM codes WHERE parent_id = ?1")?
            .query_map([doomed[i]], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        doomed.extend(kids);
        i += 1;
    }
    if let Some(target) = into {
        parent_of(&tx, target)?;
        if doomed.contains(&target) {
            return Err(Error::invalid(
                "into",
                "the passages cannot move to the code being deleted or one of its children",
            ));
        }
    }
    for &c in doomed.iter().rev() {
        if let Some(target) = into {
            tx.execute(
                "INSERT OR IGNORE INTO highlight_codes (highlight_id, code_id)
                 SELECT highlight_id, ?1 FROM highlight_codes WHERE code_id = ?2",
                params![target, c],
            )?;
        }
        if let Some(target) = into {
            follow(&tx, target, c)?;
        }
        tx.execute("DELETE FROM highlight_codes WHERE code_id = ?1", [c])?;
        tx.execute("DELETE FROM codes WHERE id = ?1", [c])?;
    }
    tx.commit()?;
    Ok(())
}

/// `roots` and every code beneath them, at any depth (each once, in no set order).
pub fn subtree(conn: &Connection, roots: &[i64]) -> Result<Vec<i64>> {
    let mut all: Vec<i64> = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT id FROM codes WHERE parent_id = ?1")?;
    let mut seen = std::collections::HashSet::new();
    let mut todo: Vec<i64> = roots.to_vec();
    while let Some(c) = todo.pop() {
        if !seen.insert(c) {
            continue;
        }
        all.push(c);
        for kid in stmt.query_map([c], |r| r.get::<_, i64>(0))? {
            todo.push(kid?);
        }
    }
    Ok(all)
}

/// Sorting by this puts codes in tree order: level by level, so a code's children come right
/// after it.
pub fn tree_key(path: &str) -> Vec<String> {
    path.split(PATH_SEPARATOR).map(str::to_lowercase).collect()
}

/// Every code's path by id.
pub fn paths(conn: &Connection) -> Result<HashMap<i64, String>> {
    let rows: Vec<(i64, Option<i64>, String)> = conn
        .prepare("SELECT id, parent_id, name FROM codes")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let by_id: HashMap<i64, (Option<i64>, &str)> = rows
        .iter()
        .map(|(id, p, n)| (*id, (*p, n.as_str())))
        .collect();
    let mut out = HashMap::with_capacity(rows.len());
    for &(id, _, _) in &rows {
        let mut names = Vec::new();
        let mut at = Some(id);
        let mut seen = HashSet::new();
        while let Some(c) = at.filter(|c| seen.insert(*c)) {
            let Some((parent, name)) = by_id.get(&c) else {
                break;
            };
            names.push(*name);
            at = *parent;
        }
        names.reverse();
        out.insert(id, names.join("/"));
    }
    Ok(out)
}

/// One code on one coded passage, as every figure per code counts it: anchored highlights in
/// live documents only; the team is the document's; the person is who was heard in it (an
/// interview's or note's participant, a ticket's reporter — a transcript's body holds its
/// participant turns only, so an interviewer is never counted), resolved to one identity per
/// person by [`crate::research::people::Resolver`].
#[derive(Debug, Clone)]
pub struct CodedPassage {
    /// The code.
    pub code: i64,
    /// The highlight.
    pub highlight: i64,
    /// Its document.
    pub document: i64,
    /// The document's team.
    pub team: Option<i64>,
    /// Who was heard, as one identity per person; `None` when the document names nobody.
    pub person: Option<String>,
    /// First character of the passage.
    pub start: u64,
    /// One past its last character.
    pub end: u64,
}

/// Every (code, coded passage) pair the codebook's figures count (see [`CodedPassage`]).
pub fn coded_passages(conn: &Connection) -> Result<Vec<CodedPassage>> {
    let resolver = crate::research::people::Resolver::load(conn)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT hc.code_id, h.id, h.document_id, d.team_id, {}, h.start, h.end
             FROM highlight_codes hc
             JOIN highlights h ON h.id = hc.highlight_id AND h.status = 'anchored'
             JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
             {}",
        crate::research::documents::VOICE,
        crate::research::documents::VOICE_JOINS
    ))?;
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let who: String = r.get(4)?;
        let who = who.trim();
        out.push(CodedPassage {
            code: r.get(0)?,
            highlight: r.get(1)?,
            document: r.get(2)?,
            team: r.get(3)?,
            person: (!who.is_empty()).then(|| resolver.identity(who)),
            start: r.get::<_, i64>(5)? as u64,
            end: r.get::<_, i64>(6)? as u64,
        });
    }
    Ok(out)
}

/// The codebook in path order, each code with its passages, documents, people and teams.
pub fn list(conn: &Connection) -> Result<Vec<Code>> {
    let paths = paths(conn)?;
    #[derive(Default)]
    struct Tally {
        passages: u64,
        documents: HashSet<i64>,
        people: HashSet<String>,
        teams: HashSet<i64>,
    }
    let mut tallies: HashMap<i64, Tally> = HashMap::new();
    for p in coded_passages(conn)? {
        let t = tallies.entry(p.code).or_default();
        t.passages += 1;
        t.documents.insert(p.document);
        if let Some(team) = p.team {
            t.teams.insert(team);
        }
        if let Some(who) = p.person {
            t.people.insert(who);
        }
    }
    let mut codes: Vec<Code> = conn
        .prepare("SELECT id, parent_id, name, description, color FROM codes")?
        .query_map([], |r| {
            Ok(Code {
                id: r.get(0)?,
                parent: r.get(1)?,
                name: r.get(2)?,
                path: String::new(),
                description: r.get(3)?,
                color: r.get(4)?,
                passages: 0,
                documents: 0,
                people: 0,
                teams: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for c in &mut codes {
        c.path = paths.get(&c.id).cloned().unwrap_or_default();
        if let Some(t) = tallies.get(&c.id) {
            c.passages = t.passages;
            c.documents = t.documents.len() as u64;
            c.people = t.people.len() as u64;
            c.teams = t.teams.len() as u64;
        }
    }
    // Tree order: level by level, so a code's children come right after it.
    codes.sort_by_cached_key(|c| tree_key(&c.path));
    Ok(codes)
}

/// The user says characters `start..end` of `document` are not like code `code`: "find more like
/// these" proposes them for that code no more.
pub fn reject_passage(
    conn: &Connection,
    code: i64,
    document: i64,
    start: u64,
    end: u64,
) -> Result<()> {
    parent_of(conn, code)?;
    crate::research::documents::live_title(conn, document)?;
    if start >= end {
        return Err(Error::invalid(
            "start",
            format!("{start}..{end} is not a passage"),
        ));
    }
    conn.execute(
        "INSERT OR IGNORE INTO code_rejections (code_id, document_id, start, end, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            code,
            document,
            start as i64,
            end as i64,
            crate::store::db::now()
        ],
    )?;
    Ok(())
}

/// The passages rejected as unlike `code`: (document, start, end).
pub fn rejected_passages(conn: &Connection, code: i64) -> Result<Vec<(i64, u64, u64)>> {
    let rows = conn
        .prepare_cached(
            "SELECT document_id, start, end FROM code_rejections WHERE code_id = ?1
             ORDER BY document_id, start",
        )?
        .query_map([code], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
