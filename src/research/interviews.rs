//! The interview aggregate: a `documents` row of kind `interview`, its `interviews` row and tags.

use crate::error::{Error, Result};
use crate::research::documents::{self, DocumentKind, NewDocument};
use crate::research::teams;
use crate::store::db::{self, now};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A logged developer interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Interview {
    /// Document id.
    #[ts(type = "number")]
    pub id: i64,
    /// Short title, e.g. "Payments: CI wait times".
    pub title: String,
    /// Who was interviewed.
    pub participant: String,
    /// The participant's team.
    pub team: Option<String>,
    /// The participant's role.
    pub role: String,
    /// Day of the interview, `YYYY-MM-DD`.
    pub date: String,
    /// Who ran the interview.
    pub interviewer: String,
    /// Markdown notes.
    pub notes: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Pain points, one short sentence each.
    pub pain_points: Vec<String>,
    /// When it was first saved (RFC 3339).
    pub created_at: String,
    /// When it was last saved (RFC 3339).
    pub updated_at: String,
    /// Incremented by every save; an edit names the version it started from.
    #[ts(type = "number")]
    pub version: i64,
    /// The transcript format it was imported from (`zoom_vtt`, `srt`…); `None` when typed in the
    /// app. A transcript's notes are what its participants said, kept from its turns.
    #[serde(default)]
    pub transcript: Option<String>,
    /// Its turns, in order (loaded for one interview; empty in lists and when typed in the app).
    #[serde(default)]
    pub turns: Vec<crate::research::transcripts::Turn>,
}

/// An interview as the editor or CLI sends it: no id creates one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InterviewInput {
    /// Existing interview to update, or `None` to create one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Title (required).
    pub title: String,
    /// Participant.
    pub participant: String,
    /// Team name; a team that does not exist yet is created.
    pub team: Option<String>,
    /// Role.
    pub role: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Interviewer.
    pub interviewer: String,
    /// Markdown notes.
    pub notes: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Pain points.
    pub pain_points: Vec<String>,
    /// The version the edit started from (`Interview::version`). A save over a newer version is
    /// refused with code `conflict`; `None` saves over whatever is stored (a new interview, the
    /// CLI's read-modify-write).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub version: Option<i64>,
}

/// Filters for the interview list; every field is optional and they combine with AND.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InterviewFilter {
    /// Team name (case-insensitive).
    pub team: Option<String>,
    /// Role (case-insensitive).
    pub role: Option<String>,
    /// Tag.
    pub tag: Option<String>,
    /// Earliest date, inclusive, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Latest date, inclusive, `YYYY-MM-DD`.
    pub to: Option<String>,
}

/// The values the interview filters can take in this workspace.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct InterviewFacets {
    /// Teams with at least one interview.
    pub teams: Vec<String>,
    /// Roles used.
    pub roles: Vec<String>,
    /// Tags used.
    pub tags: Vec<String>,
}

/// Largest note we accept (2 MiB): far beyond any transcript, small enough to edit and index.
pub const MAX_NOTES_BYTES: usize = 2 * 1024 * 1024;
/// Longest title.
pub const MAX_TITLE: usize = 300;
/// Longest short field (participant, role, interviewer, a tag, a pain point).
pub const MAX_SHORT: usize = 500;

/// Parses a `YYYY-MM-DD` date with a message that says exactly what is wrong.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate> {
    let value = value.trim();
    let bad = |why: String| Error::invalid(field, format!("{field}: {why}"));
    let parts: Vec<&str> = value.split('-').collect();
    if parts.len() != 3
        || parts[0].len() != 4
        || parts[1].len() != 2
        || parts[2].len() != 2
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad(format!(
            "{value:?} is not a date; use YYYY-MM-DD, e.g. 2026-03-14"
        )));
    }
    let (y, m, d): (i32, u32, u32) = (
        parts[0].parse().unwrap_or(0),
        parts[1].parse().unwrap_or(0),
        parts[2].parse().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err(bad(format!("{value} has no month {m}")));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let days = days_in_month(y, m);
        let month = NaiveDate::from_ymd_opt(y, m, 1)
            .map(|f| f.format("%B %Y").to_string())
            .unwrap_or_default();
        bad(format!("{value} does not exist: {month} has {days} days"))
    })
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
        .map(|d| chrono::Datelike::day(&d))
        .unwrap_or(31)
}

