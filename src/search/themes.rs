//! The `themes` and `quotes` tables: saved queries that name a pain point, and the passages
//! pinned to them. A theme's figures (count, teams, people, trend) are computed from the index
//! each time they are read, so they recount as evidence arrives.

use crate::error::{Error, Result};
use crate::store::db::{self, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A saved theme.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Theme {
    /// Theme id.
    #[ts(type = "number")]
    pub id: i64,
    /// Name ("Slow CI").
    pub name: String,
    /// The query that finds its evidence.
    pub query: String,
    /// When it was saved (RFC 3339).
    pub created_at: String,
}

/// A theme to create (`id` = `None`) or rename / re-query.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ThemeInput {
    /// The theme to change, or `None` for a new one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Query.
    pub query: String,
}

/// A passage of a document pinned to a theme.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Quote {
    /// Quote id.
    #[ts(type = "number")]
    pub id: i64,
    /// The theme.
    #[ts(type = "number")]
    pub theme_id: i64,
    /// The document it was taken from.
    #[ts(type = "number")]
    pub document_id: i64,
    /// That document's title.
    pub document_title: String,
    /// That document's kind.
    pub document_kind: String,
    /// The passage, as selected (as it reads now, when its highlight is anchored).
    pub text: String,
    /// When it was pinned.
    pub created_at: String,
    /// The coded passage behind it (the theme's code on those characters), when there is one.
    #[ts(type = "number | null")]
    pub highlight: Option<i64>,
    /// `anchored`; `lost` when an edit removed its words; `unanchored` when it was never found in
    /// its document (a pin from before passages were coded, whose text had already changed).
    pub status: String,
    /// First character of the passage in the document body, when anchored.
    #[ts(type = "number | null")]
    pub start: Option<u64>,
    /// One past its last character.
    #[ts(type = "number | null")]
    pub end: Option<u64>,
    /// Who said it: the transcript turn's speaker, else the interview's participant or the
    /// ticket's reporter.
    pub speaker: Option<String>,
    /// The document's evidence day.
    pub date: Option<String>,
}

/// What a theme's evidence is made of: the documents its query finds, together with the
/// documents holding passages coded with its codes (or their children), less the documents the
/// user rejected as not about it. Search and scoring both read a theme through this.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    /// The saved query.
    pub query: String,
    /// Documents holding coded passages of the theme's codes (live, anchored, not rejected),
    /// ascending.
    pub coded: Vec<i64>,
    /// Those passages.
    pub passages: u64,
    /// Documents rejected as not about the theme, ascending.
    pub rejected: Vec<i64>,
}

/// The theme's evidence scope (see [`Scope`]).
pub fn scope(conn: &Connection, theme: i64) -> Result<Scope> {
    let query: String = conn
        .query_row("SELECT query FROM themes WHERE id = ?1", [theme], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no theme with id {theme}")))?;
    let rejected = rejected(conn, theme)?;
    let codes: Vec<i64> = conn
        .prepare_cached("SELECT code_id FROM theme_codes WHERE theme_id = ?1")?
        .query_map([theme], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut coded = Vec::new();
    let mut passages = 0;
    for (doc, n) in crate::research::highlights::coded_documents(conn, &codes)? {
        if rejected.binary_search(&doc).is_err() {
            coded.push(doc);
            passages += n;
        }
    }
    Ok(Scope {
        query,
        coded,
        passages,
        rejected,
    })
}

/// The paths of the codes a theme stands on, sorted.
pub fn codes(conn: &Connection, theme: i64) -> Result<Vec<String>> {
    let paths = crate::research::codebook::paths(conn)?;
    let mut out: Vec<String> = conn
        .prepare_cached("SELECT code_id FROM theme_codes WHERE theme_id = ?1")?
        .query_map([theme], |r| r.get::<_, i64>(0))?
        .filter_map(|c| c.map(|c| paths.get(&c).cloned()).transpose())
        .collect::<rusqlite::Result<_>>()?;
    out.sort_by_key(|p| p.to_lowercase());
    Ok(out)
}

/// The theme stands on `code` too: its passages count as the theme's evidence.
pub fn add_code(conn: &Connection, theme: i64, code: i64) -> Result<()> {
    get(conn, theme)?;
    conn.execute(
        "INSERT OR IGNORE INTO theme_codes (theme_id, code_id) VALUES (?1, ?2)",
        params![theme, code],
    )?;
    Ok(())
}

/// Code `from` is folded into `into` (a merge, or a delete moving its passages): the themes
/// standing on `from` stand on `into`.
pub fn code_followed(conn: &Connection, into: i64, from: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO theme_codes (theme_id, code_id)
         SELECT theme_id, ?1 FROM theme_codes WHERE code_id = ?2",
        params![into, from],
    )?;
    Ok(())
}

/// The theme no longer stands on `code`.
pub fn remove_code(conn: &Connection, theme: i64, code: i64) -> Result<()> {
    let n = conn.execute(
        "DELETE FROM theme_codes WHERE theme_id = ?1 AND code_id = ?2",
        params![theme, code],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!(
            "theme {theme} does not stand on code {code}"
        )));
    }
    Ok(())
}

