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
use super::speakers::Speakers;
use super::text;
use super::transcript;
use super::{ImportWarning, Parsed, Record, Rejected};
use crate::error::{Error, Result};
use crate::research::notes::NoteRecord;
use std::path::{Path, PathBuf};

/// Largest note file we read.
pub const MAX_NOTE_BYTES: u64 = 2 * 1024 * 1024;

/// True for the file names a notes import reads.
pub fn is_note_file(path: &Path) -> bool {
    matches!(
        extension(path).as_deref(),
        Some("md" | "markdown" | "txt") | Some("vtt" | "srt" | "docx")
    )
}

/// True for the extensions only a transcript has.
pub fn is_transcript_file(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("vtt" | "srt" | "docx"))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// One entry found under the folder: a note file to read, or why a path was not followed.
type Found = std::result::Result<PathBuf, Rejected>;

/// The walk over a notes folder. Symbolic links are followed only when they lead to a file or
/// folder inside the imported folder (a link to `/etc` is reported and skipped), and each folder
/// is entered once by its real path, so a link to a parent or to itself cannot loop.
struct Walk {
    root: PathBuf,
    base: PathBuf,
    /// Real paths of the folders entered.
    seen: std::collections::HashSet<PathBuf>,
    found: Vec<Found>,
    /// Links to notes inside the folder, with their real paths.
    linked: Vec<(PathBuf, PathBuf)>,
}

impl Walk {
    fn skip(&mut self, path: &Path, reason: String) {
        let rel = path
            .strip_prefix(&self.base)
            .unwrap_or(path)
            .display()
            .to_string();
        self.found.push(Err(Rejected {
            line: 0,
            field: format!("{rel}: link"),
            reason,
        }));
    }

    fn collect(&mut self, dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::InvalidInput {
            field: Some("path".into()),
            message: format!("cannot read the folder {}: {e}", dir.display()),
        })?;
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let real = if kind.is_symlink() {
                match std::fs::canonicalize(&path) {
                    Ok(real) if real.starts_with(&self.root) => real,
                    Ok(real) => {
                        if real.is_dir() || is_note_file(&path) {
                            let why = format!(
                                "leads outside the imported folder, to {}; not followed",
                                real.display()
                            );
                            self.skip(&path, why);
                        }
                        continue;
                    }
                    Err(e) => {
                        if is_note_file(&path) {
                            self.skip(&path, format!("cannot be followed: {e}"));
                        }
                        continue;
                    }
                }
            } else {
                path.clone()
            };
            if real.is_dir() {
                let key = std::fs::canonicalize(&real).unwrap_or_else(|_| real.clone());
                if self.seen.insert(key) {
                    self.collect(&path)?;
                }
            } else if is_note_file(&path) {
                if kind.is_symlink() {
                    // Kept aside: a note reached through a link is read once (see `parse`).
                    self.linked.push((path, real));
                } else {
                    self.found.push(Ok(path));
                }
            }
        }
        Ok(())
    }
}

/// The notes under `root` (a folder or one file), each read only when the iterator reaches it:
/// memory holds one note at a time, whatever the folder holds.
pub(super) struct Notes {
    found: std::vec::IntoIter<Found>,
    base: PathBuf,
    forced: Option<text::Encoding>,
    len: usize,
    /// Who the speakers of transcripts are; `None` reads every file as a note.
    speakers: Option<Speakers>,
}

impl Notes {
    /// Files (and skipped links) found.
    pub(super) fn len(&self) -> usize {
        self.len
    }
}

impl Iterator for Notes {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        Some(match self.found.next()? {
            Ok(f) => {
                let rel = f
                    .strip_prefix(&self.base)
                    .unwrap_or(&f)
                    .display()
                    .to_string();
                parse_file(&f, &rel, self.forced, self.speakers.as_ref())
            }
            Err(skipped) => Err(skipped),
        })
    }
}

