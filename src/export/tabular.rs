//! The ranking as rows: a CSV of the ranking, and an XLSX workbook with a formatted ranking
//! sheet (frozen header, filters, number formats), a breakdown sheet, an evidence sheet and a
//! models sheet.
//!
//! This module is the one home of spreadsheet safety for every tabular export (the ranking here,
//! search results and themes in [`super::research`]): text cells go through [`neutralize`], and
//! CSV is written by [`CsvWriter`]. Following OWASP's CSV injection guidance, no piece of text a
//! spreadsheet could take for a cell may start a formula:
//! - a cell starting with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed, or with
//!   blanks before one of the first four (` =1+1`), gets a leading apostrophe;
//! - so does each part of a cell after a comma, semicolon, tab or line break (`x;=1+1`): Excel
//!   in a locale whose list separator is `;` splits an unquoted cell there, Text to Columns
//!   splits at any of them, and pasting a cell's text splits it at tabs and line breaks. The
//!   apostrophe goes right after the separator (`x;'=1+1`), where the new cell would start;
//! - the full-width forms `＝ ＋ － ＠` and `ー` count too: Excel in Japanese reads `＝cmd|…` as
//!   a formula (OWASP www-community issue 1088);
//! - every CSV cell holding a comma, semicolon, tab, quote or line break is quoted, so a reader
//!   in any separator locale keeps it whole.
//!
//! Numbers are written as numbers (`-3.5` stays a number cell); only text is neutralized.

use super::pack::{PackItem, ReviewPack};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::io::Write;

/// A character some spreadsheet starts a formula with (a tab, carriage return or line feed at
/// the very start of a cell is neutralized too: see [`neutralize`]).
fn starts_formula(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}' | '\u{30FC}'
    )
}

/// Where a spreadsheet may cut a cell's text into cells: the list separators of every locale's
/// CSV (comma, semicolon, tab) and line breaks.
fn separates(c: char) -> bool {
    matches!(c, ',' | ';' | '\t' | '\r' | '\n')
}

/// What a spreadsheet may skip before a formula: spaces (any Unicode white space) and the
/// invisible format characters (zero-width, word joiner, byte order mark, bidi controls).
fn blank(c: char) -> bool {
    (c.is_whitespace() && !separates(c))
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
        || super::inert::is_bidi_control(c)
}

/// True when a cell starting at the head of `rest` could be read as a formula.
fn formula_at(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('\t' | '\r' | '\n') => true,
        Some(c) if blank(c) => chars.find(|c| !blank(*c)).is_some_and(starts_formula),
        Some(c) => starts_formula(c),
        None => false,
    }
}

/// `text` made safe for a spreadsheet cell: control characters dropped and bidi overrides
/// closed ([`super::inert`]), then an apostrophe before every place a spreadsheet could start a
/// formula — the cell's start and each start after a separator (see the module's docs).
/// Idempotent: neutralized text is left as it is.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    let text = super::inert::display(text);
    let starts = std::iter::once(0).chain(
        text.char_indices()
            .filter(|(_, c)| separates(*c))
            .map(|(at, c)| at + c.len_utf8()),
    );
    let risky: Vec<usize> = starts.filter(|&at| formula_at(&text[at..])).collect();
    if risky.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + risky.len());
    let mut from = 0;
    for at in risky {
        out.push_str(&text[from..at]);
        out.push('\'');
        from = at;
    }
    out.push_str(&text[from..]);
    out.into()
}

/// Most characters an XLSX cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// One cell of a tabular export.
pub enum Cell {
    /// Text, neutralized when written.
    Text(String),
    /// A number (blank when `None`), written as the shortest decimal that reads back the same.
    Number(Option<f64>),
    /// A number with this many decimals in CSV (a number cell in XLSX).
    Fixed(f64, usize),
}

impl Cell {
    /// A count or an id as a number cell.
    pub fn count(n: impl TryInto<i64>) -> Self {
        Cell::Number(n.try_into().ok().map(|n| n as f64))
    }
}