/// Documents rejected as not about the theme, ascending.
pub fn rejected(conn: &Connection, theme: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT document_id FROM theme_rejections WHERE theme_id = ?1 ORDER BY document_id",
        )?
        .query_map([theme], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The user says document `document` is not about the theme: it no longer counts, whether the
/// query finds it or a passage in it is coded.
pub fn reject(conn: &Connection, theme: i64, document: i64) -> Result<()> {
    get(conn, theme)?;
    crate::research::documents::live_title(conn, document)?;
    conn.execute(
        "INSERT OR IGNORE INTO theme_rejections (theme_id, document_id, created_at)
         VALUES (?1, ?2, ?3)",
        params![theme, document, now()],
    )?;
    Ok(())
}

/// Takes back a rejection.
pub fn unreject(conn: &Connection, theme: i64, document: i64) -> Result<()> {
    let n = conn.execute(
        "DELETE FROM theme_rejections WHERE theme_id = ?1 AND document_id = ?2",
        params![theme, document],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!(
            "document {document} was not rejected from theme {theme}"
        )));
    }
    Ok(())
}

/// The code a pin to the theme is coded with: the first code the theme stands on, else a
/// top-level code named after the theme (made, or the existing one of that name), which the
/// theme then stands on.
fn own_code(tx: &Connection, theme: &Theme) -> Result<i64> {
    let first: Option<i64> = tx
        .query_row(
            "SELECT code_id FROM theme_codes WHERE theme_id = ?1 ORDER BY rowid LIMIT 1",
            [theme.id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(code) = first {
        return Ok(code);
    }
    // A top-level code of the theme's name (a path cannot hold `/`).
    let name = theme.name.replace('/', "-");
    let code = match crate::research::codebook::find(tx, &name) {
        Ok(c) => c,
        Err(Error::NotFound(_)) => crate::research::codebook::add_in(
            tx,
            &crate::research::codebook::CodeInput {
                path: name,
                ..Default::default()
            },
        )?,
        Err(e) => return Err(e),
    };
    add_code(tx, theme.id, code)?;
    Ok(code)
}

/// Codes the passage of a pinned quote with its theme's code and records the highlight on the
/// quote. A quote whose text is no longer in its document stays as it is (`check` reports it).
fn anchor_quote(
    tx: &Connection,
    theme: &Theme,
    quote: i64,
    document: i64,
    text: &str,
) -> Result<bool> {
    let code = own_code(tx, theme)?;
    let made = crate::research::highlights::add(
        tx,
        &crate::research::highlights::HighlightInput {
            document,
            quote: Some(text.to_string()),
            start: None,
            end: None,
            codes: vec![code.to_string()],
        },
    );
    match made {
        Ok(h) => {
            tx.execute(
                "UPDATE quotes SET highlight_id = ?2 WHERE id = ?1",
                params![quote, h.id],
            )?;
            Ok(true)
        }
        Err(Error::InvalidInput { .. }) | Err(Error::NotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Pinned quotes from before passages were coded become coded passages of their theme's code,
/// once per workspace (a pin whose highlight the user removes later stays a bare quote; one whose
/// text was already gone stays unanchored and `check` reports it). Returns how many were
/// anchored.
pub fn adopt_pins(conn: &Connection) -> Result<u64> {
    const DONE: &str = "pins_adopted";
    if crate::store::meta::get(conn, DONE)?.is_some() {
        return Ok(0);
    }
    let pending: Vec<(i64, i64, i64, String)> = conn
        .prepare(
            "SELECT id, theme_id, document_id, text FROM quotes
             WHERE highlight_id IS NULL ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Only those of live documents whose text is still there: a pin that cannot be anchored
    // never costs a write.
    let docs: Vec<i64> = pending.iter().map(|p| p.2).collect();
    let heads = crate::research::documents::heads(conn, &docs)?;
    let mut found = Vec::new();
    for p in pending {
        let live = heads.get(&p.2).is_some_and(|h| h.live);
        if live && crate::research::documents::contains_passage(conn, p.2, &p.3)? {
            found.push(p);
        }
    }
    let pending = found;
    db::transaction(conn, |tx| {
        crate::store::meta::set(tx, DONE, &now())?;
        let mut n = 0;
        for (quote, theme, document, text) in &pending {
            let theme = get(tx, *theme)?;
            if anchor_quote(tx, &theme, *quote, *document, text)? {
                n += 1;
            }
        }
        Ok(n)
    })
}

/// A theme with its current figures and its quotes.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ThemeSummary {
    /// The theme.
    pub theme: Theme,
    /// Count, teams, people, trend, per-team breakdown and strongest evidence, as of now.
    pub stats: crate::search::ThemeStats,
    /// Quotes pinned to it, newest first.
    pub quotes: Vec<Quote>,
    /// The codes it stands on (their passages are its evidence too), by path.
    pub codes: Vec<String>,
    /// Documents rejected as not about it, ascending.
    #[ts(type = "Array<number>")]
    pub rejected: Vec<i64>,
}

/// A theme in the list, with its headline figures.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ThemeOverview {
    /// The theme.
    pub theme: Theme,
    /// Matching documents now.
    #[ts(type = "number")]
    pub total: u64,
    /// Matching documents, each group of near-duplicates counted once.
    #[ts(type = "number")]
    pub distinct: u64,
    /// Distinct teams among them.
    #[ts(type = "number")]
    pub teams: u64,
    /// Distinct people among them.
    #[ts(type = "number")]
    pub people: u64,
    /// Quotes pinned.
    #[ts(type = "number")]
    pub quotes: u64,
    /// Documents its query finds (less those rejected).
    #[ts(type = "number")]
    pub from_query: u64,
    /// Documents holding coded passages of its codes.
    #[ts(type = "number")]
    pub from_codes: u64,
    /// Those coded passages.
    #[ts(type = "number")]
    pub passages: u64,
    /// The codes it stands on, by path.
    pub codes: Vec<String>,
}

/// Longest quote, in characters.
pub const MAX_QUOTE_CHARS: usize = 2_000;

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Theme> {
    Ok(Theme {
        id: r.get(0)?,
        name: r.get(1)?,
        query: r.get(2)?,
        created_at: r.get(3)?,
    })
}

/// Every theme, by name.
pub fn list(conn: &Connection) -> Result<Vec<Theme>> {
    let mut stmt = conn
        .prepare("SELECT id, name, query, created_at FROM themes ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every theme's name by id.
pub fn names(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, name FROM themes")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A theme by id.
pub fn get(conn: &Connection, id: i64) -> Result<Theme> {
    conn.query_row(
        "SELECT id, name, query, created_at FROM themes WHERE id = ?1",
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("theme {id}")))
}

/// A theme by id, or by name (case-insensitive) when `key` is not a number.
pub fn find(conn: &Connection, key: &str) -> Result<Theme> {
    let by_id = key
        .trim()
        .parse::<i64>()
        .ok()
        .map(|id| {
            conn.query_row(
                "SELECT id, name, query, created_at FROM themes WHERE id = ?1",
                [id],
                row,
            )
            .optional()
        })
        .transpose()?
        .flatten();
    let found = match by_id {
        Some(t) => Some(t),
        None => conn
            .query_row(
                "SELECT id, name, query, created_at FROM themes WHERE name = ?1",
                [key.trim()],
                row,
            )
            .optional()?,
    };
    found.ok_or_else(|| Error::NotFound(format!("no theme named {:?}", key.trim())))
}

/// Creates or updates a theme. Names are unique (ignoring case); the query must have something
/// to search for.
pub fn save(conn: &Connection, input: &ThemeInput) -> Result<Theme> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "a theme needs a name"));
    }
    if name.chars().count() > 120 {
        return Err(Error::invalid(
            "name",
            "a theme name has at most 120 characters",
        ));
    }
    let query = input.query.trim();
    let read = crate::search::query::read(query);
    if read.node.is_none() {
        return Err(Error::invalid(
            "query",
            format!("the query {query:?} has nothing to search for"),
        ));
    }
    let clash: Option<i64> = conn
        .query_row("SELECT id FROM themes WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if clash.is_some_and(|c| Some(c) != input.id) {
        return Err(Error::invalid(
            "name",
            format!("a theme named {name:?} already exists"),
        ));
    }
    let stamp = now();
    let id = db::transaction(conn, |tx| match input.id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE themes SET name = ?2, query = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, name, query, stamp],
            )?;
            if n == 0 {
                return Err(Error::NotFound(format!("no theme with id {id}")));
            }
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO themes (name, query, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![name, query, stamp],
            )?;
            Ok(tx.last_insert_rowid())
        }
    })?;
    find(conn, &id.to_string())
}

