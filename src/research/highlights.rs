//! The `highlights` and `highlight_codes` tables: passages of a document's text, each coded with
//! codes of the codebook ([`crate::research::codebook`]).
//!
//! A highlight is anchored by character offsets into the document body *and* by its text with up
//! to [`CONTEXT_CHARS`] characters of context either side. When the body changes
//! ([`reanchor`], called by every update of a document), a highlight whose text is still at its
//! offsets stays; one whose text moved follows it (among several places, the one whose context
//! matches best, then the nearest); one whose text is gone is flagged `lost` for the user — never
//! silently moved onto other words.

use crate::error::{Error, Result};
use crate::research::{codebook, documents};
use crate::store::db::now;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Characters of context kept either side of a highlight to find it again.
pub const CONTEXT_CHARS: usize = 32;

/// One coded passage.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Highlight {
    /// Highlight id.
    #[ts(type = "number")]
    pub id: i64,
    /// The document it is in.
    #[ts(type = "number")]
    pub document: i64,
    /// That document's title.
    pub title: String,
    /// First character (Unicode scalar values into the body).
    #[ts(type = "number")]
    pub start: u64,
    /// One past the last character.
    #[ts(type = "number")]
    pub end: u64,
    /// The passage.
    pub text: String,
    /// `anchored`, or `lost` when an edit removed its text (its offsets then say where it was).
    pub status: String,
    /// Its codes' paths, sorted.
    pub codes: Vec<String>,
}

/// A passage to code: by its exact text (`quote`), or by offsets (`start`, `end`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HighlightInput {
    /// The document.
    #[ts(type = "number")]
    pub document: i64,
    /// The passage's text, found in the body (whitespace may differ); the first place wins.
    #[serde(default)]
    pub quote: Option<String>,
    /// First character, with `end`.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub start: Option<u64>,
    /// One past the last character.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub end: Option<u64>,
    /// Codes by path (made when missing) or id; at least one.
    pub codes: Vec<String>,
}

/// Byte offset of character `n` of `s` (its length past the end).
fn byte_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
}

fn char_at(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// The context either side of bytes `a..b` of `body`.
fn context(body: &str, a: usize, b: usize) -> (String, String) {
    let before: Vec<char> = body[..a].chars().rev().take(CONTEXT_CHARS).collect();
    let after: String = body[b..].chars().take(CONTEXT_CHARS).collect();
    (before.into_iter().rev().collect(), after)
}

/// Where `quote` is in `body` (bytes): exactly; else with any run of whitespace for each of its
/// spaces (a selection copied from a reflowed paragraph); else with Markdown emphasis marks
/// (`*`, `_`, `~`, `` ` ``) between its words too (a selection copied from rendered notes).
fn locate(body: &str, quote: &str) -> Option<(usize, usize)> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    if let Some(at) = body.find(quote) {
        return Some((at, at + quote.len()));
    }
    let words: Vec<String> = quote.split_whitespace().map(regex::escape).collect();
    [r"\s+", r"[\s*_~`]+"].iter().find_map(|gap| {
        let re = regex::Regex::new(&words.join(gap)).ok()?;
        re.find(body).map(|m| (m.start(), m.end()))
    })
}

/// Codes a passage: a new highlight, or the existing one over the same characters, which gains
/// the codes. A quote not in the document, or offsets outside it, is invalid_input.
pub fn add(conn: &Connection, input: &HighlightInput) -> Result<Highlight> {
    documents::live_title(conn, input.document)?;
    if input.codes.iter().all(|c| c.trim().is_empty()) {
        return Err(Error::invalid("codes", "give at least one code"));
    }
    let body: String = conn.query_row(
        "SELECT body FROM documents WHERE id = ?1",
        [input.document],
        |r| r.get(0),
    )?;
    let (a, b) = match (&input.quote, input.start, input.end) {
        (Some(q), None, None) => locate(&body, q).ok_or_else(|| {
            let shown: String = q.chars().take(60).collect();
            Error::invalid(
                "quote",
                format!(
                    "{shown:?} is not text of document {}; select it in the document and try again",
                    input.document
                ),
            )
        })?,
        (None, Some(s), Some(e)) => {
            let total = body.chars().count() as u64;
            if s >= e || e > total {
                return Err(Error::invalid(
                    "start",
                    format!(
                        "{s}..{e} is not a passage of document {} ({total} characters)",
                        input.document
                    ),
                ));
            }
            (byte_at(&body, s as usize), byte_at(&body, e as usize))
        }
        _ => {
            return Err(Error::invalid(
                "quote",
                "give the passage's text (quote) or its start and end, not both",
            ))
        }
    };
    let (start, end) = (char_at(&body, a) as i64, char_at(&body, b) as i64);
    let text = &body[a..b];
    if text.trim().is_empty() {
        return Err(Error::invalid("quote", "a passage holds more than spaces"));
    }
    let (before, after) = context(&body, a, b);
    let id = crate::store::db::transaction(conn, |tx| {
        let id = insert(tx, input, (start, end), text, (&before, &after))?;
        for key in input.codes.iter().filter(|c| !c.trim().is_empty()) {
            let code = match codebook::find(tx, key) {
                Ok(c) => c,
                Err(Error::NotFound(_)) => codebook::add_in(
                    tx,
                    &codebook::CodeInput {
                        path: key.clone(),
                        ..Default::default()
                    },
                )?,
                Err(e) => return Err(e),
            };
            tx.execute(
                "INSERT OR IGNORE INTO highlight_codes (highlight_id, code_id) VALUES (?1, ?2)",
                params![id, code],
            )?;
        }
        Ok(id)
    })?;
    get(conn, id)
}

