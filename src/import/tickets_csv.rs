//! Tickets from a Jira CSV export or any CSV/TSV with a column mapping.

use super::dates::{self, DateStyle, DayOrder};
use super::table::{self, RowSource, MAX_FIELD_BYTES};
use super::ticket_fields::{self, Field};
use super::{ColumnMap, Format, Parsed, Record, Rejected};
use crate::error::{Error, Result};
use crate::research::tickets::TicketRecord;
use std::collections::{HashMap, VecDeque};

/// Where a column's field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The header is a name the format uses.
    Known,
    /// A fuzzy guess from the header.
    Suggested,
    /// The user's `--map`.
    User,
    /// Nothing matched: the column is not imported.
    Unmapped,
}

/// Every column's field and where it came from: `--map` overrides, then known header names, then
/// (for a generic CSV only) fuzzy suggestions. The error, if any, says why the mapping cannot be
/// used as it is; the preview still shows the mapping so it can be fixed.
pub(super) fn mapping(
    headers: &[String],
    format: Format,
    mappings: &[ColumnMap],
    file: &str,
) -> (Vec<(Field, Source)>, Option<Error>) {
    let invalid = |message: String| {
        Some(Error::InvalidInput {
            field: Some("map".into()),
            message,
        })
    };
    let mut cols: Vec<(Field, Source)> = headers
        .iter()
        .map(|h| match ticket_fields::known(h) {
            Some(f) => (f, Source::Known),
            None => match matches!(format, Format::Csv | Format::Xlsx)
                .then(|| ticket_fields::suggest(h))
                .flatten()
            {
                Some(f) => (f, Source::Suggested),
                None => (Field::Ignore, Source::Unmapped),
            },
        })
        .collect();
    for ColumnMap { header, field } in mappings {
        let Some(f) = Field::parse(field) else {
            let names: Vec<&str> = Field::NAMES.iter().map(|(n, _)| *n).collect();
            let why = format!(
                "--map {header}={field}: unknown field {field:?}; use one of {}",
                names.join(", ")
            );
            return (cols, invalid(why));
        };
        let mut found = false;
        for (h, col) in headers.iter().zip(cols.iter_mut()) {
            if h.eq_ignore_ascii_case(header.trim()) {
                *col = (f, Source::User);
                found = true;
            }
        }
        if !found {
            let why = format!("mapping {header}={field}: {file} has no column named {header:?}");
            return (cols, invalid(why));
        }
    }
    // A field that takes one value must come from one column (Jira repeats only list columns).
    let single = [
        Field::Key,
        Field::Id,
        Field::Title,
        Field::Body,
        Field::Status,
        Field::Priority,
        Field::Type,
        Field::Reporter,
        Field::Team,
        Field::Created,
        Field::Resolved,
        Field::Url,
    ];
    for f in single {
        let named: Vec<String> = headers
            .iter()
            .zip(&cols)
            .filter(|(_, (g, _))| *g == f)
            .map(|(h, _)| format!("{h:?}"))
            .collect();
        if named.len() > 1 {
            let why = format!(
                "{file}: the columns {} all map to {}; keep one and ignore the others",
                named.join(", "),
                f.name()
            );
            return (cols, invalid(why));
        }
    }
    if !cols.iter().any(|(f, _)| *f == Field::Title) {
        let why = format!(
            "{file}: no column holds the ticket title; map one of its columns to title (columns: {})",
            headers.join(", ")
        );
        return (cols, invalid(why));
    }
    (cols, None)
}

fn columns(
    headers: &[String],
    format: Format,
    mappings: &[ColumnMap],
    file: &str,
) -> Result<Vec<Field>> {
    match mapping(headers, format, mappings, file) {
        (_, Some(e)) => Err(e),
        (cols, None) => Ok(cols.into_iter().map(|(f, _)| f).collect()),
    }
}

/// Jira writes comments as `date;author id;text`: keep the text.
fn comment_text(raw: &str) -> &str {
    let mut parts = raw.splitn(3, ';');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(date), Some(_author), Some(text))
            if dates::parse(date, DayOrder::DayFirst).is_ok() =>
        {
            text
        }
        _ => raw,
    }
}

/// How the column mapped to `field` writes its dates, from the sampled rows (the default when
/// no column is mapped to it).
pub(super) fn date_style<'a>(
    fields: &[Field],
    field: Field,
    rows: impl Iterator<Item = &'a table::Row>,
) -> DateStyle {
    fields
        .iter()
        .position(|g| *g == field)
        .map(|c| dates::guess_style(rows.filter_map(|r| r.fields.get(c).map(String::as_str))))
        .unwrap_or_default()
}

/// Rows of tickets read from a table one at a time (bounded memory): the first rows are held
/// back only to guess how the file writes its dates.
pub(super) struct CsvTickets<S: RowSource> {
    table: S,
    fields: Vec<Field>,
    file: String,
    source: &'static str,
    created: DateStyle,
    resolved: DateStyle,
    ahead: VecDeque<table::Row>,
}

