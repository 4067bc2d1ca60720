//! Delimited text (CSV, TSV, semicolon-separated) read into rows that remember their line.

use crate::error::{Error, Result};
use std::io::{BufReader, Read};

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

/// Largest single record (one row, across its lines when fields are quoted). Reading stops
/// there, so a broken file (an unclosed quote, a 1 GB line) fails with its line in bounded memory
/// instead of being buffered whole.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// Picks the delimiter: a tab when the first line has one (header text is full of commas, as in
/// survey questions, but never of tabs), else the one that splits the first line into the most
/// columns (outside quotes).
fn detect_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.contains('\t') {
        return b'\t';
    }
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
    // The first of the most frequent wins, so a line with none of them reads as commas.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// Watches the bytes on their way to the CSV parser and remembers where a quoted field opened, so
/// a quote that is never closed is reported with its line once the stream ends.
struct QuoteTracker<R> {
    inner: R,
    delimiter: u8,
    line: u64,
    quoted: bool,
    /// Just saw a quote inside a quoted field: either its end or the first half of `""`.
    quote_pending: bool,
    at_field_start: bool,
    opened_at: u64,
    /// Bytes since the current record began, and the line it began on.
    record_bytes: usize,
    record_line: u64,
    /// Byte offsets of the line breaks read ahead of the CSV parser, and how many earlier ones
    /// were already counted: a record's line is worked out from its byte offset, because the
    /// parser's own line count is one short after a CRLF line ending.
    breaks: std::collections::VecDeque<u64>,
    breaks_passed: u64,
    offset: u64,
}

impl<R: Read> QuoteTracker<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        QuoteTracker {
            inner,
            delimiter,
            line: 1,
            quoted: false,
            quote_pending: false,
            at_field_start: true,
            opened_at: 0,
            record_bytes: 0,
            record_line: 1,
            breaks: std::collections::VecDeque::new(),
            breaks_passed: 0,
            offset: 0,
        }
    }

    fn track(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.quoted {
                if self.quote_pending {
                    self.quote_pending = false;
                    if b != b'"' {
                        self.quoted = false; // the quote closed the field
                    }
                } else if b == b'"' {
                    self.quote_pending = true;
                }
            } else if b == b'"' && self.at_field_start {
                self.quoted = true;
                self.opened_at = self.line;
            }
            self.record_bytes += 1;
            if b == b'\n' {
                self.breaks.push_back(self.offset);
            }
            self.offset += 1;
            if b == b'\n' {
                self.line += 1;
                if !self.quoted {
                    self.record_bytes = 0;
                    self.record_line = self.line;
                }
            }
            if !self.quoted {
                self.at_field_start = b == self.delimiter || b == b'\n' || b == b'\r';
            } else {
                self.at_field_start = false;
            }
        }
    }

    /// The line a record ending at byte `end` (where the parser will read the next record)
    /// ends on. Records are asked for in order, so the breaks before it are counted once and
    /// dropped: the queue holds only what was read ahead. The record's own line break is not
    /// counted, whether the parser stopped before or after its `\n`.
    fn line_ending_at(&mut self, end: u64) -> u64 {
        while self.breaks.front().is_some_and(|&b| b + 1 < end) {
            self.breaks.pop_front();
            self.breaks_passed += 1;
        }
        self.breaks_passed + 1
    }

    /// The line of a quote still open at the end of the stream.
    fn unclosed(&self) -> Option<u64> {
        (self.quoted && !self.quote_pending).then_some(self.opened_at)
    }
}

impl<R: Read> Read for QuoteTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.track(&buf[..n]);
        if self.record_bytes > MAX_RECORD_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "line {}: one record runs past {} MB{}; nothing was imported",
                    self.record_line,
                    MAX_RECORD_BYTES / (1024 * 1024),
                    if self.quoted {
                        format!(
                            " (a quoted field opens on line {} and is not closed)",
                            self.opened_at
                        )
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        Ok(n)
    }
}

/// Anything that yields a header and rows with their line (CSV text, a spreadsheet).
pub trait RowSource {
    /// Column names.
    fn headers(&self) -> &[String];
    /// The next non-blank row, `None` at the end.
    fn next_row(&mut self) -> Result<Option<Row>>;
}

