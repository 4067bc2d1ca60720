//! The `guides`, `guide_questions` and `guide_interviews` tables: interview guides (a named list of
//! questions in sections, each with a hint and follow-ups), the interviews that followed them, and
//! which part of each interview answers which question.
//!
//! Sections are matched when read, never stored, so editing a guide or re-importing a transcript
//! re-matches at once:
//! - a transcript: each interviewer turn is scored against every question ([`Matcher`]); a turn
//!   scoring at least [`MATCH_THRESHOLD`] starts that question's section, and the participant turns
//!   until the next matched interviewer turn are its answer. A low score starts nothing (the
//!   interviewer's probing stays in the current section).
//! - an interview typed in the app: a Markdown heading in its notes that names a question (as the
//!   template [`notes_template`] writes it, or close enough to score like a turn) starts that
//!   question's section; the text until the next heading is its answer.
//!
//! Deleting a guide deletes only the guide and its links: no interview or evidence is touched, so
//! it does not go to the trash.

use crate::error::{Error, Result};
use crate::research::interviews::{self, Interview};
use crate::research::transcripts::SpeakerRole;
use crate::store::db::{self, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// Longest guide name.
pub const MAX_NAME: usize = 200;
/// Longest question, hint or follow-up.
pub const MAX_TEXT: usize = 2000;
/// Most questions in a guide.
pub const MAX_QUESTIONS: usize = 500;
/// The lowest score (0–1) with which an interviewer's turn or a heading asks a question.
pub const MATCH_THRESHOLD: f64 = 0.5;
/// How much a hint's sentence counts next to the question itself.
const HINT_FACTOR: f64 = 0.8;

/// A question of a guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuideQuestion {
    /// Position in the guide, from 1 ("question 3").
    pub seq: u32,
    /// The section it belongs to ('' when the guide has none).
    pub section: String,
    /// The question as written.
    pub text: String,
    /// A hint for the interviewer (the guide's "Nudge"), or ''.
    pub hint: String,
    /// Follow-up questions asked depending on the answer.
    pub follow_ups: Vec<String>,
}

/// A question as written or parsed, before it has a position.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuestionInput {
    /// Section ('' for none).
    #[serde(default)]
    pub section: String,
    /// The question (required).
    pub text: String,
    /// Hint for the interviewer.
    #[serde(default)]
    pub hint: String,
    /// Follow-ups.
    #[serde(default)]
    pub follow_ups: Vec<String>,
}

/// A guide to create: its name and questions, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuideInput {
    /// Unique name (case-insensitive).
    pub name: String,
    /// The questions, in the order they are asked.
    pub questions: Vec<QuestionInput>,
}

/// A guide with its questions and the interviews that followed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guide {
    /// Guide id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name.
    pub name: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// Questions, in order.
    pub questions: Vec<GuideQuestion>,
    /// Live interviews attached to it, by id.
    #[ts(type = "Array<number>")]
    pub interviews: Vec<i64>,
}

/// A guide in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuideSummary {
    /// Guide id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name.
    pub name: String,
    /// How many questions it asks.
    pub questions: u32,
    /// How many live interviews are attached.
    pub interviews: u32,
    /// When it was created.
    pub created_at: String,
}

/// What one interview answered to one question: a participant's turn, or a typed interview's
/// notes under the question's heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Answer {
    /// The interview's document id.
    #[ts(type = "number")]
    pub interview_id: i64,
    /// Its title.
    pub title: String,
    /// Who was interviewed.
    pub participant: String,
    /// Day of the interview.
    pub date: String,
    /// Who spoke (transcripts).
    pub speaker: Option<String>,
    /// Offset into the recording (transcripts that give one).
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
    /// The turn (transcripts): the reader opens at it.
    pub turn_seq: Option<u32>,
    /// What was said or written.
    pub text: String,
}

/// One question's section in one interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Section {
    /// The question (its `seq`).
    pub question_seq: u32,
    /// How the interviewer asked it (the turn's text, or the heading).
    pub asked: String,
    /// The interviewer's turn that started it (transcripts).
    pub turn_seq: Option<u32>,
    /// How well it matched the question, 0–1 (1 for a heading naming it exactly).
    pub score: f64,
    /// What was answered, in order.
    pub answers: Vec<Answer>,
}

