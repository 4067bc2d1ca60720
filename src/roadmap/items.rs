//! The `roadmap_items` table and its satellites (teams, manual inputs, status history, evidence
//! links): candidate platform investments and what they rest on.

use super::{is_fraction, slot, unknown_variable, var};
use crate::error::{Error, Result};
use crate::store::db::{self, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ItemStatus {
    /// Proposed, not committed.
    #[default]
    Idea,
    /// Committed for a coming period.
    Planned,
    /// Being built.
    InProgress,
    /// Delivered.
    Shipped,
    /// Decided against.
    Dropped,
}

impl ItemStatus {
    /// The stored and serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Idea => "idea",
            ItemStatus::Planned => "planned",
            ItemStatus::InProgress => "in_progress",
            ItemStatus::Shipped => "shipped",
            ItemStatus::Dropped => "dropped",
        }
    }

    /// Reads a status name ("in progress", "in-progress" and "in_progress" all work).
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "idea" => Ok(ItemStatus::Idea),
            "planned" => Ok(ItemStatus::Planned),
            "in_progress" => Ok(ItemStatus::InProgress),
            "shipped" => Ok(ItemStatus::Shipped),
            "dropped" => Ok(ItemStatus::Dropped),
            _ => Err(Error::invalid(
                "status",
                format!("unknown status {s:?}; use idea, planned, in_progress, shipped or dropped"),
            )),
        }
    }
}

/// The date an item entered a status.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StatusChange {
    /// The status entered.
    pub status: ItemStatus,
    /// When (RFC 3339).
    pub at: String,
}

/// An input typed by hand, optionally with a low–high range (its uncertainty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ManualInput {
    /// Input name, one of [`super::VARIABLES`].
    pub key: String,
    /// The best estimate.
    pub value: f64,
    /// Pessimistic end of the range.
    #[serde(default)]
    pub low: Option<f64>,
    /// Optimistic end of the range.
    #[serde(default)]
    pub high: Option<f64>,
}

/// A roadmap item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Item {
    /// Item id.
    #[ts(type = "number")]
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description (Markdown).
    pub description: String,
    /// Who owns it.
    pub owner: String,
    /// Current status.
    pub status: ItemStatus,
    /// Every status it has been in, oldest first.
    pub history: Vec<StatusChange>,
    /// Effort in person-weeks (best estimate).
    pub effort: Option<f64>,
    /// Effort, low end of the range.
    pub effort_low: Option<f64>,
    /// Effort, high end of the range.
    pub effort_high: Option<f64>,
    /// Teams it affects, by name.
    pub teams: Vec<String>,
    /// The metric it should move ("deployment frequency", "MTTR", ...).
    pub target_metric: String,
    /// A team-specific exception: ranked only in that team's view, not in the shared roadmap.
    pub exception_team: Option<String>,
    /// Inputs typed by hand.
    pub inputs: Vec<ManualInput>,
    /// Evidence links.
    #[ts(type = "number")]
    pub links: u32,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

/// An item to create (`id` = `None`) or update.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemInput {
    /// The item to change, or `None` for a new one.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub id: Option<i64>,
    /// Title (required).
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Owner.
    #[serde(default)]
    pub owner: String,
    /// Status; a change is recorded with today's date.
    #[serde(default)]
    pub status: ItemStatus,
    /// Effort in person-weeks.
    #[serde(default)]
    pub effort: Option<f64>,
    /// Effort, low end.
    #[serde(default)]
    pub effort_low: Option<f64>,
    /// Effort, high end.
    #[serde(default)]
    pub effort_high: Option<f64>,
    /// Affected teams by name; unknown names are created.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Target metric.
    #[serde(default)]
    pub target_metric: String,
    /// Team this item is an exception for, if any.
    #[serde(default)]
    pub exception_team: Option<String>,
    /// Manual inputs; replaces the stored set.
    #[serde(default)]
    pub inputs: Vec<ManualInput>,
}