impl<R: Read> RowSource for TableReader<R> {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> Result<Option<Row>> {
        TableReader::next_row(self)
    }
}

impl<S: RowSource + ?Sized> RowSource for &mut S {
    fn headers(&self) -> &[String] {
        (**self).headers()
    }
    fn next_row(&mut self) -> Result<Option<Row>> {
        (**self).next_row()
    }
}

/// The first `limit` rows of a table; [`FirstRows::total`] then counts the rest without holding
/// them.
pub struct FirstRows<S> {
    inner: S,
    limit: usize,
    given: u64,
    done: bool,
}

impl<S: RowSource> FirstRows<S> {
    /// Yields at most `limit` rows of `inner`.
    pub fn new(inner: S, limit: usize) -> Self {
        FirstRows {
            inner,
            limit,
            given: 0,
            done: false,
        }
    }

    /// Rows given so far.
    pub fn given(&self) -> u64 {
        self.given
    }

    /// Every non-blank row of the table: those given plus the rest, read and dropped.
    pub fn total(&mut self) -> Result<u64> {
        let mut n = self.given;
        if !self.done {
            while self.inner.next_row()?.is_some() {
                n += 1;
            }
            self.done = true;
            self.given = n;
        }
        Ok(n)
    }
}

impl<S: RowSource> RowSource for FirstRows<S> {
    fn headers(&self) -> &[String] {
        self.inner.headers()
    }
    fn next_row(&mut self) -> Result<Option<Row>> {
        if self.done || self.given >= self.limit as u64 {
            return Ok(None);
        }
        match self.inner.next_row()? {
            Some(row) => {
                self.given += 1;
                Ok(Some(row))
            }
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }
}

/// A stream whose first bytes were read ahead (to find the delimiter) and put back.
type Rejoined<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// Reads a delimited table row by row, in bounded memory.
pub struct TableReader<R: Read> {
    /// Column names as written (trimmed; an empty name becomes `(column N)`).
    pub headers: Vec<String>,
    /// The delimiter in use.
    pub delimiter: u8,
    reader: csv::Reader<QuoteTracker<BufReader<Rejoined<R>>>>,
    record: csv::StringRecord,
    file: String,
}

impl<R: Read> TableReader<R> {
    /// Starts reading: detects the delimiter from the first line (unless given) and reads the
    /// header.
    pub fn new(inner: R, file: &str, delimiter: Option<u8>) -> Result<Self> {
        // Read ahead to the end of the first line (a decoder may hand out a few bytes at a time),
        // then put those bytes back in front of the rest of the stream.
        let mut inner = inner;
        let mut head = Vec::new();
        let mut chunk = [0u8; 8192];
        while !head.contains(&b'\n') && head.len() < 1024 * 1024 {
            let n = inner
                .read(&mut chunk)
                .map_err(|e| Error::io(format!("cannot read {file}"), e))?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&chunk[..n]);
        }
        let delimiter = delimiter.unwrap_or_else(|| {
            let first = head.split(|&b| b == b'\n').next().unwrap_or(&head);
            detect_delimiter(&String::from_utf8_lossy(first))
        });
        let buffered =
            BufReader::with_capacity(256 * 1024, std::io::Cursor::new(head).chain(inner));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(QuoteTracker::new(buffered, delimiter));
        let mut header = csv::StringRecord::new();
        let empty = || Error::InvalidInput {
            field: None,
            message: format!("{file}: the file is empty"),
        };
        if !reader
            .read_record(&mut header)
            .map_err(|e| csv_error(file, e))?
        {
            return Err(empty());
        }
        if header.iter().all(|h| h.trim().is_empty()) {
            return Err(empty());
        }
        let headers = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = h.trim_start_matches('\u{feff}').trim();
                if h.is_empty() {
                    format!("(column {})", i + 1)
                } else {
                    h.to_string()
                }
            })
            .collect();
        Ok(TableReader {
            headers,
            delimiter,
            reader,
            record: csv::StringRecord::new(),
            file: file.to_string(),
        })
    }

    /// The next non-blank row, `None` at the end. A quote still open at the end of the file is an
    /// error naming the line it opened on.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            let more = self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| csv_error(&self.file, e))?;
            if !more {
                if let Some(line) = self.reader.get_ref().unclosed() {
                    return Err(Error::InvalidInput {
                        field: None,
                        message: format!(
                            "{}, line {line}: a quoted field opens here and is never closed (unbalanced quote); nothing was imported",
                            self.file
                        ),
                    });
                }
                return Ok(None);
            }
            if self.record.iter().all(|f| f.trim().is_empty()) {
                continue; // blank or trailing rows
            }
            // The parser's line count is one short after CRLF line endings and skipped blank
            // lines, so the line is worked out from where the record ends, less the line breaks
            // inside its quoted fields.
            let end = self.reader.position().byte();
            let inner: u64 = self
                .record
                .iter()
                .map(|f| f.bytes().filter(|&b| b == b'\n').count() as u64)
                .sum();
            let line = self
                .reader
                .get_mut()
                .line_ending_at(end)
                .saturating_sub(inner)
                .max(1);
            return Ok(Some(Row {
                line,
                fields: self.record.iter().map(str::to_string).collect(),
            }));
        }
    }
}

