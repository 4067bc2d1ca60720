//! The `trash` table: what an ordinary action removed, kept whole until the user purges it.
//!
//! An undone import, a survey re-import that dropped answers and a deleted interview each make one
//! entry; the documents they removed stay in `documents` with `deleted_at` set and `trash_id`
//! pointing here, so their quotes and roadmap links are kept and come back with them. Restoring an
//! undone import's entry is redoing the import (`import::batches::redo`). Purging deletes the
//! documents for good, with their quotes and links.

use crate::error::{Error, Result};
use crate::research::documents;
use crate::store::db::{self, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Why something is in the trash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrashKind {
    /// An import was undone: the documents it created.
    ImportUndo,
    /// A survey was imported again and some answers are no longer free text.
    SurveyReimport,
    /// An interview was deleted.
    Interview,
    /// A theme was deleted (kept with its quotes and item links).
    Theme,
    /// A roadmap item was deleted (kept with its teams, inputs, history, links and metrics).
    Item,
}

impl TrashKind {
    fn as_str(self) -> &'static str {
        match self {
            TrashKind::ImportUndo => "import_undo",
            TrashKind::SurveyReimport => "survey_reimport",
            TrashKind::Interview => "interview",
            TrashKind::Theme => "theme",
            TrashKind::Item => "item",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        [
            TrashKind::ImportUndo,
            TrashKind::SurveyReimport,
            TrashKind::Interview,
            TrashKind::Theme,
            TrashKind::Item,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| Error::Internal(format!("unknown trash kind {s:?}")))
    }
}

/// One entry of the trash, as the Trash view and `groundwork trash list` show it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TrashEntry {
    /// Entry id.
    #[ts(type = "number")]
    pub id: i64,
    /// Why it is here.
    pub kind: TrashKind,
    /// What was removed, in words ("undo of import #3 (jira.csv)").
    pub label: String,
    /// The undone import batch, for `import_undo`.
    #[ts(type = "number | null")]
    pub batch: Option<i64>,
    /// Documents it holds, by kind.
    #[ts(type = "Record<string, number>")]
    pub documents: BTreeMap<String, u64>,
    /// Quotes pinned to those documents (they come back with them).
    #[ts(type = "number")]
    pub quotes: u64,
    /// Roadmap links to those documents (they come back with them).
    #[ts(type = "number")]
    pub links: u64,
    /// When it was removed.
    pub created_at: String,
}

/// What a deleted theme or item left, kept in the entry's `payload`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Payload {
    Theme {
        snapshot: crate::search::themes::ThemeSnapshot,
        links: Vec<db::Row>,
    },
    Item {
        parts: crate::roadmap::items::Parts,
        metrics: Vec<(String, Vec<db::Row>)>,
    },
}

impl Payload {
    /// (quotes, links) it holds.
    fn evidence(&self) -> (u64, u64) {
        match self {
            Payload::Theme { snapshot, links } => {
                (snapshot.quotes.len() as u64, links.len() as u64)
            }
            Payload::Item { parts, .. } => {
                let links = parts
                    .iter()
                    .find(|(t, _)| t == "roadmap_links")
                    .map_or(0, |(_, rows)| rows.len() as u64);
                (0, links)
            }
        }
    }
}