/// What an evidence link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LinkKind {
    /// A theme: every document its query matches, recounted as evidence arrives.
    Theme,
    /// One document.
    Document,
    /// A passage of one document.
    Quote,
}

/// One piece of evidence linked to an item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ItemLink {
    /// Link id.
    #[ts(type = "number")]
    pub id: i64,
    /// Kind of link.
    pub kind: LinkKind,
    /// The theme, for a theme link.
    #[ts(type = "number | null")]
    pub theme_id: Option<i64>,
    /// The document, for a document or quote link.
    #[ts(type = "number | null")]
    pub document_id: Option<i64>,
    /// Theme name or document title.
    pub label: String,
    /// The document's kind (interview, ticket, ...), for document and quote links.
    pub document_kind: Option<String>,
    /// The passage, for a quote link.
    pub quote: Option<String>,
    /// When it was linked.
    pub created_at: String,
}

/// A link to add: exactly one of `theme` and `document`; `quote` only with a document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkInput {
    /// The item.
    #[ts(type = "number")]
    pub item: i64,
    /// A theme to link.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub theme: Option<i64>,
    /// A document to link.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub document: Option<i64>,
    /// A passage of that document.
    #[serde(default)]
    pub quote: Option<String>,
}

const SELECT: &str =
    "SELECT i.id, i.title, i.description, i.owner, i.status, i.effort, i.effort_low,
        i.effort_high, i.target_metric, i.exception_team, i.created_at, i.updated_at,
        (SELECT COUNT(*) FROM roadmap_links l WHERE l.item_id = i.id)
     FROM roadmap_items i";

/// An item as stored, and the id of its exception team (named by the caller).
fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Item, Option<i64>)> {
    let status: String = r.get(4)?;
    let item = Item {
        id: r.get(0)?,
        title: r.get(1)?,
        description: r.get(2)?,
        owner: r.get(3)?,
        status: ItemStatus::parse(&status).unwrap_or_default(),
        history: Vec::new(),
        effort: r.get(5)?,
        effort_low: r.get(6)?,
        effort_high: r.get(7)?,
        teams: Vec::new(),
        target_metric: r.get(8)?,
        exception_team: None,
        inputs: Vec::new(),
        links: r.get(12)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    };
    Ok((item, r.get(9)?))
}

/// Team names, in the order a list shows them (case-insensitive).
fn team_names(ids: &[i64], names: &HashMap<i64, String>) -> Vec<String> {
    let mut out: Vec<String> = ids.iter().filter_map(|t| names.get(t).cloned()).collect();
    out.sort_by_key(|n| n.to_ascii_lowercase());
    out
}

/// Every item with its teams, inputs and history, by id.
pub fn list(conn: &Connection) -> Result<Vec<Item>> {
    let names = crate::research::teams::names(conn)?;
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY i.id"))?;
    let mut items: Vec<Item> = stmt
        .query_map([], row)?
        .map(|r| {
            r.map(|(mut item, exception)| {
                item.exception_team = exception.and_then(|t| names.get(&t).cloned());
                item
            })
        })
        .collect::<Result<_, _>>()?;
    let at = |id: i64, items: &[Item]| items.binary_search_by_key(&id, |i| i.id).ok();
    let mut team_ids: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut teams = conn.prepare("SELECT item_id, team_id FROM roadmap_item_teams")?;
    for r in teams.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (id, team) = r?;
        team_ids.entry(id).or_default().push(team);
    }
    for (id, ids) in team_ids {
        if let Some(k) = at(id, &items) {
            items[k].teams = team_names(&ids, &names);
        }
    }
    let mut inputs =
        conn.prepare("SELECT item_id, key, value, low, high FROM roadmap_inputs ORDER BY item_id")?;
    for r in inputs.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ManualInput {
                key: r.get(1)?,
                value: r.get(2)?,
                low: r.get(3)?,
                high: r.get(4)?,
            },
        ))
    })? {
        let (id, input) = r?;
        if let Some(k) = at(id, &items) {
            items[k].inputs.push(input);
        }
    }
    let mut history = conn.prepare(
        "SELECT item_id, status, at FROM roadmap_status_changes ORDER BY item_id, at, rowid",
    )?;
    for r in history.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, status, at_) = r?;
        if let Some(k) = at(id, &items) {
            items[k].history.push(StatusChange {
                status: ItemStatus::parse(&status).unwrap_or_default(),
                at: at_,
            });
        }
    }
    for item in &mut items {
        sort_inputs(&mut item.inputs);
    }
    Ok(items)
}

