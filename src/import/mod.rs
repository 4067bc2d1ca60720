//! Importing research from the tools PMs already use. One import is one transaction: it lands
//! whole or not at all, records its batch for provenance and undo, and updates documents by their
//! source key instead of duplicating them.

pub mod batches;
pub mod dates;
mod notes_dir;
pub mod sheet;
pub mod speakers;
pub mod survey;
pub mod table;
pub mod text;
pub mod ticket_fields;
mod tickets_csv;
mod tickets_github;
pub mod transcript;

use crate::error::{Error, Result};
use crate::research::documents::{self as docs, Outcome};
use crate::research::notes::NoteRecord;
use crate::research::tickets::TicketRecord;
use crate::research::transcripts::TranscriptRecord;
use crate::store::workspace::Workspace;
use batches::Snapshot;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use ts_rs::TS;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportKind {
    /// Support tickets or issues.
    Tickets,
    /// Survey responses.
    Survey,
    /// Notes (Markdown or text files).
    Notes,
    /// Interview transcripts (WebVTT, SRT, Otter, Word, text with speaker turns).
    Transcript,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Format {
    /// Detect from the extension and content.
    #[default]
    Auto,
    /// Jira CSV export (repeated columns, localized headers and dates).
    JiraCsv,
    /// GitHub REST `issues` JSON.
    GithubJson,
    /// Any CSV/TSV with a column mapping.
    Csv,
    /// A spreadsheet (XLSX, XLS, ODS) with a column mapping.
    Xlsx,
    /// Google Forms export.
    GoogleForms,
    /// Qualtrics export.
    Qualtrics,
    /// Typeform export.
    Typeform,
    /// Markdown or text notes.
    Markdown,
    /// Interview transcripts, each file read by its own format (see `transcript`).
    Transcript,
}

impl Format {
    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::JiraCsv => "jira-csv",
            Format::GithubJson => "github-json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::GoogleForms => "google-forms",
            Format::Qualtrics => "qualtrics",
            Format::Typeform => "typeform",
            Format::Markdown => "markdown",
            Format::Transcript => "transcript",
        }
    }
}

/// One column-to-field override (`--map HEADER=FIELD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMap {
    /// Column header as written in the file.
    pub header: String,
    /// Field name (`title`, `key`, `created`, … or `ignore`).
    pub field: String,
}

impl ColumnMap {
    /// Shorthand constructor.
    pub fn new(header: &str, field: &str) -> Self {
        ColumnMap {
            header: header.into(),
            field: field.into(),
        }
    }
}

/// Options of one import.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// What the file holds (`None`: detect).
    pub kind: Option<ImportKind>,
    /// How to read it.
    pub format: Format,
    /// Overrides of the column mapping.
    pub mappings: Vec<ColumnMap>,
    /// Text encoding override (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`); `None` detects.
    pub encoding: Option<String>,
    /// Read and validate everything, report, and store nothing.
    pub dry_run: bool,
    /// Go ahead even though the import moves documents that carry quotes or roadmap links to the
    /// trash (a survey re-import whose free-text column became a choice column). Without it such
    /// an import is refused with `needs_confirmation` and stores nothing.
    #[serde(default)]
    #[ts(optional)]
    pub force: Option<bool>,
    /// Who each transcript speaker is (role, and the person a label stands for); speakers not
    /// named here get the role remembered from earlier imports, else a guess. Remembered for
    /// later imports.
    #[serde(default)]
    #[ts(optional)]
    pub speakers: Option<Vec<speakers::SpeakerMap>>,
}

impl ImportOptions {
    fn forced_encoding(&self) -> Result<Option<text::Encoding>> {
        self.encoding
            .as_deref()
            .map(|e| {
                text::Encoding::parse(e).ok_or_else(|| Error::InvalidInput {
                    field: Some("encoding".into()),
                    message: format!(
                        "--encoding {e:?}: use utf-8, utf-16le, utf-16be or windows-1252"
                    ),
                })
            })
            .transpose()
    }
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rejected {
    /// Line in the file (CSV) or item number (JSON), 1-based.
    #[ts(type = "number")]
    pub line: u64,
    /// The column or field at fault.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

/// Something an import fixed on the way in and wants the user to know (the rows still landed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportWarning {
    /// Line in the file, 1-based.
    #[ts(type = "number")]
    pub line: u64,
    /// What was changed, and why.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// The batch recorded (none for a dry run).
    #[ts(type = "number | null")]
    pub batch: Option<i64>,
    /// Format the file was read as.
    pub format: Format,
    /// Encoding it was read with.
    pub encoding: String,
    /// Documents created.
    #[ts(type = "number")]
    pub imported: u64,
    /// Documents updated (same source key, new content).
    #[ts(type = "number")]
    pub updated: u64,
    /// Rows identical to what was stored.
    #[ts(type = "number")]
    pub skipped: u64,
    /// Rows not imported, each with line, field and reason.
    pub rejected: Vec<Rejected>,
    /// What was fixed on the way in (e.g. a stray NUL byte removed), each with its line.
    pub warnings: Vec<ImportWarning>,
    /// True when nothing was stored.
    pub dry_run: bool,
}

impl ImportReport {
    fn new(format: Format, encoding: &str, dry_run: bool) -> Self {
        ImportReport {
            batch: None,
            format,
            encoding: encoding.to_string(),
            imported: 0,
            updated: 0,
            skipped: 0,
            rejected: Vec::new(),
            warnings: Vec::new(),
            dry_run,
        }
    }

