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

/// How far a rebuild of the search index has got (while a workspace opens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IndexProgress {
    /// Documents indexed so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Documents to index in all.
    #[ts(type = "number")]
    pub total: u64,
    /// Why the index is being rebuilt.
    pub reason: String,
}

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
    /// Passages and the similarity model learned from them (`search::similar`), until the
    /// documents change.
    pub(crate) similar: std::sync::Mutex<Option<crate::search::similar::Cached>>,
    /// The day evidence recency is measured from; `None`: the local date.
    today: Option<chrono::NaiveDate>,
    /// Why the index was rebuilt from SQLite since this workspace was opened, if it was.
    index_rebuilt: std::sync::Mutex<Option<String>>,
    /// Why the index folder could not be used at all (the workspace then holds an empty index in
    /// memory: status, backup and check work from SQLite; `reindex` recreates the folder).
    index_damaged: Option<String>,
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
    /// Why the search index was rebuilt from the database when the workspace was opened (or
    /// since: a search that found it damaged), e.g. "the search index was missing".
    pub index_rebuilt: Option<String>,
    /// Why the search index cannot be used at all (searches find nothing until `reindex`).
    pub index_damaged: Option<String>,
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
    /// index up to date: replaying any outbox a crash left behind, and rebuilding from SQLite an
    /// index that is missing, unreadable, from another schema or holding a different number of
    /// documents ([`WorkspaceStatus::index_rebuilt`] says why). Fails when the index folder cannot
    /// be used at all; [`Workspace::open_database`] opens such a workspace for maintenance.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        Self::open_reporting(dir, &mut |_| {})
    }

    /// [`Workspace::open`], telling `progress` how a rebuild of the index is going (nothing when
    /// the index is sound), so a host can show it while a large workspace's index is rebuilt.
    pub fn open_reporting(
        dir: impl AsRef<Path>,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<Self> {
        let (conn, dir) = Self::open_conn(dir.as_ref())?;
        let (index, damage) = SearchIndex::open(&dir.join(INDEX_DIR))?;
        Self::assemble(dir, conn, index, damage, None, progress)
    }

    /// Opens the workspace like [`Workspace::open`], but when its index folder cannot be used
    /// (not even recreated: unwritable, or held by another process) it opens anyway, with an
    /// empty index in memory and [`WorkspaceStatus::index_damaged`] saying why: `status`,
    /// `backup`, `restore` and `check` need only SQLite, and `reindex` recreates the folder.
    pub fn open_database(dir: impl AsRef<Path>) -> Result<Self> {
        let (conn, dir) = Self::open_conn(dir.as_ref())?;
        match SearchIndex::open(&dir.join(INDEX_DIR)) {
            Ok((index, damage)) => Self::assemble(dir, conn, index, damage, None, &mut |_| {}),
            Err(e) => {
                let index = SearchIndex::in_memory()?;
                Self::assemble(dir, conn, index, None, Some(e.to_string()), &mut |_| {})
            }
        }
    }

    fn open_conn(dir: &Path) -> Result<(Connection, PathBuf)> {
        let dir = dir.to_path_buf();
        check_writable(&dir)?;
        let conn = db::open(&dir.join(DB_FILE), &dir)?;
        Ok((conn, dir))
    }

    fn assemble(
        dir: PathBuf,
        conn: Connection,
        index: SearchIndex,
        damage: Option<String>,
        index_damaged: Option<String>,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<Self> {
        let ws = Workspace {
            dir,
            conn,
            index,
            palette: std::sync::Mutex::new(None),
            suggestions: std::sync::Mutex::new(None),
            similar: std::sync::Mutex::new(None),
            evidence: std::sync::Mutex::new(None),
            today: None,
            index_rebuilt: std::sync::Mutex::new(None),
            index_damaged,
        };
        if ws.index_damaged.is_some() {
            return Ok(ws);
        }
        // Opening never waits on another process's write lock (an import may hold it for
        // minutes): what cannot be acknowledged now stays queued for whoever writes next.
        ws.conn.busy_timeout(std::time::Duration::ZERO)?;
        let caught_up = ws.catch_up(damage, progress);
        // Pins from before passages were coded become coded passages; when another process
        // holds the write lock, the next open does it.
        let adopted = match caught_up {
            Ok(()) => match crate::search::themes::adopt_pins(&ws.conn) {
                Err(e) if e.code() == crate::ErrorCode::WorkspaceLocked => Ok(0),
                other => other,
            },
            Err(e) => Err(e),
        };
        ws.conn.busy_timeout(db::BUSY_TIMEOUT)?;
        adopted?;
        Ok(ws)
    }

    /// Replays the outbox, and rebuilds an index that was recreated or disagrees with SQLite.
    fn catch_up(
        &self,
        damage: Option<String>,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<()> {
        let live = documents::count_live(&self.conn)?;
        let reason = match damage {
            Some(reason) if live > 0 => Some(reason),
            _ => {
                self.index_pending()?;
                let indexed = self.index.num_docs();
                (outbox::pending(&self.conn)? == 0 && indexed != live).then(|| {
                    format!(
                        "the search index held {indexed} document(s) where the database holds {live}"
                    )
                })
            }
        };
        if let Some(reason) = reason {
            // SQLite is the truth: rebuild from it. When another process holds the index writer,
            // it is mid-change and will leave the index current; when another holds the
            // database's write lock, the index is rebuilt and what was queued stays queued.
            let mut tell = |done, total| {
                progress(IndexProgress {
                    done,
                    total,
                    reason: reason.clone(),
                })
            };
            match self.index.rebuild_reporting(&self.conn, &mut tell) {
                Ok(_) => self.note_rebuilt(reason),
                Err(e) if e.code() == crate::ErrorCode::WorkspaceLocked => {
                    if self.index.num_docs() == live {
                        self.note_rebuilt(reason);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Records why the index was rebuilt (by this workspace, or by the session's other one).
    pub(crate) fn note_rebuilt(&self, reason: String) {
        if let Ok(mut slot) = self.index_rebuilt.lock() {
            *slot = Some(reason);
        }
    }

    /// Why the index was rebuilt from SQLite since the workspace was opened, if it was.
    pub fn index_rebuilt(&self) -> Option<String> {
        self.index_rebuilt.lock().ok().and_then(|s| s.clone())
    }

    /// Why the index folder cannot be used, if it cannot (see [`Workspace::open_database`]).
    pub fn index_damaged(&self) -> Option<&str> {
        self.index_damaged.as_deref()
    }

    /// Runs a read of the index; when the index turns out to be damaged (a file lost or garbled
    /// after it was opened), rebuilds it from SQLite and runs the read once more.
    pub(crate) fn with_index<T>(&self, read: impl Fn(&SearchIndex) -> Result<T>) -> Result<T> {
        let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&self.index)));
        let failure = match first {
            Ok(Err(Error::Index(e))) if !matches!(e, tantivy::TantivyError::LockFailure(..)) => {
                e.to_string()
            }
            Ok(other) => return other,
            Err(panic) => panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into()),
        };
        if self.index_damaged.is_some() {
            return Err(Error::Internal(failure));
        }
        self.index.rebuild(&self.conn)?;
        self.note_rebuilt(format!("the search index could not be read ({failure})"));
        read(&self.index)
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
        if self.index_damaged.is_some() {
            // The index in memory stands in for one that cannot be opened: what is queued stays
            // queued (the rebuild from scratch reads everything anyway).
            return Ok(0);
        }
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
        if let Some(why) = &self.index_damaged {
            return Err(Error::Locked(format!(
                "the search index cannot be rebuilt in place ({why}); run `groundwork reindex`, which recreates its folder"
            )));
        }
        crate::research::highlights::recount_coded_documents(&self.conn)?;
        self.index.rebuild(&self.conn)
    }

    /// Rebuilds the search index from scratch: deletes the index folder (under the index
    /// writer's lock), creates it anew and fills it from SQLite. What `groundwork reindex` does,
    /// so it mends an index too damaged to open. Returns the number of documents indexed.
    pub fn reindex_from_scratch(&mut self) -> Result<u64> {
        let dir = self.dir.join(INDEX_DIR);
        // Let go of the old index's files (and any lock on them) before deleting them.
        self.index = SearchIndex::in_memory()?;
        SearchIndex::delete(&dir)?;
        let (index, _) = SearchIndex::open(&dir)?;
        self.index = index;
        self.index_damaged = None;
        crate::research::highlights::recount_coded_documents(&self.conn)?;
        let n = self.index.rebuild(&self.conn)?;
        self.note_rebuilt("rebuilt from scratch on request".into());
        Ok(n)
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
            index_rebuilt: self.index_rebuilt(),
            index_damaged: self.index_damaged.clone(),
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