/// When the item last moved to shipped, if it ever did.
pub fn last_shipped(conn: &Connection, item: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT at FROM roadmap_status_changes WHERE item_id = ?1 AND status = 'shipped'
             ORDER BY at DESC LIMIT 1",
            [item],
            |r| r.get(0),
        )
        .optional()?)
}

fn sort_inputs(inputs: &mut [ManualInput]) {
    inputs.sort_by_key(|i| slot(&i.key).unwrap_or(usize::MAX));
}

/// One item by id.
pub fn get(conn: &Connection, id: i64) -> Result<Item> {
    let (mut item, exception) = conn
        .query_row(&format!("{SELECT} WHERE i.id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no roadmap item with id {id}")))?;
    let names = crate::research::teams::names(conn)?;
    item.exception_team = exception.and_then(|t| names.get(&t).cloned());
    let mut stmt = conn.prepare("SELECT team_id FROM roadmap_item_teams WHERE item_id = ?1")?;
    let ids: Vec<i64> = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    item.teams = team_names(&ids, &names);
    let mut stmt =
        conn.prepare("SELECT key, value, low, high FROM roadmap_inputs WHERE item_id = ?1")?;
    item.inputs = stmt
        .query_map([id], |r| {
            Ok(ManualInput {
                key: r.get(0)?,
                value: r.get(1)?,
                low: r.get(2)?,
                high: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    sort_inputs(&mut item.inputs);
    let mut stmt = conn.prepare(
        "SELECT status, at FROM roadmap_status_changes WHERE item_id = ?1 ORDER BY at, rowid",
    )?;
    item.history = stmt
        .query_map([id], |r| {
            let s: String = r.get(0)?;
            Ok(StatusChange {
                status: ItemStatus::parse(&s).unwrap_or_default(),
                at: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(item)
}

/// An item by id, or by title (case-insensitive) when `key` is not a number.
pub fn find(conn: &Connection, key: &str) -> Result<Item> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>() {
        return get(conn, id);
    }
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM roadmap_items WHERE title = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get(conn, id),
        None => Err(Error::NotFound(format!("no roadmap item titled {key:?}"))),
    }
}

fn check_number(field: &str, v: Option<f64>) -> Result<()> {
    match v {
        Some(x) if !x.is_finite() || x <= 0.0 => Err(Error::invalid(
            field,
            format!("{field} must be a positive number of person-weeks, not {x}"),
        )),
        _ => Ok(()),
    }
}

/// Checks one manual input: a known name, a finite value in range, low ≤ value ≤ high.
pub fn check_input(input: &ManualInput) -> Result<()> {
    let field = format!("inputs.{}", input.key);
    let Some(s) = slot(&input.key) else {
        return Err(unknown_variable(&field, &input.key));
    };
    for (what, v) in [
        ("value", Some(input.value)),
        ("low", input.low),
        ("high", input.high),
    ] {
        let Some(v) = v else { continue };
        if !v.is_finite() {
            return Err(Error::invalid(
                &field,
                format!("{} {what} is not a number", input.key),
            ));
        }
        if v < 0.0 {
            return Err(Error::invalid(
                &field,
                format!("{} cannot be negative ({what} {v})", input.key),
            ));
        }
        if is_fraction(s) && v > 1.0 {
            return Err(Error::invalid(
                &field,
                format!(
                    "{} is a fraction between 0 and 1 ({what} {v}; for {v}% write {})",
                    input.key,
                    v / 100.0
                ),
            ));
        }
        if matches!(s, var::EFFORT | var::JOB_SIZE) && v == 0.0 {
            return Err(Error::invalid(
                &field,
                format!("{} must be more than 0", input.key),
            ));
        }
    }
    if input.low.is_some_and(|l| l > input.value) || input.high.is_some_and(|h| h < input.value) {
        return Err(Error::invalid(
            &field,
            format!(
                "{}: the range must hold the estimate (low ≤ value ≤ high)",
                input.key
            ),
        ));
    }
    Ok(())
}

/// Creates or updates an item. A status change is recorded with its date; `effort` typed as a
/// manual input is stored as the item's effort.
pub fn save(conn: &Connection, input: &ItemInput) -> Result<Item> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("title", "a roadmap item needs a title"));
    }
    if title.chars().count() > 200 {
        return Err(Error::invalid(
            "title",
            "a title has at most 200 characters",
        ));
    }
    let mut input = input.clone();
    if let Some(k) = input.inputs.iter().position(|i| i.key == "effort") {
        let e = input.inputs.remove(k);
        input.effort = Some(e.value);
        input.effort_low = e.low.or(input.effort_low);
        input.effort_high = e.high.or(input.effort_high);
    }
    check_number("effort", input.effort)?;
    check_number("effort_low", input.effort_low)?;
    check_number("effort_high", input.effort_high)?;
    if let (Some(e), Some(l)) = (input.effort, input.effort_low) {
        if l > e {
            return Err(Error::invalid(
                "effort_low",
                "the low effort is above the estimate",
            ));
        }
    }
    if let (Some(e), Some(h)) = (input.effort, input.effort_high) {
        if h < e {
            return Err(Error::invalid(
                "effort_high",
                "the high effort is below the estimate",
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for i in &input.inputs {
        check_input(i)?;
        if !seen.insert(i.key.as_str()) {
            return Err(Error::invalid(
                &format!("inputs.{}", i.key),
                format!("{} is given twice", i.key),
            ));
        }
    }
    let stamp = now();
    let id = db::transaction(conn, |tx| {
        let exception = match input.exception_team.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => {
                Some(crate::research::teams::find_or_create(tx, name)?)
            }
            _ => None,
        };
        let status = input.status.as_str();
        // One parameter list for both statements: ?1 is the id (unused by the insert).
        let values = params![
            input.id,
            title,
            input.description,
            input.owner.trim(),
            status,
            input.effort,
            input.effort_low,
            input.effort_high,
            input.target_metric.trim(),
            exception,
            stamp
        ];
        let (id, changed) = match input.id {
            Some(id) => {
                let before: Option<String> = tx
                    .query_row(
                        "SELECT status FROM roadmap_items WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                let Some(before) = before else {
                    return Err(Error::NotFound(format!("no roadmap item with id {id}")));
                };
                tx.execute(
                    "UPDATE roadmap_items SET title = ?2, description = ?3, owner = ?4, status = ?5,
                        effort = ?6, effort_low = ?7, effort_high = ?8, target_metric = ?9,
                        exception_team = ?10, updated_at = ?11 WHERE id = ?1",
                    values,
                )?;
                (id, before != status)
            }
            None => {
                tx.execute(
                    "INSERT INTO roadmap_items (title, description, owner, status, effort,
                        effort_low, effort_high, target_metric, exception_team, created_at,
                        updated_at)
                     VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                    values,
                )?;
                (tx.last_insert_rowid(), true)
            }
        };
        if changed {
            tx.execute(
                "INSERT INTO roadmap_status_changes (item_id, status, at) VALUES (?1, ?2, ?3)",
                params![id, status, stamp],
            )?;
        }
        tx.execute("DELETE FROM roadmap_item_teams WHERE item_id = ?1", [id])?;
        for team in input
            .teams
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            let team_id = crate::research::teams::find_or_create(tx, team)?;
            tx.execute(
                "INSERT OR IGNORE INTO roadmap_item_teams (item_id, team_id) VALUES (?1, ?2)",
                params![id, team_id],
            )?;
        }
        tx.execute("DELETE FROM roadmap_inputs WHERE item_id = ?1", [id])?;
        for i in &input.inputs {
            tx.execute(
                "INSERT INTO roadmap_inputs (item_id, key, value, low, high) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, i.key, i.value, i.low, i.high],
            )?;
        }
        Ok(id)
    })?;
    get(conn, id)
}

/// Sets some manual inputs of an item, keeping the others (`effort` sets the item's effort).
pub fn set_inputs(conn: &Connection, id: i64, inputs: &[ManualInput]) -> Result<Item> {
    let item = get(conn, id)?;
    let mut next = to_input(&item);
    for i in inputs {
        next.inputs.retain(|x| x.key != i.key);
        next.inputs.push(i.clone());
    }
    save(conn, &next)
}

/// The input that would save `item` unchanged.
pub fn to_input(item: &Item) -> ItemInput {
    ItemInput {
        id: Some(item.id),
        title: item.title.clone(),
        description: item.description.clone(),
        owner: item.owner.clone(),
        status: item.status,
        effort: item.effort,
        effort_low: item.effort_low,
        effort_high: item.effort_high,
        teams: item.teams.clone(),
        target_metric: item.target_metric.clone(),
        exception_team: item.exception_team.clone(),
        inputs: item.inputs.clone(),
    }
}

/// Deletes an item and its links.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM roadmap_items WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("no roadmap item with id {id}")));
    }
    Ok(())
}

/// Longest quote on a link, in characters.
pub const MAX_QUOTE_CHARS: usize = 2_000;

/// Links a theme, a document or a quoted passage to an item. Linking the same theme or document
/// twice is a no-op that returns the existing link.
pub fn link(conn: &Connection, input: &LinkInput) -> Result<ItemLink> {
    get(conn, input.item)?;
    let quote = input
        .quote
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    if quote.is_some_and(|q| q.chars().count() > MAX_QUOTE_CHARS) {
        return Err(Error::invalid(
            "quote",
            format!("a quote has at most {MAX_QUOTE_CHARS} characters"),
        ));
    }
    let stamp = now();
    let id = match (input.theme, input.document) {
        (Some(theme), None) if quote.is_none() => {
            crate::search::themes::find(conn, &theme.to_string())?;
            let existing: Option<i64> = conn
                .query_row(
                    "SELECT id FROM roadmap_links WHERE item_id = ?1 AND theme_id = ?2",
                    params![input.item, theme],
                    |r| r.get(0),
                )
                .optional()?;
            match existing {
                Some(id) => id,
                None => {
                    conn.execute(
                        "INSERT INTO roadmap_links (item_id, theme_id, created_at) VALUES (?1, ?2, ?3)",
                        params![input.item, theme, stamp],
                    )?;
                    conn.last_insert_rowid()
                }
            }
        }
        (None, Some(doc)) => {
            match &quote {
                Some(q) => crate::research::documents::check_passage(conn, doc, q, "quote")?,
                None => drop(crate::research::documents::live_title(conn, doc)?),
            }
            let existing: Option<i64> = match quote {
                Some(_) => None,
                None => conn
                    .query_row(
                        "SELECT id FROM roadmap_links WHERE item_id = ?1 AND document_id = ?2 AND quote IS NULL",
                        params![input.item, doc],
                        |r| r.get(0),
                    )
                    .optional()?,
            };
            match existing {
                Some(id) => id,
                None => {
                    conn.execute(
                        "INSERT INTO roadmap_links (item_id, document_id, quote, created_at)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![input.item, doc, quote, stamp],
                    )?;
                    conn.last_insert_rowid()
                }
            }
        }
        _ => {
            return Err(Error::invalid(
                "link",
                "link exactly one theme or one document (a quote needs its document)",
            ))
        }
    };
    conn.execute(
        "UPDATE roadmap_items SET updated_at = ?2 WHERE id = ?1",
        params![input.item, stamp],
    )?;
    links(conn, input.item)?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or_else(|| Error::Internal(format!("link {id} vanished")))
}

/// How many roadmap links point at each of `documents` (those with none are left out).
pub fn links_on(conn: &Connection, documents: &[i64]) -> Result<HashMap<i64, u64>> {
    crate::store::db::counts_per_document(
        conn,
        "SELECT COUNT(*) FROM roadmap_links WHERE document_id = ?1",
        documents,
    )
}

/// Every quote link whose text no longer occurs in its document: (link id, item id, document id).
pub fn unsourced_quotes(conn: &Connection) -> Result<Vec<(i64, i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT id, item_id, document_id, quote FROM roadmap_links WHERE quote IS NOT NULL ORDER BY id",
    )?;
    let rows: Vec<(i64, i64, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (id, item, doc, text) in rows {
        if !crate::research::documents::contains_passage(conn, doc, &text)? {
            out.push((id, item, doc));
        }
    }
    Ok(out)
}

/// Rows of this module's tables, by table, as the trash keeps them.
pub type Parts = Vec<(String, Vec<db::Row>)>;

/// The item's title and everything deleting it removes from this module's tables.
pub fn snapshot(conn: &Connection, id: i64) -> Result<(String, Parts)> {
    let item = get(conn, id)?;
    let mut parts = vec![(
        "roadmap_items".to_string(),
        db::rows_where(conn, "roadmap_items", "id", id)?,
    )];
    for table in [
        "roadmap_status_changes",
        "roadmap_item_teams",
        "roadmap_inputs",
        "roadmap_links",
    ] {
        parts.push((
            table.to_string(),
            db::rows_where(conn, table, "item_id", id)?,
        ));
    }
    Ok((item.title, parts))
}

/// Puts a deleted item back with its satellites, leaving out what points at a team, theme or
/// document that is gone since (an exception team that is gone is cleared).
pub fn restore_snapshot(conn: &Connection, parts: &Parts) -> Result<()> {
    let teams = crate::research::teams::names(conn)?;
    let themes = crate::search::themes::names(conn)?;
    let id_of = |row: &db::Row, col: &str| row.get(col).and_then(|v| v.as_i64());
    for (table, rows) in parts {
        let mut rows = rows.clone();
        match table.as_str() {
            "roadmap_items" => {
                for row in &mut rows {
                    if let Some(id) = id_of(row, "id") {
                        if get(conn, id).is_ok() {
                            return Err(Error::invalid(
                                "id",
                                format!(
                                    "roadmap item {id} exists again; it cannot be restored over"
                                ),
                            ));
                        }
                    }
                    if id_of(row, "exception_team").is_some_and(|t| !teams.contains_key(&t)) {
                        row.insert("exception_team".into(), serde_json::Value::Null);
                    }
                }
            }
            "roadmap_item_teams" => {
                rows.retain(|r| id_of(r, "team_id").is_some_and(|t| teams.contains_key(&t)))
            }
            "roadmap_links" => {
                let docs: Vec<i64> = rows
                    .iter()
                    .filter_map(|r| id_of(r, "document_id"))
                    .collect();
                let alive = crate::research::documents::heads(conn, &docs)?;
                rows.retain(|r| match (id_of(r, "theme_id"), id_of(r, "document_id")) {
                    (Some(t), _) => themes.contains_key(&t),
                    (_, Some(d)) => alive.contains_key(&d),
                    _ => false,
                });
            }
            "roadmap_status_changes" | "roadmap_inputs" => {}
            other => return Err(Error::Internal(format!("{other} is not a roadmap table"))),
        }
        db::insert_rows(conn, table, &rows)?;
    }
    Ok(())
}

/// The links of a theme (deleting the theme removes them), as the trash keeps them.
pub fn theme_link_rows(conn: &Connection, theme: i64) -> Result<Vec<db::Row>> {
    db::rows_where(conn, "roadmap_links", "theme_id", theme)
}

/// Puts back theme links taken by [`theme_link_rows`], for items that still exist.
pub fn restore_theme_links(conn: &Connection, rows: &[db::Row]) -> Result<()> {
    let rows: Vec<db::Row> = rows
        .iter()
        .filter(|r| {
            r.get("item_id")
                .and_then(|v| v.as_i64())
                .is_some_and(|i| get(conn, i).is_ok())
        })
        .cloned()
        .collect();
    db::insert_rows(conn, "roadmap_links", &rows)
}

/// Removes a link.
pub fn unlink(conn: &Connection, link: i64) -> Result<()> {
    let n = conn.execute("DELETE FROM roadmap_links WHERE id = ?1", [link])?;
    if n == 0 {
        return Err(Error::NotFound(format!("no evidence link with id {link}")));
    }
    Ok(())
}

const LINK_COLUMNS: &str =
    "SELECT l.id, l.theme_id, l.document_id, l.quote, l.created_at, l.item_id FROM roadmap_links l";

/// A link as stored; `label` and `document_kind` are filled by `labelled`.
fn link_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, ItemLink)> {
    let theme: Option<i64> = r.get(1)?;
    let quote: Option<String> = r.get(3)?;
    let link = ItemLink {
        id: r.get(0)?,
        kind: match (theme, &quote) {
            (Some(_), _) => LinkKind::Theme,
            (None, Some(_)) => LinkKind::Quote,
            (None, None) => LinkKind::Document,
        },
        theme_id: theme,
        document_id: r.get(2)?,
        quote,
        created_at: r.get(4)?,
        label: String::new(),
        document_kind: None,
    };
    Ok((r.get(5)?, link))
}

