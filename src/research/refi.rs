//! REFI-QDA interchange: the codebook as a `.qdc` (Codebook XML, `urn:QDA-XML:codebook:1.0`) and
//! the whole project as a `.qdpx` (a ZIP holding `project.qde`, `urn:QDA-XML:project:1.0`, and
//! `sources/<GUID>.txt` per document), written to follow the published REFI-QDA 1.0 schemas
//! (element order, required attributes, GUID and colour patterns); and the import of what
//! QualCoder, ATLAS.ti, MAXQDA, NVivo or Taguette write (`.qdpx`, `.zip`, `.qdc`, a bare `.qde`).
//!
//! Strict about what we write, lenient about what we read: a `Sources/` folder in any case, no
//! `CodeBook`, no codings, sets, one-line XML, inline `PlainTextContent` or `plainTextPath`. What
//! cannot become Groundwork evidence (sets, notes, cases, variables, PDF/picture/audio/video
//! sources, a source with only rich text, an uncoded selection) is named in the report's
//! warnings, never dropped silently; a selection whose offsets fall outside its text is a warning
//! naming the source and the selection. Malformed input (a damaged archive, XML that is not
//! well-formed, a root that is not a REFI-QDA project or codebook) is refused before anything is
//! stored, naming the file, the member and the element.
//!
//! Sources become **notes** (`note` documents): a note's body is the text verbatim, so the
//! selections' character offsets stay exact. A transcript's body is only what participants said
//! (interviewer turns are left out), which would shift every offset, so a source that reads as
//! a transcript is imported as a note too. They go through an import batch like any import, so
//! `groundwork imports undo N` takes them (and their coded passages) back; codes the import
//! added stay in the codebook.

use crate::error::{Error, Result};
use crate::import::batches;
use crate::research::documents::{self, Outcome};
use crate::research::notes::NoteRecord;
use crate::research::{codebook, highlights};
use quick_xml::events::{BytesStart, Event};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Seek, Write};
use std::path::Path;
use ts_rs::TS;

/// Namespace of a REFI-QDA project (`project.qde`).
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// Namespace of a REFI-QDA codebook (`.qdc`).
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
/// Largest `project.qde` or `.qdc` read.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// Largest source text read from an archive.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes read from one archive, all members together.
pub const MAX_ARCHIVE_BYTES: u64 = 1024 * 1024 * 1024;
/// Most members an archive may list.
pub const MAX_MEMBERS: usize = 100_000;
/// Deepest code hierarchy read.
pub const MAX_CODE_DEPTH: usize = 64;
/// Workspace setting holding the workspace's exchange id, from which every exported GUID derives.
const WORKSPACE_GUID_KEY: &str = "refi_workspace_guid";

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RefiExportReport {
    /// The file written.
    pub path: String,
    /// `qdpx` or `qdc`.
    pub format: String,
    /// Bytes written.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Codes exported.
    #[ts(type = "number")]
    pub codes: u64,
    /// Documents exported as text sources.
    #[ts(type = "number")]
    pub sources: u64,
    /// Coded passages exported as selections.
    #[ts(type = "number")]
    pub passages: u64,
    /// What was left out, and why (passages lost by an edit).
    pub warnings: Vec<String>,
}

/// One source of an imported project, as a document.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RefiDocument {
    /// The document (a note).
    #[ts(type = "number")]
    pub id: i64,
    /// The source's GUID in the file.
    pub guid: String,
    /// Its title (the source's name).
    pub title: String,
    /// `created`, `updated` (same GUID imported before, new text) or `unchanged`.
    pub outcome: String,
    /// Coded passages imported into it.
    #[ts(type = "number")]
    pub passages: u64,
}

/// What a REFI-QDA import did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RefiImportReport {
    /// The file imported.
    pub file: String,
    /// `qdpx` (an archive), `qde` (a bare project) or `qdc` (a codebook).
    pub format: String,
    /// The tool that wrote it (`origin`), when it says.
    pub origin: String,
    /// The import batch (undo with `groundwork imports undo N`); none when no source was stored.
    #[ts(type = "number | null")]
    pub batch: Option<i64>,
    /// Paths of codes added to the codebook.
    pub codes_added: Vec<String>,
    /// Paths of codes already in the codebook, reused.
    pub codes_reused: Vec<String>,
    /// Sources stored as notes.
    pub documents: Vec<RefiDocument>,
    /// Coded passages stored.
    #[ts(type = "number")]
    pub passages: u64,
    /// What was skipped or changed on the way in, each naming the source, selection or code.
    pub warnings: Vec<String>,
    /// True when everything was read and checked but nothing stored.
    pub dry_run: bool,
}

// ---------------------------------------------------------------------------------------------
// GUIDs

/// The kinds of workspace objects a GUID stands for.
#[derive(Clone, Copy)]
enum Kind {
    User = 1,
    Code = 2,
    Source = 3,
    Selection = 4,
    Coding = 5,
}

/// The GUID of workspace object `row` of `kind`: the workspace's exchange id (48 bits) and the
/// kind and row written into a version-8 UUID, so re-exports of one workspace keep their GUIDs
/// and two workspaces never share one.
fn guid(workspace: &[u8; 16], kind: Kind, row: u64) -> String {
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&workspace[..6]);
    b[7] = kind as u8;
    b[9..].copy_from_slice(&row.to_be_bytes()[1..]);
    uuid::Builder::from_custom_bytes(b)
        .into_uuid()
        .hyphenated()
        .encode_upper(&mut uuid::Uuid::encode_buffer())
        .to_string()
}