/// Writes CSV (UTF-8, `\n` line ends): every text cell through [`neutralize`], and a cell
/// quoted when it holds a comma, semicolon, tab, quote or line break, so no separator locale
/// splits it.
pub struct CsvWriter<W: Write> {
    out: W,
}

fn csv_err(e: std::io::Error) -> Error {
    Error::io("writing the CSV export", e)
}

impl<W: Write> CsvWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> Self {
        CsvWriter { out }
    }

    /// Writes the header row.
    pub fn header(&mut self, columns: &[&str]) -> Result<()> {
        let cells: Vec<Cell> = columns.iter().map(|c| Cell::Text(c.to_string())).collect();
        self.row(&cells)
    }

    /// Writes one row.
    pub fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let mut line = String::new();
        for (k, cell) in cells.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            match cell {
                Cell::Text(t) => push_field(&mut line, &neutralize(t)),
                Cell::Number(Some(n)) => line.push_str(&n.to_string()),
                Cell::Number(None) => {}
                Cell::Fixed(n, places) => line.push_str(&format!("{n:.places$}")),
            }
        }
        line.push('\n');
        self.out.write_all(line.as_bytes()).map_err(csv_err)
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.out.flush().map_err(csv_err)?;
        Ok(self.out)
    }
}

/// `field` as one CSV field: quoted (quotes doubled) when it holds a separator of any locale,
/// a quote or a line break.
fn push_field(line: &mut String, field: &str) {
    if field.contains([',', ';', '\t', '"', '\r', '\n']) {
        line.push('"');
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

/// Columns of the ranking sheet and CSV.
pub const RANKING_COLUMNS: [&str; 16] = [
    "rank",
    "id",
    "title",
    "score",
    "status",
    "owner",
    "teams",
    "effort",
    "target_metric",
    "missing",
    "documents",
    "evidence_teams",
    "people",
    "demand",
    "sentiment",
    "exception_team",
];

fn ranking_row(i: &PackItem) -> Vec<Cell> {
    use Cell::{Number, Text};
    let e = &i.evidence;
    vec![
        Number(i.rank.map(f64::from)),
        Number(Some(i.id as f64)),
        Text(i.title.clone()),
        Number(i.score),
        Text(i.status.clone()),
        Text(i.owner.clone()),
        Text(i.teams.join(", ")),
        Number(i.effort),
        Text(i.target_metric.clone()),
        Text(i.missing.join(", ")),
        Number(Some(e.documents as f64)),
        Number(Some(e.teams as f64)),
        Number(Some(e.people as f64)),
        Number(Some(e.demand)),
        Number(e.sentiment),
        Text(i.exception_team.clone().unwrap_or_default()),
    ]
}

fn all(pack: &ReviewPack) -> impl Iterator<Item = &PackItem> {
    pack.items.iter().chain(&pack.exceptions)
}

/// Writes the ranking as CSV (UTF-8, a header row, one row per item; exceptions last).
pub fn csv(pack: &ReviewPack, out: impl Write) -> Result<()> {
    let mut w = CsvWriter::new(out);
    w.header(&RANKING_COLUMNS)?;
    for i in all(pack) {
        w.row(&ranking_row(i))?;
    }
    w.finish()?;
    Ok(())
}

fn xerr(e: XlsxError) -> Error {
    Error::Internal(format!("XLSX export: {e}"))
}

fn header(sheet: &mut Worksheet, columns: &[&str], bold: &Format) -> Result<()> {
    for (c, name) in columns.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *name, bold)
            .map_err(xerr)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xerr)?;
    Ok(())
}

/// Writes a text cell, neutralized; text beyond what a cell holds is cut with an ellipsis
/// rather than failing the whole workbook.
fn text(sheet: &mut Worksheet, row: u32, col: u16, t: &str) -> Result<()> {
    let t = neutralize(t);
    let t = match t.char_indices().nth(MAX_CELL_CHARS - 1) {
        Some((at, _)) => Cow::Owned(format!("{}…", &t[..at])),
        None => t,
    };
    sheet.write_string(row, col, t.as_ref()).map_err(xerr)?;
    Ok(())
}

