//! Keeping a workspace safe: backups (SQLite's online backup API), restore, and a consistency
//! check of the database and the index against each other. No table of its own.

use crate::error::{Error, Result};
use crate::store::db;
use crate::store::outbox;
use crate::store::workspace::{Workspace, DB_FILE};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What `backup` wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupReport {
    /// The backup file.
    pub file: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Live documents it holds.
    #[ts(type = "number")]
    pub documents: u64,
    /// Its schema version.
    #[ts(type = "number")]
    pub schema_version: i64,
}

/// What `restore` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    /// The file restored from.
    pub restored_from: String,
    /// Where the workspace's previous database was saved first.
    pub previous_saved_to: String,
    /// The restored file's schema version (migrated to the current one on restore).
    #[ts(type = "number")]
    pub schema_version_before: i64,
    /// Live documents after the restore (all of them indexed).
    #[ts(type = "number")]
    pub documents: u64,
}

/// The result of `check`: the database and the index, each sound and agreeing.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    /// True when nothing below is wrong.
    pub ok: bool,
    /// What `PRAGMA integrity_check` reported (empty when sound).
    pub integrity: Vec<String>,
    /// Rows whose foreign key points nowhere, as `table → parent`.
    pub foreign_keys: Vec<String>,
    /// Live documents in SQLite.
    #[ts(type = "number")]
    pub documents: u64,
    /// Documents in the search index.
    #[ts(type = "number")]
    pub indexed: u64,
    /// Changes still queued for the index (they are applied before the comparison).
    #[ts(type = "number")]
    pub pending: u64,
    /// Live documents the index lacks (first 20).
    #[ts(type = "number[]")]
    pub missing_from_index: Vec<i64>,
    /// Indexed documents SQLite no longer holds live (first 20).
    #[ts(type = "number[]")]
    pub stale_in_index: Vec<i64>,
    /// Documents indexed more than once (first 20).
    #[ts(type = "number[]")]
    pub duplicated_in_index: Vec<i64>,
    /// Indexed documents whose indexed content differs from what SQLite holds now (changed
    /// without going through the outbox; first 20).
    #[ts(type = "number[]")]
    pub content_differs: Vec<i64>,
    /// Import batches whose recorded counts disagree with the changes they hold.
    pub torn_batches: Vec<String>,
    /// Quotes (pinned to themes or linked to items) whose text no longer occurs in their
    /// document: the document was edited or re-imported with other text since. Each in a
    /// sentence. A warning about content, not damage: it does not make `ok` false.
    pub unsourced_quotes: Vec<String>,
    /// Where the passage counts kept per code and document disagree with the coded passages
    /// (each in a sentence; the first 20). `groundwork reindex` counts them again.
    pub coded_counts: Vec<String>,
    /// Why the search index is damaged (it cannot be opened, or files fail their checksum);
    /// `groundwork reindex` recreates it.
    pub index_damaged: Option<String>,
    /// Why the index was rebuilt from the database when the workspace was opened, if it was.
    pub index_rebuilt: Option<String>,
}

/// The first 20 of a list, which is all a report needs to show.
fn first<T>(mut ids: Vec<T>) -> Vec<T> {
    ids.truncate(20);
    ids
}

impl Workspace {
    /// Writes a consistent copy of the database to `dest` (a single SQLite file; the index is
    /// rebuilt from it on restore). Safe while the app or another command writes.
    pub fn backup(&self, dest: &Path) -> Result<BackupReport> {
        if dest.is_dir() {
            return Err(Error::invalid(
                "file",
                format!(
                    "{} is a folder: name the backup file, e.g. {}",
                    dest.display(),
                    dest.join(format!("groundwork-{}.sqlite3", db::stamp()))
                        .display()
                ),
            ));
        }
        if dest.exists() {
            return Err(Error::invalid(
                "file",
                format!(
                    "{} already exists; Groundwork does not overwrite a file with a backup",
                    dest.display()
                ),
            ));
        }
        if same_file(dest, &self.dir().join(DB_FILE)) {
            return Err(Error::invalid(
                "file",
                "the backup must not be the workspace's own database",
            ));
        }
        db::backup_to(self.conn(), dest)?;
        let info = db::inspect_backup(dest)?;
        let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
        Ok(BackupReport {
            file: dest.display().to_string(),
            bytes,
            documents: info.documents,
            schema_version: info.schema_version,
        })
    }