fn create_with(conn: &Connection, kind: TrashKind, label: &str, payload: &Payload) -> Result<i64> {
    let json = serde_json::to_string(payload).map_err(|e| Error::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO trash (kind, label, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind.as_str(), label, json, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Deletes a theme into the trash, with its quotes and the roadmap links to it.
pub fn delete_theme(conn: &Connection, id: i64) -> Result<()> {
    db::transaction(conn, |tx| {
        let (name, snapshot) = crate::search::themes::snapshot(tx, id)?;
        let links = crate::roadmap::items::theme_link_rows(tx, id)?;
        create_with(
            tx,
            TrashKind::Theme,
            &format!("deleted theme {name:?}"),
            &Payload::Theme { snapshot, links },
        )?;
        crate::search::themes::delete(tx, id)
    })
}

/// Deletes a roadmap item into the trash, with everything that hangs on it.
pub fn delete_item(conn: &Connection, id: i64) -> Result<()> {
    db::transaction(conn, |tx| {
        let (title, parts) = crate::roadmap::items::snapshot(tx, id)?;
        let metrics = crate::metrics::impact::snapshot(tx, id)?;
        create_with(
            tx,
            TrashKind::Item,
            &format!("deleted roadmap item {title:?}"),
            &Payload::Item { parts, metrics },
        )?;
        crate::roadmap::items::delete(tx, id)
    })
}

fn payload_of(conn: &Connection, id: i64) -> Result<Option<Payload>> {
    let json: Option<String> = conn
        .query_row("SELECT payload FROM trash WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    json.map(|j| parse_payload(id, &j)).transpose()
}

fn parse_payload(id: i64, json: &str) -> Result<Payload> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("trash entry {id} payload: {e}")))
}

/// Opens a new entry and returns its id.
pub fn create(conn: &Connection, kind: TrashKind, label: &str, batch: Option<i64>) -> Result<i64> {
    conn.execute(
        "INSERT INTO trash (kind, label, batch_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind.as_str(), label, batch, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The entry of `kind` for `batch`, opened on first use (a survey re-import's dropped answers
/// all go to one entry).
pub fn for_batch(conn: &Connection, kind: TrashKind, batch: i64, label: &str) -> Result<i64> {
    let existing: Option<i64> = conn
        .query_row(
            "SELECT id FROM trash WHERE kind = ?1 AND batch_id = ?2",
            params![kind.as_str(), batch],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(id) => Ok(id),
        None => create(conn, kind, label, Some(batch)),
    }
}

/// The documents the entry of `kind` for `batch` holds (none when there is no such entry).
pub fn documents_of_batch(conn: &Connection, kind: TrashKind, batch: i64) -> Result<Vec<i64>> {
    let entry: Option<i64> = conn
        .query_row(
            "SELECT id FROM trash WHERE kind = ?1 AND batch_id = ?2",
            params![kind.as_str(), batch],
            |r| r.get(0),
        )
        .optional()?;
    match entry {
        Some(id) => documents::in_trash(conn, id),
        None => Ok(Vec::new()),
    }
}

fn kind_and_batch(conn: &Connection, id: i64) -> Result<(TrashKind, Option<i64>)> {
    let row: Option<(String, Option<i64>)> = conn
        .query_row(
            "SELECT kind, batch_id FROM trash WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (kind, batch) = row.ok_or_else(|| Error::NotFound(format!("no trash entry {id}")))?;
    Ok((TrashKind::parse(&kind)?, batch))
}

/// Every entry that still holds something, newest first.
pub fn list(conn: &Connection) -> Result<Vec<TrashEntry>> {
    let counts = documents::trash_counts(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, kind, label, batch_id, created_at, payload FROM trash ORDER BY id DESC",
    )?;
    type EntryRow = (i64, String, String, Option<i64>, String, Option<String>);
    let rows: Vec<EntryRow> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, kind, label, batch, created_at, payload) in rows {
        if let Some(json) = payload {
            let (quotes, links) = parse_payload(id, &json)?.evidence();
            out.push(TrashEntry {
                id,
                kind: TrashKind::parse(&kind)?,
                label,
                batch,
                documents: BTreeMap::new(),
                quotes,
                links,
                created_at,
            });
            continue;
        }
        let Some(docs) = counts.get(&id) else {
            continue; // emptied: every document came back another way (re-import, restore)
        };
        let ids = documents::in_trash(conn, id)?;
        let evidence = crate::research::evidence_on(conn, &ids)?;
        out.push(TrashEntry {
            id,
            kind: TrashKind::parse(&kind)?,
            label,
            batch,
            documents: docs.clone(),
            quotes: evidence.iter().map(|e| e.quotes).sum(),
            links: evidence.iter().map(|e| e.links).sum(),
            created_at,
        });
    }
    Ok(out)
}

/// Brings an entry back whole: an undone import is redone, anything else has its documents made
/// live again. The entry is removed.
pub fn restore(conn: &Connection, id: i64) -> Result<()> {
    let (kind, batch) = kind_and_batch(conn, id)?;
    if kind == TrashKind::ImportUndo {
        let batch = batch.ok_or_else(|| Error::Internal(format!("trash {id} has no batch")))?;
        return crate::import::batches::redo(conn, batch).map(drop);
    }
    db::transaction(conn, |tx| {
        match payload_of(tx, id)? {
            Some(Payload::Theme { snapshot, links }) => {
                crate::search::themes::restore_snapshot(tx, &snapshot)?;
                crate::roadmap::items::restore_theme_links(tx, &links)?;
            }
            Some(Payload::Item { parts, metrics }) => {
                crate::roadmap::items::restore_snapshot(tx, &parts)?;
                crate::metrics::impact::restore_snapshot(tx, &metrics)?;
            }
            None => {
                let stamp = now();
                for doc in documents::in_trash(tx, id)? {
                    documents::from_trash(tx, doc, &stamp)?;
                }
            }
        }
        tx.execute("DELETE FROM trash WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Removes an entry after its documents were brought back by the caller (redo).
pub fn remove(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM trash WHERE id = ?1", [id])?;
    Ok(())
}

/// The undo entry of a batch, if it is in the trash.
pub fn of_undone_batch(conn: &Connection, batch: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM trash WHERE kind = 'import_undo' AND batch_id = ?1 ORDER BY id DESC LIMIT 1",
            [batch],
            |r| r.get(0),
        )
        .optional()?)
}

/// Deletes an entry's documents for good, with their quotes and links. Returns how many
/// documents went.
pub fn purge(conn: &Connection, id: i64) -> Result<u64> {
    kind_and_batch(conn, id)?;
    db::transaction(conn, |tx| {
        let stamp = now();
        let docs = documents::in_trash(tx, id)?;
        for doc in &docs {
            documents::purge(tx, *doc, &stamp)?;
        }
        tx.execute("DELETE FROM trash WHERE id = ?1", [id])?;
        Ok(docs.len() as u64)
    })
}

/// Purges every entry. Returns how many documents went.
pub fn empty(conn: &Connection) -> Result<u64> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM trash")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut n = 0;
    for id in ids {
        n += purge(conn, id)?;
    }
    Ok(n)
}

/// Where the documents one action removes go: an entry opened when the first one arrives, so an
/// action that removes nothing leaves no empty entry.
pub struct Bin {
    kind: TrashKind,
    batch: Option<i64>,
    label: String,
    id: Option<i64>,
}

impl Bin {
    /// A bin for an action of `kind` (of import `batch`, if any) described by `label`.
    pub fn new(kind: TrashKind, batch: Option<i64>, label: impl Into<String>) -> Self {
        Bin {
            kind,
            batch,
            label: label.into(),
            id: None,
        }
    }

    /// The bin's entry, opened on first use (a survey re-import's entry is shared by the batch).
    fn entry(&mut self, conn: &Connection) -> Result<i64> {
        if let Some(id) = self.id {
            return Ok(id);
        }
        let id = match self.batch {
            Some(b) if self.kind == TrashKind::SurveyReimport => {
                for_batch(conn, self.kind, b, &self.label)?
            }
            _ => create(conn, self.kind, &self.label, self.batch)?,
        };
        Ok(*self.id.insert(id))
    }

    /// Moves live document `doc` into this bin's entry.
    pub fn put(&mut self, conn: &Connection, doc: i64, now: &str) -> Result<()> {
        let id = self.entry(conn)?;
        documents::to_trash(conn, doc, id, now)?;
        Ok(())
    }

    /// Files an already deleted document under this bin's entry (a deleted interview).
    pub fn file(&mut self, conn: &Connection, doc: i64) -> Result<()> {
        let id = self.entry(conn)?;
        documents::set_trash(conn, doc, id)
    }

    /// The entry, once something went in.
    pub fn id(&self) -> Option<i64> {
        self.id
    }
}
