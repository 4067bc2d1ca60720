//! The measured phases. Each runs in its own child process (see [`crate::import_bench`]) so that
//! the peak resident memory read at its end belongs to that phase alone.
// Connection::open: the SQLite FTS5 baseline is a plain database, not a workspace.
#![allow(clippy::disallowed_methods)]

use crate::generate::jira_day;
use groundwork::import::ImportOptions;
use groundwork::Workspace;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

/// Errors of a phase: anything, reported by the child and turned into a failed phase.
pub type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Same budget as `WRITER_HEAP` in `src/search/index.rs` (one indexing thread).
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// Column positions in the generated export (see [`crate::generate::HEADER`]).
mod col {
    pub const SUMMARY: usize = 0;
    pub const KEY: usize = 1;
    pub const STATUS: usize = 2;
    pub const PRIORITY: usize = 3;
    pub const TYPE: usize = 4;
    pub const LABEL1: usize = 5;
    pub const LABEL2: usize = 6;
    pub const COMPONENT: usize = 7;
    pub const REPORTER: usize = 8;
    pub const CREATED: usize = 9;
    pub const RESOLVED: usize = 10;
    pub const DESCRIPTION: usize = 11;
    pub const COMMENT: usize = 12;
}

/// One phase's measurement, as the child prints it and the parent reads it.
#[derive(Debug, Clone)]
pub struct PhaseResult {
    /// Phase name (`groundwork`, `tantivy`, `fts5`, `profile`).
    pub phase: String,
    /// Wall time of the measured work, in seconds.
    pub seconds: f64,
    /// Peak resident set size of the child process (VmHWM), in MiB.
    pub peak_rss_mb: f64,
    /// Documents verified at the end.
    pub docs: u64,
    /// Named sub-timings in seconds, in the order they happened.
    pub breakdown: Vec<(String, f64)>,
}

impl PhaseResult {
    /// As JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "phase": self.phase,
            "seconds": self.seconds,
            "peak_rss_mb": self.peak_rss_mb,
            "docs": self.docs,
            "breakdown": self.breakdown.iter().map(|(k, v)| json!({"step": k, "seconds": v})).collect::<Vec<_>>(),
        })
    }

    /// Reads what [`PhaseResult::to_json`] wrote.
    pub fn from_json(v: &Value) -> Option<Self> {
        Some(PhaseResult {
            phase: v["phase"].as_str()?.to_string(),
            seconds: v["seconds"].as_f64()?,
            peak_rss_mb: v["peak_rss_mb"].as_f64()?,
            docs: v["docs"].as_u64()?,
            breakdown: v["breakdown"]
                .as_array()?
                .iter()
                .filter_map(|s| Some((s["step"].as_str()?.to_string(), s["seconds"].as_f64()?)))
                .collect(),
        })
    }
}

/// Peak resident set size of this process so far (`VmHWM`), in MiB; 0 where unavailable.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn check(what: &str, got: u64, expected: u64) -> BoxResult<()> {
    if got == expected {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected}, got {got}").into())
    }
}

/// (a) The real thing: `Workspace::open` + `Workspace::import` (parse, one SQLite transaction,
/// outbox drained into tantivy). The progress callback only takes timestamps: its first call
/// comes once the file is parsed (row 0 is being stored), its last (`done == total`) right after
/// the SQLite commit and before the index is brought up to date.
pub fn groundwork(file: &Path, dir: &Path, tickets: u64) -> BoxResult<PhaseResult> {
    let start = Instant::now();
    let ws = Workspace::open(dir)?;
    let opened = Instant::now();
    let mut first_progress: Option<Instant> = None;
    let mut committed: Option<Instant> = None;
    let report = ws.import(
        file,
        &ImportOptions::default(),
        &mut |p| {
            let now = Instant::now();
            first_progress.get_or_insert(now);
            if p.done == p.total {
                committed = Some(now);
            }
        },
        &AtomicBool::new(false),
    )?;
    let end = Instant::now();
    if !report.rejected.is_empty() {
        return Err(format!(
            "{} rows rejected, first: {:?}",
            report.rejected.len(),
            report.rejected[0]
        )
        .into());
    }
    check("imported", report.imported, tickets)?;
    let status = ws.status()?;
    check("indexed", status.indexed, tickets)?;
    check("pending", status.pending, 0)?;
    let parsed = first_progress.unwrap_or(end);
    let committed = committed.unwrap_or(end);
    Ok(PhaseResult {
        phase: "groundwork".into(),
        seconds: (end - start).as_secs_f64(),
        peak_rss_mb: peak_rss_mb(),
        docs: status.indexed,
        breakdown: vec![
            ("open workspace".into(), (opened - start).as_secs_f64()),
            (
                "read + decode + detect + parse".into(),
                (parsed - opened).as_secs_f64(),
            ),
            (
                "SQLite rows + commit".into(),
                (committed - parsed).as_secs_f64(),
            ),
            (
                "index outbox (tantivy)".into(),
                (end - committed).as_secs_f64(),
            ),
        ],
    })
}

