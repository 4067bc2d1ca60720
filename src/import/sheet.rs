//! Spreadsheets (XLSX, XLS, ODS) through calamine: the first sheet, its first row as the header.
//! Formula cells are read by their saved value; a formula without one (a file written by a tool
//! that never calculated it) is named by its cell so the user can open and save it in Excel.
//!
//! An XLSX sheet is streamed cell by cell (calamine's cells reader) on a thread that sends rows
//! ahead of the importer, so memory holds a few rows, never the sheet's bounding box: a file with
//! one cell in A1 and one in XFD1048576 would be a grid of 17 billion cells. The table's columns
//! are those of its header row (widened to the sheet's declared dimension when that is sane); a
//! value outside them is refused with its cell. Other workbook formats are read whole by calamine.

use super::table::{Row, RowSource, MAX_FIELD_BYTES};
use crate::error::{Error, Result};
use calamine::{open_workbook_auto, Data, DataRef, Reader, Sheets};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Widest table read from a sheet, in columns (Excel's own limit is 16 384).
pub const MAX_COLUMNS: u32 = 1024;

/// Rows sent ahead of the importer.
const AHEAD: usize = 64;

/// The first sheet of a workbook, row by row.
pub struct SheetRows {
    headers: Vec<String>,
    rows: Receiver<Result<Row>>,
    estimate: u64,
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

/// A cell's reference, `B7`, from its 0-based row and column.
fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_name(col as usize), row as u64 + 1)
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

/// What the reader thread sends first: the header, or why there is none.
type Opening = Result<(Vec<String>, u64)>;

impl SheetRows {
    /// Opens the workbook at `path` and starts reading its first sheet. A workbook the
    /// spreadsheet library panics on (fuzzing found an integer overflow in calamine on a damaged
    /// XLSX) is an error naming the file, like any other unreadable workbook.
    pub fn open(path: &Path) -> Result<Self> {
        let (head_tx, head_rx) = sync_channel::<Opening>(1);
        let (row_tx, row_rx) = sync_channel::<Result<Row>>(AHEAD);
        let owned = path.to_path_buf();
        std::thread::Builder::new()
            .name("sheet-reader".into())
            .spawn(move || {
                let file = owned.display().to_string();
                let opened = std::cell::Cell::new(false);
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    read(&owned, &file, &head_tx, &opened, &row_tx)
                }));
                let failure = match outcome {
                    Ok(Ok(())) => return,
                    Ok(Err(e)) => e,
                    Err(_) => invalid(format!(
                        "{file}: cannot read this spreadsheet: the file is damaged"
                    )),
                };
                // Before the header, the error goes to `open`; after it, to the row reader.
                if opened.get() {
                    let _ = row_tx.send(Err(failure));
                } else {
                    let _ = head_tx.send(Err(failure));
                }
            })
            .map_err(|e| Error::io("cannot start the spreadsheet reader", e))?;
        match head_rx.recv() {
            Ok(Ok((headers, estimate))) => Ok(SheetRows {
                headers,
                rows: row_rx,
                estimate,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(invalid(format!(
                "{}: cannot read this spreadsheet: the file is damaged",
                path.display()
            ))),
        }
    }

    /// Rows the sheet declares (header excluded): an estimate for progress.
    pub fn estimated_rows(&self) -> u64 {
        self.estimate
    }
}

fn invalid(message: String) -> Error {
    Error::InvalidInput {
        field: Some("path".into()),
        message,
    }
}