    /// Adds the lines a text stream dropped stray NUL bytes from.
    fn warn_stray(mut self, stray: &text::StrayNuls) -> Self {
        self.warnings.extend(
            stray
                .messages()
                .into_iter()
                .map(|(line, message)| ImportWarning { line, message }),
        );
        self
    }

    /// Stores the batch's final counts (inside the import transaction).
    fn close(&mut self, conn: &rusqlite::Connection, batch: i64) -> Result<()> {
        batches::finish(
            conn,
            batch,
            self.imported,
            self.updated,
            self.skipped,
            self.rejected.len() as u64,
        )?;
        self.batch = Some(batch);
        Ok(())
    }
}

/// Progress of a running import.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    /// Rows handled.
    #[ts(type = "number")]
    pub done: u64,
    /// Rows in the file.
    #[ts(type = "number")]
    pub total: u64,
}

/// Where a column's field in a preview came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MappingSource {
    /// A header name the format uses (e.g. Jira's `Summary`, in any of its languages).
    Known,
    /// A fuzzy guess from the header; check it.
    Suggested,
    /// Chosen by the user.
    User,
    /// Chosen by the user for an earlier import of a file with the same columns.
    Remembered,
    /// Not imported.
    Unmapped,
}

/// One column of a preview and the field it feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewColumn {
    /// Header as written.
    pub header: String,
    /// Field name (`ignore` when not imported).
    pub field: String,
    /// Where the mapping came from.
    pub how: MappingSource,
    /// The question as asked, when the header is only an id (Qualtrics `Q1`).
    pub question: Option<String>,
    /// For a date column, how its dates are read (e.g. `Unix epoch seconds (UTC)`).
    pub date_format: Option<String>,
}

/// What a file would import as, before anything is stored.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    /// The file.
    pub path: String,
    /// What the file holds (tickets, a survey, notes).
    pub kind: ImportKind,
    /// Detected (or chosen) format.
    pub format: Format,
    /// Detected (or chosen) encoding.
    pub encoding: String,
    /// Columns and their mapping.
    pub columns: Vec<PreviewColumn>,
    /// The first rows, cells cut to 200 characters.
    pub rows: Vec<Vec<String>>,
    /// Rows in the file.
    #[ts(type = "number")]
    pub total_rows: u64,
    /// The field names a column can be mapped to.
    pub fields: Vec<String>,
    /// Why the file cannot be imported as mapped, if it cannot (fix the mapping and preview again).
    pub problem: Option<String>,
    /// For a transcript: its format, speakers and first turns.
    pub transcript: Option<TranscriptPreview>,
}

/// A transcript as its import would read it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TranscriptPreview {
    /// The format detected from the content.
    pub format: transcript::TranscriptFormat,
    /// The format as the user knows it ("Zoom WebVTT").
    pub format_name: String,
    /// Turns after merging adjacent cues of one speaker.
    #[ts(type = "number")]
    pub turns: u64,
    /// Each speaker, their share of words, and the role and person they will get.
    pub speakers: Vec<speakers::SpeakerPreview>,
    /// The first turns as they will be stored.
    pub first_turns: Vec<crate::research::transcripts::Turn>,
    /// What the reader fixed or skipped, each with its line.
    pub warnings: Vec<ImportWarning>,
}

/// Rows shown in a preview.
const PREVIEW_ROWS: usize = 20;

/// Responses a survey preview reads to tell its columns' question types (the rest are counted,
/// not held, so a preview of any file stays small).
const PREVIEW_SURVEY_ROWS: usize = 5_000;