/// Finds every note under `root` (a folder or one file); they are read as the result is iterated.
pub(super) fn parse(
    root: &Path,
    forced: Option<text::Encoding>,
    speakers: Option<Speakers>,
) -> Result<Notes> {
    let (found, base) = if root.is_dir() {
        let real = std::fs::canonicalize(root).map_err(|e| Error::InvalidInput {
            field: Some("path".into()),
            message: format!("cannot read the folder {}: {e}", root.display()),
        })?;
        let mut walk = Walk {
            root: real.clone(),
            base: root.to_path_buf(),
            seen: std::iter::once(real).collect(),
            found: Vec::new(),
            linked: Vec::new(),
        };
        walk.collect(root)?;
        if !walk.linked.is_empty() {
            // A linked note is read unless the walk already reached it (the real paths are
            // worked out only when there are links: most folders have none).
            let mut reached: std::collections::HashSet<PathBuf> = walk
                .found
                .iter()
                .filter_map(|f| f.as_ref().ok())
                .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
                .collect();
            for (path, real) in std::mem::take(&mut walk.linked) {
                if reached.insert(real) {
                    walk.found.push(Ok(path));
                }
            }
        }
        let (mut notes, skipped): (Vec<Found>, Vec<Found>) =
            walk.found.into_iter().partition(|f| f.is_ok());
        notes.sort_by(|a, b| match (a, b) {
            (Ok(a), Ok(b)) => a.cmp(b),
            _ => std::cmp::Ordering::Equal,
        });
        notes.extend(skipped);
        (notes, root.to_path_buf())
    } else {
        (
            vec![Ok(root.to_path_buf())],
            root.parent().map(Path::to_path_buf).unwrap_or_default(),
        )
    };
    if !found.iter().any(|f| f.is_ok()) {
        return Err(Error::InvalidInput {
            field: Some("path".into()),
            message: format!("{}: no .md, .markdown or .txt files here", root.display()),
        });
    }
    Ok(Notes {
        len: found.len(),
        found: found.into_iter(),
        base,
        forced,
        speakers,
    })
}

fn parse_file(
    path: &Path,
    rel: &str,
    forced: Option<text::Encoding>,
    speakers: Option<&Speakers>,
) -> Parsed {
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
    if let Some(speakers) = speakers {
        if let Some(parsed) = parse_transcript(&bytes, path, rel, speakers) {
            return parsed;
        }
    }
    parse_bytes(&bytes, path, rel, forced)
}

/// Reads a file as a transcript when its content is one (its extension is only a hint): `None`
/// for a note. A `.vtt`, `.srt` or `.docx` file that cannot be read as one is rejected.
fn parse_transcript(bytes: &[u8], path: &Path, rel: &str, speakers: &Speakers) -> Option<Parsed> {
    let reject = |line: u64, reason: String| Rejected {
        line,
        field: format!("{rel}: transcript"),
        reason,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // One read decides and parses (`detect` is a parse that keeps only the format).
    let t = match transcript::parse(&name, bytes) {
        Ok(t) => t,
        Err(why) if is_transcript_file(path) => {
            return Some(Err(reject(
                0,
                format!("not a transcript this version reads (WebVTT, SRT, Otter, Word, or text with speaker turns): {why}"),
            )))
        }
        Err(_) => return None,
    };
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_default();
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    // Its path is its key's: a re-import of the same file compares equal and is skipped.
    let rec = speakers.record(&t, &abs.display().to_string(), title.trim().to_string());
    let warnings = t
        .warnings
        .iter()
        .map(|(line, message)| ImportWarning {
            line: *line,
            message: format!("{rel}: {message}"),
        })
        .collect();
    Some(Ok((
        1,
        format!("transcript:{}", abs.display()),
        Record::Transcript(rec, warnings),
    )))
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
    let (content, _, stray) =
        text::decode_lenient(bytes, forced).map_err(|why| reject(0, "file", why))?;
    let warnings: Vec<ImportWarning> = stray
        .messages()
        .into_iter()
        .map(|(line, message)| ImportWarning {
            line,
            message: format!("{rel}: {message}"),
        })
        .collect();
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
    Ok((
        1,
        format!("note:{}", abs.display()),
        Record::Note(rec, warnings),
    ))
}
