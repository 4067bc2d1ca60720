//! The one way to open a workspace database: pragmas, schema version check, migrations.
//!
//! The only module allowed to call `rusqlite::Connection::open*` (clippy.toml forbids it elsewhere).
#![allow(clippy::disallowed_methods)]

use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// Embedded migrations, in order. Index `i` upgrades schema `i` to `i + 1`. Only ever append.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_imports.sql"),
    include_str!("migrations/0003_notes.sql"),
    include_str!("migrations/0004_surveys.sql"),
    include_str!("migrations/0005_themes.sql"),
    include_str!("migrations/0006_roadmap.sql"),
    include_str!("migrations/0007_metrics.sql"),
    include_str!("migrations/0008_trash.sql"),
    include_str!("migrations/0009_transcripts.sql"),
    include_str!("migrations/0010_people.sql"),
    include_str!("migrations/0011_guides.sql"),
    include_str!("migrations/0012_codes.sql"),
    include_str!("migrations/0013_theme_passages.sql"),
    include_str!("migrations/0014_coded_documents.sql"),
    include_str!("migrations/0015_track_records.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Folder inside a workspace where backups taken before a migration or a restore are kept.
pub const BACKUP_DIR: &str = "backups";

/// Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
///
/// A database whose `user_version` is newer than [`SCHEMA_VERSION`] is refused before anything is
/// written to it. Before an older database is migrated, a copy of it is written to
/// `<workspace>/backups/` with the online backup API, so an upgrade can always be undone.
pub fn open(path: &Path, workspace: &Path) -> Result<Connection> {
    let conn = Connection::open(path).map_err(|e| classify_open_error(e, workspace))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Read the version before any pragma that writes (journal_mode=WAL rewrites the header).
    let version = user_version(&conn).map_err(|e| classify_open_error(e, workspace))?;
    refuse_newer(version, workspace)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| classify_open_error(e, workspace))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if version < SCHEMA_VERSION {
        if version > 0 {
            let name = format!(
                "before-schema-{SCHEMA_VERSION}-from-{version}-{}.sqlite3",
                stamp()
            );
            backup_to(&conn, &workspace.join(BACKUP_DIR).join(name))?;
        }
        // Only an old or new database takes the write lock here: opening a current one (every
        // search, every CLI call) never waits on a writer.
        migrate(&conn, workspace)?;
    }
    Ok(conn)
}

/// How long a writer waits for another process's write transaction before giving up with
/// [`Error::Locked`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

