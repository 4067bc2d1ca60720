//! Opening what an export wrote (only files exported in this session) and a ticket's page in its
//! tracker (only the link the core holds for that document), with the desktop's opener.

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

/// Opens ticket `document`'s page in the browser. The UI names the document, never the address:
/// the address is the one the core stored for it, and only an `http`/`https` one.
#[tauri::command]
pub async fn open_source(
    app: AppHandle,
    s: State<'_, crate::state::AppState>,
    document: i64,
) -> Res<()> {
    let st = s.inner().clone();
    let url = tauri::async_runtime::spawn_blocking(move || {
        st.session().call(
            "source_url",
            serde_json::json!({ "document": document }),
            &mut |_| {},
            PathBuf::new(),
            &mut |_| {},
        )
    })
    .await
    .map_err(|e| ApiError::from(Error::Internal(format!("reading the link: {e}"))))??;
    let Some(url) = url.as_str().map(str::to_string) else {
        return Err(Error::invalid(
            "document",
            format!("document {document} has no link to open"),
        )
        .into());
    };
    opened("opening the link", app.opener().open_url(url, None::<&str>))
}
