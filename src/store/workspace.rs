//! A workspace: one folder holding the SQLite database (the truth) and the tantivy index (derived).

use crate::error::{Error, Result};
use crate::research::documents;
use crate::research::interviews::{
    self, Interview, InterviewFacets, InterviewFilter, InterviewInput,
};
use crate::research::teams::{self, Team, TeamInput};
use crate::search::{self, index::SearchIndex, SearchRequest, SearchResults};
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
    palette: std::sync::Mutex<Option<crate::search::palette::Palette>>,
    /// The last suggested themes: (data version, limit, suggestions).
    suggestions: std::sync::Mutex<Option<SuggestionCache>>,
    /// Roadmap items and their evidence, read once and reused until the database changes.
    pub(crate) evidence:
        std::sync::Mutex<Option<std::sync::Arc<crate::roadmap::evidence::EvidenceBase>>>,
    /// The day evidence recency is measured from; `None`: the local date.
    today: Option<chrono::NaiveDate>,
}

type SuggestionCache = ((i64, u64), usize, Vec<search::suggest::SuggestedTheme>);

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

    /// Reads a workspace setting.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        super::meta::get(&self.conn, key)
    }

    /// Writes a workspace setting.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        super::meta::set(&self.conn, key, value)
    }

    /// Creates or updates an interview.
    pub fn save_interview(&self, input: &InterviewInput) -> Result<Interview> {
        interviews::save(&self.conn, input)
    }

    /// One interview.
    pub fn interview(&self, id: i64) -> Result<Interview> {
        interviews::get(&self.conn, id)
    }

    /// Interviews matching a filter, newest first.
    pub fn interviews(&self, filter: &InterviewFilter) -> Result<Vec<Interview>> {
        interviews::list(&self.conn, filter)
    }

    /// Deletes an interview (undo with [`Workspace::restore_interview`]).
    pub fn delete_interview(&self, id: i64) -> Result<()> {
        interviews::delete(&self.conn, id)
    }

    /// Restores a deleted interview.
    pub fn restore_interview(&self, id: i64) -> Result<Interview> {
        interviews::restore(&self.conn, id)
    }

    /// Values for the interview filters.
    pub fn interview_facets(&self) -> Result<InterviewFacets> {
        interviews::facets(&self.conn)
    }

    /// Every team.
    pub fn teams(&self) -> Result<Vec<Team>> {
        teams::list(&self.conn)
    }

    /// Creates or updates a team.
    pub fn save_team(&self, input: &TeamInput) -> Result<Team> {
        teams::save(&self.conn, input)
    }

    /// Deletes an unused team.
    pub fn delete_team(&self, id: i64) -> Result<()> {
        teams::delete(&self.conn, id)
    }

    /// Every imported survey, most recently imported first.
    pub fn surveys(&self) -> Result<Vec<crate::surveys::SurveyInfo>> {
        crate::surveys::list(&self.conn)
    }

    /// The summary of one survey for the respondents matching every filter.
    pub fn survey_summary(
        &self,
        id: i64,
        filters: &[crate::surveys::FacetFilter],
    ) -> Result<crate::surveys::SurveySummary> {
        crate::surveys::summary(&self.conn, id, filters)
    }

    /// A document in full, with the matches of `query` marked.
    pub fn open_document(&self, id: i64, query: &str) -> Result<search::DocumentView> {
        search::open_document(&self.index, id, query)
    }

    /// The command palette's best `limit` matches for `query` (every interview, ticket, note,
    /// survey, theme, team and action by name).
    pub fn palette(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<crate::search::palette::PaletteEntry>> {
        let mut slot = self
            .palette
            .lock()
            .map_err(|_| Error::Internal("the palette lock was poisoned".into()))?;
        match slot.as_mut() {
            Some(p) => p.refresh(&self.conn)?,
            None => *slot = Some(crate::search::palette::Palette::load(&self.conn)?),
        }
        Ok(slot
            .as_mut()
            .map(|p| p.find(query, limit))
            .unwrap_or_default())
    }

    /// Every saved theme.
    pub fn themes(&self) -> Result<Vec<crate::search::themes::Theme>> {
        crate::search::themes::list(&self.conn)
    }

    /// Every saved theme with its count, teams and people as of now.
    pub fn theme_overview(&self) -> Result<Vec<crate::search::themes::ThemeOverview>> {
        self.themes()?
            .into_iter()
            .map(|theme| {
                let stats = search::theme_stats(&self.index, &theme.query, Default::default())?;
                let quotes = crate::search::themes::quotes(&self.conn, theme.id)?.len() as u64;
                Ok(crate::search::themes::ThemeOverview {
                    theme,
                    total: stats.total,
                    distinct: stats.distinct,
                    teams: stats.teams,
                    people: stats.people,
                    quotes,
                })
            })
            .collect()
    }

    /// Creates or updates a theme.
    pub fn save_theme(
        &self,
        input: &crate::search::themes::ThemeInput,
    ) -> Result<crate::search::themes::Theme> {
        crate::search::themes::save(&self.conn, input)
    }

    /// Deletes a theme and its quotes.
    pub fn delete_theme(&self, id: i64) -> Result<()> {
        crate::search::themes::delete(&self.conn, id)
    }

    /// A theme (by id or name, as typed on a command line).
    pub fn find_theme(&self, key: &str) -> Result<crate::search::themes::Theme> {
        crate::search::themes::find(&self.conn, key)
    }

    /// A theme with its current figures and quotes.
    pub fn theme_summary(
        &self,
        id: i64,
        by: search::Granularity,
    ) -> Result<crate::search::themes::ThemeSummary> {
        let theme = crate::search::themes::get(&self.conn, id)?;
        let stats = search::theme_stats(&self.index, &theme.query, by)?;
        let quotes = crate::search::themes::quotes(&self.conn, theme.id)?;
        Ok(crate::search::themes::ThemeSummary {
            theme,
            stats,
            quotes,
        })
    }

    /// Pins a passage of a document to a theme.
    pub fn pin_quote(
        &self,
        theme: i64,
        document: i64,
        text: &str,
    ) -> Result<crate::search::themes::Quote> {
        crate::search::themes::pin(&self.conn, theme, document, text)
    }

    /// Removes a pinned quote.
    pub fn unpin_quote(&self, quote: i64) -> Result<()> {
        crate::search::themes::unpin(&self.conn, quote)
    }

    /// Terms and phrases that stand out in the workspace, not yet saved as themes. Kept until
    /// the database changes (reading the evidence takes a while on a large workspace).
    pub fn suggest_themes(&self, limit: usize) -> Result<Vec<search::suggest::SuggestedTheme>> {
        let version = crate::search::palette::data_version(&self.conn)?;
        let mut cache = self
            .suggestions
            .lock()
            .map_err(|_| Error::Internal("the suggestions lock was poisoned".into()))?;
        if let Some((v, l, list)) = cache.as_ref() {
            if *v == version && *l == limit {
                return Ok(list.clone());
            }
        }
        let existing: Vec<String> = self.themes()?.into_iter().map(|t| t.query).collect();
        let list = search::suggest::suggest(&self.conn, &self.index, &existing, limit)?;
        *cache = Some((version, limit, list.clone()));
        Ok(list)
    }

    /// Searches every document in the index as last committed. Reads never write: changes still
    /// queued are applied by whoever wrote them (the host's indexer, or the CLI at the end of a
    /// writing command), never by a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        search::search(&self.index, req)
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