    /// Replaces the workspace in `dir` with the backup `file`. The file is checked first
    /// (SQLite, sound, a Groundwork schema not newer than this build's) and nothing changes when
    /// it fails; the current database is saved to `dir/backups/` before it is replaced; an older
    /// backup is migrated; the index is rebuilt from the restored database.
    pub fn restore(dir: &Path, file: &Path) -> Result<(Workspace, RestoreReport)> {
        let info = db::inspect_backup(file)?;
        let db_path = dir.join(DB_FILE);
        let saved = dir
            .join(db::BACKUP_DIR)
            .join(format!("before-restore-{}.sqlite3", db::stamp()));
        match Workspace::open_database(dir) {
            Ok(ws) => {
                db::backup_to(ws.conn(), &saved)?;
                drop(ws);
            }
            // A workspace that cannot be opened (damaged, or from a newer version) is exactly
            // when a restore is needed: its files are moved aside as they are, then replaced.
            Err(e @ (Error::Locked(_) | Error::ReadOnly { .. })) => return Err(e),
            Err(_) => set_aside(&db_path, &saved)?,
        }
        db::restore_into(file, &db_path)?;
        let mut ws = Workspace::open_database(dir)?;
        ws.reindex_from_scratch()?;
        let documents = ws.status()?.documents.values().sum();
        let report = RestoreReport {
            restored_from: file.display().to_string(),
            previous_saved_to: saved.display().to_string(),
            schema_version_before: info.schema_version,
            documents,
        };
        Ok((ws, report))
    }