/// Deletes a theme and its quotes.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM themes WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("no theme with id {id}")));
    }
    Ok(())
}

/// Pins a passage of document `document` to theme `theme`.
pub fn pin(conn: &Connection, theme: i64, document: i64, text: &str) -> Result<Quote> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid("text", "select some text to pin"));
    }
    if text.chars().count() > MAX_QUOTE_CHARS {
        return Err(Error::invalid(
            "text",
            format!("a quote has at most {MAX_QUOTE_CHARS} characters; select less"),
        ));
    }
    crate::research::documents::check_passage(conn, document, text, "text")?;
    let t = find(conn, &theme.to_string())?;
    let id = db::transaction(conn, |tx| {
        tx.execute(
            "INSERT INTO quotes (theme_id, document_id, text, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![theme, document, text, now()],
        )?;
        let id = tx.last_insert_rowid();
        anchor_quote(tx, &t, id, document, text)?;
        Ok(id)
    })?;
    quotes(conn, theme)?
        .into_iter()
        .find(|q| q.id == id)
        .ok_or_else(|| Error::Internal(format!("quote {id} vanished")))
}

/// What deleting a theme removes, as the trash keeps it: the theme's row and its quotes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThemeSnapshot {
    /// The `themes` row.
    pub theme: Vec<db::Row>,
    /// Its `quotes` rows.
    pub quotes: Vec<db::Row>,
    /// Its `theme_codes` rows.
    #[serde(default)]
    pub codes: Vec<db::Row>,
    /// Its `theme_rejections` rows.
    #[serde(default)]
    pub rejections: Vec<db::Row>,
}

