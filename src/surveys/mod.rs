//! The survey tables (`surveys`, `survey_questions`, `survey_respondents`, `survey_answers`,
//! `survey_changes`): storing imported responses, their free-text answers as documents, undo, and
//! the summaries (NPS, CSAT, mean Likert, distributions per question and per team). How answers
//! become scores, and NPS and CSAT, is [`scale`]'s rule.

pub mod scale;

use crate::error::{Error, Result};
use crate::research::documents::{self, DocumentKind};
use crate::store::trash::{Bin, TrashKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// What a survey column holds: a kind of question, a respondent attribute, or metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ColumnRole {
    /// An ordered agreement, frequency or satisfaction scale (labels or 1–5/1–7 numbers).
    Likert,
    /// "How likely are you to recommend…", 0–10.
    Nps,
    /// One answer out of a few options.
    Single,
    /// Several options, joined by commas in one cell.
    Multiple,
    /// A number (count, hours, years).
    Numeric,
    /// Free text: every answer becomes a searchable document.
    Text,
    /// The respondent's team (a facet; summaries break down by it).
    Team,
    /// The respondent's role (a facet).
    Role,
    /// The respondent's tenure or experience (a facet).
    Tenure,
    /// Another respondent attribute kept as a facet (location, language…).
    Attribute,
    /// The response id.
    Respondent,
    /// When the response was submitted.
    Submitted,
    /// Not imported (metadata, personal data).
    Ignore,
}

impl ColumnRole {
    /// Every role, in the order a mapping editor offers them.
    pub const ALL: [ColumnRole; 13] = [
        ColumnRole::Likert,
        ColumnRole::Nps,
        ColumnRole::Single,
        ColumnRole::Multiple,
        ColumnRole::Numeric,
        ColumnRole::Text,
        ColumnRole::Team,
        ColumnRole::Role,
        ColumnRole::Tenure,
        ColumnRole::Attribute,
        ColumnRole::Respondent,
        ColumnRole::Submitted,
        ColumnRole::Ignore,
    ];

    /// The name used in mappings (`--map "Question=likert"`) and in SQLite.
    pub fn name(self) -> &'static str {
        match self {
            ColumnRole::Likert => "likert",
            ColumnRole::Nps => "nps",
            ColumnRole::Single => "single",
            ColumnRole::Multiple => "multiple",
            ColumnRole::Numeric => "numeric",
            ColumnRole::Text => "text",
            ColumnRole::Team => "team",
            ColumnRole::Role => "role",
            ColumnRole::Tenure => "tenure",
            ColumnRole::Attribute => "attribute",
            ColumnRole::Respondent => "respondent",
            ColumnRole::Submitted => "submitted",
            ColumnRole::Ignore => "ignore",
        }
    }

    /// Parses a role name (case-insensitive; `free-text`, `choice`, `checkboxes` also accepted).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        let alias = match s.as_str() {
            "free-text" | "free_text" | "open" => "text",
            "choice" | "single-choice" | "radio" => "single",
            "multiple-choice" | "checkboxes" | "multi" => "multiple",
            "number" => "numeric",
            "scale" => "likert",
            "id" | "response-id" => "respondent",
            "timestamp" | "date" => "submitted",
            other => other,
        };
        ColumnRole::ALL.into_iter().find(|r| r.name() == alias)
    }

    /// True for the roles that are questions (summarized).
    pub fn is_question(self) -> bool {
        matches!(
            self,
            ColumnRole::Likert
                | ColumnRole::Nps
                | ColumnRole::Single
                | ColumnRole::Multiple
                | ColumnRole::Numeric
                | ColumnRole::Text
        )
    }

    /// True for the respondent attributes offered as facets.
    pub fn is_attribute(self) -> bool {
        matches!(
            self,
            ColumnRole::Team | ColumnRole::Role | ColumnRole::Tenure | ColumnRole::Attribute
        )
    }

    /// True for the roles whose answers are stored (everything but metadata and ignored columns).
    pub fn is_stored(self) -> bool {
        self.is_question() || self.is_attribute()
    }
}

/// One column of a survey as the importer read it.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyColumn {
    /// The header (Qualtrics: the column id such as `Q1`).
    pub key: String,
    /// The question as asked.
    pub text: String,
    /// What it holds.
    pub role: ColumnRole,
    /// Likert: the scale's labels, lowest first. Choice questions: the options, most chosen first.
    pub options: Vec<String>,
}

/// One response as the importer read it; `cells` line up with the survey's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    /// Line in the file.
    pub line: u64,
    /// Response id, or timestamp (with `#n` when repeated), or `line:N`.
    pub key: String,
    /// RFC 3339.
    pub submitted: Option<String>,
    /// Cell values.
    pub cells: Vec<String>,
}

/// A respondent as stored, kept in `survey_changes` for undo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RespondentSnapshot {
    /// When it was submitted.
    pub submitted: Option<String>,
    /// Line it was read from.
    pub line: u64,
    /// Column key → non-empty answer.
    pub answers: BTreeMap<String, String>,
}

/// A stored survey's question: id, column, role, and how it reads.
#[derive(Debug, Clone)]
struct Question {
    id: i64,
    column: String,
    text: String,
    role: ColumnRole,
    options: Vec<String>,
}