/// The highlight over exactly `start..end` of the document, made when there is none.
fn insert(
    tx: &Connection,
    input: &HighlightInput,
    (start, end): (i64, i64),
    text: &str,
    (before, after): (&str, &str),
) -> Result<i64> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM highlights WHERE document_id = ?1 AND start = ?2 AND end = ?3 AND status = 'anchored'",
            params![input.document, start, end],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match existing {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO highlights (document_id, start, end, text, before, after, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![input.document, start, end, text, before, after, now()],
            )?;
            tx.last_insert_rowid()
        }
    })
}

/// Takes codes off a highlight; one left with no code is deleted.
pub fn uncode(conn: &Connection, id: i64, codes: &[String]) -> Result<Option<Highlight>> {
    get(conn, id)?;
    let left = crate::store::db::transaction(conn, |tx| {
        for key in codes {
            let code = codebook::find(tx, key)?;
            tx.execute(
                "DELETE FROM highlight_codes WHERE highlight_id = ?1 AND code_id = ?2",
                params![id, code],
            )?;
        }
        let left: i64 = tx.query_row(
            "SELECT COUNT(*) FROM highlight_codes WHERE highlight_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if left == 0 {
            tx.execute("DELETE FROM highlights WHERE id = ?1", [id])?;
        }
        Ok(left)
    })?;
    if left == 0 {
        Ok(None)
    } else {
        get(conn, id).map(Some)
    }
}

/// How many highlights each of `ids` holds (those holding any).
pub fn on(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, u64>> {
    crate::store::db::counts_per_document(
        conn,
        "SELECT COUNT(*) FROM highlights WHERE document_id = ?1",
        ids,
    )
}

/// Deletes a highlight (the document is untouched).
pub fn remove(conn: &Connection, id: i64) -> Result<()> {
    if conn.execute("DELETE FROM highlights WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound(format!("no highlight with id {id}")));
    }
    Ok(())
}

/// One highlight.
pub fn get(conn: &Connection, id: i64) -> Result<Highlight> {
    query(conn, "h.id = ?1", id)?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("no highlight with id {id}")))
}

/// Highlights of live documents: those coded `code` (its children's too) and/or in `document`,
/// in document order then position.
pub fn list(conn: &Connection, code: Option<i64>, document: Option<i64>) -> Result<Vec<Highlight>> {
    let mut out = match document {
        Some(d) => query(conn, "h.document_id = ?1", d)?,
        None => query(conn, "?1 = ?1", 0)?,
    };
    if let Some(code) = code {
        let paths = codebook::paths(conn)?;
        let root = paths.get(&code).cloned().unwrap_or_default();
        let under = format!("{root}/");
        out.retain(|h| h.codes.iter().any(|c| *c == root || c.starts_with(&under)));
    }
    Ok(out)
}