/// The theme's name and everything deleting it removes from this module's tables.
pub fn snapshot(conn: &Connection, id: i64) -> Result<(String, ThemeSnapshot)> {
    let theme = get(conn, id)?;
    Ok((
        theme.name,
        ThemeSnapshot {
            theme: db::rows_where(conn, "themes", "id", id)?,
            quotes: db::rows_where(conn, "quotes", "theme_id", id)?,
            codes: db::rows_where(conn, "theme_codes", "theme_id", id)?,
            rejections: db::rows_where(conn, "theme_rejections", "theme_id", id)?,
        },
    ))
}

/// Puts a deleted theme back with its quotes (those whose document still exists). Refused when
/// a theme of the same name was made since.
pub fn restore_snapshot(conn: &Connection, snap: &ThemeSnapshot) -> Result<()> {
    let name = snap
        .theme
        .first()
        .and_then(|r| r.get("name"))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM themes WHERE name = ?1 COLLATE NOCASE",
            [&name],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::invalid(
            "name",
            format!("a theme named {name:?} exists again; rename or delete it, then restore"),
        ));
    }
    db::insert_rows(conn, "themes", &snap.theme)?;
    let docs: Vec<i64> = snap
        .quotes
        .iter()
        .filter_map(|q| q.get("document_id").and_then(|v| v.as_i64()))
        .collect();
    let alive = crate::research::documents::heads(conn, &docs)?;
    let quotes: Vec<db::Row> = snap
        .quotes
        .iter()
        .filter(|q| {
            q.get("document_id")
                .and_then(|v| v.as_i64())
                .is_some_and(|d| alive.contains_key(&d))
        })
        .cloned()
        .map(|mut q| {
            // The passage may have been uncoded since: the pin comes back, re-anchored on open.
            let highlight = q.get("highlight_id").and_then(|v| v.as_i64());
            let gone = highlight
                .is_some_and(|h| !crate::research::highlights::exists(conn, h).unwrap_or(false));
            if gone {
                q.insert("highlight_id".into(), serde_json::Value::Null);
            }
            q
        })
        .collect();
    db::insert_rows(conn, "quotes", &quotes)?;
    // Codes and documents deleted since are left out.
    let codes = crate::research::codebook::paths(conn)?;
    let id_of = |r: &db::Row, column: &str| r.get(column).and_then(|v| v.as_i64());
    let kept: Vec<db::Row> = snap
        .codes
        .iter()
        .filter(|r| id_of(r, "code_id").is_some_and(|c| codes.contains_key(&c)))
        .cloned()
        .collect();
    db::insert_rows(conn, "theme_codes", &kept)?;
    let docs: Vec<i64> = snap
        .rejections
        .iter()
        .filter_map(|r| id_of(r, "document_id"))
        .collect();
    let there = crate::research::documents::heads(conn, &docs)?;
    let kept: Vec<db::Row> = snap
        .rejections
        .iter()
        .filter(|r| id_of(r, "document_id").is_some_and(|d| there.contains_key(&d)))
        .cloned()
        .collect();
    db::insert_rows(conn, "theme_rejections", &kept)
}

