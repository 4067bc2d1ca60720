//! The generated Jira export rewritten as every other kind of file Groundwork imports: a GitHub
//! REST `issues` JSON array, a Google Forms survey export (CSV), an XLSX sheet, and a folder of
//! Markdown notes. Each record of the export becomes one record of the other format (one issue,
//! one response with one free-text answer, one row, one note), so each import stores and indexes
//! exactly as many documents as the export has tickets. The conversion streams: memory stays
//! small whatever the size (the XLSX writer keeps one row in memory and spools to a temporary
//! file).

use crate::generate::jira_day;
use crate::phases::BoxResult;
use std::io::{BufWriter, Write};
use std::path::Path;

/// A file kind the memory benchmark measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The Jira CSV export itself.
    JiraCsv,
    /// A GitHub issues JSON array.
    GithubJson,
    /// A Google Forms export: timestamp, a 1–5 rating, the team, a free-text answer.
    SurveyCsv,
    /// An XLSX sheet of tickets.
    Xlsx,
    /// A folder of Markdown notes with front matter.
    Notes,
}

impl Kind {
    /// Every kind, in the order they are measured.
    pub const ALL: [Kind; 5] = [
        Kind::JiraCsv,
        Kind::GithubJson,
        Kind::SurveyCsv,
        Kind::Xlsx,
        Kind::Notes,
    ];

    /// The name on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::JiraCsv => "jira-csv",
            Kind::GithubJson => "github-json",
            Kind::SurveyCsv => "survey-csv",
            Kind::Xlsx => "xlsx",
            Kind::Notes => "notes",
        }
    }

    /// Reads a name written by [`Kind::name`].
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The file (or folder) name to write.
    pub fn file_name(self, tag: &str) -> String {
        match self {
            Kind::JiraCsv => format!("export-{tag}.csv"),
            Kind::GithubJson => format!("issues-{tag}.json"),
            Kind::SurveyCsv => format!("DX pulse {tag} (Responses).csv"),
            Kind::Xlsx => format!("tickets-{tag}.xlsx"),
            Kind::Notes => format!("notes-{tag}"),
        }
    }
}

/// The fields of one generated ticket the other formats use.
struct Ticket {
    summary: String,
    key: String,
    status: String,
    labels: Vec<String>,
    component: String,
    reporter: String,
    day: String,
    description: String,
}

fn tickets(jira: &Path) -> BoxResult<impl Iterator<Item = BoxResult<Ticket>>> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(jira)?;
    Ok(reader.into_records().map(|r| {
        let r = r?;
        let get = |i: usize| r.get(i).unwrap_or("").to_string();
        Ok(Ticket {
            summary: get(0),
            key: get(1),
            status: get(2),
            labels: [get(5), get(6)]
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect(),
            component: get(7),
            reporter: get(8),
            day: jira_day(&get(9)).unwrap_or_else(|| "2024-03-01".into()),
            description: get(11).replace("\r\n", "\n"),
        })
    }))
}

/// Writes `jira` (a generated export) as `kind` at `out`; returns the records written.
pub fn convert(jira: &Path, kind: Kind, out: &Path) -> BoxResult<u64> {
    match kind {
        Kind::JiraCsv => {
            std::fs::copy(jira, out)?;
            Ok(csv::Reader::from_path(jira)?.records().count() as u64)
        }
        Kind::GithubJson => github_json(jira, out),
        Kind::SurveyCsv => survey_csv(jira, out),
        Kind::Xlsx => xlsx(jira, out),
        Kind::Notes => notes(jira, out),
    }
}

fn github_json(jira: &Path, out: &Path) -> BoxResult<u64> {
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    w.write_all(b"[\n")?;
    let mut n = 0u64;
    for t in tickets(jira)? {
        let t = t?;
        n += 1;
        if n > 1 {
            w.write_all(b",\n")?;
        }
        let state = if matches!(t.status.as_str(), "Done" | "Closed" | "Resolved") {
            "closed"
        } else {
            "open"
        };
        let issue = serde_json::json!({
            "number": n,
            "title": t.summary,
            "state": state,
            "user": { "login": t.reporter },
            "labels": t.labels.iter().map(|l| serde_json::json!({ "name": l })).collect::<Vec<_>>(),
            "created_at": format!("{}T10:00:00Z", t.day),
            "repository_url": "https://api.github.com/repos/acme/platform",
            "html_url": format!("https://github.com/acme/platform/issues/{n}"),
            "body": t.description,
        });
        serde_json::to_writer(&mut w, &issue)?;
    }
    w.write_all(b"\n]\n")?;
    w.flush()?;
    Ok(n)
}

