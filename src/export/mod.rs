//! Exports of the ranked roadmap for stakeholder reviews: HTML, CSV, XLSX, Markdown and JSON, all
//! rendered from one [`pack::ReviewPack`]. An export is written to a temporary file in the target
//! folder and renamed into place, so a failed export never leaves half a file.

pub mod anonymize;
pub mod html;
pub mod inert;
pub mod markdown;
pub mod pack;
pub mod research;
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

/// What an export holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ExportSubject {
    /// The ranked roadmap under a model: the review pack.
    #[default]
    Roadmap,
    /// Every match of a search (research export: csv, md or json).
    Search {
        /// The query, as typed in the search box.
        query: String,
    },
    /// Themes with their figures, pinned quotes and strongest evidence (research export).
    Themes {
        /// The themes to export; empty: all of them.
        #[ts(type = "number[]")]
        ids: Vec<i64>,
    },
}

/// What to export.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportOptions {
    /// What the export holds (default: the roadmap).
    #[serde(default)]
    pub subject: ExportSubject,
    /// Format.
    pub format: ExportFormat,
    /// Model to rank with (roadmap only).
    #[serde(default = "default_model")]
    pub model: String,
    /// A team's view.
    #[serde(default)]
    pub team: Option<String>,
    /// Snapshot to show the changes since.
    #[serde(default)]
    pub compare: Option<String>,
    /// Replace people's names and emails with labels; `None`: the format's default
    /// ([`ExportFormat::anonymized_by_default`]), which every host shows and applies alike.
    #[serde(default)]
    pub anonymize: Option<bool>,
}

impl ExportOptions {
    /// Whether this export replaces people's names: what was asked, else the format's default.
    pub fn anonymized(&self) -> bool {
        self.anonymize
            .unwrap_or_else(|| self.format.anonymized_by_default())
    }
}

/// What the Export dialog starts from for some options: where to save, and whether people's
/// names are replaced unless the user says otherwise.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportDefaults {
    /// A dated file in the folder save dialogs start from.
    pub path: String,
    /// The format's anonymize default.
    pub anonymize: bool,
}

fn default_model() -> String {
    "rice".into()
}

impl ExportFormat {
    /// The one rule for anonymizing by default: every format leaves the machine, and the working
    /// formats (CSV, XLSX, Markdown, JSON) are the ones most often forwarded, so each replaces
    /// names unless asked not to (`--no-anonymize`, or the Export dialog's box, which shows this
    /// default).
    pub fn anonymized_by_default(self) -> bool {
        match self {
            ExportFormat::Html
            | ExportFormat::Csv
            | ExportFormat::Xlsx
            | ExportFormat::Md
            | ExportFormat::Json => true,
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
        }
    }
}

/// A file name for an export made on `day`: `groundwork-roadmap-rice-2026-12-02.html`,
/// `groundwork-search-flaky-tests-2026-12-02.csv`, `groundwork-themes-2026-12-02.md`.
pub fn file_name(opts: &ExportOptions, day: chrono::NaiveDate) -> String {
    let what = match &opts.subject {
        ExportSubject::Roadmap => {
            let mut w = format!("roadmap-{}", slug(&opts.model));
            if let Some(t) = opts.team.as_deref().filter(|t| !t.trim().is_empty()) {
                w.push('-');
                w.push_str(&slug(t));
            }
            w
        }
        ExportSubject::Search { query } => match slug(query) {
            s if s.is_empty() => "search".to_string(),
            s => format!("search-{s}"),
        },
        ExportSubject::Themes { .. } => "themes".to_string(),
    };
    format!(
        "groundwork-{what}-{}.{}",
        day.format("%Y-%m-%d"),
        opts.format.extension()
    )
}

/// Lower-case ASCII letters and digits joined by single dashes, at most 40 characters.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
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
    /// Rows exported: items (ranked, unscored and exceptions), search hits, or pieces of theme
    /// evidence.
    #[ts(type = "number")]
    pub items: u32,
    /// People replaced by labels (0 when not anonymized).
    #[ts(type = "number")]
    pub people: u32,
    /// Whether names were replaced (asked for, or the format's default).
    pub anonymized: bool,
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

/// Exports what `opts` asks for to `path`, replacing it atomically.
pub fn export(ws: &Workspace, opts: &ExportOptions, path: &Path) -> Result<ExportReport> {
    let (rows, people) = match &opts.subject {
        ExportSubject::Roadmap => {
            let (pack, people) = review_pack(ws, opts)?;
            write_atomically(path, |tmp| write_pack(&pack, opts.format, tmp))?;
            (pack.items.len() + pack.exceptions.len(), people)
        }
        subject => {
            let (doc, people) = research::gather(ws, subject, opts.anonymized())?;
            write_atomically(path, |tmp| {
                let bytes = research::render(&doc, opts.format)?;
                write_bytes(tmp, &bytes)
            })?;
            (doc.rows(), people)
        }
    };
    let bytes = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?
        .len();
    Ok(ExportReport {
        path: path.display().to_string(),
        bytes,
        items: rows as u32,
        people: people as u32,
        anonymized: opts.anonymized(),
    })
}

/// The review pack `opts` asks for, anonymized if asked, with the number of people replaced.
pub fn review_pack(ws: &Workspace, opts: &ExportOptions) -> Result<(pack::ReviewPack, usize)> {
    let mut pack = pack::gather(
        ws,
        &opts.model,
        opts.team.as_deref(),
        opts.compare.as_deref(),
    )?;
    let mut people = 0;
    if opts.anonymized() {
        let a = anonymize::Anonymizer::load(ws.conn())?;
        a.pack(&mut pack);
        people = a.people();
    }
    Ok((pack, people))
}

/// Renders `pack` in `format` into the file `tmp`.
pub fn write_pack(pack: &pack::ReviewPack, format: ExportFormat, tmp: &Path) -> Result<()> {
    match format {
        ExportFormat::Html => write_bytes(tmp, html::render(pack).as_bytes()),
        ExportFormat::Csv => {
            let mut buf = Vec::new();
            tabular::csv(pack, &mut buf)?;
            write_bytes(tmp, &buf)
        }
        ExportFormat::Xlsx => tabular::xlsx(pack, tmp),
        ExportFormat::Md => write_bytes(tmp, markdown::render(pack).as_bytes()),
        ExportFormat::Json => {
            let json = serde_json::to_vec_pretty(pack)
                .map_err(|e| Error::Internal(format!("JSON export: {e}")))?;
            write_bytes(tmp, &json)
        }
    }
}
