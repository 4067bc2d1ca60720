//! The app's own small settings file (which workspace was open last), in the config directory.

use std::path::{Path, PathBuf};

fn file() -> Option<PathBuf> {
    Some(groundwork::Workspace::default_dir().with_file_name("groundwork-app.json"))
}

/// The workspace opened last, if it still exists.
pub fn last_workspace() -> Option<PathBuf> {
    let text = std::fs::read_to_string(file()?).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let dir = PathBuf::from(v.get("last_workspace")?.as_str()?);
    dir.is_dir().then_some(dir)
}

/// Remembers the workspace for the next launch (best effort: failing to write is not an error).
pub fn remember_workspace(dir: &Path) {
    if let Some(f) = file() {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let body = serde_json::json!({ "last_workspace": dir }).to_string();
        let tmp = f.with_extension("json.tmp");
        if std::fs::write(&tmp, body).is_ok() {
            let _ = std::fs::rename(&tmp, &f);
        }
    }
}