fn refuse_newer(version: i64, workspace: &Path) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(Error::WorkspaceTooNew {
            path: workspace.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Applies the missing migrations, one transaction each. Each step takes the write lock first
/// (`BEGIN IMMEDIATE`) and re-reads the version under it, so two processes opening an old
/// workspace at once migrate it once: the second waits, then finds nothing left to do.
fn migrate(conn: &Connection, workspace: &Path) -> Result<()> {
    loop {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let step = (|| -> Result<bool> {
            let version = user_version(conn)?;
            refuse_newer(version, workspace)?;
            let Some(sql) = MIGRATIONS.get(version as usize) else {
                return Ok(false);
            };
            conn.execute_batch(sql)
                .map_err(|e| classify_open_error(e, workspace))?;
            conn.pragma_update(None, "user_version", version + 1)?;
            Ok(true)
        })();
        match step {
            Ok(more) => {
                conn.execute_batch("COMMIT")?;
                if !more {
                    return Ok(());
                }
            }
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
}

/// A UTC timestamp safe in file names: `20261202T103700Z`.
pub fn stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string()
}

/// Copies the database behind `conn` to `dest` with SQLite's online backup API: a consistent
/// snapshot even while other connections write. The copy is written beside `dest`, synced, and
/// renamed into place, so `dest` is never a half-written file.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create the folder {}", dir.display()), e))?;
    }
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    {
        let mut out = Connection::open(&partial).map_err(|e| Error::Io {
            context: format!("cannot create the backup {}", partial.display()),
            source: std::io::Error::other(e.to_string()),
        })?;
        copy_all(&rusqlite::backup::Backup::new(conn, &mut out)?)?;
        // A backup is a single self-contained file, whatever journal mode the source uses.
        out.pragma_update(None, "journal_mode", "DELETE")?;
        out.close().map_err(|(_, e)| Error::Database(e))?;
    }
    let file = std::fs::File::open(&partial)
        .map_err(|e| Error::io(format!("cannot reopen {}", partial.display()), e))?;
    file.sync_all()
        .map_err(|e| Error::io(format!("cannot sync {}", partial.display()), e))?;
    std::fs::rename(&partial, dest).map_err(|e| {
        Error::io(
            format!("cannot move the backup into place at {}", dest.display()),
            e,
        )
    })?;
    Ok(())
}

/// What a file about to be restored holds, read without changing it.
#[derive(Debug, Clone)]
pub struct BackupInfo {
    /// Its schema version.
    pub schema_version: i64,
    /// Live documents in it.
    pub documents: u64,
}

/// Checks that `file` is a whole Groundwork database this build can open: SQLite, passes
/// `integrity_check`, holds the workspace tables, and is not from a newer schema. Opened
/// read-only; nothing is written to it.
pub fn inspect_backup(file: &Path) -> Result<BackupInfo> {
    let bad = |why: String| Error::InvalidInput {
        field: Some("file".into()),
        message: format!("{}: {why}", file.display()),
    };
    if !file.is_file() {
        return Err(bad("no such file".into()));
    }
    let conn = Connection::open_with_flags(
        file,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| bad(format!("cannot be opened as SQLite ({e})")))?;
    let version = user_version(&conn).map_err(|_| bad("is not a SQLite database".into()))?;
    if version > SCHEMA_VERSION {
        return Err(bad(format!(
            "was written by a newer Groundwork (schema version {version}; this version understands up to {SCHEMA_VERSION})"
        )));
    }
    let problems = integrity_problems(&conn).map_err(|_| bad("is not a SQLite database".into()))?;
    if !problems.is_empty() {
        return Err(bad(format!(
            "is damaged (integrity check: {})",
            problems.join("; ")
        )));
    }
    let documents: u64 = conn
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .map_err(|_| {
            bad("is a SQLite database but not a Groundwork workspace (no documents table)".into())
        })?;
    if version < 1 {
        return Err(bad(
            "is not a Groundwork workspace (schema version 0)".into()
        ));
    }
    Ok(BackupInfo {
        schema_version: version,
        documents,
    })
}

/// What `PRAGMA integrity_check` reports, empty when the database is sound.
pub fn integrity_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let line = row?;
        if line != "ok" {
            out.push(line);
        }
    }
    Ok(out)
}

/// Copies `from` over the database at `path` with the online backup API (page by page, under
/// the destination's write lock, so other connections see the old or the new database, never a
/// mix).
pub fn restore_into(from: &Path, path: &Path) -> Result<()> {
    let src = Connection::open_with_flags(
        from,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut dst = Connection::open(path)?;
    dst.busy_timeout(BUSY_TIMEOUT)?;
    let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
    copy_all(&backup)
}

/// Runs a backup in one step (every page under one lock: a consistent snapshot), retrying while
/// another connection holds a conflicting lock, up to [`BUSY_TIMEOUT`].
fn copy_all(backup: &rusqlite::backup::Backup<'_, '_>) -> Result<()> {
    use rusqlite::backup::StepResult;
    let start = std::time::Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if start.elapsed() > BUSY_TIMEOUT {
                    return Err(Error::Locked(
                        "the workspace is busy: another Groundwork process kept it locked; try again in a moment".into(),
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {}
        }
    }
}

fn classify_open_error(e: rusqlite::Error, workspace: &Path) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen) => {
            Error::ReadOnly {
                path: workspace.to_path_buf(),
                reason: e.to_string(),
            }
        }
        Some(rusqlite::ErrorCode::NotADatabase) => Error::InvalidInput {
            field: None,
            message: format!(
                "{} is not a Groundwork workspace: its database file is not SQLite",
                workspace.display()
            ),
        },
        _ => Error::Database(e),
    }
}