/// The reader thread: sends the header (once) on `head`, then every non-blank row on `rows`.
fn read(
    path: &Path,
    file: &str,
    head: &SyncSender<Opening>,
    opened: &std::cell::Cell<bool>,
    rows: &SyncSender<Result<Row>>,
) -> Result<()> {
    check_parts(path, file)?;
    let mut book = open_workbook_auto(path)
        .map_err(|e| invalid(format!("{file}: cannot read this spreadsheet: {e}")))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| invalid(format!("{file}: the workbook has no sheet")))?;
    let empty = || invalid(format!("{file}: the sheet {name:?} is empty"));
    let at = |row: u32, col: u32| format!("{file}, sheet {name:?}, cell {}", cell_ref(row, col));
    if let Sheets::Xlsx(xlsx) = &mut book {
        let mut cells = xlsx
            .worksheet_cells_reader(&name)
            .map_err(|e| invalid(format!("{file}: cannot read the sheet {name:?}: {e}")))?;
        let declared = cells.dimensions();
        let mut table: Option<Table> = None;
        let mut current: Option<(u32, Vec<(u32, String)>)> = None;
        let mut send = |row: u32, found: Vec<(u32, String)>| -> Result<bool> {
            if found.iter().all(|(_, t)| t.trim().is_empty()) {
                return Ok(true); // a blank row
            }
            match &mut table {
                None => {
                    let t = Table::from_header(row, found, declared, &at)?;
                    let estimate = u64::from(declared.end.0.saturating_sub(row));
                    opened.set(true);
                    if head.send(Ok((t.headers.clone(), estimate))).is_err() {
                        return Ok(false);
                    }
                    table = Some(t);
                    Ok(true)
                }
                Some(t) => {
                    let fields = t.place(row, found, &at)?;
                    Ok(rows
                        .send(Ok(Row {
                            line: u64::from(row) + 1,
                            fields,
                        }))
                        .is_ok())
                }
            }
        };
        loop {
            let cell = cells
                .next_cell_with_formula()
                .map_err(|e| invalid(format!("{file}: cannot read the sheet {name:?}: {e}")))?;
            let Some(cell) = cell else { break };
            let (row, col) = cell.pos;
            let text = ref_text(&cell.value).map_err(|why| {
                invalid(format!(
                    "{} {why}; fix the cell and import again",
                    at(row, col)
                ))
            })?;
            if text.is_empty() {
                if let Some(formula) = cell.formula.filter(|f| !f.is_empty()) {
                    return Err(invalid(format!(
                        "{} holds the formula ={formula} but no saved value; open the file in a spreadsheet app, save it, and import again",
                        at(row, col)
                    )));
                }
                continue;
            }
            if text.len() > MAX_FIELD_BYTES {
                return Err(invalid(format!(
                    "{} holds {:.1} MiB, more than the {} MiB one cell may hold",
                    at(row, col),
                    text.len() as f64 / 1048576.0,
                    MAX_FIELD_BYTES / 1048576
                )));
            }
            match &mut current {
                Some((r, found)) if *r == row => found.push((col, text)),
                _ => {
                    if let Some((r, found)) = current.take() {
                        if !send(r, found)? {
                            return Ok(());
                        }
                    }
                    current = Some((row, vec![(col, text)]));
                }
            }
        }
        if let Some((r, found)) = current.take() {
            if !send(r, found)? {
                return Ok(());
            }
        }
        if table.is_none() {
            return Err(empty());
        }
        return Ok(());
    }
    // XLS, XLSB, ODS: read whole by calamine.
    let range = book
        .worksheet_range(&name)
        .map_err(|e| invalid(format!("{file}: cannot read the sheet {name:?}: {e}")))?;
    let formulas = book.worksheet_formula(&name).ok();
    let Some((top, left)) = range.start() else {
        return Err(empty());
    };
    let mut all = range.rows().enumerate();
    let Some((_, header)) = all.next() else {
        return Err(empty());
    };
    let headers: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, c)| header_name(i, cell_text(c).unwrap_or_default()))
        .collect();
    let estimate = range.height().saturating_sub(1) as u64;
    opened.set(true);
    if head.send(Ok((headers, estimate))).is_err() {
        return Ok(());
    }
    for (i, cells) in all {
        let row_no = top + i as u32; // 0-based sheet row
        let mut fields = Vec::with_capacity(cells.len());
        for (j, cell) in cells.iter().enumerate() {
            let col = left + j as u32;
            let text = cell_text(cell).map_err(|why| {
                invalid(format!(
                    "{} {why}; fix the cell and import again",
                    at(row_no, col)
                ))
            })?;
            if text.is_empty() {
                let formula = formulas
                    .as_ref()
                    .and_then(|f| f.get_value((row_no, col)))
                    .filter(|f| !f.is_empty());
                if let Some(formula) = formula {
                    return Err(invalid(format!(
                        "{} holds the formula ={formula} but no saved value; open the file in a spreadsheet app, save it, and import again",
                        at(row_no, col)
                    )));
                }
            }
            fields.push(text);
        }
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let row = Row {
            line: u64::from(row_no) + 1,
            fields,
        };
        if rows.send(Ok(row)).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// A spreadsheet opened as the zip archive it is (XLSX, XLSB and ODS are).
type Zip = zip::ZipArchive<std::io::BufReader<std::fs::File>>;

/// What calamine would read whole, checked before it does, on one opening of the archive: the
/// shared-string table ([`check_shared_strings`]) and an OpenDocument sheet's extent
/// ([`check_ods_extent`]). Anything that is not a readable zip is left to calamine to report.
fn check_parts(path: &Path, file: &str) -> Result<()> {
    let Ok(f) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(f)) else {
        return Ok(());
    };
    check_shared_strings(&mut zip, file)?;
    check_ods_extent(&mut zip, file)
}

