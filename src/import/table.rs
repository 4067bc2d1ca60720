//! Delimited text (CSV, TSV, semicolon-separated) read into rows that remember their line.

use crate::error::{Error, Result};

/// One data row and the line it starts on (1-based, counting the header line).
#[derive(Debug, Clone)]
pub struct Row {
    /// Line number in the file where the row starts.
    pub line: u64,
    /// Cell values, in column order.
    pub fields: Vec<String>,
}

/// A header and its rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column names as written (trimmed; an empty name becomes `(column N)`).
    pub headers: Vec<String>,
    /// Non-blank rows.
    pub rows: Vec<Row>,
    /// The delimiter that was detected.
    pub delimiter: u8,
}

/// Largest single cell we accept (a bigger one is a broken export or not a ticket).
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// Picks the delimiter that splits the first line into the most columns (outside quotes).
fn detect_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for b in first_line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| *d)
        .unwrap_or(b',')
}

/// The line on which a quote opens that is never closed, if any.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    let mut line = 1u64;
    let mut quoted = false;
    let mut opened_at = 0u64;
    let mut at_field_start = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1; // escaped quote
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_field_start {
            quoted = true;
            opened_at = line;
        }
        if b == b'\n' {
            line += 1;
        }
        if !quoted {
            at_field_start = b == delimiter || b == b'\n' || (b == b'\r');
        } else {
            at_field_start = false;
        }
        i += 1;
    }
    quoted.then_some(opened_at)
}

/// Reads delimited text. `file` names the source in messages.
pub fn read(text: &str, file: &str, delimiter: Option<u8>) -> Result<Table> {
    if text.trim().is_empty() {
        return Err(Error::InvalidInput {
            field: None,
            message: format!("{file}: the file is empty"),
        });
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(Error::InvalidInput {
            field: None,
            message: format!(
                "{file}, line {line}: a quoted field opens here and is never closed (unbalanced quote); nothing was imported"
            ),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_error(file, e)),
        None => {
            return Err(Error::InvalidInput {
                field: None,
                message: format!("{file}: the file is empty"),
            })
        }
    };
    let headers: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = h.trim();
            if h.is_empty() {
                format!("(column {})", i + 1)
            } else {
                h.to_string()
            }
        })
        .collect();
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(file, e))?;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue; // blank or trailing rows
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        rows.push(Row {
            line,
            fields: rec.iter().map(str::to_string).collect(),
        });
    }
    Ok(Table {
        headers,
        rows,
        delimiter,
    })
}

/// Only the header row (for detecting the format without reading the whole file).
pub fn headers(text: &str, file: &str) -> Result<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    match reader.records().next() {
        Some(Ok(h)) => Ok(h.iter().map(|h| h.trim().to_string()).collect()),
        Some(Err(e)) => Err(csv_error(file, e)),
        None => Err(Error::InvalidInput {
            field: None,
            message: format!("{file}: the file is empty"),
        }),
    }
}

fn csv_error(file: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    Error::InvalidInput {
        field: None,
        message: format!("{file}, line {line}: cannot read this CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_multiline_fields_with_their_line_numbers() {
        let t = read("a,b\n1,\"two\nlines\"\n\n,\n3,x\n", "f.csv", None).unwrap();
        assert_eq!(t.headers, vec!["a", "b"]);
        assert_eq!(t.rows.len(), 2, "blank rows dropped");
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[0].fields[1], "two\nlines");
        assert_eq!(t.rows[1].line, 6);
    }

    #[test]
    fn detects_tabs_and_semicolons() {
        assert_eq!(read("a\tb\n1\t2\n", "f", None).unwrap().delimiter, b'\t');
        assert_eq!(read("a;b\n1;2\n", "f", None).unwrap().delimiter, b';');
        assert_eq!(read("\"a;b\",c\n1,2\n", "f", None).unwrap().delimiter, b',');
    }

    #[test]
    fn names_the_line_of_an_unclosed_quote() {
        let err = read("a,b\n1,2\n3,\"never closed\n4,5\n", "bad.csv", None).unwrap_err();
        assert!(err.to_string().contains("bad.csv, line 3"), "{err}");
        assert!(err.to_string().contains("unbalanced quote"), "{err}");
    }

    #[test]
    fn quotes_inside_fields_are_not_openers() {
        assert!(read("a,b\nsay \"hi\",2\n", "f", None).is_ok());
        assert!(read("a,b\n\"x \"\"y\"\" z\",2\n", "f", None).is_ok());
    }

    #[test]
    fn empty_input_and_empty_headers() {
        assert!(read("", "e.csv", None)
            .unwrap_err()
            .to_string()
            .contains("e.csv: the file is empty"));
        assert!(read("  \n\n", "e.csv", None).is_err());
        let t = read("a,,c\n1,2,3\n", "f", None).unwrap();
        assert_eq!(t.headers[1], "(column 2)");
    }
}
