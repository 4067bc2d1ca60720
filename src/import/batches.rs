//! The `import_batches` and `import_changes` tables: where every imported document came from,
//! and how to take an import back.

use crate::error::{Error, Result};
use crate::research::documents;
use crate::research::notes::NoteRecord;
use crate::research::tickets::TicketRecord;
use crate::store::db::{self, now};
use crate::store::outbox;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One imported file, as listed by `groundwork imports list` and the app.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportBatch {
    /// Batch id.
    #[ts(type = "number")]
    pub id: i64,
    /// The file or folder imported.
    pub source_path: String,
    /// Format it was read as (`jira-csv`, `github-json`, `csv`…).
    pub format: String,
    /// What it held (`tickets`, `survey`, `notes`).
    pub kind: String,
    /// Text encoding it was read with.
    pub encoding: String,
    /// Documents created.
    #[ts(type = "number")]
    pub imported: i64,
    /// Documents updated.
    #[ts(type = "number")]
    pub updated: i64,
    /// Rows that matched what was stored.
    #[ts(type = "number")]
    pub skipped: i64,
    /// Rows rejected.
    #[ts(type = "number")]
    pub rejected: i64,
    /// When it ran (RFC 3339).
    pub created_at: String,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// What a batch changed in one document, kept for undo.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Snapshot {
    /// A ticket as it was before the batch updated it.
    Ticket(TicketRecord),
    /// A note as it was before the batch updated it.
    Note(NoteRecord),
}