/// The current UTC time as RFC 3339, the format every timestamp column uses.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// How many rows `count_sql` (a `SELECT COUNT(*) … WHERE document_id = ?1`) finds for each of
/// `documents`, keeping those with any: what rests on documents about to be removed.
pub fn counts_per_document(
    conn: &Connection,
    count_sql: &str,
    documents: &[i64],
) -> Result<std::collections::HashMap<i64, u64>> {
    let mut stmt = conn.prepare_cached(count_sql)?;
    let mut out = std::collections::HashMap::new();
    for &d in documents {
        let n: u64 = stmt.query_row([d], |r| r.get(0))?;
        if n > 0 {
            out.insert(d, n);
        }
    }
    Ok(out)
}

/// One row as JSON (column name → value), as the trash keeps what a delete removed.
pub type Row = serde_json::Map<String, serde_json::Value>;

/// Every row of `table` whose `column` is `id`, every column included (so a snapshot taken by
/// this version keeps columns it does not know about). For the owner of `table` to call on its
/// own table; `table` and `column` are constants of the caller, never input.
pub fn rows_where(conn: &Connection, table: &str, column: &str, id: i64) -> Result<Vec<Row>> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} WHERE {column} = ?1"))?;
    let names: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut row = Row::new();
        for (k, name) in names.iter().enumerate() {
            let v = match r.get_ref(k)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(i) => i.into(),
                ValueRef::Real(f) => {
                    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
                }
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                ValueRef::Blob(_) => {
                    return Err(Error::Internal(format!("{table}.{name} holds a blob")))
                }
            };
            row.insert(name.clone(), v);
        }
        out.push(row);
    }
    Ok(out)
}

/// Inserts rows taken by [`rows_where`] back into `table`, as they were.
pub fn insert_rows(conn: &Connection, table: &str, rows: &[Row]) -> Result<()> {
    for row in rows {
        let names: Vec<&str> = row.keys().map(String::as_str).collect();
        let marks: Vec<String> = (1..=names.len()).map(|k| format!("?{k}")).collect();
        let values: Vec<rusqlite::types::Value> = row
            .values()
            .map(|v| match v {
                serde_json::Value::Null => rusqlite::types::Value::Null,
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => rusqlite::types::Value::Integer(i),
                    None => rusqlite::types::Value::Real(n.as_f64().unwrap_or(0.0)),
                },
                serde_json::Value::Bool(b) => rusqlite::types::Value::Integer(*b as i64),
                other => rusqlite::types::Value::Text(match other {
                    serde_json::Value::String(s) => s.clone(),
                    v => v.to_string(),
                }),
            })
            .collect();
        conn.execute(
            &format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            ),
            rusqlite::params_from_iter(values),
        )?;
    }
    Ok(())
}

/// Runs `f` as one write transaction. Outermost calls use `BEGIN IMMEDIATE` (so a second writer
/// waits on the busy timeout instead of failing midway); nested calls use a savepoint, so a
/// composite operation (seeding, importing) is still all-or-nothing.
pub fn transaction<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let outer = conn.is_autocommit();
    conn.execute_batch(if outer {
        "BEGIN IMMEDIATE"
    } else {
        "SAVEPOINT gw"
    })?;
    match f(conn) {
        Ok(v) => {
            conn.execute_batch(if outer { "COMMIT" } else { "RELEASE gw" })?;
            Ok(v)
        }
        Err(e) => {
            let undo = if outer {
                "ROLLBACK"
            } else {
                "ROLLBACK TO gw; RELEASE gw"
            };
            let _ = conn.execute_batch(undo);
            Err(e)
        }
    }
}
