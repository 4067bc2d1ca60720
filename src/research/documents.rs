//! The `documents` and `document_tags` tables: every piece of evidence, whatever its kind.

use crate::error::{Error, Result};
use crate::store::outbox;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// The kinds of research evidence a workspace holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    /// A developer interview.
    Interview,
    /// A support ticket or issue.
    Ticket,
    /// One free-text survey answer.
    SurveyResponse,
    /// A note or transcript.
    Note,
}

impl DocumentKind {
    /// Every kind, in display order.
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Interview,
        DocumentKind::Ticket,
        DocumentKind::SurveyResponse,
        DocumentKind::Note,
    ];

    /// The value stored in SQLite and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Interview => "interview",
            DocumentKind::Ticket => "ticket",
            DocumentKind::SurveyResponse => "survey_response",
            DocumentKind::Note => "note",
        }
    }

    /// Parses the stored value.
    pub fn parse(s: &str) -> Result<Self> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::Internal(format!("unknown document kind {s:?}")))
    }
}

/// The columns every document shares, as written by an editor or importer.
pub struct NewDocument<'a> {
    /// Kind of evidence.
    pub kind: DocumentKind,
    /// Title line.
    pub title: &'a str,
    /// Body text (Markdown for interviews and notes).
    pub body: &'a str,
    /// Owning team, if known.
    pub team_id: Option<i64>,
    /// The day the evidence is from, `YYYY-MM-DD`.
    pub date: Option<&'a str>,
}

/// Inserts a document and queues it for indexing. Call inside a transaction.
pub fn insert(conn: &Connection, doc: &NewDocument<'_>, now: &str) -> Result<i64> {
    insert_from(conn, doc, None, None, now)
}

/// Inserts an imported document with its source key and batch, and queues it for indexing.
pub fn insert_from(
    conn: &Connection,
    doc: &NewDocument<'_>,
    source_key: Option<&str>,
    batch: Option<i64>,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO documents (kind, title, body, team_id, date, created_at, updated_at, source_key, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
    )?
    .execute(params![
        doc.kind.as_str(),
        doc.title,
        doc.body,
        doc.team_id,
        doc.date,
        now,
        source_key,
        batch
    ])?;
    let id = conn.last_insert_rowid();
    outbox::enqueue(conn, id, now)?;
    Ok(id)
}

/// Updates a live document's shared columns and queues it for indexing. Call inside a transaction.
pub fn update(conn: &Connection, id: i64, doc: &NewDocument<'_>, now: &str) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE documents SET title = ?2, body = ?3, team_id = ?4, date = ?5, updated_at = ?6,
                version = version + 1
         WHERE id = ?1 AND kind = ?7 AND deleted_at IS NULL",
        )?
        .execute(params![
            id,
            doc.title,
            doc.body,
            doc.team_id,
            doc.date,
            now,
            doc.kind.as_str()
        ])?;
    if n == 0 {
        return Err(Error::NotFound(format!(
            "no {} with id {id}",
            doc.kind.as_str().replace('_', " ")
        )));
    }
    // Coded passages follow their text through the edit (or are flagged lost).
    crate::research::highlights::reanchor(conn, id, doc.body)?;
    outbox::enqueue(conn, id, now)
}

/// A live document's version (incremented by every update).
pub fn version(conn: &Connection, id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT version FROM documents WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no document with id {id}")))
}

/// Marks a document deleted (kept for undo) or restores it. Call inside a transaction.
pub fn set_deleted(
    conn: &Connection,
    id: i64,
    kind: DocumentKind,
    deleted: bool,
    now: &str,
) -> Result<()> {
    let n = if deleted {
        conn.execute(
            "UPDATE documents SET deleted_at = ?2 WHERE id = ?1 AND kind = ?3 AND deleted_at IS NULL",
            params![id, now, kind.as_str()],
        )?
    } else {
        conn.execute(
            "UPDATE documents SET deleted_at = NULL, trash_id = NULL, updated_at = ?2
             WHERE id = ?1 AND kind = ?3 AND deleted_at IS NOT NULL",
            params![id, now, kind.as_str()],
        )?
    };
    if n == 0 {
        let what = if deleted { "" } else { "deleted " };
        return Err(Error::NotFound(format!(
            "no {what}{} with id {id}",
            kind.as_str().replace('_', " ")
        )));
    }
    outbox::enqueue(conn, id, now)
}