/// Names each link by its theme or document, and leaves out links to deleted documents.
fn labelled(conn: &Connection, links: Vec<(i64, ItemLink)>) -> Result<Vec<(i64, ItemLink)>> {
    let themes = if links.iter().any(|(_, l)| l.theme_id.is_some()) {
        crate::search::themes::names(conn)?
    } else {
        HashMap::new()
    };
    let ids: Vec<i64> = links.iter().filter_map(|(_, l)| l.document_id).collect();
    let docs = crate::research::documents::heads(conn, &ids)?;
    Ok(links
        .into_iter()
        .filter_map(|(item, mut l)| {
            let doc = l.document_id.and_then(|d| docs.get(&d));
            if doc.is_some_and(|d| !d.live) {
                return None;
            }
            l.label = l
                .theme_id
                .and_then(|t| themes.get(&t).cloned())
                .or_else(|| doc.map(|d| d.title.clone()))
                .unwrap_or_default();
            l.document_kind = doc.map(|d| d.kind.clone());
            Some((item, l))
        })
        .collect())
}

/// An item's links, newest first.
pub fn links(conn: &Connection, item: i64) -> Result<Vec<ItemLink>> {
    let mut stmt = conn.prepare(&format!(
        "{LINK_COLUMNS} WHERE l.item_id = ?1 ORDER BY l.id DESC"
    ))?;
    let rows = stmt
        .query_map([item], link_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(labelled(conn, rows)?.into_iter().map(|(_, l)| l).collect())
}

/// Every item's theme and quote links (not its plain document links), newest first, by item:
/// what an export quotes.
pub fn theme_and_quote_links(conn: &Connection) -> Result<HashMap<i64, Vec<ItemLink>>> {
    let mut stmt = conn.prepare(&format!(
        "{LINK_COLUMNS} WHERE l.theme_id IS NOT NULL OR l.quote IS NOT NULL ORDER BY l.id DESC"
    ))?;
    let rows = stmt
        .query_map([], link_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out: HashMap<i64, Vec<ItemLink>> = HashMap::new();
    for (item, link) in labelled(conn, rows)? {
        out.entry(item).or_default().push(link);
    }
    Ok(out)
}