/// Removes a quote.
pub fn unpin(conn: &Connection, quote: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM quotes WHERE id = ?1", [quote])?;
    if n == 0 {
        return Err(Error::NotFound(format!("no quote with id {quote}")));
    }
    Ok(())
}

/// How many quotes are pinned from each of `documents` (those with none are left out).
pub fn quotes_on(
    conn: &Connection,
    documents: &[i64],
) -> Result<std::collections::HashMap<i64, u64>> {
    crate::store::db::counts_per_document(
        conn,
        "SELECT COUNT(*) FROM quotes WHERE document_id = ?1",
        documents,
    )
}

/// Every quote whose text no longer occurs in its document: (quote id, theme name, document id).
pub fn unsourced(conn: &Connection) -> Result<Vec<(i64, String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT q.id, t.name, q.document_id, q.text FROM quotes q JOIN themes t ON t.id = q.theme_id
         ORDER BY q.id",
    )?;
    let rows: Vec<(i64, String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, theme, doc, text) in rows {
        if !crate::research::documents::contains_passage(conn, doc, &text)? {
            out.push((id, theme, doc));
        }
    }
    Ok(out)
}

/// A theme's quotes from live documents, newest first.
pub fn quotes(conn: &Connection, theme: i64) -> Result<Vec<Quote>> {
    let mut stmt = conn.prepare(
        "SELECT id, theme_id, document_id, text, created_at, highlight_id FROM quotes
         WHERE theme_id = ?1 ORDER BY id DESC",
    )?;
    type Pin = (i64, i64, i64, String, String, Option<i64>);
    let rows: Vec<Pin> = stmt
        .query_map([theme], |r| {
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
    let ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let heads = crate::research::documents::heads(conn, &ids)?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, theme_id, document_id, text, created_at, highlight) in rows {
        let Some(head) = heads.get(&document_id).filter(|h| h.live) else {
            continue;
        };
        let passage = match highlight {
            Some(h) => match crate::research::highlights::get(conn, h) {
                Ok(p) => Some(p),
                Err(Error::NotFound(_)) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        let anchored = passage.as_ref().filter(|p| p.status == "anchored");
        let speaker = match anchored {
            Some(p) => crate::research::highlights::speaker(conn, document_id, p.start)?,
            None => crate::research::highlights::speaker_of_quote(conn, document_id, &text)?,
        };
        out.push(Quote {
            id,
            theme_id,
            document_id,
            document_title: head.title.clone(),
            document_kind: head.kind.clone(),
            text: anchored.map_or(text, |p| p.text.clone()),
            created_at,
            highlight: passage.as_ref().map(|p| p.id),
            status: passage
                .as_ref()
                .map_or_else(|| "unanchored".into(), |p| p.status.clone()),
            start: anchored.map(|p| p.start),
            end: anchored.map(|p| p.end),
            speaker,
            date: head.date.clone(),
        });
    }
    Ok(out)
}