fn cut(s: &str) -> String {
    let mut out: String = s.chars().take(200).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Reads a file the way [`import`] would and shows its format, encoding, mapping and first rows.
pub fn preview(path: &Path, opts: &ImportOptions) -> Result<ImportPreview> {
    preview_with(None, path, opts)
}

/// The key under which the mapping chosen for a file with these columns is remembered.
fn mapping_key(headers: &[String]) -> String {
    format!("import.mapping:{}", headers.join("\u{1f}"))
}

/// The mapping the user chose last time for a file with exactly these columns.
fn remembered(conn: &rusqlite::Connection, headers: &[String]) -> Result<Vec<ColumnMap>> {
    let json = crate::store::meta::get(conn, &mapping_key(headers))?;
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

/// The mapping to use for a table: what was remembered for these columns, overridden column by
/// column by the caller's own choices (so changing one column keeps the others remembered).
fn effective_mappings(
    conn: Option<&rusqlite::Connection>,
    headers: &[String],
    given: &[ColumnMap],
) -> Result<Vec<ColumnMap>> {
    let mut merged = match conn {
        Some(conn) => remembered(conn, headers)?,
        None => Vec::new(),
    };
    merged.retain(|m| {
        !given
            .iter()
            .any(|g| g.header.eq_ignore_ascii_case(&m.header))
    });
    merged.extend(given.iter().cloned());
    Ok(merged)
}

/// Remembers the user's mapping for files with these columns (the next export of the same
/// report imports without mapping again).
fn remember(conn: &rusqlite::Connection, headers: &[String], mappings: &[ColumnMap]) -> Result<()> {
    let json = serde_json::to_string(mappings).map_err(|e| Error::Internal(e.to_string()))?;
    crate::store::meta::set(conn, &mapping_key(headers), &json)
}

/// [`preview`], applying the mapping remembered in the workspace when the caller gives none.
pub fn preview_with(
    conn: Option<&rusqlite::Connection>,
    path: &Path,
    opts: &ImportOptions,
) -> Result<ImportPreview> {
    let file = path.display().to_string();
    if is_notes(path, opts) {
        let speakers = speakers_for(conn, opts)?;
        let transcript = match &speakers {
            Some(s) => transcript_preview(path, s)?,
            None => None,
        };
        let rows = notes_dir::parse(path, opts.forced_encoding()?, speakers)?;
        let columns = ["path", "title", "date", "participant", "team"];
        let (kind, format) = if transcript.is_some() || opts.kind == Some(ImportKind::Transcript) {
            (ImportKind::Transcript, Format::Transcript)
        } else {
            (ImportKind::Notes, Format::Markdown)
        };
        return Ok(ImportPreview {
            transcript,
            path: file,
            kind,
            format,
            encoding: opts.encoding.clone().unwrap_or_else(|| "auto".into()),
            columns: columns
                .iter()
                .map(|c| PreviewColumn {
                    header: c.to_string(),
                    field: c.to_string(),
                    how: MappingSource::Known,
                    question: None,
                    date_format: None,
                })
                .collect(),
            total_rows: rows.len() as u64,
            rows: rows
                .take(PREVIEW_ROWS)
                .collect::<Vec<_>>()
                .iter()
                .map(|r| match r {
                    Ok((_, _, Record::Note(n, _))) => vec![
                        n.path.clone(),
                        cut(&n.title),
                        n.date.clone().unwrap_or_default(),
                        n.participant.clone(),
                        n.team.clone().unwrap_or_default(),
                    ],
                    Ok((_, _, Record::Transcript(t, _))) => vec![
                        t.path.clone(),
                        cut(&t.title),
                        t.date.clone().unwrap_or_default(),
                        t.speakers(crate::research::transcripts::SpeakerRole::Participant)
                            .join(", "),
                        t.team.clone().unwrap_or_default(),
                    ],
                    Ok(_) => Vec::new(),
                    Err(rej) => vec![format!("{}: {}", rej.field, rej.reason)],
                })
                .collect(),
            fields: columns.iter().map(|c| c.to_string()).collect(),
            problem: None,
        });
    }
    let format = match opts.format {
        Format::Auto if looks_like_json(path)? => Format::GithubJson,
        Format::Auto if is_spreadsheet(path) => Format::Xlsx,
        f => f,
    };
    let fields = ticket_fields::Field::NAMES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    let mut preview = ImportPreview {
        transcript: None,
        path: file.clone(),
        kind: ImportKind::Tickets,
        format,
        encoding: String::new(),
        columns: Vec::new(),
        rows: Vec::new(),
        total_rows: 0,
        fields,
        problem: None,
    };
    match format {
        Format::Xlsx => {
            preview.encoding = "xlsx".into();
            let sheet = sheet::SheetRows::open(path)?;
            match survey_format(opts, Format::Xlsx, table::RowSource::headers(&sheet))? {
                Some(f) => preview_survey(&mut preview, sheet, f, conn, opts)?,
                None => preview_rows(&mut preview, sheet, conn, opts)?,
            }
        }
        Format::Auto
        | Format::JiraCsv
        | Format::Csv
        | Format::GoogleForms
        | Format::Qualtrics
        | Format::Typeform => {
            let stream = open_text(path, opts)?;
            preview.encoding = stream.encoding.name().to_string();
            let t = table::TableReader::new(stream.reader, &file, None)?;
            if let Some(f) = survey_format(opts, format, &t.headers)? {
                preview_survey(&mut preview, t, f, conn, opts)?;
                return Ok(preview);
            }
            preview.format = match format {
                Format::Auto if ticket_fields::looks_like_jira(&t.headers) => Format::JiraCsv,
                Format::Auto => Format::Csv,
                f => f,
            };
            preview_rows(&mut preview, t, conn, opts)?;
        }
        Format::GithubJson => {
            let stream = open_text(path, opts)?;
            preview.encoding = stream.encoding.name().to_string();
            // The first rows are kept, the rest only counted (one item in memory at a time).
            let mut rows = Vec::new();
            for row in tickets_github::stream(stream.reader, &file)? {
                let row = row?;
                if rows.len() < PREVIEW_ROWS {
                    rows.push(row);
                }
                preview.total_rows += 1;
            }
            for (header, field) in [
                ("number", "key"),
                ("title", "title"),
                ("state", "status"),
                ("user.login", "reporter"),
                ("created_at", "created"),
                ("body", "body"),
            ] {
                preview.columns.push(PreviewColumn {
                    header: header.into(),
                    field: field.into(),
                    how: MappingSource::Known,
                    question: None,
                    date_format: None,
                });
            }
            preview.rows = rows
                .iter()
                .take(PREVIEW_ROWS)
                .map(|r| match r {
                    Ok((_, _, Record::Ticket(t))) => vec![
                        t.key.clone(),
                        cut(&t.title),
                        t.status.clone(),
                        t.reporter.clone(),
                        t.date.clone().unwrap_or_default(),
                        cut(&t.body),
                    ],
                    Ok((_, _, Record::Note(..) | Record::Transcript(..))) => Vec::new(),
                    Err(rej) => vec![format!("item {}: {}", rej.line, rej.reason)],
                })
                .collect();
        }
        other => {
            preview.problem = Some(format!("the {} format is not supported yet", other.name()));
        }
    }
    Ok(preview)
}

/// True when `path` is imported as notes or transcripts: a folder, a Markdown file, a `.vtt`,
/// `.srt` or `.docx` file, a text file that reads as a transcript, or `--kind notes|transcript`.
/// Any other lone `.txt` file is read as a table unless asked (Excel saves "Unicode text" tables
/// as `.txt`).
fn is_notes(path: &Path, opts: &ImportOptions) -> bool {
    let markdown = matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("md" | "markdown")
    );
    path.is_dir()
        || matches!(opts.format, Format::Markdown | Format::Transcript)
        || matches!(opts.kind, Some(ImportKind::Notes | ImportKind::Transcript))
        || (opts.format == Format::Auto
            && opts.kind.is_none()
            && (markdown || notes_dir::is_transcript_file(path) || reads_as_transcript(path)))
}

/// Whether the start of a lone text file reads as a transcript (speaker turns, cues).
fn reads_as_transcript(path: &Path) -> bool {
    use std::io::Read;
    let is_txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let mut head = Vec::new();
    is_txt
        && std::fs::File::open(path)
            .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
            .is_ok()
        && transcript::detect(&path.display().to_string(), &head).is_some()
}

/// Who transcript speakers are for this import; `None` when every file is to be read as a note.
fn speakers_for(
    conn: Option<&rusqlite::Connection>,
    opts: &ImportOptions,
) -> Result<Option<speakers::Speakers>> {
    if opts.kind == Some(ImportKind::Notes) || opts.format == Format::Markdown {
        return Ok(None);
    }
    let given = opts.speakers.as_deref().unwrap_or(&[]);
    Ok(Some(speakers::Speakers::load(conn, given)?))
}

/// A transcript file's speakers, shares and first turns, for the preview.
fn transcript_preview(
    path: &Path,
    speakers: &speakers::Speakers,
) -> Result<Option<TranscriptPreview>> {
    if path.is_dir() {
        return Ok(None);
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > notes_dir::MAX_NOTE_BYTES && !notes_dir::is_transcript_file(path) {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::InvalidInput {
        field: Some("path".into()),
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    let name = path.display().to_string();
    let t = match transcript::parse(&name, &bytes) {
        Ok(t) => t,
        Err(why) if notes_dir::is_transcript_file(path) => {
            return Err(Error::InvalidInput {
                field: Some("path".into()),
                message: format!("{name}: {why}"),
            })
        }
        Err(_) => return Ok(None),
    };
    let record = speakers.record(&t, &name, String::new());
    Ok(Some(TranscriptPreview {
        format: t.format,
        format_name: t.format.name().to_string(),
        turns: t.turns.len() as u64,
        speakers: speakers.preview(&t),
        first_turns: record.turns.into_iter().take(PREVIEW_ROWS).collect(),
        warnings: t
            .warnings
            .iter()
            .map(|(line, message)| ImportWarning {
                line: *line,
                message: message.clone(),
            })
            .collect(),
    }))
}

/// Fills a preview's mapping and rows from a table (CSV or sheet): the first rows are kept, the
/// rest only counted.
fn preview_rows(
    preview: &mut ImportPreview,
    mut t: impl table::RowSource,
    conn: Option<&rusqlite::Connection>,
    opts: &ImportOptions,
) -> Result<()> {
    let headers = t.headers().to_vec();
    let mappings = effective_mappings(conn, &headers, &opts.mappings)?;
    let given = |h: &str| {
        opts.mappings
            .iter()
            .any(|m| m.header.eq_ignore_ascii_case(h))
    };
    let (cols, problem) = tickets_csv::mapping(&headers, preview.format, &mappings, &preview.path);
    let fields: Vec<ticket_fields::Field> = cols.iter().map(|(f, _)| *f).collect();
    preview.columns = headers
        .iter()
        .zip(cols)
        .map(|(h, (f, how))| PreviewColumn {
            header: h.clone(),
            field: f.name().to_string(),
            how: match how {
                tickets_csv::Source::Known => MappingSource::Known,
                tickets_csv::Source::Suggested => MappingSource::Suggested,
                tickets_csv::Source::User if !given(h) => MappingSource::Remembered,
                tickets_csv::Source::User => MappingSource::User,
                tickets_csv::Source::Unmapped => MappingSource::Unmapped,
            },
            question: None,
            date_format: None,
        })
        .collect();
    // The rows the importer would read its date styles from.
    let mut sample = Vec::new();
    while let Some(row) = t.next_row()? {
        if preview.rows.len() < PREVIEW_ROWS {
            preview
                .rows
                .push(row.fields.iter().map(|c| cut(c)).collect());
        }
        if sample.len() < tickets_csv::ORDER_SAMPLE {
            sample.push(row);
        }
        preview.total_rows += 1;
    }
    for field in [
        ticket_fields::Field::Created,
        ticket_fields::Field::Resolved,
    ] {
        if let Some(i) = fields.iter().position(|f| *f == field) {
            let style = tickets_csv::date_style(&fields, field, sample.iter());
            preview.columns[i].date_format = Some(style.describe().to_string());
        }
    }
    preview.problem = problem.map(|e| e.to_string());
    Ok(())
}

/// Opens a text file for streaming, with the file named in any refusal.
fn open_text(path: &Path, opts: &ImportOptions) -> Result<text::TextStream> {
    let file = path.display().to_string();
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return Err(Error::InvalidInput {
            field: Some("path".into()),
            message: format!("{file}: the file is empty"),
        });
    }
    text::open(path, opts.forced_encoding()?).map_err(|m| Error::InvalidInput {
        field: Some("path".into()),
        message: format!("{file}: {m}"),
    })
}

/// Saves rejected rows as a CSV (`line,field,reason`) so they can be fixed and imported again.
/// Written to a temporary file and renamed: a failed save never leaves half a file.
pub fn save_rejected(path: &Path, rejected: &[Rejected]) -> Result<()> {
    let io = |e: std::io::Error| Error::io(format!("cannot write {}", path.display()), e);
    let tmp = path.with_extension("csv.tmp");
    {
        let mut w = csv::Writer::from_path(&tmp).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(e) => io(e),
            other => Error::Internal(format!("{other:?}")),
        })?;
        let csv_err = |e: csv::Error| Error::Internal(e.to_string());
        w.write_record(["line", "field", "reason"])
            .map_err(csv_err)?;
        for r in rejected {
            // A reason never starts a formula when the CSV is opened in a spreadsheet.
            let reason = if r.reason.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{}", r.reason)
            } else {
                r.reason.clone()
            };
            w.write_record([r.line.to_string(), r.field.clone(), reason])
                .map_err(csv_err)?;
        }
        w.flush().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// One parsed row: a ticket with its source key, or the reason it was rejected.
pub(crate) type Parsed = std::result::Result<(u64, String, Record), Rejected>;

/// A parsed document of any importable kind.
#[derive(Debug, Clone)]
pub(crate) enum Record {
    Ticket(TicketRecord),
    Note(NoteRecord, Vec<ImportWarning>),
    /// A transcript, and what its reader fixed or could not read (each with its line).
    Transcript(TranscriptRecord, Vec<ImportWarning>),
}

/// Imports `path` into the workspace. `progress` is called as rows are stored; setting `cancel`
/// stops the import and leaves the workspace exactly as before.
pub fn import(
    ws: &Workspace,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let file = path.display().to_string();
    if is_notes(path, opts) {
        let speakers = speakers_for(Some(ws.conn()), opts)?;
        let transcripts = speakers.is_some()
            && (opts.kind == Some(ImportKind::Transcript)
                || opts.format == Format::Transcript
                || (!path.is_dir()
                    && (notes_dir::is_transcript_file(path) || reads_as_transcript(path))));
        let remember = speakers.clone();
        let rows = notes_dir::parse(path, opts.forced_encoding()?, speakers)?;
        let source = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let encoding = opts.encoding.as_deref().unwrap_or("auto");
        let source = source.display().to_string();
        let (format, kind) = if transcripts {
            (Format::Transcript, "transcripts")
        } else {
            (Format::Markdown, "notes")
        };
        let total = rows.len() as u64;
        let rows = &mut rows.map(Ok);
        let report = store(
            ws,
            &source,
            format,
            kind,
            encoding,
            rows,
            total,
            opts.dry_run,
            progress,
            cancel,
        )?;
        // The speakers named for this import are who they are in the next file too.
        if let (Some(s), false) = (remember, opts.dry_run) {
            s.remember(ws.conn())?;
        }
        return Ok(report);
    }
    let source = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let source = source.display().to_string();
    let format = match opts.format {
        Format::Auto if looks_like_json(path)? => Format::GithubJson,
        Format::Auto if is_spreadsheet(path) => Format::Xlsx,
        f => f,
    };
    match format {
        Format::Xlsx => {
            // Streamed: an XLSX sheet is read cell by cell as its rows are stored.
            let sheet = sheet::SheetRows::open(path)?;
            let total = sheet.estimated_rows();
            let ctx = (ws, source.as_str(), file.as_str(), opts);
            if let Some(f) = survey_format(opts, Format::Xlsx, table::RowSource::headers(&sheet))? {
                return store_survey(ctx, sheet, f, "xlsx", progress, cancel);
            }
            store_table(ctx, sheet, Format::Xlsx, "xlsx", total, progress, cancel)
        }
        Format::GithubJson => {
            // Streamed: the array is parsed item by item as it is stored.
            let stream = open_text(path, opts)?;
            let stray = stream.stray.clone();
            let rows = &mut tickets_github::stream(stream.reader, &file)?;
            let kind = "tickets";
            let (enc, dry) = (stream.encoding.name(), opts.dry_run);
            let total = stream.lines;
            store(
                ws, &source, format, kind, enc, rows, total, dry, progress, cancel,
            )
            .map(|r| r.warn_stray(&stray))
        }
        Format::Auto
        | Format::JiraCsv
        | Format::Csv
        | Format::GoogleForms
        | Format::Qualtrics
        | Format::Typeform => {
            // Streamed: rows are parsed, stored and indexed one at a time.
            let stream = open_text(path, opts)?;
            let stray = stream.stray.clone();
            let encoding = stream.encoding.name();
            let table = table::TableReader::new(stream.reader, &file, None)?;
            let ctx = (ws, source.as_str(), file.as_str(), opts);
            if let Some(f) = survey_format(opts, format, &table.headers)? {
                // A survey is read whole: a file too large to be one is refused before that.
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                if size > survey::MAX_SURVEY_BYTES as u64 {
                    return Err(Error::InvalidInput {
                        field: Some("path".into()),
                        message: format!(
                            "{file}: {:.0} MiB is more than the {} MiB a survey import reads (its first column, {:?}, makes it look like a {} survey); nothing was imported. Split the export, or if the file is not a survey import it with --kind tickets",
                            size as f64 / 1048576.0,
                            survey::MAX_SURVEY_BYTES / 1048576,
                            table.headers.first().cloned().unwrap_or_default(),
                            f.name()
                        ),
                    });
                }
                return store_survey(ctx, table, f, encoding, progress, cancel)
                    .map(|r| r.warn_stray(&stray));
            }
            let format = match format {
                Format::Auto if ticket_fields::looks_like_jira(&table.headers) => Format::JiraCsv,
                Format::Auto => Format::Csv,
                f => f,
            };
            let total = stream.lines.saturating_sub(1);
            store_table(ctx, table, format, encoding, total, progress, cancel)
                .map(|r| r.warn_stray(&stray))
        }
        other => Err(Error::InvalidInput {
            field: Some("format".into()),
            message: format!("the {} format is not supported yet", other.name()),
        }),
    }
}

/// The survey format to read a table as, or `None` to read it as tickets: an explicit survey
/// format or `--kind survey` makes it a survey; otherwise its header row decides.
fn survey_format(
    opts: &ImportOptions,
    format: Format,
    headers: &[String],
) -> Result<Option<Format>> {
    let survey_only = matches!(
        format,
        Format::GoogleForms | Format::Qualtrics | Format::Typeform
    );
    let clash = |message: String| Error::InvalidInput {
        field: Some("kind".into()),
        message,
    };
    match opts.kind {
        Some(ImportKind::Tickets) if survey_only => Err(clash(format!(
            "the {} format reads surveys, not tickets: import the file as a survey",
            format.name()
        ))),
        Some(ImportKind::Tickets) => Ok(None),
        _ if survey_only => Ok(Some(format)),
        Some(ImportKind::Survey) if format == Format::JiraCsv => Err(clash(
            "the Jira CSV format reads tickets: read the file as CSV (or let the format be detected) to import a survey".into(),
        )),
        Some(ImportKind::Survey) => Ok(Some(survey::detect_format(headers).unwrap_or(
            if format == Format::Xlsx {
                Format::Xlsx
            } else {
                Format::Csv
            },
        ))),
        _ if matches!(format, Format::Auto | Format::Xlsx) => Ok(survey::detect_format(headers)),
        _ => Ok(None),
    }
}

/// Fills a preview from a survey table: each column's detected role, and the first responses.
fn preview_survey(
    preview: &mut ImportPreview,
    table: impl table::RowSource,
    format: Format,
    conn: Option<&rusqlite::Connection>,
    opts: &ImportOptions,
) -> Result<()> {
    let headers = table.headers().to_vec();
    let mappings = effective_mappings(conn, &headers, &opts.mappings)?;
    // Only the first rows are read into memory; the rest are counted as they stream past.
    let mut first = table::FirstRows::new(table, PREVIEW_SURVEY_ROWS);
    let parsed = survey::read(&mut first, format, &preview.path, &mappings)?;
    preview.kind = ImportKind::Survey;
    preview.format = format;
    preview.fields = crate::surveys::ColumnRole::ALL
        .iter()
        .map(|r| r.name().to_string())
        .collect();
    let given = |h: &str| {
        opts.mappings
            .iter()
            .any(|m| m.header.eq_ignore_ascii_case(h))
    };
    preview.columns = parsed
        .columns
        .iter()
        .zip(&parsed.how)
        .map(|(c, how)| PreviewColumn {
            header: c.key.clone(),
            field: c.role.name().to_string(),
            how: match how {
                MappingSource::User if !given(&c.key) => MappingSource::Remembered,
                other => *other,
            },
            question: (c.text != c.key).then(|| c.text.clone()),
            date_format: (c.role == crate::surveys::ColumnRole::Submitted)
                .then(|| parsed.date_style.map(|s| s.describe().to_string()))
                .flatten(),
        })
        .collect();
    preview.rows = parsed
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| r.cells.iter().map(|c| cut(c)).collect())
        .collect();
    let read = first.given();
    let rest = first.total()? - read;
    preview.total_rows = (parsed.rows.len() + parsed.rejected.len()) as u64 + rest;
    Ok(())
}

/// Stores a survey in one transaction: the survey and its columns, then each response created,
/// updated by its key, or skipped when unchanged; free-text answers become documents.
fn store_survey(
    (ws, source, file, opts): (&Workspace, &str, &str, &ImportOptions),
    table: impl table::RowSource,
    format: Format,
    encoding: &str,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    use crate::surveys::{self, RespondentOutcome};
    let conn = ws.conn();
    let headers = table.headers().to_vec();
    let mappings = effective_mappings(Some(conn), &headers, &opts.mappings)?;
    let parsed = survey::read(table, format, file, &mappings)?;
    let total = parsed.rows.len() as u64;
    let mut report = ImportReport::new(format, encoding, opts.dry_run);
    report.rejected = parsed.rejected.clone();
    let mut done = 0u64;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let outcome = (|| -> Result<()> {
        let batch = batches::start(conn, source, format.name(), "survey", encoding)?;
        let (id, questions, roles_changed) = surveys::upsert_survey(
            conn,
            &parsed.key,
            &parsed.name,
            format.name(),
            source,
            &parsed.columns,
        )?;
        if roles_changed {
            surveys::sync_documents(
                conn,
                id,
                None,
                Some(batch),
                &mut surveys::reimport_bin(Some(batch)),
            )?;
        }
        for row in &parsed.rows {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            match surveys::upsert_respondent(
                conn,
                id,
                &parsed.columns,
                &questions,
                row,
                Some(batch),
            )? {
                RespondentOutcome::Created(r) => {
                    surveys::record_change(conn, batch, id, r, None)?;
                    report.imported += 1;
                }
                RespondentOutcome::Updated(r, before) => {
                    surveys::record_change(conn, batch, id, r, Some(&before))?;
                    report.updated += 1;
                }
                RespondentOutcome::Unchanged(_) => report.skipped += 1,
            }
            done += 1;
            if done.is_multiple_of(100) {
                progress(Progress { done, total });
            }
        }
        if opts.force != Some(true) {
            let moved = crate::store::trash::documents_of_batch(
                conn,
                crate::store::trash::TrashKind::SurveyReimport,
                batch,
            )?;
            let at_risk = crate::research::evidence_on(conn, &moved)?;
            if let Some(warning) = crate::research::describe_loss(&at_risk) {
                return Err(Error::NeedsConfirmation(format!(
                    "this import moves {} survey answer document(s) to the trash because their question is no longer free text; {warning}. Nothing was imported; confirm to go ahead (they stay in the trash, with their quotes and links)",
                    moved.len()
                )));
            }
        }
        report.close(conn, batch)
    })();
    match outcome {
        Ok(()) if !opts.dry_run => conn.execute_batch("COMMIT")?,
        Ok(()) => {
            conn.execute_batch("ROLLBACK")?;
            report.batch = None;
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    progress(Progress { done, total: done });
    ws.index_pending()?;
    if !opts.dry_run && !opts.mappings.is_empty() {
        remember(conn, &headers, &mappings)?;
    }
    Ok(report)
}

/// Stores the tickets of a table (CSV or sheet) with the effective mapping, and remembers the
/// user's mapping for the next file with the same columns once the import has landed.
fn store_table(
    (ws, source, file, opts): (&Workspace, &str, &str, &ImportOptions),
    table: impl table::RowSource,
    format: Format,
    encoding: &str,
    total: u64,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let headers = table.headers().to_vec();
    let mappings = effective_mappings(Some(ws.conn()), &headers, &opts.mappings)?;
    // A sheet's rows are read like a generic CSV (no Jira-only header handling).
    let read_as = if format == Format::Xlsx {
        Format::Csv
    } else {
        format
    };
    let rows = &mut tickets_csv::CsvTickets::new(table, read_as, &mappings, file)?;
    let dry = opts.dry_run;
    let report = store(
        ws, source, format, "tickets", encoding, rows, total, dry, progress, cancel,
    )?;
    if !dry && !opts.mappings.is_empty() {
        remember(ws.conn(), &headers, &mappings)?;
    }
    Ok(report)
}

/// True for the spreadsheet formats calamine reads.
fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    )
}

/// True for a `.json` file or one whose text starts with `[` or `{`.
fn looks_like_json(path: &Path) -> Result<bool> {
    use std::io::Read;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Ok(true);
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::InvalidInput {
            field: Some("path".into()),
            message: format!("cannot read {}: {e}", path.display()),
        })?;
    let text = String::from_utf8_lossy(&head[..n]);
    let first = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .next();
    Ok(matches!(first, Some('[' | '{')))
}