/// The shared half of an imported document (its `documents` row, team and tags).
pub struct Imported<'a> {
    /// Kind of evidence.
    pub kind: DocumentKind,
    /// Title.
    pub title: &'a str,
    /// Body.
    pub body: &'a str,
    /// Team name (created if new).
    pub team: Option<&'a str>,
    /// Evidence date.
    pub date: Option<&'a str>,
    /// Tags (already cleaned).
    pub tags: &'a [String],
    /// Key in its source.
    pub source_key: &'a str,
    /// The batch writing it.
    pub batch: Option<i64>,
}

/// Creates (`id` = `None`) or overwrites an imported document's shared columns, team, source and
/// tags, queuing it for indexing. The caller writes its own table's row. Call inside a transaction.
pub fn write_imported(conn: &Connection, id: Option<i64>, d: &Imported<'_>) -> Result<i64> {
    let stamp = crate::store::db::now();
    let team_id = d
        .team
        .map(|t| crate::research::teams::find_or_create(conn, t))
        .transpose()?;
    let doc = NewDocument {
        kind: d.kind,
        title: d.title,
        body: d.body,
        team_id,
        date: d.date,
    };
    match id {
        Some(id) => {
            update(conn, id, &doc, &stamp)?;
            set_source(conn, id, d.source_key, d.batch)?;
            set_tags(conn, id, d.tags)?;
            Ok(id)
        }
        None => {
            let id = insert_from(conn, &doc, Some(d.source_key), d.batch, &stamp)?;
            add_tags(conn, id, d.tags)?;
            Ok(id)
        }
    }
}

/// What an import upsert did to one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// A new document.
    Created(i64),
    /// An existing document changed; carries its record before the change.
    Updated(i64, Box<T>),
    /// The source holds exactly what is stored.
    Unchanged(i64),
}

/// A record an importer writes: each kind's table module implements it, and [`upsert`] does the
/// create / update / unchanged decision the same way for all of them.
pub trait ImportedRecord: PartialEq + Sized {
    /// The kind of document the record is.
    const KIND: DocumentKind;
    /// Brings the record to its stored form (so comparisons with stored records are exact).
    fn normalize(&mut self);
    /// The stored record of document `id`.
    fn load(conn: &Connection, id: i64) -> Result<Self>;
    /// Writes the record into document `id` (existing) or a new one; returns its id.
    fn write(
        &self,
        conn: &Connection,
        id: Option<i64>,
        source_key: &str,
        batch: Option<i64>,
    ) -> Result<i64>;
}

/// Creates the document, or updates the one with the same source key when its content changed
/// (returning what it held before). Call inside a transaction.
pub fn upsert<R: ImportedRecord>(
    conn: &Connection,
    source_key: &str,
    batch: Option<i64>,
    mut rec: R,
) -> Result<Outcome<R>> {
    rec.normalize();
    match find_by_source(conn, R::KIND, source_key)? {
        None => Ok(Outcome::Created(rec.write(conn, None, source_key, batch)?)),
        Some(id) if is_trashed(conn, id)? => {
            // An undone import put it in the trash; importing it again brings it back, with the
            // quotes and links it kept, as a document this batch created.
            from_trash(conn, id, &crate::store::db::now())?;
            rec.write(conn, Some(id), source_key, batch)?;
            Ok(Outcome::Created(id))
        }
        Some(id) => {
            let current = R::load(conn, id)?;
            if current == rec {
                Ok(Outcome::Unchanged(id))
            } else {
                rec.write(conn, Some(id), source_key, batch)?;
                Ok(Outcome::Updated(id, Box::new(current)))
            }
        }
    }
}

