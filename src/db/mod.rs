//! The one way to open a workspace database: pragmas, schema version check, migrations.

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
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
///
/// A database whose `user_version` is newer than [`SCHEMA_VERSION`] is refused before anything is
/// written to it.
pub fn open(path: &Path, workspace: &Path) -> Result<Connection> {
    let conn = Connection::open(path).map_err(|e| classify_open_error(e, workspace))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // Read the version before any pragma that writes (journal_mode=WAL rewrites the header).
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify_open_error(e, workspace))?;
    if version > SCHEMA_VERSION {
        return Err(Error::WorkspaceTooNew {
            path: workspace.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| classify_open_error(e, workspace))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&conn, version, workspace)?;
    Ok(conn)
}

fn migrate(conn: &Connection, from: i64, workspace: &Path) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let to = i as i64 + 1;
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)
            .map_err(|e| classify_open_error(e, workspace))?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()?;
    }
    Ok(())
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