#[allow(clippy::too_many_arguments)]
fn store(
    ws: &Workspace,
    source: &str,
    format: Format,
    kind: &str,
    encoding: &str,
    rows: &mut dyn Iterator<Item = Result<Parsed>>,
    estimated_total: u64,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let conn = ws.conn();
    let mut total = estimated_total;
    let mut done = 0u64;
    let mut report = ImportReport::new(format, encoding, dry_run);
    conn.execute_batch("BEGIN IMMEDIATE")?;
    // Index while SQLite is written: tantivy's writer thread uses the other core. The outbox rows
    // are still written (a crash before the index commit replays them); the ones this import
    // wrote are acknowledged once its index commit holds them. When another process holds the
    // index writer, the outbox alone carries the changes.
    let index = ws.search_index();
    let staged = if dry_run { None } else { index.writer().ok() };
    let mut formats = crate::search::index::Formats::new();
    let outbox_before = crate::store::outbox::max_id(conn)?.unwrap_or(0);
    let mut updated: Vec<i64> = Vec::new();
    let outcome = (|| -> Result<()> {
        let batch = batches::start(conn, source, format.name(), kind, encoding)?;
        // Source key → the line it was first seen on, to reject duplicates within one file.
        let mut seen = std::collections::HashMap::new();
        for row in rows {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            match row? {
                Err(r) => report.rejected.push(r),
                Ok((line, key, _)) if seen.contains_key(&key) => report.rejected.push(Rejected {
                    line,
                    field: "key".into(),
                    reason: format!(
                        "{} appears again: line {} already holds it",
                        key.split_once(':').map(|(_, k)| k).unwrap_or(&key),
                        seen[&key]
                    ),
                }),
                Ok((line, key, rec)) => {
                    let outcome = match rec {
                        Record::Ticket(rec) => match docs::upsert(conn, &key, Some(batch), rec)? {
                            Outcome::Created(id) => Outcome::Created(id),
                            Outcome::Updated(id, prev) => {
                                Outcome::Updated(id, Box::new(Snapshot::Ticket(*prev)))
                            }
                            Outcome::Unchanged(id) => Outcome::Unchanged(id),
                        },
                        Record::Note(rec, warnings) => {
                            report.warnings.extend(warnings);
                            match docs::upsert(conn, &key, Some(batch), rec)? {
                                Outcome::Created(id) => Outcome::Created(id),
                                Outcome::Updated(id, prev) => {
                                    Outcome::Updated(id, Box::new(Snapshot::Note(*prev)))
                                }
                                Outcome::Unchanged(id) => Outcome::Unchanged(id),
                            }
                        }
                        Record::Transcript(rec, warnings) => {
                            report.warnings.extend(warnings);
                            match docs::upsert(conn, &key, Some(batch), rec)? {
                                Outcome::Created(id) => Outcome::Created(id),
                                Outcome::Updated(id, prev) => {
                                    Outcome::Updated(id, Box::new(Snapshot::Transcript(*prev)))
                                }
                                Outcome::Unchanged(id) => Outcome::Unchanged(id),
                            }
                        }
                    };
                    let changed = match outcome {
                        Outcome::Created(id) => {
                            batches::record(conn, batch, id, None)?;
                            report.imported += 1;
                            Some(id)
                        }
                        Outcome::Updated(id, previous) => {
                            batches::record(conn, batch, id, Some(&previous))?;
                            report.updated += 1;
                            // Replacing needs a delete, and tantivy holds every queued delete
                            // in memory until its commit: updates go through the outbox, which
                            // drains them in bounded batches after the import.
                            updated.push(id);
                            None
                        }
                        Outcome::Unchanged(_) => {
                            report.skipped += 1;
                            None
                        }
                    };
                    if let (Some(id), Some(w)) = (changed, &staged) {
                        if let Some(doc) = crate::search::index::load(conn, id, &mut formats)? {
                            index.stage_new(w, &doc)?;
                        }
                    }
                    seen.insert(key, line);
                }
            }
            done += 1;
            if done.is_multiple_of(500) {
                total = total.max(done);
                progress(Progress { done, total });
            }
        }
        report.close(conn, batch)
    })();
    let outbox_after = crate::store::outbox::max_id(conn)?.unwrap_or(0);
    match outcome {
        Ok(()) if !dry_run => {
            conn.execute_batch("COMMIT")?;
            if let Some(w) = staged {
                index.commit_staged(w)?;
                // The new documents are in the index now; the updated ones stay queued.
                crate::store::db::transaction(conn, |tx| {
                    let stamp = crate::store::db::now();
                    for id in &updated {
                        crate::store::outbox::enqueue(tx, *id, &stamp)?;
                    }
                    crate::store::outbox::acknowledge_range(tx, outbox_before, outbox_after)
                })?;
            }
        }
        Ok(()) => {
            conn.execute_batch("ROLLBACK")?;
            report.batch = None;
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            if let Some(mut w) = staged {
                let _ = w.rollback();
                index.forget_groups();
            }
            return Err(e);
        }
    }
    progress(Progress { done, total: done });
    ws.index_pending()?;
    Ok(report)
}