/// Whether `s` is a GUID as the schema's `GUIDType` allows (optionally in braces).
pub fn is_guid(s: &str) -> bool {
    let inner = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = inner.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A GUID as compared on import: no braces, upper case.
fn guid_key(s: &str) -> String {
    s.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_uppercase()
}

/// The workspace's exchange id, made (and stored) on the first export.
fn workspace_guid(conn: &Connection) -> Result<[u8; 16]> {
    let stored = crate::store::meta::get(conn, WORKSPACE_GUID_KEY)?
        .and_then(|s| uuid::Uuid::parse_str(&s).ok());
    let id = match stored {
        Some(id) => id,
        None => {
            let id = uuid::Uuid::new_v4();
            crate::store::meta::set(conn, WORKSPACE_GUID_KEY, &id.to_string())?;
            id
        }
    };
    Ok(*id.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Escapes text for an attribute value (line breaks and tabs kept as character references, so a
/// reader's attribute normalization does not turn them into spaces); characters XML 1.0 cannot
/// hold are dropped.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes element text (carriage returns kept as references, which XML would otherwise fold).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Characters XML 1.0 allows.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A stored colour as the schema's `RGBType` wants it (`#rrggbb`), or `None` when it is not a
/// hex colour (a CSS name, empty).
pub fn hex_color(c: &str) -> Option<String> {
    let h = c.trim().strip_prefix('#')?;
    if !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match h.len() {
        6 => Some(format!("#{}", h.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            h.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

/// A timestamp as `xsd:dateTime` (UTC, seconds), when it parses.
fn date_time(s: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
}

struct CodeRow {
    id: i64,
    parent: Option<i64>,
    name: String,
    description: String,
    color: String,
}

fn code_rows(conn: &Connection) -> Result<Vec<CodeRow>> {
    let rows = conn
        .prepare("SELECT id, parent_id, name, description, color FROM codes")?
        .query_map([], |r| {
            Ok(CodeRow {
                id: r.get(0)?,
                parent: r.get(1)?,
                name: r.get(2)?,
                description: r.get(3)?,
                color: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Writes `<Code>` elements for the codebook, nested by hierarchy (siblings by name), indented
/// from `depth`. Returns how many.
fn write_codes(out: &mut String, rows: &[CodeRow], ws: &[u8; 16], depth: usize) -> u64 {
    let ids: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let mut children: HashMap<Option<i64>, Vec<&CodeRow>> = HashMap::new();
    for r in rows {
        // A parent that is gone (never in a healthy workspace) puts the code at the top.
        let parent = r.parent.filter(|p| ids.contains(p) && *p != r.id);
        children.entry(parent).or_default().push(r);
    }
    for list in children.values_mut() {
        list.sort_by_cached_key(|c| (c.name.to_lowercase(), c.id));
    }
    fn walk(
        out: &mut String,
        children: &HashMap<Option<i64>, Vec<&CodeRow>>,
        at: Option<i64>,
        ws: &[u8; 16],
        depth: usize,
        seen: &mut HashSet<i64>,
    ) -> u64 {
        let mut n = 0;
        for c in children.get(&at).map(Vec::as_slice).unwrap_or(&[]) {
            if !seen.insert(c.id) {
                continue;
            }
            n += 1;
            let pad = " ".repeat(depth);
            out.push_str(&format!(
                "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\"",
                guid(ws, Kind::Code, c.id as u64),
                attr(&c.name)
            ));
            if let Some(color) = hex_color(&c.color) {
                out.push_str(&format!(" color=\"{color}\""));
            }
            let kids = children.get(&Some(c.id)).is_some_and(|k| !k.is_empty());
            let described = !c.description.trim().is_empty();
            if !kids && !described {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            if described {
                out.push_str(&format!(
                    "{pad} <Description>{}</Description>\n",
                    text(&c.description)
                ));
            }
            n += walk(out, children, Some(c.id), ws, depth + 1, seen);
            out.push_str(&format!("{pad}</Code>\n"));
        }
        n
    }
    walk(out, &children, None, ws, depth, &mut HashSet::new())
}

/// The codebook as a REFI-QDA Codebook document (`.qdc`). An empty codebook is refused: the
/// schema wants at least one code.
pub fn codebook_xml(conn: &Connection) -> Result<(String, u64)> {
    let rows = code_rows(conn)?;
    if rows.is_empty() {
        return Err(Error::invalid(
            "codes",
            "the codebook is empty: a REFI-QDA codebook holds at least one code; add codes first",
        ));
    }
    let ws = workspace_guid(conn)?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<CodeBook xmlns=\"{CODEBOOK_NS}\" origin=\"{}\">\n <Codes>\n",
        attr(&origin())
    ));
    let n = write_codes(&mut out, &rows, &ws, 2);
    out.push_str(" </Codes>\n</CodeBook>\n");
    Ok((out, n))
}

fn origin() -> String {
    format!("Groundwork {}", env!("CARGO_PKG_VERSION"))
}

/// Exports the codebook to `path` as a `.qdc` (replaced atomically).
pub fn export_qdc(conn: &Connection, path: &Path) -> Result<RefiExportReport> {
    let (xml, codes) = codebook_xml(conn)?;
    crate::export::write_atomically(path, |tmp| {
        std::fs::write(tmp, xml.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))
    })?;
    Ok(RefiExportReport {
        path: path.display().to_string(),
        format: "qdc".into(),
        bytes: xml.len() as u64,
        codes,
        sources: 0,
        passages: 0,
        warnings: Vec::new(),
    })
}

struct Passage {
    id: i64,
    start: i64,
    end: i64,
    text: String,
    status: String,
    created: String,
}

/// Exports the workspace to `path` as a `.qdpx`: every live document as a text source (its body
/// as `sources/<GUID>.txt`), the codebook, and every anchored coded passage as a selection with
/// its codings. Passages lost by an edit are left out and listed in the warnings.
pub fn export_qdpx(conn: &Connection, path: &Path) -> Result<RefiExportReport> {
    let ws = workspace_guid(conn)?;
    let user = guid(&ws, Kind::User, 1);
    let rows = code_rows(conn)?;
    let mut warnings = Vec::new();
    // Passages per document, and codes per passage.
    let mut by_doc: HashMap<i64, Vec<Passage>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, document_id, start, end, text, status, created_at FROM highlights
             ORDER BY document_id, start, end, id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            by_doc.entry(r.get(1)?).or_default().push(Passage {
                id: r.get(0)?,
                start: r.get(2)?,
                end: r.get(3)?,
                text: r.get(4)?,
                status: r.get(5)?,
                created: r.get(6)?,
            });
        }
    }
    let mut coded: HashMap<i64, Vec<i64>> = HashMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT highlight_id, code_id FROM highlight_codes ORDER BY 1, 2")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            coded.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let code_ids: HashSet<i64> = rows.iter().map(|r| r.id).collect();

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<Project xmlns=\"{PROJECT_NS}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd\" \
         name=\"{}\" origin=\"{}\" creatingUserGUID=\"{user}\">\n",
        attr("Groundwork workspace"),
        attr(&origin())
    ));
    xml.push_str(&format!(
        " <Users>\n  <User guid=\"{user}\" name=\"Groundwork\"/>\n </Users>\n"
    ));
    let mut codes = 0;
    if !rows.is_empty() {
        xml.push_str(" <CodeBook>\n  <Codes>\n");
        codes = write_codes(&mut xml, &rows, &ws, 3);
        xml.push_str("  </Codes>\n </CodeBook>\n");
    }

    let (mut sources, mut passages, mut bytes) = (0u64, 0u64, 0u64);
    let write = |tmp: &Path| -> Result<()> {
        let file = std::fs::File::create(tmp)
            .map_err(|e| Error::io(format!("creating {}", tmp.display()), e))?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let zip_err =
            |e: zip::result::ZipError| Error::Internal(format!("writing the archive: {e}"));
        let mut stmt = conn.prepare(
            "SELECT id, kind, title, body, created_at, updated_at FROM documents
             WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut q = stmt.query([])?;
        let mut opened = false;
        while let Some(r) = q.next()? {
            let id: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            let title: String = r.get(2)?;
            let body: String = r.get(3)?;
            let created: String = r.get(4)?;
            let updated: String = r.get(5)?;
            let g = guid(&ws, Kind::Source, id as u64);
            zip.start_file(format!("sources/{g}.txt"), opts)
                .map_err(zip_err)?;
            zip.write_all(body.as_bytes())
                .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
            if !opened {
                xml.push_str(" <Sources>\n");
                opened = true;
            }
            sources += 1;
            let title = if title.trim().is_empty() {
                format!("{kind} {id}")
            } else {
                title
            };
            xml.push_str(&format!(
                "  <TextSource guid=\"{g}\" name=\"{}\" plainTextPath=\"internal://{g}.txt\" creatingUser=\"{user}\"",
                attr(&title)
            ));
            if let Some(d) = date_time(&created) {
                xml.push_str(&format!(" creationDateTime=\"{d}\""));
            }
            if let Some(d) = date_time(&updated) {
                xml.push_str(&format!(
                    " modifyingUser=\"{user}\" modifiedDateTime=\"{d}\""
                ));
            }
            let total = body.chars().count() as i64;
            let list = by_doc.remove(&id).unwrap_or_default();
            let mut any = false;
            for p in list {
                if p.status != "anchored" || p.start < 0 || p.start >= p.end || p.end > total {
                    warnings.push(format!(
                        "document {id} {title:?}: passage {} ({}..{}, {:?}) is lost after an edit; not exported",
                        p.id,
                        p.start,
                        p.end,
                        p.text.chars().take(60).collect::<String>()
                    ));
                    continue;
                }
                if !any {
                    xml.push_str(">\n");
                    any = true;
                }
                passages += 1;
                let name: String = p.text.chars().take(60).collect();
                xml.push_str(&format!(
                    "   <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\"",
                    guid(&ws, Kind::Selection, p.id as u64),
                    attr(&name),
                    p.start,
                    p.end
                ));
                if let Some(d) = date_time(&p.created) {
                    xml.push_str(&format!(" creationDateTime=\"{d}\""));
                }
                let codes: Vec<i64> = coded
                    .get(&p.id)
                    .map(|c| c.iter().copied().filter(|c| code_ids.contains(c)).collect())
                    .unwrap_or_default();
                if codes.is_empty() {
                    xml.push_str("/>\n");
                    continue;
                }
                xml.push_str(">\n");
                for c in codes {
                    // One coding per (passage, code): the passage's id above the code's.
                    let row = ((p.id as u64) << 24) ^ (c as u64 & 0xFF_FFFF);
                    xml.push_str(&format!(
                        "    <Coding guid=\"{}\" creatingUser=\"{user}\">\n     <CodeRef targetGUID=\"{}\"/>\n    </Coding>\n",
                        guid(&ws, Kind::Coding, row),
                        guid(&ws, Kind::Code, c as u64)
                    ));
                }
                xml.push_str("   </PlainTextSelection>\n");
            }
            if any {
                xml.push_str("  </TextSource>\n");
            } else {
                xml.push_str("/>\n");
            }
        }
        if opened {
            xml.push_str(" </Sources>\n");
        }
        xml.push_str("</Project>\n");
        zip.start_file("project.qde", opts).map_err(zip_err)?;
        zip.write_all(xml.as_bytes())
            .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
        let mut inner = zip.finish().map_err(zip_err)?;
        inner
            .flush()
            .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
        let file = inner
            .into_inner()
            .map_err(|e| Error::io(format!("writing {}", tmp.display()), e.into_error()))?;
        file.sync_all()
            .map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
        bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(())
    };
    crate::export::write_atomically(path, write)?;
    Ok(RefiExportReport {
        path: path.display().to_string(),
        format: "qdpx".into(),
        bytes,
        codes,
        sources,
        passages,
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A code as read.
#[derive(Debug, Clone, Default)]
struct ReadCode {
    guid: Option<String>,
    name: String,
    color: Option<String>,
    description: String,
    parent: Option<usize>,
}

/// A selection as read.
#[derive(Debug, Clone, Default)]
struct ReadSelection {
    guid: String,
    name: String,
    start: Option<i64>,
    end: Option<i64>,
    raw: (String, String),
    codes: Vec<String>,
}

/// A text source as read.
#[derive(Debug, Clone, Default)]
struct ReadSource {
    guid: String,
    name: String,
    plain_path: Option<String>,
    rich_path: Option<String>,
    content: Option<String>,
    created: Option<String>,
    selections: Vec<ReadSelection>,
}

/// A REFI-QDA document as read.
#[derive(Debug, Default)]
struct Parsed {
    codebook_root: bool,
    origin: String,
    codes: Vec<ReadCode>,
    sources: Vec<ReadSource>,
    /// Elements read but not imported (sets, notes, cases…), with how many.
    ignored: BTreeMap<String, u64>,
    /// Codings on a whole source (not on a selection), not imported.
    source_codings: u64,
    warnings: Vec<String>,
}

fn attrs(e: &BytesStart, file: &str, line: usize) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    let element = e.local_name().as_ref().to_string();
    for a in e.attributes() {
        let a = a.map_err(|err| {
            Error::invalid(
                &element,
                format!("{file}: line {line}: element <{element}> has a malformed attribute ({err}); nothing was imported"),
            )
        })?;
        let key = a.key.local_name().as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| {
                Error::invalid(
                    &element,
                    format!("{file}: line {line}: <{element} {key}=…> cannot be read ({err}); nothing was imported"),
                )
            })?
            .into_owned();
        out.insert(key, value);
    }
    Ok(out)
}

/// The line of a byte position, counted forward from the last position asked.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl Lines<'_> {
    fn line_at(&mut self, pos: u64) -> usize {
        let pos = (pos as usize).min(self.text.len());
        if pos < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..pos]).count();
        self.at = pos;
        self.line
    }
}

/// Reads a REFI-QDA project or codebook. `file` names it in errors (`archive.qdpx: project.qde`).
fn read_xml(xml: &str, file: &str) -> Result<Parsed> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    // Lines are counted as the reader moves on (positions only grow), never from the start again.
    let mut lines = Lines {
        text: xml.as_bytes(),
        at: 0,
        line: 1,
    };
    let mut out = Parsed::default();
    let mut stack: Vec<String> = Vec::new();
    let mut code_stack: Vec<usize> = Vec::new();
    // Where text is being gathered: a code's description or a source's inline content.
    #[derive(PartialEq)]
    enum Gather {
        Nothing,
        Description(usize),
        Content(usize),
    }
    let mut into = Gather::Nothing;
    let mut buf = String::new();
    let mut root_seen = false;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            let at = reader.error_position();
            let inside = stack
                .last()
                .map(|s| format!(" inside <{s}>"))
                .unwrap_or_default();
            Error::invalid(
                stack.last().map_or("xml", String::as_str),
                format!(
                    "{file}: line {}{inside}: not well-formed XML ({e}); nothing was imported",
                    lines.line_at(at)
                ),
            )
        })?;
        let line = lines.line_at(pos);
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                stack.pop();
                match name.as_str() {
                    "Code" => {
                        code_stack.pop();
                    }
                    "Description" => {
                        if let Gather::Description(i) = into {
                            out.codes[i].description = std::mem::take(&mut buf).trim().to_string();
                            into = Gather::Nothing;
                        }
                    }
                    "PlainTextContent" => {
                        if let Gather::Content(i) = into {
                            out.sources[i].content = Some(std::mem::take(&mut buf));
                            into = Gather::Nothing;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Event::Text(t) if into != Gather::Nothing => {
                buf.push_str(&t.xml10_content());
                continue;
            }
            Event::CData(t) if into != Gather::Nothing => {
                buf.push_str(&t.xml10_content());
                continue;
            }
            Event::GeneralRef(r) if into != Gather::Nothing => {
                let c = crate::import::text::xml_entity(&r);
                buf.extend(c);
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.local_name().as_ref().to_string();
        let parent = stack.last().cloned().unwrap_or_default();
        let a = attrs(&e, file, line)?;
        if !root_seen {
            root_seen = true;
            match name.as_str() {
                "Project" => {}
                "CodeBook" => out.codebook_root = true,
                other => {
                    return Err(Error::invalid(
                        other,
                        format!("{file}: line {line}: the root element is <{other}>, not a REFI-QDA <Project> or <CodeBook>; nothing was imported"),
                    ))
                }
            }
            // Declared as the default namespace or under a prefix (`xmlns:qda="urn:QDA-XML:…"`).
            if !a.values().any(|v| v.starts_with("urn:QDA-XML:")) {
                out.warnings.push(format!(
                    "{file}: the root <{name}> does not declare a REFI-QDA namespace; read as one anyway"
                ));
            }
            out.origin = a.get("origin").cloned().unwrap_or_default();
        }
        match (name.as_str(), parent.as_str()) {
            ("Code", "Codes" | "Code") => {
                if code_stack.len() >= MAX_CODE_DEPTH {
                    return Err(Error::invalid(
                        "Code",
                        format!("{file}: line {line}: codes nested more than {MAX_CODE_DEPTH} deep; nothing was imported"),
                    ));
                }
                let parent = if parent == "Code" {
                    code_stack.last().copied()
                } else {
                    None
                };
                let guid = a.get("guid").map(|g| guid_key(g));
                let name = a.get("name").cloned().unwrap_or_default();
                out.codes.push(ReadCode {
                    guid,
                    name,
                    color: a.get("color").cloned(),
                    description: String::new(),
                    parent,
                });
                if !empty {
                    code_stack.push(out.codes.len() - 1);
                }
            }
            ("Description", "Code") if !empty => {
                if let Some(&i) = code_stack.last() {
                    into = Gather::Description(i);
                    buf.clear();
                }
            }
            ("TextSource", "Sources") => {
                out.sources.push(ReadSource {
                    guid: a.get("guid").map(|g| guid_key(g)).unwrap_or_default(),
                    name: a.get("name").cloned().unwrap_or_default(),
                    plain_path: a.get("plainTextPath").cloned(),
                    rich_path: a.get("richTextPath").cloned(),
                    content: None,
                    created: a.get("creationDateTime").cloned(),
                    selections: Vec::new(),
                });
            }
            ("PlainTextContent", "TextSource") if !empty => {
                if let Some(i) = out.sources.len().checked_sub(1) {
                    into = Gather::Content(i);
                    buf.clear();
                }
            }
            ("PlainTextContent", "TextSource") => {
                if let Some(s) = out.sources.last_mut() {
                    s.content = Some(String::new());
                }
            }
            ("PlainTextSelection", "TextSource") => {
                if let Some(s) = out.sources.last_mut() {
                    let raw = (
                        a.get("startPosition").cloned().unwrap_or_default(),
                        a.get("endPosition").cloned().unwrap_or_default(),
                    );
                    s.selections.push(ReadSelection {
                        guid: a.get("guid").map(|g| guid_key(g)).unwrap_or_default(),
                        name: a.get("name").cloned().unwrap_or_default(),
                        start: raw.0.trim().parse().ok(),
                        end: raw.1.trim().parse().ok(),
                        raw,
                        codes: Vec::new(),
                    });
                }
            }
            ("CodeRef", "Coding") => {
                let grand = stack.len().checked_sub(2).map(|i| stack[i].as_str());
                let target = a.get("targetGUID").map(|g| guid_key(g)).unwrap_or_default();
                match grand {
                    Some("PlainTextSelection") => {
                        if let Some(sel) =
                            out.sources.last_mut().and_then(|s| s.selections.last_mut())
                        {
                            sel.codes.push(target);
                        }
                    }
                    Some("TextSource") => out.source_codings += 1,
                    _ => {}
                }
            }
            ("PDFSource" | "PictureSource" | "AudioSource" | "VideoSource", "Sources")
            | ("Set", "Sets")
            | ("Note", "Notes")
            | ("Case", "Cases")
            | ("Variable", "Variables")
            | ("Link", "Links")
            | ("Graph", "Graphs") => {
                *out.ignored.entry(name.clone()).or_default() += 1;
            }
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    if !root_seen {
        return Err(Error::invalid(
            "xml",
            format!("{file}: holds no XML element; nothing was imported"),
        ));
    }
    if let Some(open) = stack.last() {
        return Err(Error::invalid(
            open,
            format!("{file}: ends inside <{open}> (the file is truncated); nothing was imported"),
        ));
    }
    Ok(out)
}

/// Bytes as text: UTF-8 (with or without a byte-order mark) or UTF-16 with one.
fn decode(bytes: &[u8], what: &str) -> std::result::Result<String, String> {
    crate::import::text::decode(bytes, None)
        .map(|(t, _)| t)
        .map_err(|e| format!("{what} {e}"))
}

/// An open archive with its members by lower-case name (members whose name would leave the
/// archive, absolute or with `..`, are never listed, so never read).
struct Archive<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    members: HashMap<String, usize>,
    read: u64,
    file: String,
}

impl<R: Read + Seek> Archive<R> {
    fn open(reader: R, file: &str) -> Result<Self> {
        let zip = zip::ZipArchive::new(reader).map_err(|e| {
            Error::invalid(
                "file",
                format!("{file}: not a readable REFI-QDA archive (damaged ZIP: {e}); nothing was imported"),
            )
        })?;
        if zip.len() > MAX_MEMBERS {
            return Err(Error::invalid(
                "file",
                format!(
                    "{file}: the archive lists {} members, more than the {MAX_MEMBERS} a REFI-QDA project import reads; nothing was imported",
                    zip.len()
                ),
            ));
        }
        let mut members = HashMap::new();
        for i in 0..zip.len() {
            let Some(Ok(name)) = zip.name_for_index(i) else {
                continue;
            };
            let name = name.replace('\\', "/");
            let unsafe_name = name.starts_with('/')
                || name.split('/').any(|p| p == "..")
                || name.get(1..2) == Some(":");
            if !unsafe_name {
                members.entry(name.to_lowercase()).or_insert(i);
            }
        }
        Ok(Archive {
            zip,
            members,
            read: 0,
            file: file.to_string(),
        })
    }

    /// The project (or codebook) document inside: `project.qde` at the top, else the one `.qde`
    /// (or `.qdc`) anywhere.
    fn project_name(&self) -> Option<String> {
        if self.members.contains_key("project.qde") {
            return Some("project.qde".into());
        }
        for ext in [".qde", ".qdc"] {
            let found: Vec<&String> = self.members.keys().filter(|n| n.ends_with(ext)).collect();
            if found.len() == 1 {
                return Some(found[0].clone());
            }
        }
        None
    }

    /// Member `name` (lower case), at most `limit` bytes.
    fn member(&mut self, name: &str, limit: u64) -> Result<Vec<u8>> {
        let file = self.file.clone();
        let &i = self
            .members
            .get(name)
            .ok_or_else(|| Error::NotFound(format!("{file}: no member {name}")))?;
        let mut entry = self.zip.by_index(i).map_err(|e| {
            Error::invalid(
                "file",
                format!("{file}: {name} cannot be read (damaged ZIP: {e}); nothing was imported"),
            )
        })?;
        let too_big = |size: u64| {
            Error::invalid(
                "file",
                format!(
                    "{file}: {name} is {:.1} MiB uncompressed, more than the {:.0} MiB read per member; nothing was imported",
                    size as f64 / 1048576.0,
                    limit as f64 / 1048576.0
                ),
            )
        };
        if entry.size() > limit {
            return Err(too_big(entry.size()));
        }
        let mut bytes = Vec::new();
        entry
            .by_ref()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Error::invalid(
                    "file",
                    format!(
                        "{file}: {name} cannot be read (damaged ZIP: {e}); nothing was imported"
                    ),
                )
            })?;
        if bytes.len() as u64 > limit {
            return Err(too_big(bytes.len() as u64));
        }
        self.read += bytes.len() as u64;
        if self.read > MAX_ARCHIVE_BYTES {
            return Err(Error::invalid(
                "file",
                format!(
                    "{file}: the archive holds more than the {} MiB a REFI-QDA import reads; nothing was imported",
                    MAX_ARCHIVE_BYTES / 1048576
                ),
            ));
        }
        Ok(bytes)
    }
}

/// Whether `path` is a REFI-QDA file, and which kind: by extension (`.qdpx`, `.qdc`, `.qde`), or
/// by content (a ZIP holding `project.qde`, XML declaring a REFI-QDA namespace).
pub fn detect(path: &Path) -> Option<&'static str> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "qdpx" => return Some("qdpx"),
        "qdc" => return Some("qdc"),
        "qde" => return Some("qde"),
        _ => {}
    }
    if path.is_dir() {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .ok()?;
    if head.starts_with(b"PK\x03\x04") {
        let f = std::fs::File::open(path).ok()?;
        let archive = Archive::open(std::io::BufReader::new(f), "").ok()?;
        return archive
            .members
            .contains_key("project.qde")
            .then_some("qdpx");
    }
    let head = String::from_utf8_lossy(&head);
    if head.contains("urn:QDA-XML:codebook") {
        Some("qdc")
    } else if head.contains("urn:QDA-XML:project") {
        Some("qde")
    } else {
        None
    }
}

/// A code's name as a level of a Groundwork path: trimmed, a `/` (our path separator) replaced
/// by `∕` (which looks the same), an empty name replaced by `(unnamed)`.
fn level(name: &str) -> String {
    let n = name.trim().replace(codebook::PATH_SEPARATOR, "\u{2215}");
    if n.is_empty() {
        "(unnamed)".into()
    } else {
        n
    }
}

/// `%20`-style escapes decoded (a path written as a URL); anything else kept as it is.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A parsed file with the texts of its sources.
struct Loaded {
    format: &'static str,
    doc: Parsed,
    texts: Vec<Option<String>>,
}

fn load(path: &Path) -> Result<Loaded> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::invalid(
            "file",
            format!("{file} does not exist; nothing was imported"),
        ),
        _ => Error::io(format!("reading {file}"), e),
    })?;
    if meta.is_dir() {
        return Err(Error::invalid(
            "file",
            format!("{file} is a folder, not a REFI-QDA file"),
        ));
    }
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::io(format!("reading {file}"), e))?;
    let zipped = n == 4 && head == *b"PK\x03\x04";
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !zipped && matches!(ext.as_str(), "qdpx" | "zip") {
        return Err(Error::invalid(
            "file",
            format!("{file}: not a readable REFI-QDA archive (it is not a ZIP file); nothing was imported"),
        ));
    }
    if !zipped {
        if meta.len() > MAX_XML_BYTES {
            return Err(Error::invalid(
                "file",
                format!(
                    "{file}: {:.0} MiB is more than the {} MiB a REFI-QDA file may have; nothing was imported",
                    meta.len() as f64 / 1048576.0,
                    MAX_XML_BYTES / 1048576
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(format!("reading {file}"), e))?;
        let xml = decode(&bytes, "is not text:")
            .map_err(|m| Error::invalid("file", format!("{file}: {m}")))?;
        let doc = read_xml(&xml, &file)?;
        let format = if doc.codebook_root { "qdc" } else { "qde" };
        let mut warnings = Vec::new();
        let texts = doc
            .sources
            .iter()
            .map(|s| {
                if s.content.is_some() {
                    s.content.clone()
                } else {
                    if s.plain_path.is_some() {
                        warnings.push(format!(
                            "source {:?} ({}): its text is at {:?}, which a bare project file does not hold (import the .qdpx archive instead); skipped",
                            s.name,
                            s.guid,
                            s.plain_path.as_deref().unwrap_or_default()
                        ));
                    }
                    None
                }
            })
            .collect();
        let mut doc = doc;
        doc.warnings.extend(warnings);
        return Ok(Loaded { format, doc, texts });
    }
    let f = std::fs::File::open(path).map_err(|e| Error::io(format!("reading {file}"), e))?;
    let mut archive = Archive::open(std::io::BufReader::new(f), &file)?;
    let member = archive.project_name().ok_or_else(|| {
        Error::invalid(
            "file",
            format!("{file}: the archive holds no project.qde, so it is not a REFI-QDA project; nothing was imported"),
        )
    })?;
    let bytes = archive.member(&member, MAX_XML_BYTES)?;
    let label = format!("{file}: {member}");
    let xml = decode(&bytes, "is not text:")
        .map_err(|m| Error::invalid("file", format!("{label}: {m}")))?;
    let mut doc = read_xml(&xml, &label)?;
    let mut texts = Vec::with_capacity(doc.sources.len());
    let mut warnings = Vec::new();
    for s in &doc.sources {
        if let Some(c) = &s.content {
            texts.push(Some(c.clone()));
            continue;
        }
        let who = format!("source {:?} ({})", s.name, s.guid);
        let Some(p) = s.plain_path.as_deref().map(str::trim) else {
            warnings.push(match &s.rich_path {
                Some(r) => format!("{who}: only rich text ({r}), no plain text; skipped"),
                None => format!("{who}: names no text; skipped"),
            });
            texts.push(None);
            continue;
        };
        let Some(rest) = p
            .get(..11)
            .filter(|s| s.eq_ignore_ascii_case("internal://"))
            .map(|_| &p[11..])
        else {
            warnings.push(format!(
                "{who}: its text is outside the archive ({p}), which an import never reads; skipped"
            ));
            texts.push(None);
            continue;
        };
        let rest = rest.replace('\\', "/").to_lowercase();
        if rest.starts_with('/') || rest.split('/').any(|x| x == "..") {
            warnings.push(format!("{who}: its path {p:?} leaves the archive; skipped"));
            texts.push(None);
            continue;
        }
        let decoded = percent_decoded(&rest);
        let candidates = [
            format!("sources/{rest}"),
            rest.clone(),
            format!("sources/{decoded}"),
            decoded,
        ];
        let Some(name) = candidates
            .iter()
            .find(|c| archive.members.contains_key(c.as_str()))
        else {
            warnings.push(format!("{who}: {p} is not in the archive; skipped"));
            texts.push(None);
            continue;
        };
        let bytes = archive.member(&name.clone(), MAX_SOURCE_BYTES)?;
        match decode(&bytes, &format!("{who}:")) {
            Ok(t) => texts.push(Some(t)),
            Err(m) => {
                warnings.push(format!("{m}; skipped"));
                texts.push(None);
            }
        }
    }
    doc.warnings.extend(warnings);
    let format = if doc.codebook_root { "qdc" } else { "qdpx" };
    Ok(Loaded { format, doc, texts })
}

/// Imports a REFI-QDA file (see the module's doc) in one transaction: a malformed file stores
/// nothing. A dry run does everything, reports it, and rolls it back.
pub fn import(conn: &Connection, path: &Path, dry_run: bool) -> Result<RefiImportReport> {
    let file = path.display().to_string();
    let Loaded { format, doc, texts } = load(path)?;
    let mut report = RefiImportReport {
        file: file.clone(),
        format: format.into(),
        origin: doc.origin.clone(),
        batch: None,
        codes_added: Vec::new(),
        codes_reused: Vec::new(),
        documents: Vec::new(),
        passages: 0,
        warnings: doc.warnings.clone(),
        dry_run,
    };
    for (what, n) in &doc.ignored {
        let why = match what.as_str() {
            "PDFSource" | "PictureSource" | "AudioSource" | "VideoSource" => {
                "Groundwork imports text sources only"
            }
            "Set" => "sets group sources or codes and have no place in Groundwork",
            _ => "not part of what Groundwork imports",
        };
        report
            .warnings
            .push(format!("{n} <{what}> element(s) ignored: {why}"));
    }
    if doc.source_codings > 0 {
        report.warnings.push(format!(
            "{} coding(s) of whole sources ignored: Groundwork codes passages",
            doc.source_codings
        ));
    }
    let source = std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    let stored = crate::store::db::transaction(conn, |tx| {
        store(tx, &doc, &texts, &source, format, &mut report)?;
        if dry_run {
            // Rolls everything back; the report says what would have been stored.
            return Err(Error::Cancelled);
        }
        Ok(())
    });
    match stored {
        Err(Error::Cancelled) if dry_run => {
            report.batch = None;
            Ok(report)
        }
        other => other.map(|()| report),
    }
}

fn store(
    tx: &Connection,
    doc: &Parsed,
    texts: &[Option<String>],
    source: &str,
    format: &str,
    report: &mut RefiImportReport,
) -> Result<()> {
    // Codes, parents first (they come first in the file), merged by path.
    let mut paths: Vec<String> = Vec::with_capacity(doc.codes.len());
    let mut by_guid: HashMap<String, i64> = HashMap::new();
    let mut seen_paths: HashMap<String, usize> = HashMap::new();
    for (i, c) in doc.codes.iter().enumerate() {
        let name = level(&c.name);
        if c.name.contains(codebook::PATH_SEPARATOR) {
            report.warnings.push(format!(
                "code {:?}: a / separates levels in Groundwork, so it is named {name:?}",
                c.name
            ));
        } else if c.name.trim().is_empty() {
            report.warnings.push(format!(
                "a code without a name ({}) is named {name:?}",
                c.guid.as_deref().unwrap_or("no GUID")
            ));
        }
        let path = match c.parent.and_then(|p| paths.get(p)) {
            Some(parent) => format!("{parent}/{name}"),
            None => name,
        };
        paths.push(path.clone());
        let key = path.to_lowercase();
        let id = match codebook::find(tx, &path) {
            Ok(id) => {
                if let Some(&first) = seen_paths.get(&key) {
                    if first != i {
                        report.warnings.push(format!(
                            "code {path:?} appears twice in the file (names differing only in case are one code here); merged"
                        ));
                    }
                } else {
                    report.codes_reused.push(path.clone());
                }
                let (description, color): (String, String) = tx.query_row(
                    "SELECT description, color FROM codes WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                // Fill what the stored code lacks; never overwrite the user's own.
                let new_desc = if description.trim().is_empty() {
                    c.description.clone()
                } else {
                    description
                };
                let new_color = if color.trim().is_empty() {
                    c.color.as_deref().and_then(hex_color).unwrap_or_default()
                } else {
                    color
                };
                codebook::describe(tx, id, &new_desc, &new_color)?;
                id
            }
            Err(Error::NotFound(_)) => {
                let color = match c.color.as_deref() {
                    Some(raw) => hex_color(raw).unwrap_or_else(|| {
                        report.warnings.push(format!(
                            "code {path:?}: colour {raw:?} is not #RRGGBB; left default"
                        ));
                        String::new()
                    }),
                    None => String::new(),
                };
                let id = codebook::add_in(
                    tx,
                    &codebook::CodeInput {
                        path: path.clone(),
                        description: c.description.clone(),
                        color,
                    },
                )?;
                report.codes_added.push(path.clone());
                id
            }
            Err(e) => return Err(e),
        };
        seen_paths.entry(key).or_insert(i);
        if let Some(g) = &c.guid {
            by_guid.insert(g.clone(), id);
        }
    }
    if doc.sources.is_empty() {
        return Ok(());
    }
    let batch = batches::start(tx, source, &format!("refi-{format}"), "notes", "utf-8")?;
    let (mut created, mut updated, mut unchanged) = (0u64, 0u64, 0u64);
    let mut seen_sources = HashSet::new();
    for (s, text) in doc.sources.iter().zip(texts) {
        let who = format!("source {:?} ({})", s.name, s.guid);
        let Some(body) = text else { continue };
        if s.guid.is_empty() || !seen_sources.insert(s.guid.clone()) {
            report.warnings.push(format!(
                "{who}: {}; skipped",
                if s.guid.is_empty() {
                    "has no GUID"
                } else {
                    "appears twice in the file"
                }
            ));
            continue;
        }
        let title = if s.name.trim().is_empty() {
            format!("Source {}", s.guid)
        } else {
            s.name.trim().to_string()
        };
        let date = s
            .created
            .as_deref()
            .and_then(|d| d.get(..10))
            .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
            .map(str::to_string);
        let rec = NoteRecord {
            path: title.clone(),
            title: title.clone(),
            body: body.clone(),
            participant: String::new(),
            team: None,
            date,
            tags: Vec::new(),
        };
        let key = format!("refi:{}", s.guid);
        let (id, outcome) = match documents::upsert(tx, &key, Some(batch), rec)? {
            Outcome::Created(id) => {
                batches::record(tx, batch, id, None)?;
                created += 1;
                (id, "created")
            }
            Outcome::Updated(id, prev) => {
                batches::record(tx, batch, id, Some(&batches::Snapshot::Note(*prev)))?;
                updated += 1;
                (id, "updated")
            }
            Outcome::Unchanged(id) => {
                unchanged += 1;
                (id, "unchanged")
            }
        };
        let total = body.chars().count() as i64;
        let mut passages = 0;
        let mut uncoded = 0;
        for sel in &s.selections {
            let what = format!("{who}, selection {}", describe_selection(sel));
            let (Some(start), Some(end)) = (sel.start, sel.end) else {
                report.warnings.push(format!(
                    "{what}: startPosition {:?} / endPosition {:?} are not whole numbers; not imported",
                    sel.raw.0, sel.raw.1
                ));
                continue;
            };
            if start < 0 || end > total || start >= end {
                report.warnings.push(format!(
                    "{what}: {start}..{end} falls outside the text ({total} characters); not imported"
                ));
                continue;
            }
            let mut codes = Vec::new();
            for g in &sel.codes {
                match by_guid.get(g) {
                    Some(id) => codes.push(id.to_string()),
                    None => report.warnings.push(format!(
                        "{what}: its coding names code {g}, which is not in the codebook; that coding is skipped"
                    )),
                }
            }
            if codes.is_empty() {
                uncoded += 1;
                continue;
            }
            let input = highlights::HighlightInput {
                document: id,
                quote: None,
                start: Some(start as u64),
                end: Some(end as u64),
                codes,
            };
            match highlights::add(tx, &input) {
                Ok(_) => passages += 1,
                Err(Error::InvalidInput { message, .. }) => report
                    .warnings
                    .push(format!("{what}: {message}; not imported")),
                Err(e) => return Err(e),
            }
        }
        if uncoded > 0 {
            report.warnings.push(format!(
                "{who}: {uncoded} selection(s) carry no code that could be imported; Groundwork keeps coded passages only, so they were skipped"
            ));
        }
        report.passages += passages;
        report.documents.push(RefiDocument {
            id,
            guid: s.guid.clone(),
            title,
            outcome: outcome.into(),
            passages,
        });
    }
    batches::finish(tx, batch, created, updated, unchanged, 0)?;
    report.batch = Some(batch);
    Ok(())
}

fn describe_selection(sel: &ReadSelection) -> String {
    let mut s = if sel.guid.is_empty() {
        "(no GUID)".to_string()
    } else {
        sel.guid.clone()
    };
    if !sel.name.trim().is_empty() {
        let n: String = sel.name.trim().chars().take(40).collect();
        s.push_str(&format!(" {n:?}"));
    }
    s
}

/// The workspace's REFI-QDA exchange id, once an export made one.
pub fn exchange_id(conn: &Connection) -> Result<Option<String>> {
    crate::store::meta::get(conn, WORKSPACE_GUID_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_schema_guids_distinct_per_kind_and_row_and_fixed_per_workspace() {
        let ws = *uuid::Uuid::new_v4().as_bytes();
        let other = *uuid::Uuid::new_v4().as_bytes();
        let mut seen = HashSet::new();
        for kind in [
            Kind::User,
            Kind::Code,
            Kind::Source,
            Kind::Selection,
            Kind::Coding,
        ] {
            for row in [1u64, 2, 255, 256, 1 << 40] {
                let g = guid(&ws, kind, row);
                assert!(is_guid(&g), "{g}");
                assert_eq!(g, guid(&ws, kind, row));
                assert!(seen.insert(g));
                assert_ne!(guid(&ws, kind, row), guid(&other, kind, row));
            }
        }
        assert!(is_guid("{0A1B2C3D-0000-4000-8000-00000000000a}"));
        assert!(!is_guid("0A1B2C3D-0000-4000-8000-00000000000"));
        assert!(!is_guid("not-a-guid"));
    }

    #[test]
    fn colours_are_written_as_rrggbb_or_not_at_all() {
        assert_eq!(hex_color("#2A9D8F").as_deref(), Some("#2a9d8f"));
        assert_eq!(hex_color(" #abc ").as_deref(), Some("#aabbcc"));
        assert_eq!(hex_color("red"), None);
        assert_eq!(hex_color("#12345"), None);
        assert_eq!(hex_color(""), None);
    }

    #[test]
    fn text_xml_cannot_hold_is_dropped_and_line_breaks_survive_attributes() {
        assert_eq!(attr("a\"b\n<c>&\u{1}"), "a&quot;b&#10;&lt;c&gt;&amp;");
        assert_eq!(text("x\r\ny & \u{0}z"), "x&#13;\ny &amp; z");
    }

    #[test]
    fn an_archive_member_larger_than_its_limit_is_refused_before_it_is_stored() {
        let mut bytes = Vec::new();
        {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            z.start_file("project.qde", zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(&[b'x'; 100]).unwrap();
            z.start_file("../escape.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(b"no").unwrap();
            z.finish().unwrap();
        }
        assert_eq!(percent_decoded("a%20b%zz%41.txt"), "a b%zzA.txt");
        let mut a = Archive::open(std::io::Cursor::new(bytes), "big.qdpx").unwrap();
        assert!(!a.members.keys().any(|k| k.contains("escape")));
        let e = a.member("project.qde", 10).unwrap_err().to_string();
        assert!(
            e.contains("big.qdpx: project.qde") && e.contains("more than"),
            "{e}"
        );
        assert_eq!(a.member("project.qde", 100).unwrap().len(), 100);
    }

    #[test]
    fn a_one_line_codebook_reads_with_its_hierarchy_and_a_cut_file_names_where() {
        let xml = r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="T"><Codes><Code guid="{0a1b2c3d-0000-4000-8000-00000000000a}" name="A: b" isCodable="true"><Description>x &amp; y</Description><Code guid="0A1B2C3D-0000-4000-8000-00000000000B" name="C" isCodable="false"/></Code></Codes></CodeBook>"#;
        let p = read_xml(xml, "t.qdc").unwrap();
        assert!(p.codebook_root);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let prefixed = read_xml(
            r#"<q:CodeBook xmlns:q="urn:QDA-XML:codebook:1.0"><q:Codes><q:Code guid="0A1B2C3D-0000-4000-8000-00000000000B" name="C" isCodable="true"/></q:Codes></q:CodeBook>"#,
            "q.qdc",
        )
        .unwrap();
        assert!(prefixed.warnings.is_empty(), "{:?}", prefixed.warnings);
        assert_eq!(prefixed.codes.len(), 1);
        assert!(!read_xml("<CodeBook/>", "n.qdc")
            .unwrap()
            .warnings
            .is_empty());
        assert_eq!(p.codes.len(), 2);
        assert_eq!(p.codes[0].description, "x & y");
        assert_eq!(p.codes[1].parent, Some(0));
        assert_eq!(
            p.codes[0].guid.as_deref(),
            Some("0A1B2C3D-0000-4000-8000-00000000000A")
        );
        let e = read_xml(
            "<Project xmlns=\"urn:QDA-XML:project:1.0\">\n<Sources>\n<TextSource guid=\"x\">",
            "p.qde",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("p.qde") && e.contains("<TextSource>"), "{e}");
    }
}
