//! What a host holds while a workspace is open: two connections to it — one that reads, one that
//! writes — the cancel flag of the running import, and the indexer that applies queued changes to
//! the search index after writes.
//!
//! The desktop app and `groundwork serve` both run every command through a `Session`, so a long
//! import (holding the writer for minutes) never stops a search, the palette or Cancel: reads go to
//! their own connection and see the database as it was before the import, and the search index as
//! last committed. Reads never write: only writes queue index changes, and the indexer (after a
//! short quiet period in the app, at once in `serve`) applies them and refreshes the reader.

use crate::api::paths::{PathPolicy, PathUse, UserPath};
use crate::api::{self, Access, Context};
use crate::import::Progress;
use crate::store::workspace::{IndexProgress, WorkspaceStatus};
use crate::{ApiError, Result, Workspace};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// When queued index changes are applied after a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexing {
    /// Right after each write, before the write returns (scripts and tests read their writes).
    Immediate,
    /// On a background thread: at once after the first write of a burst, then when the writes
    /// have paused this long (autosave while typing makes one index commit, not one per key).
    Background(Duration),
}

/// How a session opens workspaces.
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    /// When the index catches up with writes.
    pub indexing: Indexing,
    /// Answer as if today were this day (recency, `since:30d`, dated file names).
    pub today: Option<chrono::NaiveDate>,
}

type Opened = std::result::Result<Workspace, ApiError>;
type Slot = Mutex<Opened>;

struct Inner {
    reader: Slot,
    writer: Slot,
    cancel: AtomicBool,
    /// Imports between entering `call` and returning (waiting for the writer included).
    importing: AtomicUsize,
    options: SessionOptions,
    /// Which paths commands may name: open until the host confines it.
    paths: PathPolicy,
    /// True while the workspace is being opened in the background
    /// ([`Session::open_in_background`]): every command waits for it.
    opening: Mutex<bool>,
    opened: Condvar,
}

impl Inner {
    /// One of the two connections, once the workspace is open.
    fn lock<'a>(&self, slot: &'a Slot) -> MutexGuard<'a, std::result::Result<Workspace, ApiError>> {
        let mut opening = self.opening.lock().unwrap_or_else(|p| p.into_inner());
        while *opening {
            opening = self.opened.wait(opening).unwrap_or_else(|p| p.into_inner());
        }
        drop(opening);
        lock(slot)
    }
}

/// An open workspace as a host holds it. Cheap to clone; every clone is the same session.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
    dirty: Option<Sender<()>>,
}