/// The schema of `src/search/index.rs`, field for field.
struct Fields {
    id: tantivy::schema::Field,
    kind: tantivy::schema::Field,
    title: tantivy::schema::Field,
    body: tantivy::schema::Field,
    people: tantivy::schema::Field,
    tag: tantivy::schema::Field,
    date: tantivy::schema::Field,
}

fn tantivy_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let id = b.add_u64_field("id", INDEXED | STORED | FAST);
    let kind = b.add_text_field("kind", STRING | STORED | FAST);
    let title = b.add_text_field("title", stemmed.clone());
    let body = b.add_text_field("body", stemmed.clone());
    let people = b.add_text_field("people", stemmed);
    b.add_text_field("team", STRING | STORED | FAST);
    let tag = b.add_text_field("tag", STRING | STORED);
    let date = b.add_text_field("date", STRING | STORED | FAST);
    (
        b.build(),
        Fields {
            id,
            kind,
            title,
            body,
            people,
            tag,
            date,
        },
    )
}

/// Description plus comment text, the way the importer builds a ticket body.
fn ticket_body(rec: &csv::StringRecord) -> String {
    body_of(&rec[col::DESCRIPTION], &rec[col::COMMENT])
}

fn body_of(description: &str, comment: &str) -> String {
    let mut body = description.replace("\r\n", "\n").trim_end().to_string();
    let comment = comment.trim();
    if !comment.is_empty() {
        // Jira writes `date;author;text`: keep the text.
        let text = comment.splitn(3, ';').nth(2).unwrap_or(comment);
        body.push_str("\n\nComment: ");
        body.push_str(text);
    }
    body
}

fn open_csv(file: &Path) -> BoxResult<csv::Reader<std::fs::File>> {
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(file)?)
}

/// (b) tantivy alone: stream the CSV, one document per ticket with the same text and schema as
/// the app, one writer (64 MB heap, 1 thread), one commit at the end.
pub fn tantivy_alone(file: &Path, dir: &Path, tickets: u64) -> BoxResult<PhaseResult> {
    let start = Instant::now();
    let (schema, f) = tantivy_schema();
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_HEAP)?;
    let mut reader = open_csv(file)?;
    let mut rec = csv::StringRecord::new();
    let mut id = 0u64;
    while reader.read_record(&mut rec)? {
        id += 1;
        let people = format!("{} {}", &rec[col::KEY], &rec[col::REPORTER]);
        let mut d: TantivyDocument = doc!(
            f.id => id,
            f.kind => "ticket",
            f.title => rec[col::SUMMARY].trim(),
            f.body => ticket_body(&rec),
            f.people => people,
        );
        if let Some(day) = jira_day(&rec[col::CREATED]) {
            d.add_text(f.date, day);
        }
        for label in [&rec[col::LABEL1], &rec[col::LABEL2]] {
            if !label.is_empty() {
                d.add_text(f.tag, label);
            }
        }
        writer.add_document(d)?;
    }
    let added = Instant::now();
    writer.commit()?;
    let end = Instant::now();
    let docs = index.reader()?.searcher().num_docs();
    check("tantivy num_docs", docs, tickets)?;
    Ok(PhaseResult {
        phase: "tantivy".into(),
        seconds: (end - start).as_secs_f64(),
        peak_rss_mb: peak_rss_mb(),
        docs,
        breakdown: vec![
            (
                "parse + add_document (queues to the indexing thread)".into(),
                (added - start).as_secs_f64(),
            ),
            (
                "commit (waits for indexing, writes segments)".into(),
                (end - added).as_secs_f64(),
            ),
        ],
    })
}

