//! The `import_batches` and `import_changes` tables: where every imported document came from,
//! and how to take an import back.

use crate::error::{Error, Result};
use crate::research::documents;
use crate::research::notes::NoteRecord;
use crate::research::tickets::TicketRecord;
use crate::research::transcripts::TranscriptRecord;
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
    /// A transcript interview as it was before the batch updated it.
    Transcript(TranscriptRecord),
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

/// What undoing a batch would do, asked before doing it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UndoPreview {
    /// The batch.
    #[ts(type = "number")]
    pub batch: i64,
    /// Documents it created, which would go to the trash.
    #[ts(type = "number")]
    pub removes: u64,
    /// Documents it updated, which would get their earlier content back.
    #[ts(type = "number")]
    pub restores: u64,
    /// Documents that would go to the trash with quotes or roadmap links resting on them.
    pub at_risk: Vec<crate::research::EvidenceOnDocument>,
    /// `at_risk` in a sentence, when there is any.
    pub warning: Option<String>,
}

fn check_undoable(tx: &Connection, batch: i64) -> Result<()> {
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
    if let Some(later) = later_live_change(tx, batch)? {
        return Err(Error::invalid(
            "batch",
            format!("import batch {later} changed documents of batch {batch} later; undo batch {later} first"),
        ));
    }
    Ok(())
}

/// The first live batch after `batch` that changed one of its documents or respondents.
fn later_live_change(tx: &Connection, batch: i64) -> Result<Option<i64>> {
    let later: Option<i64> = tx.query_row(
        "SELECT MIN(c2.batch_id) FROM import_changes c1
         JOIN import_changes c2 ON c2.document_id = c1.document_id AND c2.batch_id > c1.batch_id
         JOIN import_batches b ON b.id = c2.batch_id AND b.undone_at IS NULL
         WHERE c1.batch_id = ?1",
        [batch],
        |r| r.get(0),
    )?;
    match later {
        Some(b) => Ok(Some(b)),
        None => first_live(tx, &crate::surveys::later_batches(tx, batch)?),
    }
}

/// The documents a batch changed: (document, its snapshot before the batch, `None` if created).
fn changes_of(tx: &Connection, batch: i64) -> Result<Vec<(i64, Option<String>)>> {
    let mut stmt = tx.prepare(
        "SELECT document_id, previous FROM import_changes WHERE batch_id = ?1 ORDER BY document_id",
    )?;
    let rows = stmt.query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What undoing `batch` would move to the trash and what rests on it. Changes nothing.
pub fn undo_preview(conn: &Connection, batch: i64) -> Result<UndoPreview> {
    check_undoable(conn, batch)?;
    preview_of(conn, batch, &changes_of(conn, batch)?)
}

/// [`undo_preview`] of a batch already checked, from the changes it recorded.
fn preview_of(
    conn: &Connection,
    batch: i64,
    changes: &[(i64, Option<String>)],
) -> Result<UndoPreview> {
    let mut removed: Vec<i64> = changes
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(d, _)| *d)
        .collect();
    removed.extend(crate::surveys::documents_created_by(conn, batch)?);
    let at_risk = crate::research::evidence_on(conn, &removed)?;
    Ok(UndoPreview {
        batch,
        removes: removed.len() as u64,
        restores: changes.iter().filter(|(_, p)| p.is_some()).count() as u64,
        warning: crate::research::describe_loss(&at_risk),
        at_risk,
    })
}

fn snapshot_of(tx: &Connection, doc: i64, like: &Snapshot) -> Result<Snapshot> {
    use documents::ImportedRecord;
    Ok(match like {
        Snapshot::Ticket(_) => Snapshot::Ticket(TicketRecord::load(tx, doc)?),
        Snapshot::Note(_) => Snapshot::Note(NoteRecord::load(tx, doc)?),
        Snapshot::Transcript(_) => Snapshot::Transcript(TranscriptRecord::load(tx, doc)?),
    })
}

fn parse_snapshot(json: &str, doc: i64) -> Result<Snapshot> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("import snapshot of document {doc}: {e}")))
}