fn query(conn: &Connection, filter: &str, arg: i64) -> Result<Vec<Highlight>> {
    let paths = codebook::paths(conn)?;
    // Only the codes of the highlights asked for (one highlight's read stays one highlight's).
    let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT hc.highlight_id, hc.code_id FROM highlight_codes hc
         JOIN highlights h ON h.id = hc.highlight_id WHERE {filter}"
    ))?;
    let mut rows = stmt.query([arg])?;
    while let Some(r) = rows.next()? {
        if let Some(p) = paths.get(&r.get::<_, i64>(1)?) {
            codes.entry(r.get(0)?).or_default().push(p.clone());
        }
    }
    let sql = format!(
        "SELECT h.id, h.document_id, d.title, h.start, h.end, h.text, h.status
         FROM highlights h JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
         WHERE {filter} ORDER BY h.document_id, h.start, h.id"
    );
    let out = conn
        .prepare(&sql)?
        .query_map([arg], |r| {
            Ok(Highlight {
                id: r.get(0)?,
                document: r.get(1)?,
                title: r.get(2)?,
                start: r.get::<_, i64>(3)? as u64,
                end: r.get::<_, i64>(4)? as u64,
                text: r.get(5)?,
                status: r.get(6)?,
                codes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out
        .into_iter()
        .map(|mut h| {
            let mut c = codes.remove(&h.id).unwrap_or_default();
            c.sort();
            h.codes = c;
            h
        })
        .collect())
}

/// Characters `before` ends with and the text before a place share, plus those `after` and the
/// text after it share.
fn fit(body: &str, a: usize, b: usize, before: &str, after: &str) -> usize {
    let back = body[..a]
        .chars()
        .rev()
        .zip(before.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let ahead = body[b..]
        .chars()
        .zip(after.chars())
        .take_while(|(x, y)| x == y)
        .count();
    back + ahead
}

/// Re-anchors document `id`'s highlights in its new `body` (see the module's doc). Returns how
/// many were lost by this change.
pub fn reanchor(conn: &Connection, id: i64, body: &str) -> Result<usize> {
    type Row = (i64, i64, String, String, String, String);
    let rows: Vec<Row> = conn
        .prepare_cached(
            "SELECT id, start, text, before, after, status FROM highlights WHERE document_id = ?1",
        )?
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut lost = 0;
    for (hid, start, text, before, after, status) in rows {
        let a = byte_at(body, start as usize);
        let in_place = body[a..].starts_with(text.as_str());
        let found = if in_place {
            Some(a)
        } else {
            body.match_indices(text.as_str())
                .map(|(at, _)| at)
                .max_by_key(|&at| {
                    let score = fit(body, at, at + text.len(), &before, &after);
                    let distance = (char_at(body, at) as i64 - start).unsigned_abs();
                    (score, std::cmp::Reverse(distance))
                })
        };
        match found {
            Some(at) => {
                let (b4, aft) = context(body, at, at + text.len());
                let s = char_at(body, at) as i64;
                conn.prepare_cached(
                    "UPDATE highlights SET start = ?2, end = ?3, before = ?4, after = ?5, status = 'anchored'
                     WHERE id = ?1",
                )?
                .execute(params![hid, s, s + text.chars().count() as i64, b4, aft])?;
            }
            None => {
                if status != "lost" {
                    lost += 1;
                }
                conn.prepare_cached("UPDATE highlights SET status = 'lost' WHERE id = ?1")?
                    .execute([hid])?;
            }
        }
    }
    Ok(lost)
}

/// Who said the passage at character `at` of a document: in a transcript, the participant turn
/// holding it (the body is the participant turns, blank-line separated); elsewhere the
/// interview's participant, the note's participant or the ticket's reporter.
pub fn speaker(conn: &Connection, document: i64, at: u64) -> Result<Option<String>> {
    use crate::research::transcripts::{turns, SpeakerRole};
    let said: Vec<_> = turns(conn, document)?
        .into_iter()
        .filter(|t| t.role == SpeakerRole::Participant)
        .collect();
    let mut pos = 0u64;
    for t in &said {
        let len = t.text.chars().count() as u64;
        if at < pos + len + 2 {
            return Ok(Some(t.speaker.clone()).filter(|s| !s.trim().is_empty()));
        }
        pos += len + 2;
    }
    let who: Option<String> = conn
        .query_row(
            &format!(
                "SELECT {} FROM documents d {} WHERE d.id = ?1",
                documents::VOICE,
                documents::VOICE_JOINS
            ),
            [document],
            |r| r.get(0),
        )
        .optional()?;
    Ok(who.filter(|w| !w.is_empty()))
}

/// Who said `quote` in a document (see [`speaker`]), found where the quote first occurs.
pub fn speaker_of_quote(conn: &Connection, document: i64, quote: &str) -> Result<Option<String>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM documents WHERE id = ?1",
            [document],
            |r| r.get(0),
        )
        .optional()?;
    let at = body
        .as_deref()
        .and_then(|b| locate(b, quote).map(|(a, _)| char_at(b, a)))
        .unwrap_or(0);
    speaker(conn, document, at as u64)
}

/// Documents holding anchored passages coded with any of `codes` or their children, in live
/// documents: (document, passages), by document. Reads `coded_documents`, which the database
/// keeps per code and document (schema 14): a theme's recount runs this on every change, and
/// one code's documents are one compact range of it.
pub fn coded_documents(conn: &Connection, codes: &[i64]) -> Result<Vec<(i64, u64)>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let mut all = crate::research::codebook::subtree(conn, codes)?;
    all.sort_unstable();
    let mut stmt = conn.prepare_cached(
        "SELECT document_id, passages FROM coded_documents WHERE code_id = ?1 ORDER BY document_id",
    )?;
    let mut out: Vec<(i64, u64)> = Vec::new();
    // Documents holding passages of more than one of the codes: a passage coded with two of them
    // is one passage, so these are counted again, passage by passage.
    let mut shared = Vec::new();
    for &code in &all {
        let rows = stmt.query_map([code], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
        let rows: Vec<(i64, u64)> = rows.collect::<rusqlite::Result<_>>()?;
        out = if out.is_empty() {
            rows
        } else {
            merge_counts(&out, &rows, &mut shared)
        };
    }
    if !shared.is_empty() {
        shared.sort_unstable();
        shared.dedup();
        let list = all.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut count = conn.prepare(&format!(
            "SELECT COUNT(DISTINCT h.id) FROM highlights h
             JOIN highlight_codes hc ON hc.highlight_id = h.id
             WHERE h.document_id = ?1 AND h.status = 'anchored' AND hc.code_id IN ({list})"
        ))?;
        for (doc, n) in &mut out {
            if shared.binary_search(doc).is_ok() {
                *n = count.query_row([*doc], |r| r.get::<_, i64>(0))? as u64;
            }
        }
    }
    Ok(out)
}

/// What `coded_documents` should hold, counted from the passages themselves: (code, document,
/// passages) of anchored passages in live documents, in (code, document) order.
fn coded_documents_recounted(conn: &Connection) -> Result<Vec<(i64, i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT hc.code_id, h.document_id, COUNT(*)
         FROM highlights h JOIN highlight_codes hc ON hc.highlight_id = h.id
         JOIN documents d ON d.id = h.document_id AND d.deleted_at IS NULL
         WHERE h.status = 'anchored'
         GROUP BY hc.code_id, h.document_id ORDER BY hc.code_id, h.document_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where the per-code, per-document passage counts the database keeps (`coded_documents`)
/// disagree with the passages themselves, each in a sentence; empty when they agree (as the
/// triggers of schema 14 keep them). `groundwork check` reports these.
pub fn coded_counts_drift(conn: &Connection) -> Result<Vec<String>> {
    let want = coded_documents_recounted(conn)?;
    let mut stmt = conn.prepare(
        "SELECT code_id, document_id, passages FROM coded_documents ORDER BY code_id, document_id",
    )?;
    let kept: Vec<(i64, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let as_map = |rows: &[(i64, i64, i64)]| -> std::collections::BTreeMap<(i64, i64), i64> {
        rows.iter().map(|&(c, d, n)| ((c, d), n)).collect()
    };
    let (want, kept) = (as_map(&want), as_map(&kept));
    let mut keys: Vec<&(i64, i64)> = want.keys().chain(kept.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let (w, h) = (
                want.get(k).copied().unwrap_or(0),
                kept.get(k).copied().unwrap_or(0),
            );
            (w != h).then(|| {
                format!(
                    "code {} in document {}: {h} passage(s) counted, {w} coded",
                    k.0, k.1
                )
            })
        })
        .collect())
}

/// Counts `coded_documents` again from the passages (what `groundwork reindex` does to mend a
/// drift [`coded_counts_drift`] found).
pub fn recount_coded_documents(conn: &Connection) -> Result<()> {
    let rows = coded_documents_recounted(conn)?;
    crate::store::db::transaction(conn, |tx| {
        tx.execute("DELETE FROM coded_documents", [])?;
        let mut insert = tx.prepare(
            "INSERT INTO coded_documents (code_id, document_id, passages) VALUES (?1, ?2, ?3)",
        )?;
        for (c, d, n) in rows {
            insert.execute([c, d, n])?;
        }
        Ok(())
    })
}

/// Two by-document lists of passage counts as one, counts added where both hold a document
/// (whose id is then put in `shared`).
fn merge_counts(a: &[(i64, u64)], b: &[(i64, u64)], shared: &mut Vec<i64>) -> Vec<(i64, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                shared.push(a[i].0);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Whether highlight `id` exists (in any document, live or in the trash).
pub fn exists(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM highlights WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}