/// Puts an imported document back to an earlier record (undo of an import that updated it).
pub fn restore<R: ImportedRecord>(
    conn: &Connection,
    id: i64,
    rec: &R,
    batch: Option<i64>,
) -> Result<()> {
    let key = source_key(conn, id)?;
    rec.write(conn, Some(id), &key, batch).map(drop)
}

/// The live-or-deleted document of `kind` imported under `source_key`, if any.
pub fn find_by_source(
    conn: &Connection,
    kind: DocumentKind,
    source_key: &str,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM documents WHERE kind = ?1 AND source_key = ?2")?
        .query_row(params![kind.as_str(), source_key], |r| r.get(0))
        .optional()?)
}

/// Whether the document is in a trash entry.
pub fn is_trashed(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT trash_id IS NOT NULL FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// Records where an imported document came from and the batch that last wrote it.
pub fn set_source(conn: &Connection, id: i64, source_key: &str, batch: Option<i64>) -> Result<()> {
    conn.prepare_cached("UPDATE documents SET source_key = ?2, batch_id = ?3 WHERE id = ?1")?
        .execute(params![id, source_key, batch])?;
    Ok(())
}

/// The source key of an imported document.
pub fn source_key(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row(
        "SELECT source_key FROM documents WHERE id = ?1",
        [id],
        |r| r.get::<_, Option<String>>(0),
    )
    .optional()?
    .flatten()
    .ok_or_else(|| Error::NotFound(format!("document {id} was not imported")))
}

/// Tags as they are stored: trimmed, non-empty, sorted, distinct.
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Replaces a document's tags.
pub fn set_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM document_tags WHERE document_id = ?1")?
        .execute([id])?;
    add_tags(conn, id, tags)
}

/// Adds tags to a document that has none yet (a new one).
pub fn add_tags(conn: &Connection, id: i64, tags: &[String]) -> Result<()> {
    let mut stmt = conn
        .prepare_cached("INSERT OR IGNORE INTO document_tags (document_id, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        stmt.execute(params![id, tag])?;
    }
    Ok(())
}

/// A document's tags, sorted.
pub fn tags(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT tag FROM document_tags WHERE document_id = ?1 ORDER BY tag")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The tags of every live document of one kind, by document id (each list sorted).
pub fn tags_of_kind(conn: &Connection, kind: DocumentKind) -> Result<HashMap<i64, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.document_id, t.tag FROM document_tags t JOIN documents d ON d.id = t.document_id
         WHERE d.kind = ?1 AND d.deleted_at IS NULL ORDER BY t.document_id, t.tag",
    )?;
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    let rows = stmt.query_map([kind.as_str()], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
    for row in rows {
        let (id, tag) = row?;
        out.entry(id).or_default().push(tag);
    }
    Ok(out)
}

/// Distinct tags on live documents of one kind.
pub fn distinct_tags(conn: &Connection, kind: DocumentKind) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT t.tag FROM document_tags t JOIN documents d ON d.id = t.document_id
         WHERE d.kind = ?1 AND d.deleted_at IS NULL ORDER BY t.tag COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([kind.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Live document counts by kind (every kind present, zero included).
pub fn count_by_kind(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    let mut counts: BTreeMap<String, u64> = DocumentKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), 0))
        .collect();
    let mut stmt = conn
        .prepare("SELECT kind, COUNT(*) FROM documents WHERE deleted_at IS NULL GROUP BY kind")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))?;
    for row in rows {
        let (kind, n) = row?;
        counts.insert(kind, n);
    }
    Ok(counts)
}

