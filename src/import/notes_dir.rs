//! Notes and transcripts: a folder (searched recursively) of Markdown or text files, or one file,
//! each with optional front matter:
//!
//! ```text
//! ---
//! title: Payments sync
//! participant: Priya Raman
//! team: Payments
//! date: 2026-03-01
//! tags: ci, deploys
//! ---
//! The notes…
//! ```
//!
//! Front matter is flat `key: value` lines (other keys are ignored). Without a title, the first
//! Markdown heading or the file name is used.

use super::dates::{self, DayOrder};
use super::text;
use super::{Parsed, Record, Rejected};
use crate::error::{Error, Result};
use crate::research::notes::NoteRecord;
use std::path::{Path, PathBuf};

/// Largest note file we read.
pub const MAX_NOTE_BYTES: u64 = 2 * 1024 * 1024;

/// True for the file names a notes import reads.
pub fn is_note_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("md" | "markdown" | "txt")
    )
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::InvalidInput {
        field: Some("path".into()),
        message: format!("cannot read the folder {}: {e}", dir.display()),
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, out)?;
        } else if is_note_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads every note under `root` (a folder or one file).
pub(super) fn parse(root: &Path, forced: Option<text::Encoding>) -> Result<Vec<Parsed>> {
    let mut files = Vec::new();
    let base = if root.is_dir() {
        collect(root, &mut files)?;
        root.to_path_buf()
    } else {
        files.push(root.to_path_buf());
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    if files.is_empty() {
        return Err(Error::InvalidInput {
            field: Some("path".into()),
            message: format!("{}: no .md, .markdown or .txt files here", root.display()),
        });
    }
    files.sort();
    Ok(files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&base).unwrap_or(f).display().to_string();
            parse_file(f, &rel, forced)
        })
        .collect())
}

fn parse_file(path: &Path, rel: &str, forced: Option<text::Encoding>) -> Parsed {
    let reject = |line: u64, field: &str, reason: String| Rejected {
        line,
        field: format!("{rel}: {field}"),
        reason,
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_NOTE_BYTES {
        return Err(reject(
            0,
            "file",
            format!(
                "{:.1} MiB is more than the {} MiB a note may hold",
                size as f64 / 1048576.0,
                MAX_NOTE_BYTES / 1048576
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| reject(0, "file", format!("cannot read: {e}")))?;
    parse_bytes(&bytes, path, rel, forced)
}

/// Reads one note's bytes; `path` names it (its file stem is the fallback title) and `rel` is the
/// path shown in rejections.
pub(super) fn parse_bytes(
    bytes: &[u8],
    path: &Path,
    rel: &str,
    forced: Option<text::Encoding>,
) -> Parsed {
    let reject = |line: u64, field: &str, reason: String| Rejected {
        line,
        field: format!("{rel}: {field}"),
        reason,
    };
    let (content, _) = text::decode(bytes, forced).map_err(|why| reject(0, "file", why))?;
    let content = content.replace("\r\n", "\n");
    let mut rec = NoteRecord {
        path: rel.to_string(),
        ..NoteRecord::default()
    };
    let mut body: &str = &content;
    if let Some(rest) = content.strip_prefix("---\n") {
        let Some(end) = rest.find("\n---") else {
            return Err(reject(
                1,
                "front matter",
                "the front matter opened on line 1 is never closed with ---".into(),
            ));
        };
        for (i, line) in rest[..end].lines().enumerate() {
            let line_no = i as u64 + 2;
            let Some((key, value)) = line.split_once(':') else {
                if line.trim().is_empty() {
                    continue;
                }
                return Err(reject(
                    line_no,
                    "front matter",
                    format!("expected `key: value`, found {line:?}"),
                ));
            };
            let value = value.trim().trim_matches('"').trim();
            match key.trim().to_lowercase().as_str() {
                "title" => rec.title = value.to_string(),
                "participant" | "participants" | "interviewee" => {
                    rec.participant = value.to_string()
                }
                "team" => rec.team = Some(value.to_string()),
                "date" if !value.is_empty() => {
                    let d = dates::parse(value, DayOrder::DayFirst)
                        .map_err(|why| reject(line_no, "date", why))?;
                    rec.date = Some(d.local_date.format("%Y-%m-%d").to_string());
                }
                "tags" => {
                    rec.tags = value
                        .trim_matches(['[', ']'])
                        .split(',')
                        .map(|t| t.trim().trim_matches('"').to_string())
                        .collect()
                }
                _ => {}
            }
        }
        body = rest[end + 4..]
            .strip_prefix('\n')
            .unwrap_or(&rest[end + 4..]);
    }
    if rec.title.is_empty() {
        rec.title = body
            .lines()
            .find_map(|l| {
                l.strip_prefix('#')
                    .map(|h| h.trim_start_matches('#').trim().to_string())
            })
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
                    .unwrap_or_default()
            });
    }
    rec.body = body.trim().to_string();
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok((1, format!("note:{}", abs.display()), Record::Note(rec)))
}
