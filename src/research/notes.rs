//! The `notes` table (+ its `documents` row): meeting notes and transcripts imported from a folder
//! of Markdown or text files, keyed by their path so a re-import updates them.

use crate::error::{Error, Result};
use crate::research::documents::{self, DocumentKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A note as the folder importer produces it (and as undo snapshots store it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    /// Path relative to the imported folder.
    pub path: String,
    /// Title: front matter `title`, else the first heading, else the file name.
    pub title: String,
    /// Markdown body (front matter removed).
    pub body: String,
    /// Who the note is about or with.
    pub participant: String,
    /// Team (created if new).
    pub team: Option<String>,
    /// Day of the meeting, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// The stored record of a note document.
pub fn load(conn: &Connection, id: i64) -> Result<NoteRecord> {
    let mut rec = conn
        .prepare_cached(
            "SELECT n.path, d.title, d.body, n.participant, t.name, d.date
             FROM notes n JOIN documents d ON d.id = n.document_id
             LEFT JOIN teams t ON t.id = d.team_id WHERE n.document_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(NoteRecord {
                path: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                participant: r.get(3)?,
                team: r.get(4)?,
                date: r.get(5)?,
                tags: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no note with id {id}")))?;
    rec.tags = documents::tags(conn, id)?;
    Ok(rec)
}

fn write_record(
    conn: &Connection,
    id: Option<i64>,
    source_key: &str,
    batch: Option<i64>,
    rec: &NoteRecord,
) -> Result<i64> {
    let id = documents::write_imported(
        conn,
        id,
        &documents::Imported {
            kind: DocumentKind::Note,
            title: &rec.title,
            body: &rec.body,
            team: rec.team.as_deref(),
            date: rec.date.as_deref(),
            tags: &rec.tags,
            source_key,
            batch,
        },
    )?;
    conn.prepare_cached(
        "INSERT INTO notes (document_id, path, participant) VALUES (?1, ?2, ?3)
         ON CONFLICT (document_id) DO UPDATE SET
             path = excluded.path, participant = excluded.participant",
    )?
    .execute(params![id, rec.path, rec.participant])?;
    Ok(id)
}

fn normalize(rec: &mut NoteRecord) {
    rec.tags = documents::clean_tags(&rec.tags);
    rec.team = rec
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
}

impl documents::ImportedRecord for NoteRecord {
    const KIND: DocumentKind = DocumentKind::Note;

    fn normalize(&mut self) {
        normalize(self)
    }

    fn load(conn: &Connection, id: i64) -> Result<Self> {
        load(conn, id)
    }

    fn write(
        &self,
        conn: &Connection,
        id: Option<i64>,
        source_key: &str,
        batch: Option<i64>,
    ) -> Result<i64> {
        write_record(conn, id, source_key, batch, self)
    }
}
