//! The ranking as rows: a CSV of the ranking, and an XLSX workbook with a formatted ranking
//! sheet (frozen header, filters, number formats), a breakdown sheet, an evidence sheet and a
//! models sheet. Every text cell is neutralized: one that a spreadsheet would read as a formula
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe.

use super::pack::{PackItem, ReviewPack};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::Write;

/// `text` made safe for a spreadsheet cell: control characters dropped and bidi overrides
/// closed ([`super::inert`]), then a leading apostrophe when it would read as a formula.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = super::inert::display(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text,
    }
}

/// Most characters an XLSX cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

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

enum Cell {
    Text(String),
    Number(Option<f64>),
}

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
    let mut w = csv::Writer::from_writer(out);
    let fail = |e: csv::Error| Error::Internal(format!("CSV export: {e}"));
    w.write_record(RANKING_COLUMNS).map_err(fail)?;
    for i in all(pack) {
        let row: Vec<String> = ranking_row(i)
            .into_iter()
            .map(|c| match c {
                Cell::Text(t) => neutralize(&t).into_owned(),
                Cell::Number(Some(n)) => n.to_string(),
                Cell::Number(None) => String::new(),
            })
            .collect();
        w.write_record(&row).map_err(fail)?;
    }
    w.flush()
        .map_err(|e| Error::io("writing the CSV export", e))?;
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
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &t[..at])),
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
                Cell::Number(Some(n)) => {
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