/// Reads delimited text whole (small inputs and tests). `file` names the source in messages.
pub fn read(text: &str, file: &str, delimiter: Option<u8>) -> Result<Table> {
    let mut reader = TableReader::new(text.as_bytes(), file, delimiter)?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row()? {
        rows.push(row);
    }
    Ok(Table {
        headers: reader.headers,
        delimiter: reader.delimiter,
        rows,
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
    if let csv::ErrorKind::Io(io) = e.kind() {
        if io.kind() == std::io::ErrorKind::InvalidData {
            // Our own limits and decoding errors already name the line.
            return Error::InvalidInput {
                field: None,
                message: format!("{file}, {io}"),
            };
        }
    }
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
    fn rows_after_crlf_line_endings_report_the_line_they_start_on() {
        let crlf = "a,b\r\n1,2\r\n\"multi\r\nline\",3\r\n\r\n4,5\r\n";
        let t = read(crlf, "f.csv", None).unwrap();
        let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3, 6]);
        // The same with LF, and streamed a few bytes at a time.
        let lf = crlf.replace("\r\n", "\n");
        let t = read(&lf, "f.csv", None).unwrap();
        assert_eq!(
            t.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3, 6]
        );
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = TableReader::new(Trickle(crlf.as_bytes()), "f.csv", None).unwrap();
        let mut streamed = Vec::new();
        while let Some(row) = r.next_row().unwrap() {
            streamed.push(row.line);
        }
        assert_eq!(streamed, vec![2, 3, 6]);
    }

    #[test]
    fn a_record_past_the_limit_fails_with_its_line_without_being_buffered_whole() {
        struct Endless(u64);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                buf.fill(b'x');
                self.0 += buf.len() as u64;
                Ok(buf.len())
            }
        }
        let head = std::io::Cursor::new(b"a,b\n1,2\n3,\"".to_vec());
        let mut t = TableReader::new(head.chain(Endless(0)), "huge.csv", None).unwrap();
        assert_eq!(t.next_row().unwrap().unwrap().fields, vec!["1", "2"]);
        let err = t.next_row().unwrap_err().to_string();
        assert!(
            err.starts_with("huge.csv, line 3: one record runs past 64 MB")
                && err.contains("quoted field opens on line 3"),
            "{err}"
        );
    }

    #[test]
    fn detects_tabs_and_semicolons() {
        assert_eq!(read("a\tb\n1\t2\n", "f", None).unwrap().delimiter, b'\t');
        // Survey questions are full of commas; a tab-separated header still reads as TSV.
        let tsv = "Timestamp\tDo you agree, or not?\tWhich tools, if any?\n1\t2\t3\n";
        let t = read(tsv, "f", None).unwrap();
        assert_eq!((t.delimiter, t.headers.len()), (b'\t', 3));
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