/// Takes a batch back in one transaction: documents it created go to the trash (with their quotes
/// and links, until purged), documents it updated get their previous content back. Refused when a
/// later import changed the same documents (undo that one first), so nothing newer is ever lost;
/// refused with `NeedsConfirmation` when quotes or roadmap links rest on what would go, unless
/// `force`. Redo with [`redo`] (or by restoring its trash entry).
pub fn undo(conn: &Connection, batch: i64, force: bool) -> Result<ImportBatch> {
    db::transaction(conn, |tx| {
        check_undoable(tx, batch)?;
        let changes = changes_of(tx, batch)?;
        let preview = preview_of(tx, batch, &changes)?;
        if let (Some(warning), false) = (&preview.warning, force) {
            return Err(Error::NeedsConfirmation(format!(
                "undoing import #{batch} moves {} document(s) to the trash; {warning}. They stay in the trash, with their quotes and links, until it is emptied. Confirm to go ahead",
                preview.removes
            )));
        }
        let stamp = now();
        let source: String = tx.query_row(
            "SELECT source_path FROM import_batches WHERE id = ?1",
            [batch],
            |r| r.get(0),
        )?;
        let file = std::path::Path::new(&source)
            .file_name()
            .map_or(source.clone(), |f| f.to_string_lossy().into_owned());
        let mut bin = crate::store::trash::Bin::new(
            crate::store::trash::TrashKind::ImportUndo,
            Some(batch),
            format!("undo of import #{batch} ({file})"),
        );
        // The batch that wrote each document before this one (for provenance after undo).
        let mut prior = tx.prepare(
            "SELECT MAX(c.batch_id) FROM import_changes c JOIN import_batches b ON b.id = c.batch_id
             WHERE c.document_id = ?1 AND c.batch_id < ?2 AND b.undone_at IS NULL",
        )?;
        let mut written = tx.prepare(
            "UPDATE import_changes SET written = ?3 WHERE batch_id = ?1 AND document_id = ?2",
        )?;
        for (doc, previous) in changes {
            match previous {
                None => bin.put(tx, doc, &stamp)?,
                Some(json) => {
                    let snapshot = parse_snapshot(&json, doc)?;
                    // Kept so redo can write the batch's version again.
                    let now_held = serde_json::to_string(&snapshot_of(tx, doc, &snapshot)?)
                        .map_err(|e| Error::Internal(e.to_string()))?;
                    written.execute(params![batch, doc, now_held])?;
                    let before: Option<i64> = prior.query_row(params![doc, batch], |r| r.get(0))?;
                    match snapshot {
                        Snapshot::Ticket(rec) => documents::restore(tx, doc, &rec, before)?,
                        Snapshot::Note(rec) => documents::restore(tx, doc, &rec, before)?,
                        Snapshot::Transcript(rec) => documents::restore(tx, doc, &rec, before)?,
                    }
                    outbox::enqueue(tx, doc, &stamp)?;
                }
            }
        }
        crate::surveys::undo_batch(tx, batch, &mut bin)?;
        tx.execute(
            "UPDATE import_batches SET undone_at = ?2 WHERE id = ?1",
            params![batch, stamp],
        )?;
        Ok(())
    })?;
    get(conn, batch)
}

/// Does an undone batch again: the documents its undo put in the trash come back with their quotes
/// and links, and documents it had updated get its version again. Refused when a later import
/// changed the same documents, when its documents were purged, and for survey imports (import the
/// survey file again: its answers and their documents come back from the trash).
pub fn redo(conn: &Connection, batch: i64) -> Result<ImportBatch> {
    db::transaction(conn, |tx| {
        let row: Option<(Option<String>, String)> = tx
            .query_row(
                "SELECT undone_at, kind FROM import_batches WHERE id = ?1",
                [batch],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (undone, kind) =
            row.ok_or_else(|| Error::NotFound(format!("no import batch {batch}")))?;
        if undone.is_none() {
            return Err(Error::invalid(
                "batch",
                format!("import batch {batch} is not undone; there is nothing to redo"),
            ));
        }
        if kind == "survey" {
            return Err(Error::invalid(
                "batch",
                format!("import batch {batch} is a survey: import the survey file again to redo it (its answer documents come back from the trash with their quotes and links)"),
            ));
        }
        if let Some(later) = later_live_change(tx, batch)? {
            return Err(Error::invalid(
                "batch",
                format!("import batch {later} changed documents of batch {batch} since it was undone; undo batch {later} first"),
            ));
        }
        let entry = crate::store::trash::of_undone_batch(tx, batch)?;
        let stamp = now();
        let mut written = tx.prepare(
            "SELECT written FROM import_changes WHERE batch_id = ?1 AND document_id = ?2",
        )?;
        for (doc, previous) in changes_of(tx, batch)? {
            match previous {
                None => {
                    if !documents::is_trashed(tx, doc)? {
                        return Err(Error::invalid(
                            "batch",
                            format!("document {doc} of import batch {batch} is no longer in the trash (it was purged); import the file again instead"),
                        ));
                    }
                    documents::from_trash(tx, doc, &stamp)?;
                }
                Some(_) => {
                    let json: Option<String> =
                        written.query_row(params![batch, doc], |r| r.get(0))?;
                    let json = json.ok_or_else(|| {
                        Error::invalid(
                            "batch",
                            format!("import batch {batch} was undone by an earlier version of Groundwork that did not keep what it wrote; import the file again instead"),
                        )
                    })?;
                    match parse_snapshot(&json, doc)? {
                        Snapshot::Ticket(rec) => documents::restore(tx, doc, &rec, Some(batch))?,
                        Snapshot::Note(rec) => documents::restore(tx, doc, &rec, Some(batch))?,
                        Snapshot::Transcript(rec) => {
                            documents::restore(tx, doc, &rec, Some(batch))?
                        }
                    }
                    outbox::enqueue(tx, doc, &stamp)?;
                }
            }
        }
        if let Some(entry) = entry {
            crate::store::trash::remove(tx, entry)?;
        }
        tx.execute(
            "UPDATE import_batches SET undone_at = NULL WHERE id = ?1",
            [batch],
        )?;
        Ok(())
    })?;
    get(conn, batch)
}

/// One batch.
pub fn get(conn: &Connection, batch: i64) -> Result<ImportBatch> {
    list(conn)?
        .into_iter()
        .find(|b| b.id == batch)
        .ok_or_else(|| Error::Internal(format!("batch {batch} vanished")))
}
