//! The paths the webview may name: only what the user chose in this session. The session's path
//! policy is confined at start (`groundwork::api::paths`); native dialogs run here, on the Rust
//! side, and grant what they return; files dropped on the window are granted for reading before
//! the UI hears of them (the `file-drop` event).

use crate::state::AppState;
use crate::Res;
use groundwork::api::paths::PathUse;
use groundwork::{ApiError, Error};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{DragDropEvent, Emitter, Manager, State, Window, WindowEvent};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// Which native dialog `choose_path` shows, and what its answer may then be used for.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DialogKind {
    /// Pick a file to read (import).
    Open,
    /// Pick where to write a file (export, backup, rejected rows).
    Save,
    /// Pick a folder to open as the workspace.
    Folder,
}

/// A file-type filter of the dialog.
#[derive(Debug, Clone, Deserialize)]
pub struct Filter {
    name: String,
    extensions: Vec<String>,
}

/// Starts the dialog at `default` as the dialog plugin does: a file name in its folder, or a folder.
fn start_at<R: tauri::Runtime>(
    mut b: FileDialogBuilder<R>,
    default: &Path,
) -> FileDialogBuilder<R> {
    if default.is_dir() {
        return b.set_directory(default);
    }
    if let Some(parent) = default.parent().filter(|p| p.components().count() > 0) {
        b = b.set_directory(parent);
    }
    if let Some(name) = default.file_name() {
        b = b.set_file_name(name.to_string_lossy());
    }
    b
}

/// A saved file without an extension gets the filter's first one (a Linux save dialog leaves it
/// off), so what is granted is what the UI then writes.
fn with_extension(mut path: PathBuf, filter: Option<&Filter>) -> PathBuf {
    if path.extension().is_none() {
        if let Some(ext) = filter.and_then(|f| f.extensions.first()) {
            path.set_extension(ext);
        }
    }
    path
}

/// Shows a native dialog and returns what the user chose (null when they cancelled), granting it
/// for its use: a file opened is readable, a file saved writable, a folder openable as the
/// workspace — in this session only.
#[tauri::command]
pub async fn choose_path(
    window: Window,
    s: State<'_, AppState>,
    dialog: DialogKind,
    title: Option<String>,
    default_path: Option<String>,
    filter: Option<Filter>,
) -> Res<Option<String>> {
    // A path the session already allows for this use (chosen before, or under a launch folder)
    // needs no dialog.
    let what = match dialog {
        DialogKind::Open => PathUse::Read,
        DialogKind::Save => PathUse::Write,
        DialogKind::Folder => PathUse::Workspace,
    };
    if let Some(d) = default_path.as_deref().filter(|d| !d.trim().is_empty()) {
        if Path::new(d).is_absolute() && s.session().path_allowed(Path::new(d), what) {
            return Ok(Some(d.to_string()));
        }
    }
    let mut b = window.dialog().file();
    // As the dialog plugin does: a GTK open dialog is not given a parent.
    if matches!(dialog, DialogKind::Save) || cfg!(any(windows, target_os = "macos")) {
        b = b.set_parent(&window);
    }
    if let Some(t) = title {
        b = b.set_title(t);
    }
    if let Some(d) = default_path.as_deref().filter(|d| !d.trim().is_empty()) {
        b = start_at(b, Path::new(d));
    }
    if let Some(f) = &filter {
        let ext: Vec<&str> = f.extensions.iter().map(String::as_str).collect();
        b = b.add_filter(&f.name, &ext);
    }
    let session = s.session().clone();
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let (picked, what) = match dialog {
            DialogKind::Open => (b.blocking_pick_file(), PathUse::Read),
            DialogKind::Save => (b.blocking_save_file(), PathUse::Write),
            DialogKind::Folder => (b.blocking_pick_folder(), PathUse::Workspace),
        };
        let Some(picked) = picked else {
            return Ok(None);
        };
        let mut path = picked
            .into_path()
            .map_err(|e| ApiError::from(Error::invalid("path", e.to_string())))?;
        if matches!(dialog, DialogKind::Save) {
            path = with_extension(path, filter.as_ref());
        }
        session.grant_path(what, &path);
        Ok(Some(path.display().to_string()))
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?;
    chosen
}

/// What the UI hears of files dragged over the window (`file-drop`).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum FileDrop {
    Enter,
    Leave,
    Drop { paths: Vec<String> },
}

/// Files dropped on the window become readable, then the UI is told: the grant comes first, so
/// the import the UI starts on them is allowed.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::DragDrop(event) = event else {
        return;
    };
    let payload = match event {
        DragDropEvent::Enter { .. } => FileDrop::Enter,
        DragDropEvent::Leave => FileDrop::Leave,
        DragDropEvent::Drop { paths, .. } => {
            let session = window.state::<AppState>();
            for p in paths {
                session.session().grant_path(PathUse::Read, p);
            }
            FileDrop::Drop {
                paths: paths.iter().map(|p| p.display().to_string()).collect(),
            }
        }
        _ => return,
    };
    let _ = window.emit("file-drop", payload);
}

/// The folder to open, when the user chose it in this session.
pub fn workspace_dir(s: &AppState, path: &str) -> Res<PathBuf> {
    s.session().path(path, PathUse::Workspace)
}
