//! The `tickets` table (+ its `documents` row): support tickets and issues imported from Jira,
//! GitHub or any CSV, keyed by their source so a re-import updates instead of duplicating.

use crate::error::{Error, Result};
use crate::research::documents::{self, DocumentKind};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A ticket as an importer produces it (and as undo snapshots store it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRecord {
    /// The ticket's key in its tracker (`HADOOP-42`, `#16`).
    pub key: String,
    /// Summary line.
    pub title: String,
    /// Description, with comments appended.
    pub body: String,
    /// Workflow status.
    pub status: String,
    /// Priority.
    pub priority: String,
    /// Issue type (bug, story, pull request…).
    pub kind: String,
    /// Labels.
    pub labels: Vec<String>,
    /// Who filed it.
    pub reporter: String,
    /// Component(s), comma-joined.
    pub component: String,
    /// Owning team, when the source names one (created if new).
    pub team: Option<String>,
    /// When it was created (RFC 3339, UTC).
    pub created: Option<String>,
    /// Day it was created as written in the source, `YYYY-MM-DD` (the evidence date).
    pub date: Option<String>,
    /// When it was resolved (RFC 3339, UTC).
    pub resolved: Option<String>,
    /// Link to the ticket.
    pub url: String,
}

/// Where ticket `document` lives in its tracker (its imported link), when it has one that a
/// browser can open: an `http` or `https` address, nothing else (a link is opened by the desktop,
/// so a `file:` or script address from an export is never followed).
pub fn source_url(conn: &Connection, document: i64) -> Result<Option<String>> {
    let url: Option<String> = conn
        .prepare_cached("SELECT url FROM tickets WHERE document_id = ?1")?
        .query_row([document], |r| r.get(0))
        .optional()?;
    Ok(url.map(|u| u.trim().to_string()).filter(|u| is_web_link(u)))
}

/// An absolute `http`/`https` address with a host and no spaces or control characters.
pub fn is_web_link(u: &str) -> bool {
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.starts_with('@')
    }) && !u
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// The stored record of a ticket document.
pub fn load(conn: &Connection, id: i64) -> Result<TicketRecord> {
    let mut rec = conn
        .prepare_cached(
            "SELECT t.key, d.title, d.body, t.status, t.priority, t.type, t.reporter, t.component,
                    tm.name, t.created, d.date, t.resolved, t.url
             FROM tickets t JOIN documents d ON d.id = t.document_id
             LEFT JOIN teams tm ON tm.id = d.team_id
             WHERE t.document_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(TicketRecord {
                key: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                status: r.get(3)?,
                priority: r.get(4)?,
                kind: r.get(5)?,
                labels: Vec::new(),
                reporter: r.get(6)?,
                component: r.get(7)?,
                team: r.get(8)?,
                created: r.get(9)?,
                date: r.get(10)?,
                resolved: r.get(11)?,
                url: r.get(12)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no ticket with id {id}")))?;
    rec.labels = documents::tags(conn, id)?;
    Ok(rec)
}

/// Normalizes a record the way it is stored, so comparisons with stored records are exact.
pub fn normalize(rec: &mut TicketRecord) {
    rec.labels = documents::clean_tags(&rec.labels);
    rec.team = rec
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
}

/// Writes `rec` into document `id` (existing) or a new document. Call inside a transaction.
fn write_record(
    conn: &Connection,
    id: Option<i64>,
    source_key: &str,
    batch: Option<i64>,
    rec: &TicketRecord,
) -> Result<i64> {
    let id = documents::write_imported(
        conn,
        id,
        &documents::Imported {
            kind: DocumentKind::Ticket,
            title: &rec.title,
            body: &rec.body,
            team: rec.team.as_deref(),
            date: rec.date.as_deref(),
            tags: &rec.labels,
            source_key,
            batch,
        },
    )?;
    conn.prepare_cached(
        "INSERT INTO tickets (document_id, key, status, priority, type, reporter, component,
                              created, resolved, url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (document_id) DO UPDATE SET
             key = excluded.key, status = excluded.status, priority = excluded.priority,
             type = excluded.type, reporter = excluded.reporter, component = excluded.component,
             created = excluded.created, resolved = excluded.resolved, url = excluded.url",
    )?
    .execute(params![
        id,
        rec.key,
        rec.status,
        rec.priority,
        rec.kind,
        rec.reporter,
        rec.component,
        rec.created,
        rec.resolved,
        rec.url
    ])?;
    Ok(id)
}

impl documents::ImportedRecord for TicketRecord {
    const KIND: DocumentKind = DocumentKind::Ticket;

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

#[cfg(test)]
mod tests {
    use super::is_web_link;

    #[test]
    fn only_http_and_https_addresses_with_a_host_are_links() {
        for ok in [
            "https://jira.example.com/browse/OPS-7",
            "http://tracker.local/issues/3?x=1#c",
            "HTTPS://GitHub.com/acme/app/issues/12",
        ] {
            assert!(is_web_link(ok), "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "https:///path",
            "https://@evil.example",
            "https://a.example/x y",
            "https://a.example/\"onmouseover=",
            "ftp://a.example/",
            "OPS-7",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }
}
