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
    /// The passage, as selected.
    pub text: String,
    /// When it was pinned.
    pub created_at: String,
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

/// Every theme's saved query by id.
pub fn queries(conn: &Connection) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, query FROM themes")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
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
    find(conn, &theme.to_string())?;
    conn.execute(
        "INSERT INTO quotes (theme_id, document_id, text, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![theme, document, text, now()],
    )?;
    let id = conn.last_insert_rowid();
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
}

/// The theme's name and everything deleting it removes from this module's tables.
pub fn snapshot(conn: &Connection, id: i64) -> Result<(String, ThemeSnapshot)> {
    let theme = get(conn, id)?;
    Ok((
        theme.name,
        ThemeSnapshot {
            theme: db::rows_where(conn, "themes", "id", id)?,
            quotes: db::rows_where(conn, "quotes", "theme_id", id)?,
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
        .collect();
    db::insert_rows(conn, "quotes", &quotes)
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
        "SELECT id, theme_id, document_id, text, created_at FROM quotes
         WHERE theme_id = ?1 ORDER BY id DESC",
    )?;
    let rows: Vec<(i64, i64, i64, String, String)> = stmt
        .query_map([theme], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let heads = crate::research::documents::heads(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, theme_id, document_id, text, created_at)| {
            let head = heads.get(&document_id).filter(|h| h.live)?;
            Some(Quote {
                id,
                theme_id,
                document_id,
                document_title: head.title.clone(),
                document_kind: head.kind.clone(),
                text,
                created_at,
            })
        })
        .collect())
}