/// The readers behind [`import`], without a workspace or a database: entry points for the fuzz
/// targets in `fuzz/`. Not a stable API.
#[doc(hidden)]
pub mod fuzzing {
    use super::{notes_dir, table, tickets_csv, tickets_github, Format, Record, Rejected};
    use crate::error::Result;
    use crate::research::notes::NoteRecord;
    use crate::research::tickets::TicketRecord;
    use std::path::Path;

    /// One row read: the ticket and its source key, or why it was rejected.
    pub type Row = std::result::Result<(String, TicketRecord), Rejected>;

    fn ticket(parsed: super::Parsed) -> Row {
        parsed.map(|(_, key, record)| match record {
            Record::Ticket(t) => (key, t),
            Record::Note(..) | Record::Transcript(..) => {
                unreachable!("ticket readers yield tickets")
            }
        })
    }

    /// Reads `text` as a ticket table (`Format::JiraCsv` or `Format::Csv`) the way an import
    /// does, row by row.
    pub fn tickets_csv(text: &str, format: Format) -> Result<Vec<Row>> {
        let t = table::TableReader::new(text.as_bytes(), "fuzz.csv", None)?;
        tickets_csv::CsvTickets::new(t, format, &[], "fuzz.csv")?
            .map(|r| r.map(ticket))
            .collect()
    }