/// Creates the survey or finds it by `key`, and brings its columns up to date. Returns the survey
/// id, the question ids (one per column, in order) and whether a column changed role (the caller
/// then re-derives every respondent's documents).
pub fn upsert_survey(
    conn: &Connection,
    key: &str,
    name: &str,
    format: &str,
    source_path: &str,
    columns: &[SurveyColumn],
) -> Result<(i64, Vec<i64>, bool)> {
    let stamp = crate::store::db::now();
    let existing = match conn
        .query_row("SELECT id FROM surveys WHERE key = ?1", [key], |r| r.get(0))
        .optional()?
    {
        Some(id) => Some(id),
        None => same_survey_grown(conn, name, format, columns)?,
    };
    let survey = match existing {
        Some(id) => {
            conn.execute(
                "UPDATE surveys SET key = ?2, name = ?3, source_path = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![id, key, name, source_path, stamp],
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO surveys (key, name, format, source_path, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![key, name, format, source_path, stamp],
            )?;
            conn.last_insert_rowid()
        }
    };
    let mut ids = Vec::with_capacity(columns.len());
    let mut changed = false;
    for (position, c) in columns.iter().enumerate() {
        let options =
            serde_json::to_string(&c.options).map_err(|e| Error::Internal(e.to_string()))?;
        let before: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, role FROM survey_questions WHERE survey_id = ?1 AND column_key = ?2",
                params![survey, c.key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let id = match before {
            Some((id, role)) => {
                changed |= role != c.role.name();
                conn.execute(
                    "UPDATE survey_questions SET position = ?2, text = ?3, role = ?4, scale = ?5
                     WHERE id = ?1",
                    params![id, position as i64, c.text, c.role.name(), options],
                )?;
                id
            }
            None => {
                conn.execute(
                    "INSERT INTO survey_questions (survey_id, position, column_key, text, role, scale)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![survey, position as i64, c.key, c.text, c.role.name(), options],
                )?;
                conn.last_insert_rowid()
            }
        };
        ids.push(id);
    }
    Ok((survey, ids, changed && existing.is_some()))
}

/// A survey of the same name and format that holds most of these columns: the form gained or
/// lost a question since the last export, and it is still the same survey.
fn same_survey_grown(
    conn: &Connection,
    name: &str,
    format: &str,
    columns: &[SurveyColumn],
) -> Result<Option<i64>> {
    let candidates: Vec<i64> = conn
        .prepare("SELECT id FROM surveys WHERE name = ?1 AND format = ?2 ORDER BY id")?
        .query_map(params![name, format], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in candidates {
        let stored: Vec<String> = conn
            .prepare("SELECT column_key FROM survey_questions WHERE survey_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let shared = columns.iter().filter(|c| stored.contains(&c.key)).count();
        if shared * 2 > stored.len().max(columns.len()) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

fn questions(conn: &Connection, survey: i64) -> Result<Vec<Question>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, column_key, text, role, scale FROM survey_questions
         WHERE survey_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([survey], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, column, text, role, options) = row?;
        out.push(Question {
            id,
            column,
            text,
            role: ColumnRole::parse(&role).unwrap_or(ColumnRole::Ignore),
            options: serde_json::from_str(&options).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The stored respondent `id`.
fn snapshot(conn: &Connection, id: i64) -> Result<RespondentSnapshot> {
    let (submitted, line): (Option<String>, i64) = conn
        .prepare_cached("SELECT submitted, line FROM survey_respondents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut stmt = conn.prepare_cached(
        "SELECT q.column_key, a.value FROM survey_answers a
         JOIN survey_questions q ON q.id = a.question_id WHERE a.respondent_id = ?1",
    )?;
    let answers = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(RespondentSnapshot {
        submitted,
        line: line as u64,
        answers,
    })
}

/// What storing one response did.
#[derive(Debug, Clone, PartialEq)]
pub enum RespondentOutcome {
    /// A new respondent.
    Created(i64),
    /// An existing respondent changed; carries it as it was.
    Updated(i64, Box<RespondentSnapshot>),
    /// The file holds exactly what is stored.
    Unchanged(i64),
}

/// Stores one response of survey `survey` (whose columns are `columns`, with question ids
/// `question_ids`): created, updated by its key, or left alone when unchanged.
pub fn upsert_respondent(
    conn: &Connection,
    survey: i64,
    columns: &[SurveyColumn],
    question_ids: &[i64],
    row: &ResponseRow,
    batch: Option<i64>,
) -> Result<RespondentOutcome> {
    let answers: BTreeMap<String, String> = columns
        .iter()
        .zip(&row.cells)
        .filter(|(c, v)| c.role.is_stored() && !v.trim().is_empty())
        .map(|(c, v)| (c.key.clone(), v.trim().to_string()))
        .collect();
    let wanted = RespondentSnapshot {
        submitted: row.submitted.clone(),
        line: row.line,
        answers,
    };
    let existing: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM survey_respondents WHERE survey_id = ?1 AND source_key = ?2",
        )?
        .query_row(params![survey, row.key], |r| r.get(0))
        .optional()?;
    let ids: HashMap<&str, i64> = columns
        .iter()
        .zip(question_ids)
        .map(|(c, id)| (c.key.as_str(), *id))
        .collect();
    match existing {
        Some(id) => {
            let before = snapshot(conn, id)?;
            if before.submitted == wanted.submitted && before.answers == wanted.answers {
                return Ok(RespondentOutcome::Unchanged(id));
            }
            write_respondent(
                conn,
                survey,
                id,
                &wanted,
                &ids,
                batch,
                &mut reimport_bin(batch),
            )?;
            Ok(RespondentOutcome::Updated(id, Box::new(before)))
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO survey_respondents (survey_id, source_key, line, submitted, batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                survey,
                row.key,
                row.line as i64,
                row.submitted,
                batch
            ])?;
            let id = conn.last_insert_rowid();
            write_respondent(
                conn,
                survey,
                id,
                &wanted,
                &ids,
                batch,
                &mut reimport_bin(batch),
            )?;
            Ok(RespondentOutcome::Created(id))
        }
    }
}

/// Where a survey import puts answer documents that are no longer free text.
pub fn reimport_bin(batch: Option<i64>) -> Bin {
    let label = match batch {
        Some(b) => format!("answers that stopped being free text in survey import #{b}"),
        None => "answers that stopped being free text".to_string(),
    };
    Bin::new(TrashKind::SurveyReimport, batch, label)
}

/// Replaces a respondent's answers with `snap` and re-derives its documents.
fn write_respondent(
    conn: &Connection,
    survey: i64,
    id: i64,
    snap: &RespondentSnapshot,
    question_ids: &HashMap<&str, i64>,
    batch: Option<i64>,
    bin: &mut Bin,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE survey_respondents SET submitted = ?2, line = ?3, batch_id = COALESCE(?4, batch_id)
         WHERE id = ?1",
    )?
    .execute(params![id, snap.submitted, snap.line as i64, batch])?;
    // Keep the document links of answers that stay, so documents are updated, not recreated.
    let links: HashMap<i64, i64> = conn
        .prepare_cached(
            "SELECT question_id, document_id FROM survey_answers
             WHERE respondent_id = ?1 AND document_id IS NOT NULL",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    conn.prepare_cached("DELETE FROM survey_answers WHERE respondent_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO survey_answers (respondent_id, question_id, value, document_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut kept = Vec::new();
    for (column, value) in &snap.answers {
        if let Some(q) = question_ids.get(column.as_str()) {
            let doc = links.get(q).copied();
            kept.extend(doc);
            insert.execute(params![id, q, value, doc])?;
        }
    }
    // Documents of answers that are gone.
    let stamp = crate::store::db::now();
    for doc in links.values().filter(|d| !kept.contains(d)) {
        bin.put(conn, *doc, &stamp)?;
    }
    sync_documents(conn, survey, Some(id), batch, bin)
}

/// Brings the `survey_response` documents of a survey (or of one respondent) in line with its
/// answers: one per non-empty free-text answer, carrying the respondent's team and date.
pub fn sync_documents(
    conn: &Connection,
    survey: i64,
    respondent: Option<i64>,
    batch: Option<i64>,
    bin: &mut Bin,
) -> Result<()> {
    let qs = questions(conn, survey)?;
    let by_id: HashMap<i64, &Question> = qs.iter().map(|q| (q.id, q)).collect();
    let team_q = qs.iter().find(|q| q.role == ColumnRole::Team).map(|q| q.id);
    let name: String = conn.query_row("SELECT name FROM surveys WHERE id = ?1", [survey], |r| {
        r.get(0)
    })?;
    // (respondent, its key, submitted, question, answer, document)
    type AnswerRow = (i64, String, Option<String>, i64, String, Option<i64>);
    let rows: Vec<AnswerRow> = {
        let mut stmt = conn.prepare_cached(
            "SELECT r.id, r.source_key, r.submitted, a.question_id, a.value, a.document_id
             FROM survey_respondents r JOIN survey_answers a ON a.respondent_id = r.id
             WHERE r.survey_id = ?1 AND (?2 IS NULL OR r.id = ?2)",
        )?;
        let rows = stmt.query_map(params![survey, respondent], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let teams: HashMap<i64, String> = rows
        .iter()
        .filter(|r| Some(r.3) == team_q)
        .map(|r| (r.0, r.4.clone()))
        .collect();
    let stamp = crate::store::db::now();
    let tags = vec![name.clone()];
    for (rid, key, submitted, qid, value, doc) in rows {
        let Some(q) = by_id.get(&qid) else { continue };
        if q.role != ColumnRole::Text {
            if let Some(doc) = doc {
                bin.put(conn, doc, &stamp)?;
                conn.prepare_cached(
                    "UPDATE survey_answers SET document_id = NULL
                     WHERE respondent_id = ?1 AND question_id = ?2",
                )?
                .execute(params![rid, qid])?;
            }
            continue;
        }
        let title = question_title(&q.text);
        let date = submitted
            .as_deref()
            .map(|s| s.chars().take(10).collect::<String>());
        let source_key = format!("survey:{survey}:{key}:{}", q.column);
        let imported = documents::Imported {
            kind: DocumentKind::SurveyResponse,
            title: &title,
            body: &value,
            team: teams.get(&rid).map(String::as_str),
            date: date.as_deref(),
            tags: &tags,
            source_key: &source_key,
            batch,
        };
        let unchanged = match doc {
            Some(d) => documents::matches(conn, d, &imported)?,
            None => false,
        };
        if unchanged {
            continue;
        }
        // An answer document an earlier undo or re-import put in the trash comes back, with its
        // quotes and links, rather than being written again beside it.
        let linked = doc.is_some();
        let doc = match doc {
            Some(d) => Some(d),
            None => {
                match documents::find_by_source(conn, DocumentKind::SurveyResponse, &source_key)? {
                    Some(old) => {
                        documents::from_trash(conn, old, &stamp)?;
                        Some(old)
                    }
                    None => None,
                }
            }
        };
        let id = documents::write_imported(conn, doc, &imported)?;
        if !linked {
            conn.prepare_cached(
                "UPDATE survey_answers SET document_id = ?3 WHERE respondent_id = ?1 AND question_id = ?2",
            )?
            .execute(params![rid, qid, id])?;
        }
    }
    Ok(())
}

fn question_title(question: &str) -> String {
    let (group, item) = split_grid(question);
    let full = match (group, item) {
        (Some(g), Some(i)) => format!("{g}: {i}"),
        _ => question.to_string(),
    };
    let mut out: String = full.chars().take(160).collect();
    if out.len() < full.len() {
        out.push('…');
    }
    out
}

/// Splits a grid question `Stem [Item]` (Google Forms) into its stem and item.
pub fn split_grid(text: &str) -> (Option<String>, Option<String>) {
    let t = text.trim();
    if let (Some(open), true) = (t.rfind(" ["), t.ends_with(']')) {
        let stem = t[..open].trim();
        let item = t[open + 2..t.len() - 1].trim();
        if !stem.is_empty() && !item.is_empty() {
            return (Some(stem.to_string()), Some(item.to_string()));
        }
    }
    (None, None)
}

/// Records in `survey_changes` what a batch did to a respondent.
pub fn record_change(
    conn: &Connection,
    batch: i64,
    survey: i64,
    respondent: i64,
    previous: Option<&RespondentSnapshot>,
) -> Result<()> {
    let previous = previous
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| Error::Internal(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO survey_changes (batch_id, respondent_id, survey_id, previous)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![batch, respondent, survey, previous])?;
    Ok(())
}

/// Every survey's name by id, in id order.
pub fn names(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare("SELECT id, name FROM surveys ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One scored satisfaction answer of a submitted response.
#[derive(Debug, Clone)]
pub struct Satisfaction {
    /// `nps` (a 0–10 answer: +100 promoter, 0 passive, −100 detractor) or `csat` (1 satisfied,
    /// 0 not).
    pub metric: &'static str,
    /// The answer's score.
    pub score: f64,
    /// When the response was submitted (as imported).
    pub submitted: String,
    /// The respondent's answer to the survey's team question.
    pub team: Option<String>,
}

/// Every NPS and satisfaction answer of submitted responses, read by its question's
/// `scale::Scorer` as the Surveys view reads it; answers no scale can read are left out.
pub fn satisfaction(conn: &Connection) -> Result<Vec<Satisfaction>> {
    let scorers = scale::scorers(conn)?;
    let mut stmt = conn.prepare(
        "SELECT a.question_id, a.value, r.submitted,
                (SELECT ta.value FROM survey_answers ta JOIN survey_questions tq ON tq.id = ta.question_id
                  WHERE ta.respondent_id = r.id AND tq.role = 'team' LIMIT 1)
         FROM survey_answers a
         JOIN survey_questions q ON q.id = a.question_id
         JOIN survey_respondents r ON r.id = a.respondent_id
         WHERE r.submitted IS NOT NULL AND q.role IN ('nps', 'likert')",
    )?;
    let mut out = Vec::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })? {
        let (question, value, submitted, team) = row?;
        let Some(scorer) = scorers.get(&question) else {
            continue;
        };
        let (metric, score) = if let Some(points) = scorer.nps_points(&value) {
            ("nps", points)
        } else if let Some(satisfied) = scorer.satisfied(&value) {
            ("csat", if satisfied { 1.0 } else { 0.0 })
        } else {
            continue;
        };
        out.push(Satisfaction {
            metric,
            score,
            submitted,
            team,
        });
    }
    Ok(out)
}

/// The mean position (0–1 on each question's declared scale) of every scored answer, per
/// respondent, for respondents whose free-text answers are documents: how positive the person
/// behind a survey document is.
pub fn sentiment_by_respondent(conn: &Connection) -> Result<HashMap<i64, f64>> {
    let scorers = scale::scorers(conn)?;
    let mut sums: HashMap<i64, (f64, u32)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT a.respondent_id, a.question_id, a.value FROM survey_answers a
         WHERE a.respondent_id IN (SELECT respondent_id FROM survey_answers WHERE document_id IS NOT NULL)",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let q: i64 = r.get(1)?;
        let value = r.get_ref(2)?.as_str().unwrap_or("");
        let Some(position) = scorers.get(&q).and_then(|s| s.position(value)) else {
            continue;
        };
        let e = sums.entry(r.get(0)?).or_default();
        e.0 += position;
        e.1 += 1;
    }
    Ok(sums
        .into_iter()
        .map(|(resp, (sum, n))| (resp, sum / n as f64))
        .collect())
}

/// Free-text answer documents whose respondent is named by an email (the respondent column of
/// the export held one), with that email: how survey answers link to people.
pub fn identified_respondents(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT a.document_id, r.source_key FROM survey_answers a
         JOIN survey_respondents r ON r.id = a.respondent_id
         WHERE a.document_id IS NOT NULL AND r.source_key LIKE '%_@_%._%'
         ORDER BY a.document_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The respondent behind each free-text answer document.
pub fn respondent_by_document(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare(
        "SELECT document_id, MIN(respondent_id) FROM survey_answers
         WHERE document_id IS NOT NULL GROUP BY document_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Later batches (ascending) that changed a respondent of `batch`; the import module picks the
/// first one that is not undone.
pub fn later_batches(conn: &Connection, batch: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT c2.batch_id FROM survey_changes c1
         JOIN survey_changes c2 ON c2.respondent_id = c1.respondent_id AND c2.batch_id > c1.batch_id
         WHERE c1.batch_id = ?1 ORDER BY c2.batch_id",
    )?;
    let rows = stmt.query_map([batch], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The answer documents of respondents `batch` created (what undoing it would move to the trash).
pub fn documents_created_by(conn: &Connection, batch: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT a.document_id FROM survey_changes c JOIN survey_answers a ON a.respondent_id = c.respondent_id
         WHERE c.batch_id = ?1 AND c.previous IS NULL AND a.document_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([batch], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes back what `batch` did to survey respondents (inside the undo transaction): created
/// respondents and their documents are removed, updated ones get their answers back, and a survey
/// left without respondents is removed.
pub fn undo_batch(conn: &Connection, batch: i64, bin: &mut Bin) -> Result<()> {
    let changes: Vec<(i64, i64, Option<String>)> = {
        let mut stmt = conn.prepare(
            "SELECT respondent_id, survey_id, previous FROM survey_changes WHERE batch_id = ?1",
        )?;
        let rows = stmt.query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let stamp = crate::store::db::now();
    let mut surveys = Vec::new();
    for (respondent, survey, previous) in changes {
        if !surveys.contains(&survey) {
            surveys.push(survey);
        }
        match previous {
            None => {
                let docs: Vec<i64> = conn
                    .prepare_cached(
                        "SELECT document_id FROM survey_answers
                         WHERE respondent_id = ?1 AND document_id IS NOT NULL",
                    )?
                    .query_map([respondent], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                for doc in docs {
                    bin.put(conn, doc, &stamp)?;
                }
                conn.execute("DELETE FROM survey_respondents WHERE id = ?1", [respondent])?;
            }
            Some(json) => {
                let snap: RespondentSnapshot = serde_json::from_str(&json).map_err(|e| {
                    Error::Internal(format!("undo snapshot of respondent {respondent}: {e}"))
                })?;
                let qs = questions(conn, survey)?;
                let ids: HashMap<&str, i64> =
                    qs.iter().map(|q| (q.column.as_str(), q.id)).collect();
                write_respondent(conn, survey, respondent, &snap, &ids, None, bin)?;
            }
        }
    }
    for survey in surveys {
        let left: i64 = conn.query_row(
            "SELECT COUNT(*) FROM survey_respondents WHERE survey_id = ?1",
            [survey],
            |r| r.get(0),
        )?;
        if left == 0 {
            conn.execute("DELETE FROM surveys WHERE id = ?1", [survey])?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading: the survey list and summaries.

/// A survey in the list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SurveyInfo {
    /// Survey id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name (from the file name).
    pub name: String,
    /// Export format (`google-forms`, `qualtrics`, `typeform`, `csv`, `xlsx`).
    pub format: String,
    /// The file last imported into it.
    pub source_path: String,
    /// Respondents stored.
    #[ts(type = "number")]
    pub respondents: u64,
    /// Question columns.
    #[ts(type = "number")]
    pub questions: u64,
    /// Free-text answers (each a searchable document).
    #[ts(type = "number")]
    pub text_answers: u64,
    /// Last import (RFC 3339).
    pub updated_at: String,
}

/// How many answers chose one option (or fell in one bucket).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OptionCount {
    /// The option, scale point or bucket.
    pub label: String,
    /// Answers.
    #[ts(type = "number")]
    pub count: u64,
}

/// Net Promoter Score of a 0–10 question.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Nps {
    /// % promoters (9–10) − % detractors (0–6), from −100 to 100.
    pub score: f64,
    /// Answers of 9 or 10.
    #[ts(type = "number")]
    pub promoters: u64,
    /// Answers of 7 or 8.
    #[ts(type = "number")]
    pub passives: u64,
    /// Answers of 0 to 6.
    #[ts(type = "number")]
    pub detractors: u64,
}

/// One question's figures for the respondents of one team.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TeamBreakdown {
    /// Team as answered.
    pub team: String,
    /// Answers from that team.
    #[ts(type = "number")]
    pub answered: u64,
    /// Mean score (Likert, numeric, NPS).
    pub mean: Option<f64>,
    /// NPS of the team (NPS questions).
    pub nps: Option<f64>,
    /// CSAT % of the team (satisfaction questions).
    pub csat: Option<f64>,
    /// Distribution of the team's answers.
    pub options: Vec<OptionCount>,
}

/// The figures of one question.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct QuestionSummary {
    /// Question id.
    #[ts(type = "number")]
    pub id: i64,
    /// Column key.
    pub column: String,
    /// The question as asked.
    pub text: String,
    /// Grid questions: the shared stem (`To what extent do you agree…`).
    pub group: Option<String>,
    /// Grid questions: this row's item.
    pub item: Option<String>,
    /// What kind of question it is.
    pub role: ColumnRole,
    /// Respondents who answered.
    #[ts(type = "number")]
    pub answered: u64,
    /// Distribution: scale points lowest first, options most chosen first, numeric buckets.
    pub options: Vec<OptionCount>,
    /// Mean score: Likert (1 = lowest point), numeric, NPS.
    pub mean: Option<f64>,
    /// Lowest point of the scale.
    pub scale_min: Option<f64>,
    /// Highest point of the scale.
    pub scale_max: Option<f64>,
    /// NPS questions.
    pub nps: Option<Nps>,
    /// Satisfaction questions: % of answers in the top two points.
    pub csat: Option<f64>,
    /// Free text: a few answers to read (the rest are found by search).
    pub examples: Vec<String>,
    /// The same figures per team (when a column holds the respondent's team).
    pub by_team: Vec<TeamBreakdown>,
}

/// A respondent attribute and the values respondents gave.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Facet {
    /// Column key (what a filter names).
    pub column: String,
    /// The question as asked.
    pub text: String,
    /// Team, role, tenure or another attribute.
    pub role: ColumnRole,
    /// Values and how many respondents gave each, most common first.
    pub values: Vec<OptionCount>,
}

/// Keep only respondents whose attribute `column` is `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FacetFilter {
    /// The attribute's column key (or its role name: `team`, `role`, `tenure`).
    pub column: String,
    /// The value (case-insensitive).
    pub value: String,
}

/// A survey's summary, for the respondents matching the filters.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SurveySummary {
    /// The survey.
    pub survey: SurveyInfo,
    /// Filters applied.
    pub filters: Vec<FacetFilter>,
    /// Respondents matching them.
    #[ts(type = "number")]
    pub respondents: u64,
    /// Respondent attributes (over all respondents), to filter by.
    pub facets: Vec<Facet>,
    /// Every question, in the survey's order.
    pub questions: Vec<QuestionSummary>,
}

/// Every survey, most recently imported first.
pub fn list(conn: &Connection) -> Result<Vec<SurveyInfo>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, s.format, s.source_path, s.updated_at,
            (SELECT COUNT(*) FROM survey_respondents r WHERE r.survey_id = s.id),
            (SELECT COUNT(*) FROM survey_questions q WHERE q.survey_id = s.id
               AND q.role IN ('likert', 'nps', 'single', 'multiple', 'numeric', 'text')),
            (SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
               WHERE q.survey_id = s.id AND a.document_id IS NOT NULL)
         FROM surveys s ORDER BY s.updated_at DESC, s.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SurveyInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            format: r.get(2)?,
            source_path: r.get(3)?,
            updated_at: r.get(4)?,
            respondents: r.get::<_, i64>(5)? as u64,
            questions: r.get::<_, i64>(6)? as u64,
            text_answers: r.get::<_, i64>(7)? as u64,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Splits a multiple-choice cell into its options. Google Forms joins options with ", ", and
/// options may hold commas themselves (`Documentation (quickstart, howto, wiki, etc)`), so a known
/// option is matched first, and otherwise a piece continues the previous one while parentheses
/// are open or when it starts in lower case.
pub fn split_options(cell: &str, known: &[String]) -> Vec<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = cell;
    'outer: while !rest.is_empty() {
        // The longest known option that the rest starts with, followed by ", " or the end.
        let mut best: Option<&str> = None;
        for k in known {
            if rest.starts_with(k.as_str())
                && (rest.len() == k.len() || rest[k.len()..].starts_with(", "))
                && best.is_none_or(|b| k.len() > b.len())
            {
                best = Some(k);
            }
        }
        if let Some(k) = best {
            out.push(k.to_string());
            rest = rest[k.len()..].trim_start_matches(", ");
            continue;
        }
        // No known option: take pieces while they continue one option.
        let mut end = 0;
        let mut depth = 0i32;
        let pieces: Vec<&str> = rest.split(", ").collect();
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                let continues = depth > 0
                    || piece
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
                if !continues {
                    out.push(rest[..end].trim().to_string());
                    rest = rest[end..].trim_start_matches(", ");
                    continue 'outer;
                }
                end += 2;
            }
            depth += piece.matches(['(', '[']).count() as i32;
            depth -= piece.matches([')', ']']).count() as i32;
            end += piece.len();
        }
        out.push(rest.trim().to_string());
        break;
    }
    out.retain(|o| !o.is_empty());
    out
}

struct Figures {
    answered: u64,
    options: Vec<OptionCount>,
    mean: Option<f64>,
    nps: Option<Nps>,
    csat: Option<f64>,
    range: (Option<f64>, Option<f64>),
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The figures of question `q` over `values` (some or all of its answers), read by `scorer`
/// (built from all of its answers, so a filtered subset is read on the same scale).
fn figures(q: &Question, scorer: &scale::Scorer, values: &[&str]) -> Figures {
    let answered = values.len() as u64;
    let scores: Vec<f64> = values.iter().filter_map(|v| scorer.score(v)).collect();
    let mean = (!scores.is_empty()
        && matches!(
            q.role,
            ColumnRole::Likert | ColumnRole::Nps | ColumnRole::Numeric
        ))
    .then(|| (scores.iter().sum::<f64>() / scores.len() as f64 * 100.0).round() / 100.0);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut options = Vec::new();
    let mut range = scorer
        .scale
        .map_or((None, None), |s| (Some(s.low), Some(s.high)));
    match q.role {
        ColumnRole::Likert if !q.options.is_empty() => {
            for v in values {
                *counts.entry(v.trim().to_lowercase()).or_default() += 1;
            }
            options = q
                .options
                .iter()
                .map(|o| OptionCount {
                    label: o.clone(),
                    count: counts.get(&o.trim().to_lowercase()).copied().unwrap_or(0),
                })
                .collect();
        }
        ColumnRole::Likert | ColumnRole::Nps => {
            if let Some(s) = scorer.scale {
                options = s
                    .points()
                    .map(|p| OptionCount {
                        label: p.to_string(),
                        count: scores.iter().filter(|s| s.round() as i64 == p).count() as u64,
                    })
                    .collect();
            }
        }
        ColumnRole::Numeric => {
            options = buckets(&scores);
            range = (
                scores.iter().cloned().reduce(f64::min),
                scores.iter().cloned().reduce(f64::max),
            );
        }
        ColumnRole::Single
        | ColumnRole::Multiple
        | ColumnRole::Team
        | ColumnRole::Role
        | ColumnRole::Tenure
        | ColumnRole::Attribute => {
            let mut labels: HashMap<String, String> = HashMap::new();
            for v in values {
                let picked = if q.role == ColumnRole::Multiple {
                    split_options(v, &q.options)
                } else {
                    vec![v.trim().to_string()]
                };
                for p in picked {
                    let key = p.to_lowercase();
                    labels.entry(key.clone()).or_insert(p);
                    *counts.entry(key).or_default() += 1;
                }
            }
            options = counts
                .iter()
                .map(|(k, c)| OptionCount {
                    label: labels[k].clone(),
                    count: *c,
                })
                .collect();
            options.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        }
        _ => {}
    }
    let nps = match q.role {
        ColumnRole::Nps => scale::nps(&scores).map(|n| Nps {
            score: round1(n.score),
            ..n
        }),
        _ => None,
    };
    let csat = scorer.csat(&scores).map(|c| round1(c * 100.0));
    Figures {
        answered,
        options,
        mean,
        nps,
        csat,
        range,
    }
}

/// Counts per value when there are few, else ten equal-width buckets.
fn buckets(scores: &[f64]) -> Vec<OptionCount> {
    let mut distinct: Vec<f64> = scores.to_vec();
    distinct.sort_by(|a, b| a.total_cmp(b));
    distinct.dedup();
    let label = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        }
    };
    if distinct.len() <= 12 {
        return distinct
            .iter()
            .map(|d| OptionCount {
                label: label(*d),
                count: scores.iter().filter(|s| *s == d).count() as u64,
            })
            .collect();
    }
    let (lo, hi) = (distinct[0], distinct[distinct.len() - 1]);
    let width = (hi - lo) / 10.0;
    (0..10)
        .map(|i| {
            let a = lo + width * i as f64;
            let b = if i == 9 {
                hi
            } else {
                lo + width * (i + 1) as f64
            };
            OptionCount {
                label: format!("{}–{}", label(a), label(b)),
                count: scores
                    .iter()
                    .filter(|s| **s >= a && (**s < b || (i == 9 && **s <= b)))
                    .count() as u64,
            }
        })
        .collect()
}

/// The summary of survey `id` for the respondents matching every filter.
pub fn summary(conn: &Connection, id: i64, filters: &[FacetFilter]) -> Result<SurveySummary> {
    let survey = list(conn)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::NotFound(format!("no survey with id {id}")))?;
    let qs = questions(conn, id)?;
    // Each filter names an attribute column by key or by role.
    let mut wanted: Vec<(i64, String)> = Vec::new();
    for f in filters {
        let q = qs
            .iter()
            .find(|q| q.column.eq_ignore_ascii_case(&f.column))
            .or_else(|| {
                qs.iter()
                    .find(|q| ColumnRole::parse(&f.column) == Some(q.role) && q.role.is_attribute())
            })
            .ok_or_else(|| {
                Error::invalid(
                    "filter",
                    format!(
                        "survey {id} has no column {:?} (attributes: {})",
                        f.column,
                        qs.iter()
                            .filter(|q| q.role.is_attribute())
                            .map(|q| format!("{} ({})", q.column, q.role.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        wanted.push((q.id, f.value.trim().to_lowercase()));
    }
    // respondent → question → value
    let mut answers: HashMap<i64, HashMap<i64, String>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT a.respondent_id, a.question_id, a.value FROM survey_answers a
             JOIN survey_respondents r ON r.id = a.respondent_id WHERE r.survey_id = ?1",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (rid, qid, value) = row?;
            answers.entry(rid).or_default().insert(qid, value);
        }
    }
    let all_respondents: Vec<i64> = conn
        .prepare("SELECT id FROM survey_respondents WHERE survey_id = ?1 ORDER BY id")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let empty = HashMap::new();
    let matching: Vec<i64> = all_respondents
        .iter()
        .copied()
        .filter(|rid| {
            let a = answers.get(rid).unwrap_or(&empty);
            wanted
                .iter()
                .all(|(q, v)| a.get(q).is_some_and(|x| x.trim().to_lowercase() == *v))
        })
        .collect();
    // Every respondent's answers to `q`: what its scale is read from, and the facets' values.
    let everyone = |q: &Question| -> Vec<&str> {
        all_respondents
            .iter()
            .filter_map(|r| {
                answers
                    .get(r)
                    .and_then(|a| a.get(&q.id))
                    .map(String::as_str)
            })
            .collect()
    };
    let scorer = |q: &Question| scale::Scorer::new(q.role, &q.text, q.options.clone(), everyone(q));
    let facets = qs
        .iter()
        .filter(|q| q.role.is_attribute())
        .map(|q| Facet {
            column: q.column.clone(),
            text: q.text.clone(),
            role: q.role,
            values: figures(q, &scorer(q), &everyone(q)).options,
        })
        .collect();
    let team_q = qs.iter().find(|q| q.role == ColumnRole::Team).map(|q| q.id);
    let mut out = Vec::new();
    for q in qs.iter().filter(|q| q.role.is_question()) {
        let values: Vec<&str> = matching
            .iter()
            .filter_map(|r| {
                answers
                    .get(r)
                    .and_then(|a| a.get(&q.id))
                    .map(String::as_str)
            })
            .collect();
        let scorer = scorer(q);
        let f = figures(q, &scorer, &values);
        let mut by_team = Vec::new();
        if let Some(tq) = team_q.filter(|_| q.role != ColumnRole::Text) {
            let mut teams: BTreeMap<String, (String, Vec<&str>)> = BTreeMap::new();
            for r in &matching {
                let a = answers.get(r).unwrap_or(&empty);
                if let (Some(team), Some(v)) = (a.get(&tq), a.get(&q.id)) {
                    let e = teams
                        .entry(team.trim().to_lowercase())
                        .or_insert_with(|| (team.trim().to_string(), Vec::new()));
                    e.1.push(v.as_str());
                }
            }
            for (_, (team, vals)) in teams {
                let t = figures(q, &scorer, &vals);
                by_team.push(TeamBreakdown {
                    team,
                    answered: t.answered,
                    mean: t.mean,
                    nps: t.nps.map(|n| n.score),
                    csat: t.csat,
                    options: t.options,
                });
            }
            by_team.sort_by(|a, b| b.answered.cmp(&a.answered).then(a.team.cmp(&b.team)));
        }
        let (group, item) = split_grid(&q.text);
        out.push(QuestionSummary {
            id: q.id,
            column: q.column.clone(),
            text: q.text.clone(),
            group,
            item,
            role: q.role,
            answered: f.answered,
            options: f.options,
            mean: f.mean,
            scale_min: f.range.0,
            scale_max: f.range.1,
            nps: f.nps,
            csat: f.csat,
            examples: if q.role == ColumnRole::Text {
                values
                    .iter()
                    .filter(|v| v.chars().count() > 3)
                    .take(3)
                    .map(|v| {
                        let s: String = v.chars().take(240).collect();
                        if s.len() < v.len() {
                            format!("{s}…")
                        } else {
                            s
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
            by_team,
        });
    }
    Ok(SurveySummary {
        survey,
        filters: filters.to_vec(),
        respondents: matching.len() as u64,
        facets,
        questions: out,
    })
}

/// What the command table calls for surveys.
impl crate::Workspace {
    /// Every imported survey, most recently imported first.
    pub fn surveys(&self) -> Result<Vec<SurveyInfo>> {
        list(self.conn())
    }

    /// The summary of one survey for the respondents matching every filter.
    pub fn survey_summary(&self, id: i64, filters: &[FacetFilter]) -> Result<SurveySummary> {
        summary(self.conn(), id, filters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_with_commas_inside_stay_whole() {
        let cell = "Documentation (quickstart, howto, wiki, etc), Videos / Demos, Software-defined infrastructure: compute, network and storage, Chats";
        assert_eq!(
            split_options(cell, &[]),
            vec![
                "Documentation (quickstart, howto, wiki, etc)",
                "Videos / Demos",
                "Software-defined infrastructure: compute, network and storage",
                "Chats"
            ]
        );
        // A known option wins over the heuristics.
        let known = vec!["go".to_string(), "Rust".to_string()];
        assert_eq!(split_options("Rust, go", &known), vec!["Rust", "go"]);
        assert!(split_options("  ", &known).is_empty());
    }

    #[test]
    fn grid_questions_split_into_stem_and_item() {
        assert_eq!(
            split_grid("To what extent do you agree: [Flaky tests hinder CI.]"),
            (
                Some("To what extent do you agree:".into()),
                Some("Flaky tests hinder CI.".into())
            )
        );
        assert_eq!(split_grid("Plain question?"), (None, None));
    }

    #[test]
    fn nps_and_csat_figures() {
        let q = Question {
            id: 1,
            column: "q".into(),
            text: "How likely are you to recommend the platform?".into(),
            role: ColumnRole::Nps,
            options: Vec::new(),
        };
        // 3 promoters, 1 passive, 2 detractors: (3 - 2) / 6 = 16.7
        let answers = ["10", "9", "9", "7", "3", "6"];
        let f = figures(&q, &scorer(&q, &answers), &answers);
        let nps = f.nps.unwrap();
        assert_eq!((nps.promoters, nps.passives, nps.detractors), (3, 1, 2));
        assert_eq!(nps.score, 16.7);
        assert_eq!(f.options.len(), 11);
        assert_eq!(f.options[9].count, 2);

        let q = Question {
            id: 2,
            column: "s".into(),
            text: "How satisfied are you with CI?".into(),
            role: ColumnRole::Likert,
            options: [
                "Very dissatisfied",
                "Dissatisfied",
                "Neutral",
                "Satisfied",
                "Very satisfied",
            ]
            .map(String::from)
            .to_vec(),
        };
        let answers = ["Satisfied", "very satisfied", "Neutral", "Dissatisfied"];
        let f = figures(&q, &scorer(&q, &answers), &answers);
        assert_eq!(f.csat, Some(50.0));
        assert_eq!(f.mean, Some(3.5));
        assert_eq!(f.options[3].count, 1);
    }

    fn scorer(q: &Question, everyone: &[&str]) -> scale::Scorer {
        scale::Scorer::new(q.role, &q.text, q.options.clone(), everyone.iter().copied())
    }

    #[test]
    fn a_subset_is_read_on_the_whole_questions_scale() {
        let q = Question {
            id: 3,
            column: "c".into(),
            text: "How satisfied are you with CI?".into(),
            role: ColumnRole::Likert,
            options: Vec::new(),
        };
        // Someone answered 7, so the question is on 1–7; one team's answers stop at 5.
        let everyone = ["7", "6", "5", "5", "4"];
        let team = ["5", "5", "4"];
        let f = figures(&q, &scorer(&q, &everyone), &team);
        assert_eq!(f.range, (Some(1.0), Some(7.0)));
        assert_eq!(f.options.len(), 7);
        // Read on its own answers, 5 would have been a top-two answer.
        assert_eq!(f.csat, Some(0.0));
        assert_eq!(
            figures(&q, &scorer(&q, &everyone), &everyone).csat,
            Some(40.0)
        );
    }
}
