//! The app's state: the core's [`Session`] over the open workspace (a reader and a writer, and a
//! background indexer), and which folder to open at start.

use groundwork::api::session::{Indexing, Session, SessionOptions};
use groundwork::store::workspace::{IndexProgress, WorkspaceStatus};
use groundwork::{ApiError, Result, Workspace};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the indexer waits for more edits before committing a batch (the first edit of a burst
/// is indexed at once).
const INDEX_QUIET: Duration = Duration::from_millis(750);

/// Shared by every command (cheap to clone: long work takes a clone onto a blocking thread).
#[derive(Clone)]
pub struct AppState(Session);

impl AppState {
    /// Starts opening `dir` in the background (the error is kept and shown by the UI if it fails;
    /// commands wait until it is open) and starts the indexer. `progress` hears how a rebuild of
    /// a damaged index is going, so the window shows it rather than opening late.
    pub fn new(dir: PathBuf, progress: impl FnMut(IndexProgress) + Send + 'static) -> Self {
        let options = SessionOptions {
            indexing: Indexing::Background(INDEX_QUIET),
            today: None,
        };
        let session = Session::open_in_background(&dir, options, progress);
        // The webview names only paths the user chose in this session (`crate::paths`), and files
        // under a folder given when the app was launched (`--allow-files DIR`).
        session.confine_paths();
        for dir in launch_folders("--allow-files") {
            session.allow_files_under(&dir);
        }
        AppState(session)
    }

    /// The session every command runs through.
    pub fn session(&self) -> &Session {
        &self.0
    }

    /// Switches to another workspace folder; the current one stays open if that fails.
    pub fn switch(
        &self,
        dir: &Path,
        prepare: impl FnOnce(&Workspace) -> Result<()>,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> std::result::Result<WorkspaceStatus, ApiError> {
        let status = self.0.switch_reporting(dir, prepare, progress)?;
        crate::settings::remember_workspace(dir);
        Ok(status)
    }
}

/// Every `FLAG DIR` / `FLAG=DIR` among the app's arguments.
fn launch_folders(flag: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            out.extend(args.next().map(PathBuf::from));
        } else if let Some(dir) = a.strip_prefix(&format!("{flag}=")) {
            out.push(PathBuf::from(dir));
        }
    }
    out
}

/// The workspace the app opens at start: `--workspace DIR`, then `GROUNDWORK_WORKSPACE`, then the
/// last one opened, then the default folder.
pub fn startup_dir() -> PathBuf {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--workspace" {
            if let Some(dir) = args.next() {
                return PathBuf::from(dir);
            }
        } else if let Some(dir) = a.strip_prefix("--workspace=") {
            return PathBuf::from(dir);
        }
    }
    if let Some(dir) = std::env::var_os("GROUNDWORK_WORKSPACE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    crate::settings::last_workspace().unwrap_or_else(Workspace::default_dir)
}