/// Writes the workbook.
pub fn xlsx(pack: &ReviewPack, out: &std::path::Path) -> Result<()> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let score = Format::new().set_num_format("0.00");
    let pct = Format::new().set_num_format("0%");

    // Ranking.
    let sheet = book.add_worksheet();
    sheet.set_name("Ranking").map_err(xerr)?;
    header(sheet, &RANKING_COLUMNS, &bold)?;
    let mut row = 0u32;
    for i in all(pack) {
        row += 1;
        for (c, cell) in ranking_row(i).into_iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Text(t) => text(sheet, row, col, &t)?,
                Cell::Number(Some(n)) | Cell::Fixed(n, _) => {
                    let f = match RANKING_COLUMNS[c] {
                        "score" | "demand" | "effort" => &score,
                        "sentiment" => &pct,
                        _ => &Format::new(),
                    };
                    sheet
                        .write_number_with_format(row, col, n, f)
                        .map_err(xerr)?;
                }
                Cell::Number(None) => {}
            }
        }
    }
    sheet
        .autofilter(0, 0, row, RANKING_COLUMNS.len() as u16 - 1)
        .map_err(xerr)?;
    sheet.set_column_width(2, 44).map_err(xerr)?;
    sheet.set_column_width(6, 24).map_err(xerr)?;

    // Breakdown: one row per part of each score.
    let cols = [
        "rank", "id", "title", "input", "value", "source", "role", "weight", "scaled", "points",
        "note",
    ];
    let sheet = book.add_worksheet();
    sheet.set_name("Breakdown").map_err(xerr)?;
    header(sheet, &cols, &bold)?;
    let mut row = 0u32;
    for i in all(pack) {
        for p in &i.breakdown {
            row += 1;
            if let Some(r) = i.rank {
                sheet.write_number(row, 0, r).map_err(xerr)?;
            }
            sheet.write_number(row, 1, i.id as f64).map_err(xerr)?;
            text(sheet, row, 2, &i.title)?;
            text(sheet, row, 3, &p.label)?;
            if let Some(v) = p.value {
                sheet.write_number(row, 4, v).map_err(xerr)?;
            }
            text(sheet, row, 5, &format!("{:?}", p.source).to_lowercase())?;
            text(sheet, row, 6, &format!("{:?}", p.role).to_lowercase())?;
            for (col, v, f) in [
                (7u16, p.weight, &Format::new()),
                (8, p.normalized, &pct),
                (9, p.points, &score),
            ] {
                if let Some(v) = v {
                    sheet
                        .write_number_with_format(row, col, v, f)
                        .map_err(xerr)?;
                }
            }
            text(sheet, row, 10, &p.note)?;
        }
    }
    sheet
        .autofilter(0, 0, row.max(1), cols.len() as u16 - 1)
        .map_err(xerr)?;

    // Evidence: each item's quotes with their source.
    let cols = [
        "id",
        "title",
        "quote",
        "document_id",
        "document",
        "kind",
        "via",
        "speaker",
        "date",
    ];
    let sheet = book.add_worksheet();
    sheet.set_name("Evidence").map_err(xerr)?;
    header(sheet, &cols, &bold)?;
    let mut row = 0u32;
    for i in all(pack) {
        for q in &i.quotes {
            row += 1;
            sheet.write_number(row, 0, i.id as f64).map_err(xerr)?;
            text(sheet, row, 1, &i.title)?;
            text(sheet, row, 2, &q.text)?;
            sheet
                .write_number(row, 3, q.document_id as f64)
                .map_err(xerr)?;
            text(sheet, row, 4, &q.document_title)?;
            text(sheet, row, 5, &q.document_kind)?;
            text(sheet, row, 6, &q.via)?;
            text(sheet, row, 7, q.speaker.as_deref().unwrap_or(""))?;
            text(sheet, row, 8, q.date.as_deref().unwrap_or(""))?;
        }
    }
    sheet.set_column_width(2, 60).map_err(xerr)?;

    // Models: the model used, in words.
    let sheet = book.add_worksheet();
    sheet.set_name("Model").map_err(xerr)?;
    header(sheet, &["model", "kind", "how a score is computed"], &bold)?;
    text(sheet, 1, 0, &pack.model.name)?;
    text(
        sheet,
        1,
        1,
        &format!("{:?}", pack.model.kind).to_lowercase(),
    )?;
    for (k, line) in pack.model.explained.iter().enumerate() {
        text(sheet, 1 + k as u32, 2, line)?;
    }
    sheet.set_column_width(2, 100).map_err(xerr)?;

    book.save(out).map_err(xerr)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile text → what a spreadsheet cell gets.
    const CASES: &[(&str, &str)] = &[
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t'=1"),
        ("\tplain", "'\tplain"),
        ("\r=1", "'\r'=1"),
        ("\nplain", "'\nplain"),
        (" =1+1", "' =1+1"),
        ("\u{A0}\u{3000}=1", "'\u{A0}\u{3000}=1"),
        ("\u{200B}=1", "'\u{200B}=1"),
        ("\u{FEFF}@x", "'\u{FEFF}@x"),
        ("x;=1+1", "x;'=1+1"),
        ("x,=1+1", "x,'=1+1"),
        ("x\t=1+1", "x\t'=1+1"),
        ("x; =1+1", "x;' =1+1"),
        ("a;b,c\td", "a;b,c\td"),
        ("line\n-bullet", "line\n'-bullet"),
        ("x;\t=1", "x;'\t'=1"),
        ("=a;=b", "'=a;'=b"),
        ("\u{FF1D}cmd|' /C calc'!A0", "'\u{FF1D}cmd|' /C calc'!A0"),
        ("\u{FF0B}1", "'\u{FF0B}1"),
        ("\u{FF0D}1", "'\u{FF0D}1"),
        ("\u{FF20}x", "'\u{FF20}x"),
        ("a - b", "a - b"),
        ("ada@example.com", "ada@example.com"),
        ("Payments, Mobile", "Payments, Mobile"),
        ("1+1=2", "1+1=2"),
        ("", ""),
        ("'=already", "'=already"),
        // A control character is dropped first: what is left starts a formula.
        ("\0=1+1", "'=1+1"),
    ];

    #[test]
    fn every_place_a_formula_could_start_gets_an_apostrophe() {
        for (hostile, expected) in CASES {
            assert_eq!(neutralize(hostile), *expected, "{hostile:?}");
            assert_eq!(
                neutralize(expected),
                *expected,
                "not idempotent: {expected:?}"
            );
        }
        assert!(matches!(neutralize("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn csv_quotes_every_separator_and_writes_numbers_as_numbers() {
        let mut w = CsvWriter::new(Vec::new());
        w.header(&["a", "b"]).unwrap();
        w.row(&[Cell::Text("x;=1+1".into()), Cell::Number(Some(-3.5))])
            .unwrap();
        w.row(&[Cell::Text("say \"hi\"".into()), Cell::Fixed(0.12345, 3)])
            .unwrap();
        w.row(&[Cell::Text("a\tb".into()), Cell::Number(None)])
            .unwrap();
        w.row(&[Cell::Text("two\nlines".into()), Cell::count(7u64)])
            .unwrap();
        w.row(&[
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::Text("-3.5".into()),
        ])
        .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "a,b\n\"x;'=1+1\",-3.5\n\"say \"\"hi\"\"\",0.123\n\"a\tb\",\n\"two\nlines\",7\n\"'=HYPERLINK(\"\"x\"\")\",'-3.5\n"
        );
    }
}