/// (c) SQLite FTS5: stream the CSV into a plain table (one transaction, one prepared statement),
/// then build an external-content FTS5 index over (title, body) with `'rebuild'`.
pub fn fts5(file: &Path, dir: &Path, tickets: u64) -> BoxResult<PhaseResult> {
    let start = Instant::now();
    std::fs::create_dir_all(dir)?;
    let mut conn = Connection::open(dir.join("fts5.sqlite3"))?;
    // The pragmas `src/store/db/mod.rs` sets on a workspace database.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let has_fts5: bool =
        conn.query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
            r.get(0)
        })?;
    if !has_fts5 {
        return Err("this SQLite build has no FTS5 (libsqlite3-sys \"bundled\" enables it)".into());
    }
    conn.execute_batch(
        "CREATE TABLE tickets (
            id        INTEGER PRIMARY KEY,
            key       TEXT NOT NULL,
            title     TEXT NOT NULL,
            body      TEXT NOT NULL,
            people    TEXT NOT NULL,
            status    TEXT NOT NULL,
            priority  TEXT NOT NULL,
            type      TEXT NOT NULL,
            labels    TEXT NOT NULL,
            component TEXT NOT NULL,
            created   TEXT,
            resolved  TEXT
        )",
    )?;
    let mut reader = open_csv(file)?;
    let mut rec = csv::StringRecord::new();
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO tickets (key, title, body, people, status, priority, type, labels,
                                  component, created, resolved)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        while reader.read_record(&mut rec)? {
            let people = format!("{} {}", &rec[col::KEY], &rec[col::REPORTER]);
            let labels = format!("{} {}", &rec[col::LABEL1], &rec[col::LABEL2]);
            let created = Some(&rec[col::CREATED]).filter(|s| !s.is_empty());
            let resolved = Some(&rec[col::RESOLVED]).filter(|s| !s.is_empty());
            stmt.execute(rusqlite::params![
                &rec[col::KEY],
                rec[col::SUMMARY].trim(),
                ticket_body(&rec),
                people,
                &rec[col::STATUS],
                &rec[col::PRIORITY],
                &rec[col::TYPE],
                labels.trim(),
                &rec[col::COMPONENT],
                created,
                resolved,
            ])?;
        }
    }
    tx.commit()?;
    let inserted = Instant::now();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE fts USING fts5(
             title, body, content = 'tickets', content_rowid = 'id', tokenize = 'porter unicode61'
         );
         INSERT INTO fts (fts) VALUES ('rebuild');",
    )?;
    let end = Instant::now();
    let rows: u64 = conn.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?;
    check("rows", rows, tickets)?;
    let indexed: u64 = conn.query_row("SELECT COUNT(*) FROM fts_docsize", [], |r| r.get(0))?;
    check("fts5 documents", indexed, tickets)?;
    let hits: u64 = conn.query_row(
        "SELECT COUNT(*) FROM fts WHERE fts MATCH 'deploy'",
        [],
        |r| r.get(0),
    )?;
    if hits == 0 && tickets >= 100 {
        return Err("fts5: a search for \"deploy\" found nothing".into());
    }
    Ok(PhaseResult {
        phase: "fts5".into(),
        seconds: (end - start).as_secs_f64(),
        peak_rss_mb: peak_rss_mb(),
        docs: indexed,
        breakdown: vec![
            (
                "parse + INSERT (1 transaction)".into(),
                (inserted - start).as_secs_f64(),
            ),
            ("FTS5 rebuild".into(), (end - inserted).as_secs_f64()),
        ],
    })
}