/// Everything the search index stores about one live document.
#[derive(Debug, Clone)]
pub struct IndexedDocument {
    /// Document id.
    pub id: i64,
    /// Kind.
    pub kind: DocumentKind,
    /// Title.
    pub title: String,
    /// Searchable body (for interviews: notes plus pain points).
    pub body: String,
    /// People and identifiers on the document (participant, interviewer, role, ticket key, reporter).
    pub people: String,
    /// Team name.
    pub team: Option<String>,
    /// Evidence date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Where it came from: `interview` (typed in the app) or the import format (`jira-csv`,
    /// `github-json`, `google-forms`, `markdown`…). Loaded as the kind; the indexer replaces it
    /// with the format of `batch`, which the import module owns.
    pub source: String,
    /// The import batch that last wrote it.
    pub batch: Option<i64>,
    /// Who wrote it: the interviewer, the ticket's reporter.
    pub authors: Vec<String>,
    /// Ticket status.
    pub status: Option<String>,
    /// The people it is from (participant or a transcript's participant speakers, reporter; never
    /// the interviewer): distinct people per theme.
    pub persons: Vec<String>,
    /// A transcript's interviewer turns (`role:interviewer` searches them; never evidence).
    pub asked: String,
    /// A transcript's speakers, names and labels lower-cased (`speaker:`).
    pub speakers: Vec<String>,
    /// The roles that speak in a transcript (`role:`).
    pub roles: Vec<&'static str>,
}