fn lock(slot: &Slot) -> MutexGuard<'_, std::result::Result<Workspace, ApiError>> {
    // A panic while holding a connection leaves it usable: SQLite is transactional.
    slot.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Opens the workspace in `dir`. When that fails the error is kept: every command answers with
    /// it until [`Session::switch`] opens another folder.
    pub fn open(dir: &Path, options: SessionOptions) -> Self {
        let (r, w) = Self::opened(Self::pair(dir, options, &mut |_| {}));
        Self::start(r, w, options, false)
    }

    /// Opens the workspace in `dir` on a thread of its own and returns at once: commands wait
    /// until it is open (or answer with why it could not be). `progress` hears how a rebuild of a
    /// damaged index is going meanwhile, so the desktop app shows it instead of a frozen window.
    pub fn open_in_background(
        dir: &Path,
        options: SessionOptions,
        mut progress: impl FnMut(IndexProgress) + Send + 'static,
    ) -> Self {
        let opening = || Err(ApiError::internal("the workspace is still opening"));
        let session = Self::start(opening(), opening(), options, true);
        let inner = session.inner.clone();
        let dir = dir.to_path_buf();
        let open = move || {
            let (r, w) = Self::opened(Self::pair(&dir, options, &mut progress));
            *lock(&inner.writer) = w;
            *lock(&inner.reader) = r;
            *inner.opening.lock().unwrap_or_else(|p| p.into_inner()) = false;
            inner.opened.notify_all();
        };
        std::thread::Builder::new()
            .name("open-workspace".into())
            .spawn(open)
            .expect("start the thread that opens the workspace");
        session
    }

    /// Both connections, or the error for both.
    fn opened(pair: Result<(Workspace, Workspace)>) -> (Opened, Opened) {
        match pair {
            Ok((r, w)) => (Ok(r), Ok(w)),
            Err(e) => {
                let e = ApiError::from(e);
                (Err(e.clone()), Err(e))
            }
        }
    }

    /// Opens the workspace in `dir`, or says why it cannot be one (for hosts that stop then:
    /// `groundwork serve` exits with the error's code).
    pub fn try_open(dir: &Path, options: SessionOptions) -> Result<Self> {
        let (r, w) = Self::pair(dir, options, &mut |_| {})?;
        Ok(Self::start(Ok(r), Ok(w), options, false))
    }

    fn start(reader: Opened, writer: Opened, options: SessionOptions, opening: bool) -> Self {
        let inner = Arc::new(Inner {
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            cancel: AtomicBool::new(false),
            importing: AtomicUsize::new(0),
            options,
            paths: PathPolicy::default(),
            opening: Mutex::new(opening),
            opened: Condvar::new(),
        });
        let dirty = match options.indexing {
            Indexing::Immediate => None,
            Indexing::Background(quiet) => Some(Self::start_indexer(inner.clone(), quiet)),
        };
        Session { inner, dirty }
    }

    /// The writer first: it replays what a crash left queued before the reader opens the index.
    fn pair(
        dir: &Path,
        options: SessionOptions,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> Result<(Workspace, Workspace)> {
        let mut open = |dir: &Path| -> Result<Workspace> {
            let mut ws = Workspace::open_reporting(dir, progress)?;
            if let Some(day) = options.today {
                ws.pin_today(day);
            }
            Ok(ws)
        };
        let writer = open(dir)?;
        let reader = open(dir)?;
        // The writer healed a damaged index before the reader opened it: the status bar (read
        // on the reader) says why.
        if let (Some(why), None) = (writer.index_rebuilt(), reader.index_rebuilt()) {
            reader.note_rebuilt(why);
        }
        Ok((reader, writer))
    }

    fn start_indexer(inner: Arc<Inner>, quiet: Duration) -> Sender<()> {
        let (tx, rx) = channel::<()>();
        std::thread::Builder::new()
            .name("indexer".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    // The first write of a burst is indexed at once; the rest when writes pause.
                    Self::index(&inner);
                    let mut more = false;
                    loop {
                        match rx.recv_timeout(quiet) {
                            Ok(()) => more = true,
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    if more {
                        Self::index(&inner);
                    }
                }
            })
            .expect("start the indexer thread");
        tx
    }

    /// Applies queued changes with the writer, then shows them to the reader.
    fn index(inner: &Inner) {
        if let Ok(ws) = inner.lock(&inner.writer).as_ref() {
            if let Err(e) = ws.index_pending() {
                eprintln!("groundwork: indexing failed, will retry on the next change: {e}");
            }
        }
        if let Ok(ws) = inner.lock(&inner.reader).as_ref() {
            if let Err(e) = ws.refresh_index() {
                eprintln!("groundwork: could not refresh the search index: {e}");
            }
        }
    }

    /// Runs one command of the table: reads on the reader, writes on the writer (then indexed).
    /// `progress` hears of a running import; `documents_dir` is where save dialogs start;
    /// `written` is told of files an export wrote.
    pub fn call(
        &self,
        name: &str,
        args: serde_json::Value,
        progress: &mut dyn FnMut(Progress),
        documents_dir: PathBuf,
        written: &mut dyn FnMut(&Path),
    ) -> std::result::Result<serde_json::Value, ApiError> {
        let access = api::access(name);
        let slot = match access {
            Some(Access::Write) => &self.inner.writer,
            _ => &self.inner.reader,
        };
        let mut cx = Context {
            progress,
            cancel: &self.inner.cancel,
            documents_dir,
            written,
            paths: &self.inner.paths,
        };
        let import = name == "import_file";
        if import {
            self.inner.importing.fetch_add(1, Ordering::SeqCst);
        }
        let out = match self.inner.lock(slot).as_ref() {
            Ok(ws) => api::call(ws, name, args, &mut cx),
            Err(e) => Err(e.clone()),
        };
        if import {
            self.inner.importing.fetch_sub(1, Ordering::SeqCst);
        }
        if access == Some(Access::Write) {
            match &self.dirty {
                Some(tx) => {
                    // What the write indexed itself (an import, an undo, a rebuild) is searchable
                    // by the next read; what it queued follows from the indexer.
                    if let Ok(ws) = self.inner.lock(&self.inner.reader).as_ref() {
                        if let Err(e) = ws.refresh_index() {
                            eprintln!("groundwork: could not refresh the search index: {e}");
                        }
                    }
                    let _ = tx.send(());
                }
                None => Self::index(&self.inner),
            }
        }
        out
    }

    /// Asks the import that runs next, or now, to stop; it leaves the workspace as it was. Takes
    /// no lock. For hosts that order requests themselves (`groundwork serve` answers a script's
    /// Cancel sent before its import even started); the app uses
    /// [`Session::cancel_running_import`].
    pub fn cancel_import(&self) {
        self.inner.cancel.store(true, Ordering::SeqCst);
    }

    /// Stops the import that is running (or waiting for the writer); a Cancel that arrives when
    /// none is (a click just after one finished) is ignored, so it cannot stop the next import.
    /// Returns whether an import was asked to stop.
    pub fn cancel_running_import(&self) -> bool {
        if self.inner.importing.load(Ordering::SeqCst) == 0 {
            return false;
        }
        self.inner.cancel.store(true, Ordering::SeqCst);
        // It may have finished meanwhile: then nothing must be left set for the next one.
        if self.inner.importing.load(Ordering::SeqCst) == 0 {
            self.inner.cancel.store(false, Ordering::SeqCst);
            return false;
        }
        true
    }

    /// Opens another folder (after `prepare` ran on its writer, e.g. seeding the demo); the current
    /// workspace stays open if that fails.
    pub fn switch(
        &self,
        dir: &Path,
        prepare: impl FnOnce(&Workspace) -> Result<()>,
    ) -> std::result::Result<WorkspaceStatus, ApiError> {
        self.switch_reporting(dir, prepare, &mut |_| {})
    }

    /// [`Session::switch`], telling `progress` how a rebuild of the new folder's index is going.
    pub fn switch_reporting(
        &self,
        dir: &Path,
        prepare: impl FnOnce(&Workspace) -> Result<()>,
        progress: &mut dyn FnMut(IndexProgress),
    ) -> std::result::Result<WorkspaceStatus, ApiError> {
        let (reader, writer) = Self::pair(dir, self.inner.options, progress)?;
        prepare(&writer)?;
        writer.index_pending()?;
        reader.refresh_index()?;
        let status = reader.status()?;
        // Writer first, as in `index`, so no one holds one slot while waiting for the other.
        *self.inner.lock(&self.inner.writer) = Ok(writer);
        *self.inner.lock(&self.inner.reader) = Ok(reader);
        Ok(status)
    }

    /// From now on commands may name only the paths granted with [`Session::grant_path`] (the
    /// desktop app, whose webview is not trusted with the file system; see [`crate::api::paths`]).
    /// There is no way back; every clone of the session is confined.
    pub fn confine_paths(&self) {
        self.inner.paths.confine();
    }

    /// Lets commands read and write files under `dir` without a dialog: a folder given when the
    /// host was launched (`--allow-files`), never by the webview.
    pub fn allow_files_under(&self, dir: &Path) {
        self.inner.paths.allow_under(dir);
    }

    /// Whether a command may use `path` for `what` now.
    pub fn path_allowed(&self, path: &Path, what: PathUse) -> bool {
        self.inner.paths.allows(path, what)
    }

    /// Lets `path` be used for `what` (the user chose it in a dialog or dropped it).
    pub fn grant_path(&self, what: PathUse, path: &Path) {
        self.inner.paths.grant(what, path);
    }

    /// `path` for `what` when the session's policy allows it (hosts' own path-taking commands,
    /// such as opening a workspace folder); invalid_input with field "path" otherwise.
    pub fn path(&self, path: &str, what: PathUse) -> std::result::Result<PathBuf, ApiError> {
        Ok(self.inner.paths.check(&UserPath::new(path), what)?)
    }

    /// Runs `f` on the reading connection (hosts' own reads: the status bar, default paths).
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Workspace) -> Result<T>,
    ) -> std::result::Result<T, ApiError> {
        match self.inner.lock(&self.inner.reader).as_ref() {
            Ok(ws) => f(ws).map_err(ApiError::from),
            Err(e) => Err(e.clone()),
        }
    }
}
