//! Opening what an export wrote: only files exported in this session, with the desktop's opener.

use crate::Res;
use groundwork::{ApiError, Error};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

/// Files this session exported: the only ones `open_export` and `reveal_export` will open, so
/// the UI cannot ask the desktop to open an arbitrary path.
#[derive(Default)]
pub struct Exported(Mutex<HashSet<PathBuf>>);

impl Exported {
    /// Remembers a file an export wrote.
    pub fn remember(&self, path: &Path) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_path_buf());
    }

    fn check(&self, path: &str) -> Res<PathBuf> {
        let p = PathBuf::from(path);
        if self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&p)
        {
            Ok(p)
        } else {
            Err(Error::invalid("path", format!("{path} was not exported in this session")).into())
        }
    }
}

fn opened(what: &str, r: Result<(), tauri_plugin_opener::Error>) -> Res<()> {
    r.map_err(|e| ApiError::from(Error::Internal(format!("{what}: {e}"))))
}

#[tauri::command]
pub async fn open_export(app: AppHandle, exported: State<'_, Exported>, path: String) -> Res<()> {
    let p = exported.check(&path)?;
    opened(
        "opening the export",
        app.opener()
            .open_path(p.display().to_string(), None::<&str>),
    )
}

#[tauri::command]
pub async fn reveal_export(app: AppHandle, exported: State<'_, Exported>, path: String) -> Res<()> {
    let p = exported.check(&path)?;
    opened(
        "showing the export in its folder",
        app.opener().reveal_item_in_dir(p),
    )
}
