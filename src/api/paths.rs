//! Which files and folders a command may touch when a host names them. The one home of that rule.
//!
//! Every path a command takes from its caller arrives as a [`UserPath`], which gives up its text
//! only through [`PathPolicy::check`] (via [`Context::path`](super::Context::path) in the table and
//! [`Session::path`](super::session::Session::path) in hosts). The policy is open in the CLI and in
//! `groundwork serve` (a script names its own files). The desktop shell confines it
//! ([`Session::confine_paths`](super::session::Session::confine_paths)): the webview may then name
//! only what the user chose in this session — a file picked in an open dialog or dropped on the
//! window (read), a destination picked in a save dialog (write), a folder picked in the folder
//! dialog (open as a workspace) — which the shell grants as the dialog or the drop returns. So a
//! script injected into the webview cannot read or overwrite an arbitrary file.

use crate::{Error, Result};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// A file or folder path as a command's caller sent it. Read it through the session's policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(transparent)]
#[ts(export)]
pub struct UserPath(String);

impl UserPath {
    /// The path a caller named (hosts and tests build these; commands receive them as JSON).
    pub fn new(path: impl Into<String>) -> Self {
        UserPath(path.into())
    }
}

/// What a path is used for; a grant is for one use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathUse {
    /// A file read (an import, its preview): chosen in an open dialog or dropped on the window.
    Read,
    /// A file written (an export, a backup, rejected rows): chosen in a save dialog.
    Write,
    /// A folder opened as the workspace: chosen in the folder dialog.
    Workspace,
}

impl PathUse {
    fn how(self) -> &'static str {
        match self {
            PathUse::Read => "read only files you chose or dropped on the window in this session",
            PathUse::Write => "write only where you chose in a save dialog in this session",
            PathUse::Workspace => "open only folders you chose in this session",
        }
    }
}

/// The paths a session's commands may use: any (the default), or, once confined, only those
/// granted for that use.
#[derive(Debug, Default)]
pub struct PathPolicy {
    confined: AtomicBool,
    granted: Mutex<HashSet<(PathUse, PathBuf)>>,
    /// Folders whose files may be read and written without a dialog: given when the app was
    /// launched (`--allow-files DIR`, e.g. by the E2E suite), never by the webview.
    roots: Mutex<Vec<PathBuf>>,
}

impl PathPolicy {
    /// From now on only granted paths pass. There is no way back.
    pub fn confine(&self) {
        self.confined.store(true, Ordering::SeqCst);
    }

    /// Whether only granted paths pass.
    pub fn is_confined(&self) -> bool {
        self.confined.load(Ordering::SeqCst)
    }

    /// Lets `path` be used for `what` (the user chose it for that).
    pub fn grant(&self, what: PathUse, path: &Path) {
        self.granted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert((what, path.to_path_buf()));
    }

    /// Lets every file under `dir` be read and written (not opened as a workspace). For the
    /// host's launch arguments only: whoever starts the process chose it, not the webview.
    pub fn allow_under(&self, dir: &Path) {
        self.roots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(dir.to_path_buf());
    }

    /// Whether `path` may be used for `what` (always, until confined).
    pub fn allows(&self, path: &Path, what: PathUse) -> bool {
        if !self.is_confined() {
            return true;
        }
        if self
            .granted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&(what, path.to_path_buf()))
        {
            return true;
        }
        // Under a launch-time folder, spelled without `..` (no way out of it by name).
        what != PathUse::Workspace
            && path.is_absolute()
            && !path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
            && self
                .roots
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .any(|root| path.starts_with(root))
    }

    /// `path` when it may be used for `what`; otherwise invalid_input with field "path". A path
    /// matches a grant exactly as the dialog or the drop gave it.
    pub fn check(&self, path: &UserPath, what: PathUse) -> Result<PathBuf> {
        let p = PathBuf::from(&path.0);
        if self.allows(&p, what) {
            return Ok(p);
        }
        Err(Error::invalid(
            "path",
            format!(
                "{} was not chosen in this session: the app may {}; choose it with the dialog",
                path.0,
                what.how()
            ),
        ))
    }
}

/// `path` as given, when it is absolute; else invalid_input naming `field` (a file to write
/// needs its full path: relative to what, in an app?).
pub(crate) fn absolute(field: &str, path: &UserPath, what: &str) -> Result<()> {
    if Path::new(&path.0).is_absolute() {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("give the {what}'s full path, or choose it"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_folder_allows_files_under_it_but_no_way_out_and_no_workspace() {
        let policy = PathPolicy::default();
        policy.confine();
        policy.allow_under(Path::new("/tmp/e2e"));
        let ok = |p: &str, what| policy.check(&UserPath::new(p), what).is_ok();
        assert!(ok("/tmp/e2e/tickets.csv", PathUse::Read));
        assert!(ok("/tmp/e2e/out/pack.html", PathUse::Write));
        assert!(!ok("/tmp/e2e/../etc/passwd", PathUse::Read));
        assert!(!ok("/tmp/e2e-other/x.csv", PathUse::Read));
        assert!(!ok("/tmp/e2e/ws", PathUse::Workspace));
        assert!(!ok("tickets.csv", PathUse::Read));
    }

    #[test]
    fn open_lets_every_path_through_and_confined_only_grants_for_their_use() {
        let policy = PathPolicy::default();
        let file = UserPath::new("/tmp/x.csv");
        assert_eq!(
            policy.check(&file, PathUse::Write).unwrap(),
            Path::new("/tmp/x.csv")
        );
        policy.confine();
        let e = crate::ApiError::from(policy.check(&file, PathUse::Read).unwrap_err());
        assert_eq!(e.field.as_deref(), Some("path"));
        policy.grant(PathUse::Read, Path::new("/tmp/x.csv"));
        assert!(policy.check(&file, PathUse::Read).is_ok());
        // Read is not write, and a near miss is no match.
        assert!(policy.check(&file, PathUse::Write).is_err());
        assert!(policy
            .check(&UserPath::new("/tmp/../tmp/x.csv"), PathUse::Read)
            .is_err());
    }
}
