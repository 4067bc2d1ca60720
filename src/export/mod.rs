//! Exports of the ranked roadmap for stakeholder reviews: HTML, CSV, XLSX, Markdown and JSON, all
//! rendered from one [`pack::ReviewPack`]. An export is written to a temporary file in the target
//! folder and renamed into place, so a failed export never leaves half a file.

pub mod anonymize;
pub mod html;
pub mod markdown;
pub mod pack;
pub mod tabular;

use crate::error::{Error, Result};
use crate::Workspace;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// The review pack: one self-contained HTML file (no script, no network), printable.
    Html,
    /// The ranking, one row per item.
    Csv,
    /// Ranking, breakdown, evidence and model sheets.
    Xlsx,
    /// For wikis and pull requests.
    Md,
    /// The review pack, versioned schema.
    Json,
}

impl ExportFormat {
    /// Reads a format name.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "html" => Ok(ExportFormat::Html),
            "csv" => Ok(ExportFormat::Csv),
            "xlsx" => Ok(ExportFormat::Xlsx),
            "md" | "markdown" => Ok(ExportFormat::Md),
            "json" => Ok(ExportFormat::Json),
            _ => Err(Error::invalid(
                "format",
                format!("unknown export format {s:?}; use html, csv, xlsx, md or json"),
            )),
        }
    }
}

/// What to export.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportOptions {
    /// Format.
    pub format: ExportFormat,
    /// Model to rank with.
    pub model: String,
    /// A team's view.
    #[serde(default)]
    pub team: Option<String>,
    /// Snapshot to show the changes since.
    #[serde(default)]
    pub compare: Option<String>,
    /// Replace people's names and emails with labels.
    pub anonymize: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportReport {
    /// The file.
    pub path: String,
    /// Its size.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Items exported (ranked, unscored and exceptions).
    #[ts(type = "number")]
    pub items: u32,
    /// People replaced by labels (0 when not anonymized).
    #[ts(type = "number")]
    pub people: u32,
}

/// Writes a file atomically: `write` fills a temporary file next to `path`, which then replaces
/// `path`. On any error the temporary file is removed and `path` is untouched.
pub fn write_atomically(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            "out",
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::invalid("out", format!("{} is not a file name", path.display())))?;
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let result = write(&tmp).and_then(|()| {
        std::fs::rename(&tmp, path)
            .map_err(|e| Error::io(format!("moving the export into {}", path.display()), e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_bytes(tmp: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(tmp)
        .map_err(|e| Error::io(format!("creating {}", tmp.display()), e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))
}

/// Exports the ranked roadmap to `path`.
pub fn export(ws: &Workspace, opts: &ExportOptions, path: &Path) -> Result<ExportReport> {
    let mut pack = pack::gather(
        ws,
        &opts.model,
        opts.team.as_deref(),
        opts.compare.as_deref(),
    )?;
    let mut people = 0;
    if opts.anonymize {
        let a = anonymize::Anonymizer::load(ws.conn())?;
        a.pack(&mut pack);
        people = a.people() as u32;
    }
    write_atomically(path, |tmp| match opts.format {
        ExportFormat::Html => write_bytes(tmp, html::render(&pack).as_bytes()),
        ExportFormat::Csv => {
            let mut buf = Vec::new();
            tabular::csv(&pack, &mut buf)?;
            write_bytes(tmp, &buf)
        }
        ExportFormat::Xlsx => tabular::xlsx(&pack, tmp),
        ExportFormat::Md => write_bytes(tmp, markdown::render(&pack).as_bytes()),
        ExportFormat::Json => {
            let json = serde_json::to_vec_pretty(&pack)
                .map_err(|e| Error::Internal(format!("JSON export: {e}")))?;
            write_bytes(tmp, &json)
        }
    })?;
    let bytes = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?
        .len();
    Ok(ExportReport {
        path: path.display().to_string(),
        bytes,
        items: (pack.items.len() + pack.exceptions.len()) as u32,
        people,
    })
}
