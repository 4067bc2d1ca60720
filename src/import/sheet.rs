//! Spreadsheets (XLSX, XLS, ODS) through calamine: the first sheet, its first row as the header.
//! Formula cells are read by their saved value; a formula without one (a file written by a tool
//! that never calculated it) is named by its cell so the user can open and save it in Excel.

use super::table::{Row, RowSource};
use crate::error::{Error, Result};
use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

/// The first sheet of a workbook, row by row.
pub struct SheetRows {
    headers: Vec<String>,
    rows: std::vec::IntoIter<Row>,
}

/// `A`, `B`, … `Z`, `AA` … for a 0-based column.
fn column_name(mut col: usize) -> String {
    let mut name = String::new();
    loop {
        name.insert(0, (b'A' + (col % 26) as u8) as char);
        if col < 26 {
            return name;
        }
        col = col / 26 - 1;
    }
}

fn cell_text(cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("holds the error {e}")),
    })
}

impl SheetRows {
    /// Opens the workbook at `path` and reads its first sheet. A workbook the spreadsheet library
    /// panics on (fuzzing found an integer overflow in calamine on a damaged XLSX) is an error
    /// naming the file, like any other unreadable workbook.
    pub fn open(path: &Path) -> Result<Self> {
        std::panic::catch_unwind(|| Self::read(path)).unwrap_or_else(|_| {
            Err(Error::InvalidInput {
                field: Some("path".into()),
                message: format!(
                    "{}: cannot read this spreadsheet: the file is damaged",
                    path.display()
                ),
            })
        })
    }

    fn read(path: &Path) -> Result<Self> {
        let file = path.display().to_string();
        let invalid = |message: String| Error::InvalidInput {
            field: Some("path".into()),
            message,
        };
        let mut book = open_workbook_auto(path)
            .map_err(|e| invalid(format!("{file}: cannot read this spreadsheet: {e}")))?;
        let name = book
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| invalid(format!("{file}: the workbook has no sheet")))?;
        let range = book
            .worksheet_range(&name)
            .map_err(|e| invalid(format!("{file}: cannot read the sheet {name:?}: {e}")))?;
        let formulas = book.worksheet_formula(&name).ok();
        let Some((top, left)) = range.start() else {
            return Err(invalid(format!("{file}: the sheet {name:?} is empty")));
        };
        let mut all = range.rows().enumerate();
        let Some((_, header)) = all.next() else {
            return Err(invalid(format!("{file}: the sheet {name:?} is empty")));
        };
        let headers: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let h = cell_text(c).unwrap_or_default().trim().to_string();
                if h.is_empty() {
                    format!("(column {})", i + 1)
                } else {
                    h
                }
            })
            .collect();
        let mut rows = Vec::new();
        for (i, cells) in all {
            let row_no = top as usize + i; // 0-based sheet row
            let mut fields = Vec::with_capacity(cells.len());
            for (j, cell) in cells.iter().enumerate() {
                let col = left as usize + j;
                let at = format!("{}{}", column_name(col), row_no + 1);
                let text = cell_text(cell).map_err(|why| {
                    invalid(format!(
                        "{file}, sheet {name:?}, cell {at} {why}; fix the cell and import again"
                    ))
                })?;
                if text.is_empty() {
                    let formula = formulas
                        .as_ref()
                        .and_then(|f| f.get_value((row_no as u32, col as u32)))
                        .filter(|f| !f.is_empty());
                    if let Some(formula) = formula {
                        return Err(invalid(format!(
                            "{file}, sheet {name:?}, cell {at} holds the formula ={formula} but no saved value; open the file in a spreadsheet app, save it, and import again"
                        )));
                    }
                }
                fields.push(text);
            }
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows.push(Row {
                line: row_no as u64 + 1,
                fields,
            });
        }
        Ok(SheetRows {
            headers,
            rows: rows.into_iter(),
        })
    }

    /// Rows in the sheet (header excluded).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the sheet has no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }
}

impl RowSource for SheetRows {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> Result<Option<Row>> {
        Ok(self.rows.next())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_names_like_a_spreadsheet() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(super::column_name)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