/// Rows read before the first ticket is stored, to guess day/month order per date column.
pub(super) const ORDER_SAMPLE: usize = 500;

impl<S: RowSource> CsvTickets<S> {
    pub(super) fn new(
        mut table: S,
        format: Format,
        mappings: &[ColumnMap],
        file: &str,
    ) -> Result<Self> {
        let fields = columns(table.headers(), format, mappings, file)?;
        let mut ahead = VecDeque::new();
        while ahead.len() < ORDER_SAMPLE {
            match table.next_row()? {
                Some(row) => ahead.push_back(row),
                None => break,
            }
        }
        let (created, resolved) = (
            date_style(&fields, Field::Created, ahead.iter()),
            date_style(&fields, Field::Resolved, ahead.iter()),
        );
        Ok(CsvTickets {
            table,
            fields,
            file: file.to_string(),
            source: if format == Format::JiraCsv {
                "jira"
            } else {
                "csv"
            },
            created,
            resolved,
            ahead,
        })
    }
}

impl<S: RowSource> Iterator for CsvTickets<S> {
    type Item = Result<Parsed>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = match self.ahead.pop_front() {
            Some(row) => row,
            None => match self.table.next_row() {
                Ok(Some(row)) => row,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            },
        };
        Some(Ok(parse_row(
            &row,
            self.table.headers(),
            &self.fields,
            &self.file,
            self.source,
            self.created,
            self.resolved,
        )))
    }
}

fn parse_row(
    row: &table::Row,
    headers: &[String],
    fields: &[Field],
    file: &str,
    source: &str,
    created: DateStyle,
    resolved: DateStyle,
) -> Parsed {
    let reject = |field: &str, reason: String| Rejected {
        line: row.line,
        field: field.to_string(),
        reason,
    };
    if row.fields.len() > headers.len()
        && row.fields[headers.len()..]
            .iter()
            .any(|f| !f.trim().is_empty())
    {
        return Err(reject(
            "(row)",
            format!(
                "{file}: this row has {} fields but the header has {}",
                row.fields.len(),
                headers.len()
            ),
        ));
    }
    let mut rec = TicketRecord::default();
    let mut id = String::new();
    let mut comments: Vec<&str> = Vec::new();
    let mut components: Vec<&str> = Vec::new();
    let mut values: HashMap<usize, &str> = HashMap::new();
    for (i, (field, header)) in fields.iter().zip(headers).enumerate() {
        let value = row.fields.get(i).map(String::as_str).unwrap_or("");
        if value.len() > MAX_FIELD_BYTES {
            return Err(reject(
                header,
                format!(
                    "{:.1} MiB is more than the {} MiB one field may hold",
                    value.len() as f64 / 1048576.0,
                    MAX_FIELD_BYTES / 1048576
                ),
            ));
        }
        let v = value.trim();
        values.insert(i, v);
        match field {
            Field::Key => rec.key = v.to_string(),
            Field::Id => id = v.to_string(),
            Field::Title => rec.title = v.to_string(),
            Field::Body => rec.body = value.replace("\r\n", "\n").trim_end().to_string(),
            Field::Comment if !v.is_empty() => comments.push(comment_text(v)),
            Field::Status => rec.status = v.to_string(),
            Field::Priority => rec.priority = v.to_string(),
            Field::Type => rec.kind = v.to_string(),
            Field::Labels => rec.labels.extend(
                v.split([',', ' '])
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            ),
            Field::Reporter => rec.reporter = v.to_string(),
            Field::Component if !v.is_empty() => components.push(v),
            Field::Team => rec.team = Some(v.to_string()),
            Field::Url => rec.url = v.to_string(),
            _ => {}
        }
    }
    for (i, (field, header)) in fields.iter().zip(headers).enumerate() {
        let v = values.get(&i).copied().unwrap_or("");
        if v.is_empty() {
            continue;
        }
        let style = match field {
            Field::Created => created,
            Field::Resolved => resolved,
            _ => continue,
        };
        let parsed = dates::parse_as(v, style).map_err(|why| reject(header, why))?;
        let stamp = parsed
            .utc
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        if *field == Field::Created {
            rec.created = Some(stamp);
            rec.date = Some(parsed.local_date.format("%Y-%m-%d").to_string());
        } else {
            rec.resolved = Some(stamp);
        }
    }
    if rec.title.is_empty() {
        let header = fields
            .iter()
            .position(|f| *f == Field::Title)
            .map(|i| headers[i].as_str())
            .unwrap_or("title");
        return Err(reject(header, "the title is empty".into()));
    }
    if rec.key.is_empty() {
        rec.key = id;
    }
    for c in comments {
        rec.body.push_str("\n\nComment: ");
        rec.body.push_str(c);
    }
    rec.component = components.join(", ");
    let source_key = if rec.key.is_empty() {
        // No key column: the title and creation time identify the row across re-imports.
        format!(
            "{source}:{}|{}",
            rec.title,
            rec.created.as_deref().unwrap_or("")
        )
    } else {
        format!("{source}:{}", rec.key)
    };
    Ok((row.line, source_key, Record::Ticket(rec)))
}