/// Loads what the index needs for one document; `None` when it is deleted or gone.
pub fn load_for_index(conn: &Connection, id: i64) -> Result<Option<IndexedDocument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.kind, d.title, d.body, t.name, d.date,
                COALESCE(i.participant, n.participant), i.interviewer, i.role, i.pain_points,
                k.key, k.reporter, k.status, d.batch_id
         FROM documents d
         LEFT JOIN teams t ON t.id = d.team_id
         LEFT JOIN interviews i ON i.document_id = d.id
         LEFT JOIN tickets k ON k.document_id = d.id
         LEFT JOIN notes n ON n.document_id = d.id
         WHERE d.id = ?1 AND d.deleted_at IS NULL",
    )?;
    let row = stmt
        .query_row([id], |r| {
            let s = |i: usize| r.get::<_, Option<String>>(i);
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ),
                (s(3)?, s(4)?, s(5)?, s(6)?, s(7)?, s(8)?),
                (s(9)?, s(10)?, s(11)?, r.get::<_, Option<i64>>(12)?),
            ))
        })
        .optional()?;
    let Some((
        (kind, title, body),
        (team, date, participant, interviewer, role, pains),
        (key, reporter, status, batch),
    )) = row
    else {
        return Ok(None);
    };
    let kind = DocumentKind::parse(&kind)?;
    // Notes are Markdown: index their words, not their markup, so snippets read as prose.
    let mut body = match kind {
        DocumentKind::Interview | DocumentKind::Note => {
            crate::research::markdown::to_plain_text(&body)
        }
        _ => body,
    };
    let pains: Vec<String> = pains
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| Error::Internal(format!("pain points of document {id}: {e}")))?
        .unwrap_or_default();
    if !pains.is_empty() {
        body.push_str("\nPain points: ");
        body.push_str(&pains.join("; "));
    }
    let nonempty = |v: &[&Option<String>]| -> Vec<String> {
        v.iter()
            .filter_map(|s| s.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let people = nonempty(&[&participant, &interviewer, &role, &key, &reporter]).join(" ");
    let authors = nonempty(&[&interviewer, &reporter]);
    // The people the evidence is from: who was interviewed, who reported; never the interviewer.
    let mut persons = nonempty(&[&participant, &reporter]);
    let spoken = match kind {
        DocumentKind::Interview => crate::research::transcripts::spoken(conn, id)?,
        _ => Default::default(),
    };
    if !spoken.names.is_empty() {
        // A transcript's people are its speakers, one by one.
        persons = spoken.names.clone();
    }
    Ok(Some(IndexedDocument {
        id,
        kind,
        title,
        body,
        people,
        team,
        date,
        tags: tags(conn, id)?,
        source: kind.as_str().to_string(),
        batch,
        authors,
        status: status.filter(|s| !s.trim().is_empty()),
        persons,
        asked: spoken.asked,
        speakers: spoken.speakers,
        roles: spoken.roles,
    }))
}

/// Ids of every live document, for a full reindex.
pub fn live_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM documents WHERE deleted_at IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every person named on a live or deleted document (interview participant and interviewer,
/// transcript speakers by name and label, note participant, ticket reporter) with the document's
/// team name (none for interviewers), in document order, interviewers last: what the export
/// anonymizer replaces.
pub fn people_named(conn: &Connection) -> Result<Vec<(String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT p.name, t.name FROM (
             SELECT i.participant AS name, d.team_id AS team, d.id AS doc, 0 AS later
               FROM interviews i JOIN documents d ON d.id = i.document_id
             UNION ALL
             SELECT n.participant, d.team_id, d.id, 0 FROM notes n JOIN documents d ON d.id = n.document_id
             UNION ALL
             SELECT k.reporter, d.team_id, d.id, 0 FROM tickets k JOIN documents d ON d.id = k.document_id
             UNION ALL
             SELECT i.interviewer, NULL, d.id, 1 FROM interviews i JOIN documents d ON d.id = i.document_id
             UNION ALL
             SELECT s.speaker, d.team_id, d.id, s.role = 'interviewer' FROM interview_turns s JOIN documents d ON d.id = s.document_id
             UNION ALL
             SELECT s.label, d.team_id, d.id, s.role = 'interviewer' FROM interview_turns s JOIN documents d ON d.id = s.document_id
         ) p LEFT JOIN teams t ON t.id = p.team
         WHERE TRIM(p.name) <> ''
         ORDER BY p.later, p.doc",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Each document with the names it gives people and how (see [`names_by_document`]).
pub type NamesByDocument = Vec<(i64, Vec<(String, &'static str)>)>;

/// Every name each live document gives a person, with how it names them (`participant`,
/// `interviewer`, `speaker` for a transcript's participant turns, `reporter`, `respondent` for a
/// survey answer whose respondent is an email).
pub fn names_by_document(conn: &Connection) -> Result<NamesByDocument> {
    let mut out: NamesByDocument = Vec::new();
    let mut by_doc: HashMap<i64, usize> = HashMap::new();
    let mut push = |out: &mut NamesByDocument, doc: i64, name: String, how| {
        let name = name.trim().to_string();
        if name.is_empty() {
            return;
        }
        let i = *by_doc.entry(doc).or_insert_with(|| {
            out.push((doc, Vec::new()));
            out.len() - 1
        });
        if !out[i].1.iter().any(|(n, h)| n == &name && *h == how) {
            out[i].1.push((name, how));
        }
    };
    let mut stmt = conn.prepare(
        "SELECT d.id, i.participant, i.interviewer, i.transcript_format IS NOT NULL, n.participant, k.reporter
         FROM documents d
         LEFT JOIN interviews i ON i.document_id = d.id
         LEFT JOIN notes n ON n.document_id = d.id
         LEFT JOIN tickets k ON k.document_id = d.id
         WHERE d.deleted_at IS NULL ORDER BY d.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut transcripts = Vec::new();
    let mut live = std::collections::HashSet::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        live.insert(id);
        let s = |i: usize| r.get::<_, Option<String>>(i);
        if r.get::<_, Option<bool>>(3)?.unwrap_or(false) {
            // A transcript's people are its speakers, one by one.
            transcripts.push(id);
            continue;
        }
        if let Some(p) = s(1)? {
            push(&mut out, id, p, "participant");
        }
        if let Some(p) = s(2)? {
            push(&mut out, id, p, "interviewer");
        }
        if let Some(p) = s(4)? {
            push(&mut out, id, p, "participant");
        }
        if let Some(p) = s(5)? {
            push(&mut out, id, p, "reporter");
        }
    }
    for id in transcripts {
        for t in crate::research::transcripts::turns(conn, id)? {
            let how = match t.role {
                crate::research::transcripts::SpeakerRole::Participant => "speaker",
                crate::research::transcripts::SpeakerRole::Interviewer => "interviewer",
            };
            push(&mut out, id, t.speaker, how);
        }
    }
    for (doc, respondent) in crate::surveys::identified_respondents(conn)? {
        if live.contains(&doc) {
            push(&mut out, doc, respondent, "respondent");
        }
    }
    Ok(out)
}

/// What a list of live documents shows about each: the palette's entries.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Document id.
    pub id: i64,
    /// Kind.
    pub kind: DocumentKind,
    /// Title.
    pub title: String,
    /// Ticket key (empty for other kinds).
    pub key: String,
    /// Team name (empty without a team).
    pub team: String,
    /// Evidence date (empty without one).
    pub date: String,
    /// The participant, or for tickets the status (empty without either).
    pub who: String,
}

/// Every live interview, ticket and note, by id.
pub fn listed(conn: &Connection) -> Result<Vec<Listed>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.kind, d.title, COALESCE(k.key, ''), COALESCE(t.name, ''),
                COALESCE(d.date, ''), COALESCE(i.participant, n.participant, k.status, '')
         FROM documents d
         LEFT JOIN tickets k ON k.document_id = d.id
         LEFT JOIN interviews i ON i.document_id = d.id
         LEFT JOIN notes n ON n.document_id = d.id
         LEFT JOIN teams t ON t.id = d.team_id
         WHERE d.deleted_at IS NULL AND d.kind IN ('interview', 'ticket', 'note')
         ORDER BY d.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Listed {
            id: r.get(0)?,
            kind: DocumentKind::parse(r.get_ref(1)?.as_str().unwrap_or(""))?,
            title: r.get(2)?,
            key: r.get(3)?,
            team: r.get(4)?,
            date: r.get(5)?,
            who: r.get(6)?,
        });
    }
    Ok(out)
}

/// The text of a live document as a reader sees it, for theme suggestions.
#[derive(Debug, Clone)]
pub struct Text {
    /// Document id.
    pub id: i64,
    /// The person it is from (participant or reporter), trimmed; empty when nobody is named.
    pub who: String,
    /// Kind.
    pub kind: DocumentKind,
    /// Title.
    pub title: String,
    /// Body as stored.
    pub body: String,
    /// Team name.
    pub team: Option<String>,
    /// Evidence date.
    pub date: Option<String>,
}

/// Who a document is from, as SQL over `documents d` with [`VOICE_JOINS`]: the interview's or
/// note's participant, else the ticket's reporter; '' for nobody.
pub const VOICE: &str =
    "COALESCE(NULLIF(i.participant, ''), NULLIF(n.participant, ''), NULLIF(k.reporter, ''), '')";
/// The joins [`VOICE`] reads.
pub const VOICE_JOINS: &str = "LEFT JOIN interviews i ON i.document_id = d.id
         LEFT JOIN notes n ON n.document_id = d.id
         LEFT JOIN tickets k ON k.document_id = d.id";

/// The `limit` most recent live documents (by evidence date, then id), newest first.
pub fn most_recent(conn: &Connection, limit: usize) -> Result<Vec<Text>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT d.kind, d.title, d.body, t.name, d.date, d.id, {VOICE}
             FROM documents d
             LEFT JOIN teams t ON t.id = d.team_id
             {VOICE_JOINS}
             WHERE d.deleted_at IS NULL
             ORDER BY COALESCE(d.date, '') DESC, d.id DESC LIMIT ?1"
    ))?;
    let mut rows = stmt.query([limit as i64])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Text {
            id: r.get(5)?,
            who: r.get::<_, String>(6)?.trim().to_string(),
            kind: DocumentKind::parse(r.get_ref(0)?.as_str().unwrap_or(""))?,
            title: r.get(1)?,
            body: r.get(2)?,
            team: r.get(3)?,
            date: r.get(4)?,
        });
    }
    Ok(out)
}