/// Starts a batch row (counts are filled in by [`finish`]). Call inside the import transaction.
pub fn start(
    conn: &Connection,
    source_path: &str,
    format: &str,
    kind: &str,
    encoding: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO import_batches (source_path, format, kind, encoding, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![source_path, format, kind, encoding, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records that the batch created (`previous = None`) or updated a document.
pub fn record(
    conn: &Connection,
    batch: i64,
    document: i64,
    previous: Option<&Snapshot>,
) -> Result<()> {
    let previous = previous
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| Error::Internal(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO import_changes (batch_id, document_id, previous) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![batch, document, previous])?;
    Ok(())
}

/// Stores the batch's final counts.
pub fn finish(
    conn: &Connection,
    batch: i64,
    imported: u64,
    updated: u64,
    skipped: u64,
    rejected: u64,
) -> Result<()> {
    conn.execute(
        "UPDATE import_batches SET imported = ?2, updated = ?3, skipped = ?4, rejected = ?5 WHERE id = ?1",
        params![batch, imported as i64, updated as i64, skipped as i64, rejected as i64],
    )?;
    Ok(())
}

/// Every batch, newest first.
pub fn list(conn: &Connection) -> Result<Vec<ImportBatch>> {
    let mut stmt = conn.prepare(
        "SELECT id, source_path, format, kind, encoding, imported, updated, skipped, rejected,
                created_at, undone_at
         FROM import_batches ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ImportBatch {
            id: r.get(0)?,
            source_path: r.get(1)?,
            format: r.get(2)?,
            kind: r.get(3)?,
            encoding: r.get(4)?,
            imported: r.get(5)?,
            updated: r.get(6)?,
            skipped: r.get(7)?,
            rejected: r.get(8)?,
            created_at: r.get(9)?,
            undone_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The first of `batches` (ascending ids) that is not undone.
fn first_live(conn: &Connection, batches: &[i64]) -> Result<Option<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM import_batches WHERE id = ?1 AND undone_at IS NULL")?;
    for &b in batches {
        if stmt.exists([b])? {
            return Ok(Some(b));
        }
    }
    Ok(None)
}

/// The import format of each batch among `batches` (e.g. `jira-csv`), for the search index's
/// source facet. Batches that are gone are left out.
pub fn formats(
    conn: &Connection,
    batches: &[i64],
) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT format FROM import_batches WHERE id = ?1")?;
    let mut out = std::collections::HashMap::new();
    for &b in batches {
        if out.contains_key(&b) {
            continue;
        }
        if let Some(f) = stmt.query_row([b], |r| r.get::<_, String>(0)).optional()? {
            out.insert(b, f);
        }
    }
    Ok(out)
}

/// Batches (not undone) whose counts of created and updated documents disagree with the
/// changes recorded for them: an import is one transaction, so this never happens unless the
/// database was damaged. Each is described in a sentence.
pub fn torn(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.imported, b.updated,
                (SELECT COUNT(*) FROM import_changes c WHERE c.batch_id = b.id AND c.previous IS NULL),
                (SELECT COUNT(*) FROM import_changes c WHERE c.batch_id = b.id AND c.previous IS NOT NULL)
           FROM import_batches b
          WHERE b.undone_at IS NULL AND b.kind IN ('tickets', 'notes')",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, imported, updated, created, changed) = row?;
        if imported != created || updated != changed {
            out.push(format!(
                "import #{id}: records {imported} created and {updated} updated, holds {created} and {changed}"
            ));
        }
    }
    Ok(out)
}

/// Takes a batch back in one transaction: documents it created are removed, documents it updated
/// get their previous content back. Refused when a later import changed the same documents (undo
/// that one first), so nothing newer is ever lost.
pub fn undo(conn: &Connection, batch: i64) -> Result<ImportBatch> {
    db::transaction(conn, |tx| {
        let undone: Option<Option<String>> = tx
            .query_row(
                "SELECT undone_at FROM import_batches WHERE id = ?1",
                [batch],
                |r| r.get(0),
            )
            .optional()?;
        match undone {
            None => return Err(Error::NotFound(format!("no import batch {batch}"))),
            Some(Some(at)) => {
                return Err(Error::invalid(
                    "batch",
                    format!("import batch {batch} was already undone at {at}"),
                ))
            }
            Some(None) => {}
        }
        let later: Option<i64> = tx
            .query_row(
                "SELECT MIN(c2.batch_id) FROM import_changes c1
                 JOIN import_changes c2 ON c2.document_id = c1.document_id AND c2.batch_id > c1.batch_id
                 JOIN import_batches b ON b.id = c2.batch_id AND b.undone_at IS NULL
                 WHERE c1.batch_id = ?1",
                [batch],
                |r| r.get(0),
            )?;
        let later = match later {
            Some(b) => Some(b),
            None => first_live(tx, &crate::surveys::later_batches(tx, batch)?)?,
        };
        if let Some(later) = later {
            return Err(Error::invalid(
                "batch",
                format!("import batch {later} changed documents of batch {batch} later; undo batch {later} first"),
            ));
        }
        let changes: Vec<(i64, Option<String>)> = {
            let mut stmt =
                tx.prepare("SELECT document_id, previous FROM import_changes WHERE batch_id = ?1")?;
            let rows = stmt.query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let stamp = now();
        // The batch that wrote each document before this one (for provenance after undo).
        let mut prior = tx.prepare(
            "SELECT MAX(c.batch_id) FROM import_changes c JOIN import_batches b ON b.id = c.batch_id
             WHERE c.document_id = ?1 AND c.batch_id < ?2 AND b.undone_at IS NULL",
        )?;
        for (doc, previous) in changes {
            match previous {
                None => documents::purge(tx, doc, &stamp)?,
                Some(json) => {
                    let snapshot: Snapshot = serde_json::from_str(&json).map_err(|e| {
                        Error::Internal(format!("undo snapshot of document {doc}: {e}"))
                    })?;
                    let before: Option<i64> = prior.query_row(params![doc, batch], |r| r.get(0))?;
                    match snapshot {
                        Snapshot::Ticket(rec) => documents::restore(tx, doc, &rec, before)?,
                        Snapshot::Note(rec) => documents::restore(tx, doc, &rec, before)?,
                    }
                    outbox::enqueue(tx, doc, &stamp)?;
                }
            }
        }
        crate::surveys::undo_batch(tx, batch)?;
        tx.execute(
            "UPDATE import_batches SET undone_at = ?2 WHERE id = ?1",
            params![batch, stamp],
        )?;
        Ok(())
    })?;
    list(conn)?
        .into_iter()
        .find(|b| b.id == batch)
        .ok_or_else(|| Error::Internal(format!("batch {batch} vanished")))
}
