//! The app's state: the open workspace behind a mutex, and a debounced background indexer.

use groundwork::api::{self, Access, Context};
use groundwork::{ApiError, Result, Workspace};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long the indexer waits for more edits before committing a batch.
const INDEX_DEBOUNCE: Duration = Duration::from_millis(750);

type Slot = Arc<Mutex<std::result::Result<Workspace, ApiError>>>;

/// Shared by every command (cheap to clone: long work takes a clone onto a blocking thread).
#[derive(Clone)]
pub struct AppState {
    slot: Slot,
    dirty: Sender<()>,
    /// Set by `cancel_import`; read by the running import between rows.
    cancel: Arc<AtomicBool>,
}

impl AppState {
    /// Opens `dir` (the error is kept and shown by the UI if it fails) and starts the indexer.
    pub fn new(dir: PathBuf) -> Self {
        let slot: Slot = Arc::new(Mutex::new(Workspace::open(&dir).map_err(ApiError::from)));
        let (dirty, rx) = channel::<()>();
        let for_indexer = slot.clone();
        std::thread::Builder::new()
            .name("indexer".into())
            .spawn(move || {
                // Coalesce bursts of edits (autosave while typing) into one index commit.
                while rx.recv().is_ok() {
                    loop {
                        match rx.recv_timeout(INDEX_DEBOUNCE) {
                            Ok(()) => continue,
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    if let Ok(Ok(ws)) = for_indexer.lock().as_deref() {
                        if let Err(e) = ws.index_pending() {
                            eprintln!(
                                "groundwork: indexing failed, will retry on next change: {e}"
                            );
                        }
                    }
                }
            })
            .expect("start the indexer thread");
        AppState {
            slot,
            dirty,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Runs a command of the core's table; a write schedules indexing of what it changed.
    pub fn call(
        &self,
        name: &str,
        args: serde_json::Value,
        cx: &mut Context<'_>,
    ) -> std::result::Result<serde_json::Value, ApiError> {
        let out = match &*self.lock() {
            Ok(ws) => api::call(ws, name, args, cx),
            Err(e) => Err(e.clone()),
        };
        if api::access(name) == Some(Access::Write) {
            let _ = self.dirty.send(());
        }
        out
    }

    /// The flag `cancel_import` sets; a running import reads it between rows.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Asks the running import to stop (a no-op when none runs).
    pub fn cancel_import(&self) -> std::result::Result<(), ApiError> {
        self.cancel.store(true, Ordering::SeqCst);
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, std::result::Result<Workspace, ApiError>> {
        // A panic while holding the lock leaves the workspace usable: SQLite is transactional.
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Switches to another workspace folder; the current one stays open if that fails.
    pub fn switch(
        &self,
        dir: &Path,
        prepare: impl FnOnce(&Workspace) -> Result<()>,
    ) -> std::result::Result<groundwork::workspace::WorkspaceStatus, ApiError> {
        let ws = Workspace::open(dir).map_err(ApiError::from)?;
        prepare(&ws).map_err(ApiError::from)?;
        let status = ws.status().map_err(ApiError::from)?;
        *self.lock() = Ok(ws);
        crate::settings::remember_workspace(dir);
        Ok(status)
    }
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