    /// Checks the database (`integrity_check`, foreign keys, import batches whole), that the
    /// index's files are sound (checksums) and that it holds exactly the live documents, each
    /// once, each as SQLite holds it now (content hashes). Queued changes are applied first.
    pub fn check(&self) -> Result<CheckReport> {
        self.index_pending()?;
        let conn = self.conn();
        let integrity = db::integrity_problems(conn)?;
        let foreign_keys = {
            let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt.query_map([], |r| {
                Ok(format!(
                    "{} row {} → {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, String>(2)?
                ))
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let live = crate::research::documents::live_ids(conn)?;
        let mut index_damaged = self.index_damaged().map(str::to_string);
        let mut indexed_docs = Vec::new();
        if index_damaged.is_none() {
            let read = self
                .search_index()
                .damaged_files()
                .and_then(|files| Ok((files, self.search_index().indexed()?)));
            match read {
                Ok((files, _)) if !files.is_empty() => {
                    index_damaged = Some(format!(
                        "index files fail their checksum: {}",
                        files.join(", ")
                    ));
                }
                Ok((_, docs)) => indexed_docs = docs,
                Err(e) => index_damaged = Some(format!("the index cannot be read ({e})")),
            }
        }
        let mut indexed: Vec<i64> = indexed_docs.iter().map(|&(id, _)| id).collect();
        indexed.sort_unstable();
        let mut duplicated = Vec::new();
        for w in indexed.windows(2) {
            if w[0] == w[1] && duplicated.last() != Some(&w[0]) {
                duplicated.push(w[0]);
            }
        }
        let (missing, stale) = if index_damaged.is_some() {
            (Vec::new(), Vec::new())
        } else {
            difference(&live, &indexed)
        };
        let content_differs = self.content_differs(&indexed_docs)?;
        let torn_batches = crate::import::batches::torn(conn)?;
        let mut unsourced_quotes: Vec<String> = crate::search::themes::unsourced(conn)?
            .into_iter()
            .map(|(id, theme, doc)| {
                format!("quote #{id} of theme {theme:?} no longer occurs in document {doc}")
            })
            .collect();
        unsourced_quotes.extend(
            crate::roadmap::items::unsourced_quotes(conn)?
                .into_iter()
                .map(|(id, item, doc)| {
                    format!(
                        "the quote of link #{id} (item {item}) no longer occurs in document {doc}"
                    )
                }),
        );
        let coded_counts = crate::research::highlights::coded_counts_drift(conn)?;
        let pending = outbox::pending(conn)?;
        let ok = integrity.is_empty()
            && coded_counts.is_empty()
            && foreign_keys.is_empty()
            && missing.is_empty()
            && stale.is_empty()
            && duplicated.is_empty()
            && content_differs.is_empty()
            && torn_batches.is_empty()
            && index_damaged.is_none();
        Ok(CheckReport {
            ok,
            integrity,
            foreign_keys,
            documents: live.len() as u64,
            indexed: indexed.len() as u64,
            pending,
            missing_from_index: first(missing),
            stale_in_index: first(stale),
            duplicated_in_index: first(duplicated),
            content_differs: first(content_differs),
            torn_batches,
            unsourced_quotes,
            coded_counts: first(coded_counts),
            index_damaged,
            index_rebuilt: self.index_rebuilt(),
        })
    }

    /// Indexed documents whose content hash differs from the hash of what SQLite holds for them
    /// now, read in one snapshot; documents with a change still queued are left out (the index
    /// is about to catch up with them).
    fn content_differs(&self, indexed: &[(i64, u64)]) -> Result<Vec<i64>> {
        let tx = self.conn().unchecked_transaction()?;
        let queued: std::collections::HashSet<i64> = outbox::next_batch(&tx, usize::MAX >> 1)?
            .into_iter()
            .map(|(_, doc)| doc)
            .collect();
        let mut formats = crate::search::index::Formats::new();
        let mut differs = Vec::new();
        for &(id, hash) in indexed {
            if queued.contains(&id) {
                continue;
            }
            if let Some(d) = crate::search::index::load(&tx, id, &mut formats)? {
                if crate::search::index::content_hash(&d) != hash {
                    differs.push(id);
                }
            }
        }
        differs.sort_unstable();
        differs.dedup();
        Ok(differs)
    }

    /// Where backups taken before migrations and restores are kept.
    pub fn backups_dir(&self) -> PathBuf {
        self.dir().join(db::BACKUP_DIR)
    }
}

/// Ids in `a` not in `b`, and in `b` not in `a` (both sorted; duplicates ignored).
fn difference(a: &[i64], b: &[i64]) -> (Vec<i64>, Vec<i64>) {
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                while b.get(j) == Some(x) {
                    j += 1;
                }
            }
            (Some(x), Some(y)) if x < y => {
                only_a.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                only_a.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                if only_b.last() != Some(y) {
                    only_b.push(*y);
                }
                j += 1;
            }
            (None, None) => break,
        }
    }
    (only_a, only_b)
}

/// Moves a database that cannot be opened (and its WAL files) to `to`, byte for byte.
fn set_aside(db_path: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db_path.display()));
        if from.exists() {
            let dest = PathBuf::from(format!("{}{suffix}", to.display()));
            std::fs::rename(&from, &dest)
                .map_err(|e| Error::io(format!("cannot move {} aside", from.display()), e))?;
        }
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::difference;

    #[test]
    fn difference_names_what_each_side_lacks() {
        assert_eq!(
            difference(&[1, 2, 3, 5], &[2, 3, 3, 4]),
            (vec![1, 5], vec![4])
        );
        assert_eq!(difference(&[], &[7, 7]), (vec![], vec![7]));
        assert_eq!(difference(&[1], &[]), (vec![1], vec![]));
    }
}