/// An interview split into the guide's sections, in the interview's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InterviewSections {
    /// The interview.
    #[ts(type = "number")]
    pub interview_id: i64,
    /// Its title.
    pub title: String,
    /// Sections found, in order (a question asked twice has two).
    pub sections: Vec<Section>,
    /// Distinct questions it answers.
    pub questions_matched: u32,
}

/// How many attached interviews answer one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuestionCoverage {
    /// The question.
    pub question: GuideQuestion,
    /// Attached interviews with an answer to it.
    pub answered: u32,
    /// Attached interviews.
    pub interviews: u32,
}

// ---------------------------------------------------------------------------------------------
// Parsing a guide written in Markdown or plain text.

/// Words that open a question written as an instruction ("Describe the last feature…").
const ASKING_VERBS: &[&str] = &[
    "describe", "tell", "walk", "explain", "share", "talk", "give", "show", "list", "name",
    "imagine", "recall", "think",
];

/// Reads a guide written in Markdown or plain text.
///
/// - The first `# Heading` is the guide's name; every other heading starts a section.
/// - A top-level item (`- `, `* `, `+ `, `1. `, `1) `) or a plain line is a question when it ends
///   with `?` or opens with an asking verb (Describe, Tell, Walk me through, Explain, Share, Talk,
///   Give, Show, List, Name, Imagine, Recall, Think); anything else is housekeeping ("Thank you for
///   your time!", "Legal: …") and is skipped.
/// - An indented item (two spaces or a tab) is a follow-up of the question above it (skipped
///   under a skipped item).
/// - `(**Nudge**: …)` or `(Nudge: …)` at the end of a question is its hint.
pub fn parse_markdown(text: &str) -> GuideInput {
    let item = regex::Regex::new(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$").expect("item pattern");
    let mut out = GuideInput::default();
    let mut section = String::new();
    let mut in_fence = false;
    // Whether the last top-level item was kept as a question (follow-ups attach to it).
    let mut last_kept = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || trimmed.is_empty() {
            continue;
        }
        if let Some(heading) = heading_text(trimmed) {
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            if level == 1 && out.name.is_empty() && out.questions.is_empty() {
                out.name = heading;
            } else {
                section = heading;
            }
            last_kept = false;
            continue;
        }
        let (indent, body) = match item.captures(line) {
            Some(c) => (indent_width(&c[1]), c[2].trim().to_string()),
            None => (indent_width(line), trimmed.to_string()),
        };
        let is_item = item.is_match(line);
        if indent >= 2 {
            if last_kept && !body.is_empty() {
                if let Some(q) = out.questions.last_mut() {
                    q.follow_ups.push(body);
                }
            }
            continue;
        }
        let (question, hint) = split_hint(&body);
        if is_question(&question) {
            out.questions.push(QuestionInput {
                section: section.clone(),
                text: question,
                hint,
                follow_ups: Vec::new(),
            });
            last_kept = true;
        } else if is_item {
            last_kept = false;
        }
    }
    out
}

fn heading_text(line: &str) -> Option<String> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') && !rest.starts_with('\t') {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    Some(text.to_string())
}