/// Diagnostics: the pieces of (a) that public API lets us time one by one. Reads and parses the
/// file the way the importer does, then imports it and compares the outbox drain (one tantivy
/// commit per 10 000 documents) with a full rebuild (one commit) and with loading alone.
pub fn profile(file: &Path, dir: &Path, tickets: u64) -> BoxResult<PhaseResult> {
    use groundwork::import::{dates, table, text};
    let start = Instant::now();
    let mut laps = Laps::new();
    let bytes = std::fs::read(file)?;
    laps.lap("fs::read");
    let (content, _) = text::decode(&bytes, None)?;
    drop(bytes);
    laps.lap("text::decode");
    let t = table::read(&content, "bench.csv", None)?;
    laps.lap("table::read (once; an import runs it twice: detect + parse)");
    let mut n = 0u64;
    for row in &t.rows {
        for c in [col::CREATED, col::RESOLVED] {
            if !row.fields[c].is_empty() {
                dates::parse(&row.fields[c], dates::DayOrder::DayFirst)?;
                n += 1;
            }
        }
        if let Some((date, _)) = row.fields[col::COMMENT].split_once(';') {
            let _ = dates::parse(date, dates::DayOrder::DayFirst);
            n += 1;
        }
    }
    laps.lap(&format!("dates::parse x{n}"));
    let ws = Workspace::open(dir)?;
    let rows: Vec<&[String]> = t.rows.iter().map(|r| &r.fields[..]).collect();
    laps.restart();
    let per_statement = sqlite_statements(ws.conn(), &rows, false)?;
    laps.lap("SQLite rows, the importer's statements (replayed, rolled back)");
    laps.steps.extend(per_statement);
    laps.restart();
    let per_statement = sqlite_statements(ws.conn(), &rows, true)?;
    laps.lap("SQLite rows, lean sketch: all cached, no UPDATE/DELETE (rolled back)");
    laps.steps.extend(per_statement);
    drop(rows);
    drop(t);
    drop(content);
    let opts = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    laps.restart();
    let report = ws.import(file, &opts, &mut |_| {}, &AtomicBool::new(false))?;
    check("dry run", report.imported, tickets)?;
    laps.lap("dry-run import (read..parse + SQLite rows, rolled back)");
    let report = ws.import(
        file,
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )?;
    check("imported", report.imported, tickets)?;
    laps.lap("full import (as in phase a)");
    let commits = ws.index_commits();
    let conn = ws.conn();
    let ids = groundwork::research::documents::live_ids(conn)?;
    for id in &ids {
        groundwork::research::documents::load_for_index(conn, *id)?;
    }
    laps.lap(&format!(
        "documents::load_for_index x{} (no tantivy)",
        ids.len()
    ));
    let rebuilt = ws.reindex()?;
    check("reindexed", rebuilt, tickets)?;
    laps.lap("Workspace::reindex (load + 1 tantivy commit)");
    laps.steps
        .push((format!("tantivy commits during the import: {commits}"), 0.0));
    Ok(PhaseResult {
        phase: "profile".into(),
        seconds: start.elapsed().as_secs_f64(),
        peak_rss_mb: peak_rss_mb(),
        docs: rebuilt,
        breakdown: laps.steps,
    })
}

/// Consecutive named timings.
struct Laps {
    last: Instant,
    steps: Vec<(String, f64)>,
}

impl Laps {
    fn new() -> Self {
        Laps {
            last: Instant::now(),
            steps: Vec::new(),
        }
    }

    /// Starts the next lap now, without recording the time since the last one.
    fn restart(&mut self) {
        self.last = Instant::now();
    }

    /// Records the time since the last lap under `name`.
    fn lap(&mut self, name: &str) {
        let now = Instant::now();
        self.steps
            .push((name.to_string(), (now - self.last).as_secs_f64()));
        self.last = now;
    }
}