fn survey_csv(jira: &Path, out: &Path) -> BoxResult<u64> {
    let mut w = csv::Writer::from_path(out)?;
    w.write_record([
        "Timestamp",
        "How satisfied are you with CI? (1-5)",
        "Which team are you on?",
        "What slows you down most?",
    ])?;
    let mut n = 0u64;
    for t in tickets(jira)? {
        let t = t?;
        n += 1;
        // Unique timestamps, one second apart, as Google Forms writes them.
        let (m, s) = (n / 60, n % 60);
        let stamp = format!("{} {:02}:{:02}:{:02}", t.day, (m / 60) % 24, m % 60, s);
        let rating = (n % 5 + 1).to_string();
        w.write_record([
            stamp.as_str(),
            &rating,
            &t.component,
            &format!("{} ({})", t.description, t.key),
        ])?;
    }
    w.flush()?;
    Ok(n)
}

fn xlsx(jira: &Path, out: &Path) -> BoxResult<u64> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    let header = [
        "Summary",
        "Issue key",
        "Status",
        "Reporter",
        "Component/s",
        "Created",
        "Description",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut n = 0u32;
    for t in tickets(jira)? {
        let t = t?;
        n += 1;
        for (c, v) in [
            &t.summary,
            &t.key,
            &t.status,
            &t.reporter,
            &t.component,
            &t.day,
            &t.description,
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(n, c as u16, v.as_str())?;
        }
    }
    book.save(out)?;
    Ok(u64::from(n))
}

fn notes(jira: &Path, out: &Path) -> BoxResult<u64> {
    let mut n = 0u64;
    for t in tickets(jira)? {
        let t = t?;
        // A few thousand notes per folder, as a notes app exports them.
        let dir = out.join(format!("{:04}", n / 2000));
        if n.is_multiple_of(2000) {
            std::fs::create_dir_all(&dir)?;
        }
        n += 1;
        let mut w = BufWriter::new(std::fs::File::create(dir.join(format!("note-{n}.md")))?);
        write!(
            w,
            "---\ntitle: {} ({})\nparticipant: {}\nteam: {}\ndate: {}\ntags: {}\n---\n{}\n",
            t.summary.replace(['\n', ':'], " "),
            t.key,
            t.reporter,
            t.component,
            t.day,
            t.labels.join(", "),
            t.description
        )?;
        w.flush()?;
    }
    Ok(n)
}

/// Bytes of a file, or of every file under a folder.
pub fn size(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path)? {
        total += size(&entry?.path())?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use groundwork::import::ImportOptions;
    use groundwork::Workspace;
    use std::sync::atomic::AtomicBool;

    /// Every converted file imports as many documents as the export has tickets, none rejected.
    #[test]
    fn every_format_imports_one_document_per_ticket() {
        let dir = tempfile::tempdir().unwrap();
        let jira = dir.path().join("export.csv");
        crate::generate::generate(300, 7, std::fs::File::create(&jira).unwrap()).unwrap();
        for kind in Kind::ALL {
            let out = dir.path().join(kind.file_name("t"));
            assert_eq!(convert(&jira, kind, &out).unwrap(), 300, "{kind:?}");
            let ws = Workspace::open(dir.path().join(format!("ws-{}", kind.name()))).unwrap();
            let r = ws
                .import(
                    &out,
                    &ImportOptions::default(),
                    &mut |_| {},
                    &AtomicBool::new(false),
                )
                .unwrap();
            assert_eq!((r.imported, r.rejected.len()), (300, 0), "{kind:?}: {r:?}");
            assert_eq!(ws.status().unwrap().indexed, 300, "{kind:?}");
        }
    }
}