fn indent_width(s: &str) -> usize {
    s.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The question and its hint: `(**Nudge**: …)` / `(Nudge: …)` to the end of the line.
fn split_hint(body: &str) -> (String, String) {
    let pattern =
        regex::Regex::new(r"(?i)\(\s*\*{0,2}\s*nudge\s*\*{0,2}\s*:?\s*\*{0,2}\s*").expect("hint");
    match pattern.find(body) {
        Some(m) => {
            let question = body[..m.start()].trim().to_string();
            let mut hint = body[m.end()..].trim();
            if let Some(h) = hint.strip_suffix(')') {
                hint = h.trim();
            }
            (question, hint.to_string())
        }
        None => (body.trim().to_string(), String::new()),
    }
}

fn is_question(text: &str) -> bool {
    let plain = text.trim().trim_matches('*').trim();
    if plain.is_empty() {
        return false;
    }
    if plain.ends_with('?') {
        return true;
    }
    let first = plain
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    ASKING_VERBS.contains(&first.as_str())
}

/// Largest guide file read (1 MiB): a script is a page or two.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a guide from a Markdown or text file (any common encoding). Its name is `name` when
/// given, else the file's `# Heading`, else the file's name without extension.
pub fn read_file(path: &std::path::Path, name: Option<&str>) -> Result<GuideInput> {
    let io = |source| Error::Io {
        context: format!("reading the guide {}", path.display()),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(invalid(
            "file",
            format!(
                "{} is {size} bytes; a guide file is at most {MAX_FILE_BYTES} bytes",
                path.display()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let (text, _) = crate::import::text::decode(&bytes, None)
        .map_err(|e| invalid("file", format!("{}: {e}", path.display())))?;
    let mut guide = parse_markdown(&text);
    if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
        guide.name = n.to_string();
    } else if guide.name.is_empty() {
        guide.name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    if guide.questions.is_empty() {
        return Err(invalid(
            "file",
            format!(
                "{} holds no questions (a question is a line or list item ending in '?' or opening with Describe, Tell, Walk…)",
                path.display()
            ),
        ));
    }
    Ok(guide)
}

// ---------------------------------------------------------------------------------------------
// Storing guides.

fn invalid(field: &str, message: String) -> Error {
    Error::InvalidInput {
        field: Some(field.into()),
        message,
    }
}

fn clean(input: &GuideInput) -> Result<GuideInput> {
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(invalid("name", "a guide needs a name".into()));
    }
    if name.chars().count() > MAX_NAME {
        return Err(invalid(
            "name",
            format!("a guide's name is at most {MAX_NAME} characters"),
        ));
    }
    if input.questions.is_empty() {
        return Err(invalid(
            "questions",
            format!("the guide {name:?} has no questions"),
        ));
    }
    if input.questions.len() > MAX_QUESTIONS {
        return Err(invalid(
            "questions",
            format!("a guide holds at most {MAX_QUESTIONS} questions"),
        ));
    }
    let mut questions = Vec::with_capacity(input.questions.len());
    for (i, q) in input.questions.iter().enumerate() {
        let text = q.text.trim().to_string();
        if text.is_empty() {
            return Err(invalid(
                &format!("questions.{}", i + 1),
                format!("question {} is empty", i + 1),
            ));
        }
        let long = [&text, &q.hint]
            .into_iter()
            .chain(q.follow_ups.iter())
            .any(|t| t.chars().count() > MAX_TEXT);
        if long {
            return Err(invalid(
                &format!("questions.{}", i + 1),
                format!("question {} is longer than {MAX_TEXT} characters", i + 1),
            ));
        }
        questions.push(QuestionInput {
            section: q.section.trim().to_string(),
            text,
            hint: q.hint.trim().to_string(),
            follow_ups: q
                .follow_ups
                .iter()
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect(),
        });
    }
    Ok(GuideInput { name, questions })
}

fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT id FROM guides WHERE name = ?1")?
        .query_row([name], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some_and(|id| Some(id) != except))
}

/// Creates a guide. invalid_input names the `field` (`name`, `questions`, `questions.N`).
pub fn create(conn: &Connection, input: &GuideInput) -> Result<Guide> {
    let input = clean(input)?;
    let id = db::transaction(conn, |tx| {
        if name_taken(tx, &input.name, None)? {
            return Err(invalid(
                "name",
                format!("a guide named {:?} already exists", input.name),
            ));
        }
        tx.execute(
            "INSERT INTO guides (name, created_at) VALUES (?1, ?2)",
            params![input.name, now()],
        )?;
        let id = tx.last_insert_rowid();
        let mut insert = tx.prepare_cached(
            "INSERT INTO guide_questions (guide_id, seq, section, text, hint, follow_ups)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, q) in input.questions.iter().enumerate() {
            let follow_ups = serde_json::to_string(&q.follow_ups).expect("strings serialize");
            insert.execute(params![
                id,
                i as i64 + 1,
                q.section,
                q.text,
                q.hint,
                follow_ups
            ])?;
        }
        Ok(id)
    })?;
    get(conn, id)
}

/// One guide with its questions and attached live interviews.
pub fn get(conn: &Connection, id: i64) -> Result<Guide> {
    let (name, created_at) = conn
        .prepare_cached("SELECT name, created_at FROM guides WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no guide with id {id}")))?;
    Ok(Guide {
        id,
        name,
        created_at,
        questions: questions(conn, id)?,
        interviews: attached(conn, id)?,
    })
}

fn questions(conn: &Connection, id: i64) -> Result<Vec<GuideQuestion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, section, text, hint, follow_ups FROM guide_questions
         WHERE guide_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        let follow_ups: String = r.get(4)?;
        Ok(GuideQuestion {
            seq: r.get(0)?,
            section: r.get(1)?,
            text: r.get(2)?,
            hint: r.get(3)?,
            follow_ups: serde_json::from_str(&follow_ups).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live interviews attached to a guide, by id.
fn attached(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.document_id FROM guide_interviews g JOIN documents d ON d.id = g.document_id
         WHERE g.guide_id = ?1 AND d.deleted_at IS NULL AND d.trash_id IS NULL
         ORDER BY g.document_id",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every guide, by name.
pub fn list(conn: &Connection) -> Result<Vec<GuideSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name, g.created_at,
                (SELECT COUNT(*) FROM guide_questions q WHERE q.guide_id = g.id),
                (SELECT COUNT(*) FROM guide_interviews i JOIN documents d ON d.id = i.document_id
                 WHERE i.guide_id = g.id AND d.deleted_at IS NULL AND d.trash_id IS NULL)
         FROM guides g ORDER BY g.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(GuideSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            created_at: r.get(2)?,
            questions: r.get(3)?,
            interviews: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The guide a user names: its id, or its name (any case).
pub fn find(conn: &Connection, id_or_name: &str) -> Result<i64> {
    let key = id_or_name.trim();
    if let Ok(id) = key.parse::<i64>() {
        let found = conn
            .prepare_cached("SELECT id FROM guides WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, i64>(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
    }
    conn.prepare_cached("SELECT id FROM guides WHERE name = ?1")?
        .query_row([key], |r| r.get::<_, i64>(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no guide named {key:?}")))
}

/// Renames a guide.
pub fn rename(conn: &Connection, id: i64, name: &str) -> Result<Guide> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(invalid(
            "name",
            format!("a guide's name is 1 to {MAX_NAME} characters"),
        ));
    }
    get(conn, id)?;
    if name_taken(conn, &name, Some(id))? {
        return Err(invalid(
            "name",
            format!("a guide named {name:?} already exists"),
        ));
    }
    conn.execute(
        "UPDATE guides SET name = ?1 WHERE id = ?2",
        params![name, id],
    )?;
    get(conn, id)
}

/// Deletes a guide, its questions and its links. The interviews stay as they are.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM guides WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("no guide with id {id}")));
    }
    Ok(())
}

/// Attaches interviews to a guide (attaching twice is a no-op).
pub fn attach(conn: &Connection, id: i64, interviews: &[i64]) -> Result<Guide> {
    get(conn, id)?;
    db::transaction(conn, |tx| {
        for &iv in interviews {
            interviews::get(tx, iv)?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO guide_interviews (guide_id, document_id) VALUES (?1, ?2)",
            )?
            .execute(params![id, iv])?;
        }
        Ok(())
    })?;
    get(conn, id)
}

/// Detaches interviews from a guide (one not attached is ignored).
pub fn detach(conn: &Connection, id: i64, interviews: &[i64]) -> Result<Guide> {
    get(conn, id)?;
    db::transaction(conn, |tx| {
        for &iv in interviews {
            tx.prepare_cached(
                "DELETE FROM guide_interviews WHERE guide_id = ?1 AND document_id = ?2",
            )?
            .execute(params![id, iv])?;
        }
        Ok(())
    })?;
    get(conn, id)
}

/// The notes a new interview following `guide` starts with: a `## Section` heading per section
/// and a `### Question` heading per question, with the hint as a comment, and room to write.
pub fn notes_template(guide: &Guide) -> String {
    let mut out = String::new();
    let mut section: Option<&str> = None;
    for q in &guide.questions {
        if !q.section.is_empty() && section != Some(q.section.as_str()) {
            out += &format!("## {}\n\n", q.section);
        }
        section = Some(q.section.as_str());
        out += &format!("### {}\n\n", q.text);
        if !q.hint.is_empty() {
            out += &format!("<!-- Nudge: {} -->\n\n", q.hint.replace("--", "—"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Matching.

/// Words that carry no question's meaning: function words, and what interviewers say around a
/// question ("okay, got it, so, like…").
const STOP_WORDS: &[&str] = &[
    "a", "about", "actually", "ahead", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "bit", "but", "by", "can", "could", "d", "did", "do", "does", "doing", "for",
    "from", "get", "go", "going", "got", "great", "guess", "guys", "had", "has", "have", "how",
    "i", "if", "in", "into", "is", "it", "its", "just", "kind", "know", "let", "like", "little",
    "ll", "m", "maybe", "me", "mean", "my", "of", "oh", "ok", "okay", "on", "or", "our", "please",
    "re", "really", "right", "s", "see", "so", "sort", "sorry", "t", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "think", "this", "those", "to", "uh", "um",
    "us", "ve", "was", "we", "well", "were", "what", "when", "where", "which", "who", "why",
    "will", "with", "would", "yeah", "yes", "you", "your",
];

/// One way a question is asked (its text, a follow-up, a hint's sentence): its words and weight.
type Way = (HashSet<String>, f64);

/// Scores text against a guide's questions. Each text becomes the set of its words, lower-cased,
/// without [`STOP_WORDS`], stemmed with the English stemmer the search index uses (tantivy's
/// `SimpleTokenizer` → `LowerCaser` → stop words → `Stemmer`). Each word weighs ln(1 + N/df)²,
/// N the number of questions and df how many use it (with their follow-ups and hint), so "team"
/// or "platform", in most questions, counts little and "funded" much; a word no question uses
/// weighs as little as the commonest. A text's score against a question is the weighted cosine of
/// the two sets, taken against the question, each follow-up and (× 0.8) each sentence of its hint,
/// whichever is highest, and 0 unless they share two words (a one-word question: that word, in a
/// text of three words at most).
pub struct Matcher {
    analyzer: tantivy::tokenizer::TextAnalyzer,
    /// Per question (in order): its seq and the word sets of its ways of being asked, with their
    /// weight.
    questions: Vec<(u32, Vec<Way>)>,
    /// Per word, in how many questions (with their follow-ups and hint) it occurs.
    df: std::collections::HashMap<String, usize>,
}

impl Matcher {
    /// A matcher for these questions.
    pub fn new(questions: &[GuideQuestion]) -> Matcher {
        use tantivy::tokenizer::{
            Language, LowerCaser, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
        };
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StopWordFilter::remove(
                STOP_WORDS.iter().map(|w| w.to_string()),
            ))
            .filter(Stemmer::new(Language::English))
            .build();
        let mut m = Matcher {
            analyzer,
            questions: Vec::new(),
            df: std::collections::HashMap::new(),
        };
        for q in questions {
            let mut ways = vec![(m.words(&q.text), 1.0)];
            for f in &q.follow_ups {
                ways.push((m.words(f), 1.0));
            }
            for sentence in q.hint.split(['?', '.', ';']) {
                let w = m.words(sentence);
                if w.len() >= 2 {
                    ways.push((w, HINT_FACTOR));
                }
            }
            ways.retain(|(w, _)| !w.is_empty());
            let all: HashSet<&String> = ways.iter().flat_map(|(w, _)| w.iter()).collect();
            for w in all {
                *m.df.entry(w.clone()).or_default() += 1;
            }
            m.questions.push((q.seq, ways));
        }
        m
    }

    /// The stemmed content words of `text`.
    pub fn words(&mut self, text: &str) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            out.insert(stream.token().text.clone());
        }
        out
    }

    /// The question the sentences of a turn ask best: each sentence is scored alone and all of
    /// them together, and the highest score wins (so one clear question is not drowned by the
    /// chatter around it, and a question spread over two sentences is still heard).
    pub fn best_of(&mut self, sentences: &[String], after: Option<u32>) -> Option<(u32, f64)> {
        if sentences.is_empty() {
            return None;
        }
        let mut texts: Vec<String> = sentences.to_vec();
        if sentences.len() > 1 {
            texts.push(sentences.join(" "));
        }
        let mut best: Option<(u32, f64)> = None;
        for t in &texts {
            if let Some((seq, score)) = self.best(t, after) {
                if best.is_none_or(|(_, s)| score > s + 1e-9) {
                    best = Some((seq, score));
                }
            }
        }
        best
    }

    /// The question `text` asks best and its score, when one scores at least
    /// [`MATCH_THRESHOLD`]. Ties go to the question nearest after `after` (the question asked
    /// last), then to the earlier one.
    pub fn best(&mut self, text: &str, after: Option<u32>) -> Option<(u32, f64)> {
        let words = self.words(text);
        if words.is_empty() {
            return None;
        }
        let n = self.questions.len().max(1) as f64;
        // A word's weight: rarer among the questions, stronger; a word no question uses (the
        // turn's own chatter) weighs as little as one every question uses.
        let weight = |w: &String| {
            let df = self.df.get(w).map_or(n, |&d| d.max(1) as f64);
            (1.0 + n / df).ln().powi(2)
        };
        let text_norm: f64 = words.iter().map(weight).sum::<f64>().sqrt();
        let mut best: Option<(u32, f64)> = None;
        for (seq, ways) in &self.questions {
            let score = ways
                .iter()
                .map(|(q, factor)| {
                    // Two shared words at least; a one-word question ("Who are your
                    // customers?") only in a short sentence (three words at most).
                    let shared_words = q.intersection(&words).count();
                    if shared_words < q.len().min(2) || (q.len() == 1 && words.len() > 3) {
                        return 0.0;
                    }
                    let shared: f64 = q.intersection(&words).map(weight).sum();
                    let q_norm: f64 = q.iter().map(weight).sum::<f64>().sqrt();
                    factor * shared / (q_norm * text_norm)
                })
                .fold(0.0_f64, f64::max);
            let better = match best {
                None => true,
                Some((b, s)) => {
                    score > s + 1e-9 || ((score - s).abs() <= 1e-9 && nearer(*seq, b, after))
                }
            };
            if better {
                best = Some((*seq, score));
            }
        }
        best.filter(|(_, s)| *s >= MATCH_THRESHOLD)
    }
}

/// Whether question `a` comes sooner than `b` after the question asked last.
fn nearer(a: u32, b: u32, after: Option<u32>) -> bool {
    let Some(after) = after else {
        return false;
    };
    let distance = |q: u32| {
        if q > after {
            q - after
        } else {
            u32::MAX / 2 + q
        }
    };
    distance(a) < distance(b)
}

/// An interview split into `guide`'s sections (see the module's doc for the rule).
pub fn sections(conn: &Connection, guide: &Guide, interview: i64) -> Result<InterviewSections> {
    let iv = interviews::get(conn, interview)?;
    let mut matcher = Matcher::new(&guide.questions);
    Ok(split(&mut matcher, guide, &iv))
}

fn answer(iv: &Interview, text: String) -> Answer {
    Answer {
        interview_id: iv.id,
        title: iv.title.clone(),
        participant: iv.participant.clone(),
        date: iv.date.clone(),
        speaker: None,
        start_ms: None,
        turn_seq: None,
        text,
    }
}

fn split(matcher: &mut Matcher, guide: &Guide, iv: &Interview) -> InterviewSections {
    let mut sections: Vec<Section> = Vec::new();
    if iv.turns.is_empty() {
        split_notes(matcher, guide, iv, &mut sections);
    } else {
        let mut current: Option<u32> = None;
        for t in &iv.turns {
            match t.role {
                SpeakerRole::Interviewer => {
                    let found = matcher.best_of(&asking(&t.text), current);
                    if let Some((seq, score)) = found {
                        if current != Some(seq) {
                            current = Some(seq);
                            sections.push(Section {
                                question_seq: seq,
                                asked: t.text.clone(),
                                turn_seq: Some(t.seq),
                                score,
                                answers: Vec::new(),
                            });
                        }
                    }
                }
                SpeakerRole::Participant => {
                    if let Some(s) = sections.last_mut() {
                        let mut a = answer(iv, t.text.clone());
                        a.speaker = Some(t.speaker.clone());
                        a.start_ms = t.start_ms;
                        a.turn_seq = Some(t.seq);
                        s.answers.push(a);
                    }
                }
            }
        }
    }
    let matched: HashSet<u32> = sections.iter().map(|s| s.question_seq).collect();
    InterviewSections {
        interview_id: iv.id,
        title: iv.title.clone(),
        sections,
        questions_matched: matched.len() as u32,
    }
}

/// The sentences of an interviewer's turn that ask something: those ending in `?` and those
/// opening with an asking verb ("Describe…", "Walk me through…"); none when the turn asks
/// nothing ("Got it.", a remark).
pub fn asking(turn: &str) -> Vec<String> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = turn.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let last = k + 1 == bytes.len();
        if matches!(c, '.' | '?' | '!' | '\n') || last {
            let end = i + c.len_utf8();
            let sentence = turn[start..end].trim();
            start = end;
            if sentence.is_empty() {
                continue;
            }
            if sentence.ends_with('?') || is_question(sentence.trim_end_matches(['.', '!'])) {
                out.push(sentence);
            }
        }
    }
    out.into_iter().map(str::to_string).collect()
}

fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Typed notes: a heading naming a question (exactly, or scoring like a turn; a heading naming one
/// of the guide's sections is never a question) starts its section, up to the next heading.
fn split_notes(matcher: &mut Matcher, guide: &Guide, iv: &Interview, out: &mut Vec<Section>) {
    let section_names: HashSet<String> = guide
        .questions
        .iter()
        .map(|q| normalized(&q.section))
        .collect();
    let number = regex::Regex::new(r"^(?i:q)?\d{1,3}[.):]\s+").expect("number pattern");
    let mut current: Option<(Section, Vec<&str>)> = None;
    let mut in_fence = false;
    let flush = |cur: Option<(Section, Vec<&str>)>, out: &mut Vec<Section>| {
        if let Some((mut s, lines)) = cur {
            let text = lines.join("\n");
            let text = strip_comments(&text);
            let text = text.trim();
            if !text.is_empty() {
                s.answers.push(answer(iv, text.to_string()));
            }
            out.push(s);
        }
    };
    let mut last: Option<u32> = None;
    for line in iv.notes.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let heading = if in_fence {
            None
        } else {
            heading_text(trimmed)
        };
        let Some(heading) = heading else {
            if let Some((_, lines)) = current.as_mut() {
                lines.push(line);
            }
            continue;
        };
        flush(current.take(), out);
        let bare = number.replace(&heading, "").to_string();
        let key = normalized(&bare);
        if section_names.contains(&key) {
            continue;
        }
        let exact = guide
            .questions
            .iter()
            .find(|q| normalized(&q.text) == key)
            .map(|q| (q.seq, 1.0));
        if let Some((seq, score)) = exact.or_else(|| matcher.best(&bare, last)) {
            last = Some(seq);
            current = Some((
                Section {
                    question_seq: seq,
                    asked: heading,
                    turn_seq: None,
                    score,
                    answers: Vec::new(),
                },
                Vec::new(),
            ));
        }
    }
    flush(current.take(), out);
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out += &rest[..start];
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out += rest;
    out
}

/// Every attached live interview split into the guide's sections.
pub fn all_sections(conn: &Connection, guide: &Guide) -> Result<Vec<InterviewSections>> {
    let mut matcher = Matcher::new(&guide.questions);
    let mut out = Vec::new();
    for &id in &guide.interviews {
        match interviews::get(conn, id) {
            Ok(iv) => out.push(split(&mut matcher, guide, &iv)),
            Err(Error::NotFound(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// What every attached interview answered to question `seq`, interview by interview in the
/// guide's order of attachment (by id), each in its own order.
pub fn answers(conn: &Connection, guide: &Guide, seq: u32) -> Result<Vec<Answer>> {
    if !guide.questions.iter().any(|q| q.seq == seq) {
        return Err(invalid(
            "question",
            format!(
                "the guide {:?} has questions 1 to {}; there is no question {seq}",
                guide.name,
                guide.questions.len()
            ),
        ));
    }
    Ok(all_sections(conn, guide)?
        .into_iter()
        .flat_map(|iv| iv.sections)
        .filter(|s| s.question_seq == seq)
        .flat_map(|s| s.answers)
        .collect())
}

/// Per question, how many attached interviews answer it.
pub fn coverage(conn: &Connection, guide: &Guide) -> Result<Vec<QuestionCoverage>> {
    let all = all_sections(conn, guide)?;
    Ok(guide
        .questions
        .iter()
        .map(|q| QuestionCoverage {
            question: q.clone(),
            answered: all
                .iter()
                .filter(|iv| {
                    iv.sections
                        .iter()
                        .any(|s| s.question_seq == q.seq && !s.answers.is_empty())
                })
                .count() as u32,
            interviews: all.len() as u32,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Platform script\n\n## Intro\n- Thank you for your time!\n- Legal: we record.\n\n## Background\n- How long have you been working on platforms?\n- Are you part of a platform team? (**Nudge**: Do they have one? (or several))\n  - If yes, what's the size of your team?\n- Describe the last feature you released.\n\nWhy did you choose it?\n\n## Conclusion\n- Thank them!\n  - not a follow-up\n- Do you have any questions for us?\n";

    fn q(seq: u32, text: &str) -> GuideQuestion {
        GuideQuestion {
            seq,
            section: String::new(),
            text: text.into(),
            hint: String::new(),
            follow_ups: vec![],
        }
    }

    #[test]
    fn a_markdown_guide_reads_as_sections_questions_hints_and_follow_ups() {
        let g = parse_markdown(GUIDE);
        assert_eq!(g.name, "Platform script");
        let texts: Vec<&str> = g.questions.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "How long have you been working on platforms?",
                "Are you part of a platform team?",
                "Describe the last feature you released.",
                "Why did you choose it?",
                "Do you have any questions for us?",
            ]
        );
        assert_eq!(g.questions[1].hint, "Do they have one? (or several)");
        assert_eq!(
            g.questions[1].follow_ups,
            ["If yes, what's the size of your team?"]
        );
        assert_eq!(g.questions[0].section, "Background");
        assert_eq!(g.questions[4].section, "Conclusion");
        assert!(g.questions[4].follow_ups.is_empty());
    }

    #[test]
    fn a_turn_matches_the_question_it_paraphrases_and_chatter_matches_none() {
        let qs = [
            q(1, "How long have you been working on platforms?"),
            q(2, "How long has the platform you work on existed?"),
            q(3, "How can a user access platform capabilities?"),
        ];
        let mut m = Matcher::new(&qs);
        assert_eq!(
            m.best(
                "Okay, great, okay, how long have you been work on platforms?",
                None
            )
            .map(|b| b.0),
            Some(1)
        );
        assert_eq!(
            m.best(
                "Okay, and how can a user access that capability? Or those capabilities?",
                None
            )
            .map(|b| b.0),
            Some(3)
        );
        assert_eq!(m.best("Got it. Okay, let's see.", None), None);
        assert_eq!(m.best("Tell me about the weather in Lisbon.", None), None);
    }

    #[test]
    fn numbered_items_and_plain_lines_are_questions() {
        let g = parse_markdown(
            "1. What slows you down? (Nudge: builds, reviews)\n2) Tell me about on-call.\nSome intro.\n  - When was the last page?\n```\n- In code?\n```\n",
        );
        let texts: Vec<&str> = g.questions.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["What slows you down?", "Tell me about on-call."]);
        assert_eq!(g.questions[0].hint, "builds, reviews");
        assert_eq!(g.questions[1].follow_ups, ["When was the last page?"]);
        assert_eq!(g.name, "");
    }

    #[test]
    fn a_turn_asks_in_its_questions_and_instructions_only() {
        assert_eq!(
            asking("Got it. So. Who are your customers? Who uses it?"),
            ["Who are your customers?", "Who uses it?"]
        );
        assert_eq!(asking("Describe your day. Okay."), ["Describe your day."]);
        assert!(asking("Got it. Makes sense.").is_empty());
    }

    #[test]
    fn typed_notes_split_at_the_headings_that_name_questions() {
        let guide = Guide {
            id: 1,
            name: "g".into(),
            created_at: String::new(),
            questions: vec![
                GuideQuestion {
                    section: "Builds".into(),
                    ..q(1, "How long does a build take?")
                },
                q(2, "What breaks most often?"),
            ],
            interviews: vec![],
        };
        let iv = Interview {
            id: 7,
            title: "t".into(),
            participant: "p".into(),
            team: None,
            role: String::new(),
            date: "2026-01-01".into(),
            interviewer: String::new(),
            notes: "## Builds\n\n### 2. What breaks most often?\n\nDisk.\n<!-- hint -->\n\n## Other\nNot an answer.\n\n### How long does a build take\n\nAn hour.\n".into(),
            tags: vec![],
            pain_points: vec![],
            created_at: String::new(),
            updated_at: String::new(),
            version: 1,
            transcript: None,
            turns: vec![],
        };
        let mut m = Matcher::new(&guide.questions);
        let s = split(&mut m, &guide, &iv);
        let got: Vec<(u32, Vec<&str>)> = s
            .sections
            .iter()
            .map(|s| {
                (
                    s.question_seq,
                    s.answers.iter().map(|a| a.text.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(got, [(2, vec!["Disk."]), (1, vec!["An hour."])]);
    }
}