/// One live document as the evidence base weighs it.
#[derive(Debug, Clone, Copy)]
pub struct Fact<'a> {
    /// Document id.
    pub id: i64,
    /// Kind.
    pub kind: DocumentKind,
    /// Team id.
    pub team: Option<i64>,
    /// Evidence date, or when it was recorded (`YYYY-MM-DD…`).
    pub day: &'a str,
    /// The person it is from (participant or reporter), trimmed; empty when nobody is named.
    pub who: &'a str,
    /// An interview imported from a transcript (its text is what participants said).
    pub transcript: bool,
}

/// Calls `visit` with every live document, in storage order.
pub fn each_fact(conn: &Connection, mut visit: impl FnMut(Fact<'_>) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT d.id, d.kind, d.team_id, COALESCE(d.date, d.created_at), {VOICE},
                    i.transcript_format IS NOT NULL
             FROM documents d
             {VOICE_JOINS}
             WHERE d.deleted_at IS NULL"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        visit(Fact {
            id: r.get(0)?,
            kind: DocumentKind::parse(r.get_ref(1)?.as_str().unwrap_or(""))?,
            team: r.get(2)?,
            day: r.get_ref(3)?.as_str().unwrap_or(""),
            who: r.get_ref(4)?.as_str().unwrap_or("").trim(),
            transcript: r.get(5)?,
        })?;
    }
    Ok(())
}