/// Replays, with per-statement timings, the SQLite work `documents::upsert` (for tickets) + `batches::record` do
/// for each new ticket (the statements copied from `src/tickets.rs`, `src/documents.rs`,
/// `src/outbox.rs` and `src/import/batches.rs`), inside one transaction that is rolled back.
///
/// With `lean`, a sketch of a cheaper sequence for new documents instead: every statement cached,
/// `source_key`/`batch_id` written by the `documents` INSERT instead of a second UPDATE, no tag
/// DELETE for a document that was just created, one timestamp per import.
fn sqlite_statements(
    conn: &Connection,
    rows: &[&[String]],
    lean: bool,
) -> BoxResult<Vec<(String, f64)>> {
    use rusqlite::{params, OptionalExtension};
    let names: &[&str] = if lean {
        &[
            "find by source_key",
            "INSERT documents (with source_key, batch_id)",
            "INSERT outbox",
            "INSERT tickets",
            "INSERT document_tags",
            "INSERT import_changes",
        ]
    } else {
        &[
            "find by source_key",
            "now() timestamp",
            "INSERT documents (uncached prepare)",
            "INSERT outbox",
            "INSERT tickets",
            "UPDATE documents SET source_key, batch_id",
            "DELETE document_tags (uncached prepare)",
            "INSERT document_tags",
            "INSERT import_changes",
        ]
    };
    let mut totals = vec![0f64; names.len()];
    let mut timed = |i: usize, t: Instant| totals[i] += t.elapsed().as_secs_f64();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let outcome = (|| -> BoxResult<()> {
        conn.execute(
            "INSERT INTO import_batches (source_path, format, kind, encoding, created_at)
             VALUES ('bench', 'jira-csv', 'tickets', 'utf-8', '2024-01-01T00:00:00.000Z')",
            [],
        )?;
        let batch = conn.last_insert_rowid();
        let stamp = "2024-01-01T00:00:00.000Z".to_string();
        for row in rows {
            let key = format!("jira:{}", row[col::KEY].trim());
            let title = row[col::SUMMARY].trim();
            let body = body_of(&row[col::DESCRIPTION], &row[col::COMMENT]);
            let date = jira_day(&row[col::CREATED]);
            let labels: Vec<&str> = [&row[col::LABEL1], &row[col::LABEL2]]
                .into_iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            let mut step = 0;
            let mut t = Instant::now();
            let mut next = |t: &mut Instant| {
                timed(step, *t);
                step += 1;
                *t = Instant::now();
            };
            let found: Option<i64> = conn
                .prepare_cached(
                    "SELECT id FROM documents WHERE kind = 'ticket' AND source_key = ?1",
                )?
                .query_row([&key], |r| r.get(0))
                .optional()?;
            assert!(found.is_none(), "keys are unique");
            next(&mut t);
            let now = if lean {
                stamp.clone()
            } else {
                let now = groundwork::store::db::now();
                next(&mut t);
                now
            };
            let id = if lean {
                conn.prepare_cached(
                    "INSERT INTO documents (kind, title, body, team_id, date, created_at, updated_at,
                                            source_key, batch_id)
                     VALUES ('ticket', ?1, ?2, NULL, ?3, ?4, ?4, ?5, ?6)",
                )?
                .execute(params![title, body, date, now, key, batch])?;
                conn.last_insert_rowid()
            } else {
                conn.execute(
                    "INSERT INTO documents (kind, title, body, team_id, date, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params!["ticket", title, body, None::<i64>, date, now],
                )?;
                conn.last_insert_rowid()
            };
            next(&mut t);
            conn.prepare_cached("INSERT INTO outbox (document_id, queued_at) VALUES (?1, ?2)")?
                .execute(params![id, now])?;
            next(&mut t);
            conn.prepare_cached(
                "INSERT INTO tickets (document_id, key, status, priority, type, reporter, component,
                                      created, resolved, url)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                row[col::KEY].trim(),
                row[col::STATUS].trim(),
                row[col::PRIORITY].trim(),
                row[col::TYPE].trim(),
                row[col::REPORTER].trim(),
                row[col::COMPONENT].trim(),
                row[col::CREATED].trim(),
                row[col::RESOLVED].trim(),
                ""
            ])?;
            next(&mut t);
            if !lean {
                conn.prepare_cached(
                    "UPDATE documents SET source_key = ?2, batch_id = ?3 WHERE id = ?1",
                )?
                .execute(params![id, key, batch])?;
                next(&mut t);
                conn.execute("DELETE FROM document_tags WHERE document_id = ?1", [id])?;
                next(&mut t);
            }
            let mut stmt = conn.prepare_cached(
                "INSERT OR IGNORE INTO document_tags (document_id, tag) VALUES (?1, ?2)",
            )?;
            for tag in &labels {
                stmt.execute(params![id, tag])?;
            }
            next(&mut t);
            conn.prepare_cached(
                "INSERT OR REPLACE INTO import_changes (batch_id, document_id, previous)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![batch, id, None::<String>])?;
            next(&mut t);
        }
        Ok(())
    })();
    conn.execute_batch("ROLLBACK")?;
    outcome?;
    Ok(names
        .iter()
        .zip(totals)
        .map(|(name, secs)| (format!("    {name}"), secs))
        .collect())
}