fn check_short(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    if value.chars().count() > MAX_SHORT {
        return Err(Error::invalid(
            field,
            format!("{field} can be at most {MAX_SHORT} characters"),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Error::invalid(
            field,
            format!("{field} must be a single line of text"),
        ));
    }
    Ok(value.to_string())
}

/// Trims, drops empties and de-duplicates (case-insensitively) a list of short strings.
fn clean_list(field: &str, items: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = check_short(field, item)?;
        if !item.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&item)) {
            out.push(item);
        }
    }
    Ok(out)
}

/// A validated input, ready to store.
struct Clean {
    title: String,
    participant: String,
    team: Option<String>,
    role: String,
    date: String,
    interviewer: String,
    notes: String,
    tags: Vec<String>,
    pain_points: Vec<String>,
}

fn validate(input: &InterviewInput) -> Result<Clean> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "title: an interview needs a title"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::invalid(
            "title",
            format!("title: at most {MAX_TITLE} characters"),
        ));
    }
    if input.notes.len() > MAX_NOTES_BYTES {
        return Err(Error::invalid(
            "notes",
            format!(
                "notes: {:.1} MiB is more than the {} MiB a single interview can hold; split the transcript or import it as notes",
                input.notes.len() as f64 / (1024.0 * 1024.0),
                MAX_NOTES_BYTES / (1024 * 1024)
            ),
        ));
    }
    let date = parse_date("date", &input.date)?;
    let team = input
        .team
        .as_deref()
        .map(|t| check_short("team", t))
        .transpose()?
        .filter(|t| !t.is_empty());
    Ok(Clean {
        title: check_short("title", title)?,
        participant: check_short("participant", &input.participant)?,
        team,
        role: check_short("role", &input.role)?,
        date: date.format("%Y-%m-%d").to_string(),
        interviewer: check_short("interviewer", &input.interviewer)?,
        notes: input.notes.replace("\r\n", "\n"),
        tags: clean_list("tags", &input.tags)?,
        pain_points: clean_list("pain_points", &input.pain_points)?,
    })
}

/// Creates or updates an interview in one transaction (document, interview row, tags, outbox).
pub fn save(conn: &Connection, input: &InterviewInput) -> Result<Interview> {
    let c = validate(input)?;
    let stamp = now();
    let id = db::transaction(conn, |tx| {
        if let (Some(id), Some(edited)) = (input.id, input.version) {
            let stored = documents::version(tx, id)?;
            if stored != edited {
                return Err(Error::Conflict(format!(
                    "interview {id} was saved elsewhere since this edit began (now version {stored}, edited version {edited}); compare both texts and choose"
                )));
            }
        }
        let mut c = c;
        if let Some(id) = input.id {
            // A transcript's notes are what its participants said: kept from its turns, so an
            // edit of its title, team or tags never replaces the transcript.
            if crate::research::transcripts::format_of(tx, id)?.is_some() {
                c.notes = transcript_body(tx, id)?;
            }
        }
        save_clean(tx, input.id, &c, &stamp)
    })?;
    get(conn, id)
}

/// The evidence text of a transcript interview, as its turns give it.
fn transcript_body(tx: &Connection, id: i64) -> Result<String> {
    let turns = crate::research::transcripts::turns(tx, id)?;
    let record = crate::research::transcripts::TranscriptRecord {
        turns,
        ..Default::default()
    };
    Ok(record.participant_text())
}

fn save_clean(tx: &Connection, id: Option<i64>, c: &Clean, stamp: &str) -> Result<i64> {
    let team_id = c
        .team
        .as_deref()
        .map(|t| teams::find_or_create(tx, t))
        .transpose()?;
    let doc = NewDocument {
        kind: DocumentKind::Interview,
        title: &c.title,
        body: &c.notes,
        team_id,
        date: Some(&c.date),
    };
    let pains =
        serde_json::to_string(&c.pain_points).map_err(|e| Error::Internal(e.to_string()))?;
    let id = match id {
        Some(id) => {
            documents::update(tx, id, &doc, stamp)?;
            tx.execute(
                "UPDATE interviews SET participant = ?2, role = ?3, interviewer = ?4, pain_points = ?5
                 WHERE document_id = ?1",
                params![id, c.participant, c.role, c.interviewer, pains],
            )?;
            id
        }
        None => {
            let id = documents::insert(tx, &doc, stamp)?;
            tx.execute(
                "INSERT INTO interviews (document_id, participant, role, interviewer, pain_points)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, c.participant, c.role, c.interviewer, pains],
            )?;
            id
        }
    };
    documents::set_tags(tx, id, &c.tags)?;
    Ok(id)
}