/// Cells an OpenDocument sheet may span (its bounding box of values, rows × columns), since
/// calamine reads such a sheet whole into a dense grid of 32-byte cells: 8 M cells is 256 MiB.
pub const MAX_ODS_CELLS: u64 = 8 * 1024 * 1024;

/// Before calamine reads an OpenDocument spreadsheet whole, measures its first sheet's values in one
/// streamed pass over `content.xml` (repeated rows and columns counted, never expanded): a value past
/// column [`MAX_COLUMNS`], or a bounding box over [`MAX_ODS_CELLS`], refuses the file with the cell
/// that makes it so. A 1 KB file repeating a cell over 6 000 rows × 16 000 columns took 6 GB.
/// Files that are not OpenDocument pass (their readers check themselves).
fn check_ods_extent(zip: &mut Zip, file: &str) -> Result<()> {
    use quick_xml::events::{BytesStart, Event};
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeat = |e: &BytesStart, name: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    };
    let has_value = |e: &BytesStart| {
        e.attributes()
            .flatten()
            .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"))
    };
    let (mut row, mut col, mut rows_here) = (0u64, 0u64, 1u64);
    let (mut last_row, mut last_col): (Option<u64>, u64) = (None, 0);
    let mut in_table = false;
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let opened = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => in_table = true,
            Event::End(e) if e.name().as_ref() == "table:table" => break,
            Event::Start(e) | Event::Empty(e)
                if in_table && e.name().as_ref() == "table:table-row" =>
            {
                col = 0;
                rows_here = repeat(&e, "table:number-rows-repeated");
            }
            Event::End(e) if in_table && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(rows_here);
            }
            Event::Start(e) | Event::Empty(e)
                if in_table
                    && matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
            {
                let n = repeat(&e, "table:number-columns-repeated");
                // A cell holds something when it is typed, computed, or has content (a start tag).
                let filled = has_value(&e) || opened;
                if filled {
                    let right = col.saturating_add(n - 1);
                    let bottom = row.saturating_add(rows_here - 1);
                    if right >= u64::from(MAX_COLUMNS) {
                        return Err(invalid(format!(
                            "{file}: a value in column {} (row {}) is past the {MAX_COLUMNS} columns a spreadsheet import reads; delete what is beyond the table, or save the sheet as CSV and import that",
                            right + 1,
                            row + 1
                        )));
                    }
                    last_col = last_col.max(right);
                    last_row = Some(last_row.map_or(bottom, |r| r.max(bottom)));
                    let cells = (last_row.unwrap_or(0) + 1).saturating_mul(last_col + 1);
                    if cells > MAX_ODS_CELLS {
                        return Err(invalid(format!(
                            "{file}: its first sheet spans {} rows × {} columns with values ({cells} cells; row {} is the last), more than the {} M cells an OpenDocument sheet may span here; delete what is beyond the table, or save the sheet as XLSX or CSV and import that",
                            last_row.unwrap_or(0) + 1,
                            last_col + 1,
                            last_row.unwrap_or(0) + 1,
                            MAX_ODS_CELLS / (1024 * 1024)
                        )));
                    }
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// Largest shared-string table (an XLSX's text, which calamine holds whole) we read.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 * 1024 * 1024;

/// Checks an XLSX's shared-string table before calamine reads it: calamine reserves room for as
/// many strings as the table's `uniqueCount` says, so a file claiming a trillion strings would
/// abort the process on allocation, and it holds the whole table in memory. A table larger than
/// [`MAX_SHARED_STRINGS_BYTES`], or claiming more strings than its bytes can hold, is refused
/// naming the file. Anything that is not a readable zip is left to calamine to report.
fn check_shared_strings(zip: &mut Zip, file: &str) -> Result<()> {
    use std::io::Read;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let size = entry.size();
        if size > MAX_SHARED_STRINGS_BYTES {
            return Err(invalid(format!(
                "{file}: its shared-string table ({}) holds {:.0} MiB of text, more than the {} MiB a spreadsheet import reads; save the sheet as CSV and import that",
                name,
                size as f64 / 1048576.0,
                MAX_SHARED_STRINGS_BYTES / 1048576
            )));
        }
        let mut head = Vec::new();
        let _ = entry.take(64 * 1024).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        let claimed = head
            .find("<sst")
            .map(|at| &head[at..])
            .and_then(|sst| sst.find('>').map(|end| &sst[..end]))
            .and_then(|tag| {
                let at = tag.find("uniqueCount=")? + "uniqueCount=".len();
                let digits: String = tag[at..]
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u64>().ok().or(Some(u64::MAX))
            });
        // Each string takes at least `<si/>`: five bytes.
        if let Some(n) = claimed.filter(|n| *n > size / 5 + 1) {
            return Err(invalid(format!(
                "{file}: its shared-string table claims {n} strings in {size} bytes; the file is damaged"
            )));
        }
    }
    Ok(())
}

fn header_name(i: usize, text: String) -> String {
    let h = text.trim();
    if h.is_empty() {
        format!("(column {})", i + 1)
    } else {
        h.to_string()
    }
}

fn ref_text(cell: &DataRef<'_>) -> std::result::Result<String, String> {
    match cell {
        DataRef::SharedString(s) => Ok(s.to_string()),
        other => cell_text(&Data::from(other.clone())),
    }
}

/// The columns of a streamed sheet: from the first column used (by the header or, when sane, the
/// declared dimension) to the last.
struct Table {
    headers: Vec<String>,
    left: u32,
}

impl Table {
    fn from_header(
        row: u32,
        found: Vec<(u32, String)>,
        declared: calamine::Dimensions,
        at: &dyn Fn(u32, u32) -> String,
    ) -> Result<Self> {
        let first = found.iter().map(|(c, _)| *c).min().unwrap_or(0);
        let last = found.iter().map(|(c, _)| *c).max().unwrap_or(0);
        if last - first >= MAX_COLUMNS {
            return Err(invalid(format!(
                "{}: the header row runs from column {} to {}, wider than the {MAX_COLUMNS} columns a table may have; delete the stray cell and import again",
                at(row, last),
                column_name(first as usize),
                column_name(last as usize)
            )));
        }
        // The declared dimension widens the table when it is sane (a value typed beside the
        // header, a blank first column), never to a grid of thousands of empty columns.
        let sane = declared.end.1 >= declared.start.1
            && declared.end.1 - declared.start.1 < MAX_COLUMNS
            && declared.start.1 <= first
            && declared.end.1 >= last;
        let (left, right) = if sane {
            (declared.start.1, declared.end.1)
        } else {
            (first, last)
        };
        let mut headers: Vec<String> = (left..=right)
            .map(|c| header_name((c - left) as usize, String::new()))
            .collect();
        for (c, text) in found {
            if (left..=right).contains(&c) {
                headers[(c - left) as usize] = header_name((c - left) as usize, text);
            }
        }
        Ok(Table { headers, left })
    }

    /// A row's fields in the header's columns; a value outside them is refused with its cell.
    fn place(
        &self,
        row: u32,
        found: Vec<(u32, String)>,
        at: &dyn Fn(u32, u32) -> String,
    ) -> Result<Vec<String>> {
        let mut fields = vec![String::new(); self.headers.len()];
        let right = self.left + self.headers.len() as u32 - 1;
        for (c, text) in found {
            if c < self.left || c > right {
                return Err(invalid(format!(
                    "{} holds {:?}, outside the table's columns ({} to {}, those of its header row); move it into the table or delete it, and import again",
                    at(row, c),
                    text.chars().take(40).collect::<String>(),
                    column_name(self.left as usize),
                    column_name(right as usize)
                )));
            }
            fields[(c - self.left) as usize] = text;
        }
        Ok(fields)
    }
}

impl RowSource for SheetRows {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> Result<Option<Row>> {
        match self.rows.recv() {
            Ok(row) => row.map(Some),
            Err(_) => Ok(None),
        }
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
