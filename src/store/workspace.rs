//! A workspace: one folder holding the SQLite database (the truth) and the tantivy index (derived).

use crate::error::{Error, Result};
use crate::research::documents;
use crate::research::teams;
use crate::search::{self, index::SearchIndex};
use crate::store::db;
use crate::store::outbox;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// File name of the database inside a workspace folder.
pub const DB_FILE: &str = "groundwork.sqlite3";
/// Folder name of the index inside a workspace folder.
pub const INDEX_DIR: &str = "index";

/// An open workspace.
pub struct Workspace {
    dir: PathBuf,
    conn: Connection,
    index: SearchIndex,
    /// The command palette's entries, loaded on first use and reloaded after writes.
    pub(crate) palette: std::sync::Mutex<Option<crate::search::palette::Palette>>,
    /// The last suggested themes: (data version, limit, suggestions).
    pub(crate) suggestions: std::sync::Mutex<Option<SuggestionCache>>,
    /// Roadmap items and their evidence, read once and reused until the database changes.
    pub(crate) evidence:
        std::sync::Mutex<Option<std::sync::Arc<crate::roadmap::evidence::EvidenceBase>>>,
    /// The day evidence recency is measured from; `None`: the local date.
    today: Option<chrono::NaiveDate>,
}

pub(crate) type SuggestionCache = ((i64, u64), usize, Vec<search::suggest::SuggestedTheme>);

/// What a workspace holds, for the status bar and `groundwork status`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WorkspaceStatus {
    /// Workspace folder.
    pub path: String,
    /// Live documents by kind.
    #[ts(type = "Record<string, number>")]
    pub documents: BTreeMap<String, u64>,
    /// Documents in the search index.
    #[ts(type = "number")]
    pub indexed: u64,
    /// Changes waiting to be indexed.
    #[ts(type = "number")]
    pub pending: u64,
    /// Teams.
    #[ts(type = "number")]
    pub teams: u64,
    /// Schema version of the database.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// True for the seeded demo workspace.
    pub is_demo: bool,
    /// The Groundwork version answering (the app's About, `groundwork --version`, the package).
    pub version: String,
}

impl Workspace {
    /// The day evidence recency (demand) is measured from: the local date, unless pinned.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Measures recency from `day` instead of the local date, so a ranking or an export can be
    /// reproduced exactly (golden tests, a review pack re-made for a past meeting).
    pub fn pin_today(&mut self, day: chrono::NaiveDate) {
        self.today = Some(day);
        if let Ok(mut slot) = self.evidence.lock() {
            *slot = None;
        }
    }

    /// The default workspace folder: the platform data directory (e.g. `~/.local/share/groundwork`).
    pub fn default_dir() -> PathBuf {
        directories::ProjectDirs::from("", "", "groundwork")
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("groundwork-workspace"))
    }

    /// The folder the desktop app uses for the demo workspace.
    pub fn default_demo_dir() -> PathBuf {
        Self::default_dir().with_file_name("groundwork-demo")
    }

    /// Opens the workspace in `dir`, creating it if needed, migrating its schema, and bringing the
    /// index up to date (replaying any outbox a crash left behind).
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref().to_path_buf();
        check_writable(&dir)?;
        let conn = db::open(&dir.join(DB_FILE), &dir)?;
        let (index, fresh) = SearchIndex::open(&dir.join(INDEX_DIR))?;
        let ws = Workspace {
            dir,
            conn,
            index,
            palette: std::sync::Mutex::new(None),
            suggestions: std::sync::Mutex::new(None),
            evidence: std::sync::Mutex::new(None),
            today: None,
        };
        let live = documents::count_live(&ws.conn)?;
        ws.index_pending()?;
        let caught_up = outbox::pending(&ws.conn)? == 0;
        if (fresh && live > 0) || (caught_up && ws.index.num_docs() != live) {
            // A new, lost or interrupted index: SQLite is the truth, rebuild from it. When another
            // process holds the index writer, it is mid-change and will leave the index current.
            match ws.index.rebuild(&ws.conn) {
                Ok(_) | Err(Error::Locked(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(ws)
    }

    /// The workspace folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The search index, for long writes that index as they go (imports).
    pub fn search_index(&self) -> &SearchIndex {
        &self.index
    }

    /// The database connection, for modules that own their tables.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Applies queued changes to the search index (in batches). Returns how many were applied.
    /// When another process holds the index writer or the write lock, the changes stay queued and
    /// `Ok(0)` is returned.
    pub fn index_pending(&self) -> Result<usize> {
        match self.index.drain(&self.conn) {
            // Another process holds the index writer or the database's write lock past the busy
            // timeout: the changes stay queued (already indexed ones are re-applied, which is
            // idempotent) and whoever writes next drains them.
            Err(Error::Locked(_)) => Ok(0),
            Err(e) if e.code() == crate::ErrorCode::WorkspaceLocked => Ok(0),
            other => other,
        }
    }

    /// Shows this connection the index as last committed (by this process or another), at once
    /// rather than when the index's file watcher notices.
    pub fn refresh_index(&self) -> Result<()> {
        self.index.reload()
    }

    /// Index commits made since this workspace was opened (diagnostics and tests).
    pub fn index_commits(&self) -> u64 {
        self.index.commits()
    }

    /// Rebuilds the search index from SQLite. Returns the number of documents indexed.
    pub fn reindex(&self) -> Result<u64> {
        self.index.rebuild(&self.conn)
    }

    /// Counts for the status bar.
    pub fn status(&self) -> Result<WorkspaceStatus> {
        Ok(WorkspaceStatus {
            path: self.dir.display().to_string(),
            documents: documents::count_by_kind(&self.conn)?,
            indexed: self.index.num_docs(),
            pending: outbox::pending(&self.conn)?,
            teams: teams::count(&self.conn)?,
            schema_version: db::SCHEMA_VERSION,
            is_demo: self.meta("demo")?.is_some(),
            version: crate::VERSION.to_string(),
        })
    }

    /// What is in the trash, newest first.
    pub fn trash(&self) -> Result<Vec<super::trash::TrashEntry>> {
        super::trash::list(&self.conn)
    }

    /// Brings a trash entry back whole.
    pub fn restore_trash(&self, id: i64) -> Result<()> {
        super::trash::restore(&self.conn, id)?;
        self.index_pending().map(drop)
    }

    /// Deletes a trash entry's documents for good. Returns how many went.
    pub fn purge_trash(&self, id: i64) -> Result<u64> {
        let n = super::trash::purge(&self.conn, id)?;
        self.index_pending()?;
        Ok(n)
    }

    /// Purges the whole trash. Returns how many documents went.
    pub fn empty_trash(&self) -> Result<u64> {
        let n = super::trash::empty(&self.conn)?;
        self.index_pending()?;
        Ok(n)
    }

    /// Reads a workspace setting.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        super::meta::get(&self.conn, key)
    }

    /// Writes a workspace setting.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        super::meta::set(&self.conn, key, value)
    }
}

fn check_writable(dir: &Path) -> Result<()> {
    let read_only = |e: std::io::Error| Error::ReadOnly {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::InvalidInput {
            field: Some("workspace".into()),
            message: format!("{} is a file, not a workspace folder", dir.display()),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            read_only(e)
        }
        _ => Error::io(
            format!("cannot create the workspace folder {}", dir.display()),
            e,
        ),
    })?;
    let probe = dir.join(".groundwork-write-check");
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(read_only(e)),
    }
}