/// A document's title and kind, and whether it is live (not deleted).
#[derive(Debug, Clone)]
pub struct Head {
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: String,
    /// Not deleted.
    pub live: bool,
    /// Evidence day.
    pub date: Option<String>,
    /// Team name.
    pub team: Option<String>,
}

/// Title, kind, liveness, day and team of each of `ids` that exists.
pub fn heads(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, Head>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.title, d.kind, d.deleted_at IS NULL, d.date, t.name FROM documents d
         LEFT JOIN teams t ON t.id = d.team_id WHERE d.id = ?1",
    )?;
    let mut out = HashMap::with_capacity(ids.len());
    for &id in ids {
        if out.contains_key(&id) {
            continue;
        }
        if let Some(head) = stmt
            .query_row([id], |r| {
                Ok(Head {
                    title: r.get(0)?,
                    kind: r.get(1)?,
                    live: r.get(2)?,
                    date: r.get(3)?,
                    team: r.get(4)?,
                })
            })
            .optional()?
        {
            out.insert(id, head);
        }
    }
    Ok(out)
}

/// The title of a live document, or not found.
pub fn live_title(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row(
        "SELECT title FROM documents WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no document with id {id}")))
}

/// Live documents.
pub fn count_live(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM documents WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Live documents of a team.
pub fn ids_of_team(conn: &Connection, team: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM documents WHERE team_id = ?1")?;
    let rows = stmt.query_map([team], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes a document for good (emptying the trash) and queues it for the index. Its tags, kind
/// row, quotes and links go with it.
pub fn purge(conn: &Connection, id: i64, now: &str) -> Result<()> {
    conn.execute("DELETE FROM documents WHERE id = ?1", [id])?;
    outbox::enqueue(conn, id, now)
}

/// Moves a live document to the trash entry `trash`: it leaves every view, search and score, and
/// keeps its quotes and links until the entry is purged. Returns false when it was not live.
pub fn to_trash(conn: &Connection, id: i64, trash: i64, now: &str) -> Result<bool> {
    let n = conn.execute(
        "UPDATE documents SET deleted_at = ?2, trash_id = ?3 WHERE id = ?1 AND deleted_at IS NULL",
        params![id, now, trash],
    )?;
    if n > 0 {
        outbox::enqueue(conn, id, now)?;
    }
    Ok(n > 0)
}

/// Files a deleted document under trash entry `trash`.
pub fn set_trash(conn: &Connection, id: i64, trash: i64) -> Result<()> {
    conn.execute(
        "UPDATE documents SET trash_id = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL",
        params![id, trash],
    )?;
    Ok(())
}

/// Brings a deleted document back (with whatever quotes and links it kept).
pub fn from_trash(conn: &Connection, id: i64, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE documents SET deleted_at = NULL, trash_id = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    outbox::enqueue(conn, id, now)
}

/// The documents a trash entry holds.
pub fn in_trash(conn: &Connection, trash: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM documents WHERE trash_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([trash], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Documents in trash entries, by entry: (documents, by kind).
pub fn trash_counts(conn: &Connection) -> Result<HashMap<i64, BTreeMap<String, u64>>> {
    let mut stmt = conn.prepare(
        "SELECT trash_id, kind, COUNT(*) FROM documents WHERE trash_id IS NOT NULL
         GROUP BY trash_id, kind",
    )?;
    let mut out: HashMap<i64, BTreeMap<String, u64>> = HashMap::new();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (entry, kind, n): (i64, String, u64) = row?;
        out.entry(entry).or_default().insert(kind, n);
    }
    Ok(out)
}

/// Text with every run of whitespace made one space, trimmed: how a passage is compared with its
/// document (a selection across a line break or an indented line still matches).
pub fn normalize_passage(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `passage` occurs in the document as a reader sees it: its title, its body as stored,
/// or the text the reader shows (Markdown rendered, an interview's pain points appended — what the
/// index holds); whitespace-normalized.
pub fn contains_passage(conn: &Connection, id: i64, passage: &str) -> Result<bool> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT title, body FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((title, body)) = row else {
        return Ok(false);
    };
    let needle = normalize_passage(passage);
    if needle.is_empty() {
        return Ok(false);
    }
    let found = |hay: &str| normalize_passage(hay).contains(&needle);
    if found(&title) || found(&body) {
        return Ok(true);
    }
    Ok(load_for_index(conn, id)?.is_some_and(|d| found(&d.body)))
}

/// Refuses a passage that does not occur in live document `id` (a quote must be sourced).
pub fn check_passage(conn: &Connection, id: i64, passage: &str, field: &str) -> Result<()> {
    let title = live_title(conn, id)?;
    if contains_passage(conn, id, passage)? {
        return Ok(());
    }
    let shown: String = passage.chars().take(60).collect();
    let more = if passage.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    Err(Error::invalid(
        field,
        format!(
            "\"{shown}{more}\" does not occur in document {id} ({title:?}); a quote must be text of its document"
        ),
    ))
}

/// Whether a stored document already says what `d` says (title, body, team, date): an import that
/// would change nothing leaves it alone.
pub fn matches(conn: &Connection, id: i64, d: &Imported<'_>) -> Result<bool> {
    let row: Option<(String, String, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT d.title, d.body, t.name, d.date FROM documents d
             LEFT JOIN teams t ON t.id = d.team_id WHERE d.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    Ok(row.is_some_and(|(title, body, team, date)| {
        title == d.title
            && body == d.body
            && team.as_deref().map(str::to_lowercase) == d.team.map(|t| t.trim().to_lowercase())
            && date.as_deref() == d.date
    }))
}

/// The body of a live document as stored (what coded passages' offsets count in).
pub fn stored_body(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row(
        "SELECT body FROM documents WHERE id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("no document with id {id}")))
}

/// Calls `visit` with every live document's id, title and body, by id.
pub fn each_body(
    conn: &Connection,
    mut visit: impl FnMut(i64, &str, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id, title, body FROM documents WHERE deleted_at IS NULL ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        visit(
            r.get(0)?,
            r.get_ref(1)?.as_str().unwrap_or(""),
            r.get_ref(2)?.as_str().unwrap_or(""),
        )?;
    }
    Ok(())
}

/// Title and body of each of `ids` that is live.
pub fn bodies(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, (String, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT title, body FROM documents WHERE id = ?1 AND deleted_at IS NULL")?;
    let mut out = HashMap::with_capacity(ids.len());
    for &id in ids {
        if out.contains_key(&id) {
            continue;
        }
        if let Some(row) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
        {
            out.insert(id, row);
        }
    }
    Ok(out)
}