const SELECT: &str = "SELECT d.id, d.title, i.participant, t.name, i.role, d.date, i.interviewer,
        d.body, i.pain_points, d.created_at, d.updated_at, d.version, i.transcript_format
 FROM documents d
 JOIN interviews i ON i.document_id = d.id
 LEFT JOIN teams t ON t.id = d.team_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Interview> {
    let pains: String = r.get(8)?;
    Ok(Interview {
        id: r.get(0)?,
        title: r.get(1)?,
        participant: r.get(2)?,
        team: r.get(3)?,
        role: r.get(4)?,
        date: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        interviewer: r.get(6)?,
        notes: r.get(7)?,
        pain_points: serde_json::from_str(&pains).unwrap_or_default(),
        tags: Vec::new(),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        version: r.get(11)?,
        transcript: r.get(12)?,
        turns: Vec::new(),
    })
}

/// One live interview.
pub fn get(conn: &Connection, id: i64) -> Result<Interview> {
    let mut iv = conn
        .query_row(
            &format!("{SELECT} WHERE d.id = ?1 AND d.deleted_at IS NULL"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no interview with id {id}")))?;
    iv.tags = documents::tags(conn, id)?;
    iv.turns = crate::research::transcripts::turns(conn, id)?;
    Ok(iv)
}

/// Live interviews matching the filter, newest date first.
pub fn list(conn: &Connection, filter: &InterviewFilter) -> Result<Vec<Interview>> {
    let mut sql = format!("{SELECT} WHERE d.deleted_at IS NULL");
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    let some = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(team) = some(&filter.team) {
        args.push(Box::new(team));
        sql += &format!(" AND t.name = ?{} COLLATE NOCASE", args.len());
    }
    if let Some(role) = some(&filter.role) {
        args.push(Box::new(role));
        sql += &format!(" AND i.role = ?{} COLLATE NOCASE", args.len());
    }
    if let Some(tag) = some(&filter.tag) {
        args.push(Box::new(tag));
        sql += &format!(
            " AND EXISTS (SELECT 1 FROM document_tags g WHERE g.document_id = d.id AND g.tag = ?{} COLLATE NOCASE)",
            args.len()
        );
    }
    if let Some(from) = some(&filter.from) {
        let from = parse_date("from", &from)?;
        args.push(Box::new(from.format("%Y-%m-%d").to_string()));
        sql += &format!(" AND d.date >= ?{}", args.len());
    }
    if let Some(to) = some(&filter.to) {
        let to = parse_date("to", &to)?;
        args.push(Box::new(to.format("%Y-%m-%d").to_string()));
        sql += &format!(" AND d.date <= ?{}", args.len());
    }
    sql += " ORDER BY d.date DESC, d.id DESC";
    let mut stmt = conn.prepare(&sql)?;
    let params: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), from_row)?;
    let mut out: Vec<Interview> = rows.collect::<Result<_, _>>()?;
    // Tags of every listed interview in one query, not one query per row.
    let mut tags = documents::tags_of_kind(conn, DocumentKind::Interview)?;
    for iv in &mut out {
        iv.tags = tags.remove(&iv.id).unwrap_or_default();
    }
    Ok(out)
}

/// Soft-deletes an interview; [`restore`] undoes it.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    db::transaction(conn, |tx| {
        let title = documents::live_title(tx, id)?;
        documents::set_deleted(tx, id, DocumentKind::Interview, true, &now())?;
        let mut bin = crate::store::trash::Bin::new(
            crate::store::trash::TrashKind::Interview,
            None,
            format!("deleted interview {title:?}"),
        );
        // `set_deleted` took it out of every view; the trash entry keeps it findable.
        bin.file(tx, id)
    })
}

/// Undoes [`delete`].
pub fn restore(conn: &Connection, id: i64) -> Result<Interview> {
    db::transaction(conn, |tx| {
        documents::set_deleted(tx, id, DocumentKind::Interview, false, &now())
    })?;
    get(conn, id)
}

/// Teams, roles and tags in use, for the list filters.
pub fn facets(conn: &Connection) -> Result<InterviewFacets> {
    let strings = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    Ok(InterviewFacets {
        teams: strings(
            "SELECT DISTINCT t.name FROM teams t JOIN documents d ON d.team_id = t.id
             WHERE d.kind = 'interview' AND d.deleted_at IS NULL ORDER BY t.name COLLATE NOCASE",
        )?,
        roles: strings(
            "SELECT DISTINCT i.role FROM interviews i JOIN documents d ON d.id = i.document_id
             WHERE d.deleted_at IS NULL AND i.role != '' ORDER BY i.role COLLATE NOCASE",
        )?,
        tags: documents::distinct_tags(conn, DocumentKind::Interview)?,
    })
}