    /// Reads `text` as GitHub REST `issues` JSON.
    pub fn tickets_github(text: &str) -> Result<Vec<Row>> {
        Ok(tickets_github::parse(text, "fuzz.json")?
            .into_iter()
            .map(ticket)
            .collect())
    }

    /// Reads `bytes` as one note file named `note.md`.
    pub fn note(bytes: &[u8]) -> std::result::Result<NoteRecord, Rejected> {
        let (_, _, record) = notes_dir::parse_bytes(bytes, Path::new("note.md"), "note.md", None)?;
        match record {
            Record::Note(n, _) => Ok(n),
            Record::Ticket(_) | Record::Transcript(..) => {
                unreachable!("the notes reader yields notes when not given speakers")
            }
        }
    }
}

/// What hosts call to import: importing sits here, above the workspace it writes to, so the
/// workspace (storage) never depends on the importers.
impl Workspace {
    /// Imports a file (see the module docs).
    pub fn import(
        &self,
        path: &Path,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        import(self, path, opts, progress, cancel)
    }

    /// Shows how a file would import, with the mapping remembered for its columns.
    pub fn preview_import(&self, path: &Path, opts: &ImportOptions) -> Result<ImportPreview> {
        preview_with(Some(self.conn()), path, opts)
    }

    /// Every import batch, newest first.
    pub fn import_batches(&self) -> Result<Vec<batches::ImportBatch>> {
        batches::list(self.conn())
    }

    /// What undoing an import would move to the trash, and the quotes and links resting on it.
    pub fn undo_import_preview(&self, batch: i64) -> Result<batches::UndoPreview> {
        batches::undo_preview(self.conn(), batch)
    }

    /// Takes an import back; what it created goes to the trash. Refused with
    /// `NeedsConfirmation` when quotes or links rest on it, unless `force`.
    pub fn undo_import(&self, batch: i64, force: bool) -> Result<batches::ImportBatch> {
        let undone = batches::undo(self.conn(), batch, force)?;
        self.index_pending()?;
        Ok(undone)
    }

    /// Does an undone import again, bringing its documents back from the trash.
    pub fn redo_import(&self, batch: i64) -> Result<batches::ImportBatch> {
        let redone = batches::redo(self.conn(), batch)?;
        self.index_pending()?;
        Ok(redone)
    }
}
