//! Reading survey exports as they are: Google Forms (timestamp first, checkboxes joined by
//! commas, grid questions `Question [Item]`), Qualtrics (three header rows, or the legacy two),
//! Typeform (one column per checkbox option) and any other CSV/XLSX; and telling each column's
//! kind of question from its header and answers.

use super::table::RowSource;
use super::{dates, ColumnMap, Format, MappingSource, Rejected};
use crate::error::{Error, Result};
use crate::surveys::{self, ColumnRole, ResponseRow, SurveyColumn};
use std::collections::HashMap;

/// A survey read from a file, ready to store.
#[derive(Debug, Clone)]
pub struct ParsedSurvey {
    /// The export's format.
    pub format: Format,
    /// Name shown in the app (from the file name).
    pub name: String,
    /// Identity: format + columns, so the next export of the same survey updates it.
    pub key: String,
    /// Columns and what they hold.
    pub columns: Vec<SurveyColumn>,
    /// Where each column's role came from.
    pub how: Vec<MappingSource>,
    /// The responses, in file order.
    pub rows: Vec<ResponseRow>,
    /// Rows that cannot be stored, and why.
    pub rejected: Vec<Rejected>,
    /// How the submitted column writes its dates, when there is one.
    pub date_style: Option<dates::DateStyle>,
}

/// The most a survey may hold in memory while it is read (its answers, plus a small allowance
/// per cell): a survey is read whole, since a column's question type needs all its answers, so a
/// larger file is refused with its line instead of exhausting memory. Real exports are far
/// smaller (100 000 responses of 20 short answers is about 60 MiB here).
pub const MAX_SURVEY_BYTES: usize = 256 * 1024 * 1024;

/// What one cell costs beyond its text (the `String` and its allocation), for the bound above.
const CELL_OVERHEAD: usize = 32;

const TIMESTAMP_HEADERS: [&str; 7] = [
    "timestamp",
    "marca temporal",
    "zeitstempel",
    "horodateur",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "tijdstempel",
];

/// The survey format a table's header row says it is, if any.
pub fn detect_format(headers: &[String]) -> Option<Format> {
    let has = |name: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    let first = headers.first().map(|h| h.trim().to_lowercase());
    if (has("StartDate") && (has("ResponseId") || has("EndDate")))
        || (first.as_deref() == Some("v1") && has("V2"))
    {
        Some(Format::Qualtrics)
    } else if first
        .as_deref()
        .is_some_and(|f| TIMESTAMP_HEADERS.contains(&f))
    {
        Some(Format::GoogleForms)
    } else if has("Submit Date (UTC)") || (first.as_deref() == Some("#") && has("Network ID")) {
        Some(Format::Typeform)
    } else {
        None
    }
}

/// The name of a survey from its file: `Flaky tests (Responses) (1).csv` → `Flaky tests`.
pub fn name_from_path(file: &str) -> String {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| file.to_string());
    let mut name = stem.trim().to_string();
    loop {
        let before = name.clone();
        for suffix in [" (Responses)", " - Responses", " Responses"] {
            if let Some(s) = name.strip_suffix(suffix) {
                name = s.trim().to_string();
            }
        }
        if let Some(open) = name.rfind(" (") {
            if name.ends_with(')')
                && name[open + 2..name.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit())
            {
                name = name[..open].trim().to_string();
            }
        }
        if name == before {
            break;
        }
    }
    if name.is_empty() {
        stem
    } else {
        name
    }
}

/// A stable fingerprint of a survey's columns.
fn fingerprint(parts: &[String]) -> String {
    let bytes = parts.iter().flat_map(|p| p.bytes().chain([0x1f]));
    format!("{:016x}", crate::search::dedup::fnv1a(bytes))
}

/// Reads a whole survey table. `format` is the export format ([`Format::Csv`] / [`Format::Xlsx`]
/// for a generic table); `mappings` override the detected column roles by header.
pub fn read(
    mut table: impl RowSource,
    format: Format,
    file: &str,
    mappings: &[ColumnMap],
) -> Result<ParsedSurvey> {
    let headers = table.headers().to_vec();
    let invalid = |field: &str, message: String| Error::InvalidInput {
        field: Some(field.into()),
        message,
    };
    let mut data = Vec::new();
    let mut held = 0usize;
    while let Some(row) = table.next_row()? {
        for (i, cell) in row.fields.iter().enumerate() {
            if cell.len() > super::table::MAX_FIELD_BYTES {
                let column = headers
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("(column {})", i + 1));
                return Err(invalid(
                    &column,
                    format!(
                        "{file}, line {}, column {column:?}: one answer holds {:.1} MiB, more than the {} MiB an answer may hold; nothing was imported",
                        row.line,
                        cell.len() as f64 / 1048576.0,
                        super::table::MAX_FIELD_BYTES / 1048576
                    ),
                ));
            }
            held += cell.len() + CELL_OVERHEAD;
        }
        if held > MAX_SURVEY_BYTES {
            return Err(invalid(
                "path",
                format!(
                    "{file}, line {}: the survey holds more than the {} MiB of answers a survey import reads at once; nothing was imported. Split the export, or if the file is not a survey import it with --kind tickets",
                    row.line,
                    MAX_SURVEY_BYTES / 1048576
                ),
            ));
        }
        data.push(row);
    }
    // Question text and metadata roles, per column, from the format's header rows.
    let mut texts = headers.clone();
    let mut known: Vec<Option<ColumnRole>> = vec![None; headers.len()];
    let mut skip = 0;
    match format {
        Format::Qualtrics
            if headers
                .first()
                .is_some_and(|h| h.eq_ignore_ascii_case("v1")) =>
        {
            // Legacy: V1…V10 then question ids; the second row holds the labels.
            let labels = data.first().ok_or_else(|| {
                invalid(
                    "path",
                    format!("{file}: the survey has no responses (only its header row)"),
                )
            })?;
            for (i, label) in labels.fields.iter().enumerate().take(headers.len()) {
                if !label.trim().is_empty() {
                    texts[i] = label.trim().to_string();
                }
                let h = headers[i].to_lowercase();
                let l = label.trim().to_lowercase();
                known[i] = if l == "responseid" {
                    Some(ColumnRole::Respondent)
                } else if l == "enddate" {
                    Some(ColumnRole::Submitted)
                } else if (h.starts_with('v') && h[1..].chars().all(|c| c.is_ascii_digit()))
                    || h.starts_with("location")
                    || h.starts_with("(column")
                {
                    Some(ColumnRole::Ignore)
                } else {
                    None
                };
            }
            skip = 1;
        }
        Format::Qualtrics => {
            let labels = data.first().ok_or_else(|| {
                invalid(
                    "path",
                    format!("{file}: the survey has no responses (only its header row)"),
                )
            })?;
            let ids = data.get(1).ok_or_else(|| {
                invalid(
                    "path",
                    format!("{file}: the survey has no responses (only its header rows)"),
                )
            })?;
            let first_id = ids.fields.first().map(String::as_str).unwrap_or("");
            if !first_id.trim_start().starts_with("{\"ImportId\"") {
                return Err(invalid(
                    headers.first().map(String::as_str).unwrap_or("ImportId"),
                    format!(
                        "{file} line {}: a Qualtrics export has a third header row of {{\"ImportId\": …}} cells, \
                         but column {:?} holds {:?}. Export the survey again from Qualtrics \
                         (Data & Analysis → Export & Import → CSV), or import it as a generic table with --format csv",
                        ids.line,
                        headers.first().cloned().unwrap_or_default(),
                        first_id.chars().take(40).collect::<String>()
                    ),
                ));
            }
            for i in 0..headers.len() {
                if let Some(label) = labels.fields.get(i).filter(|l| !l.trim().is_empty()) {
                    texts[i] = label.trim().to_string();
                }
                let import_id = ids
                    .fields
                    .get(i)
                    .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
                    .and_then(|v| v.get("ImportId").and_then(|x| x.as_str()).map(String::from))
                    .unwrap_or_default();
                known[i] = match import_id.as_str() {
                    "_recordId" => Some(ColumnRole::Respondent),
                    "recordedDate" => Some(ColumnRole::Submitted),
                    "startDate"
                    | "endDate"
                    | "status"
                    | "ipAddress"
                    | "progress"
                    | "duration"
                    | "finished"
                    | "recipientLastName"
                    | "recipientFirstName"
                    | "recipientEmail"
                    | "externalDataReference"
                    | "locationLatitude"
                    | "locationLongitude"
                    | "distributionChannel"
                    | "userLanguage" => Some(ColumnRole::Ignore),
                    _ => None,
                };
            }
            skip = 2;
        }
        Format::GoogleForms => {
            known[0] = Some(ColumnRole::Submitted);
            for (i, h) in headers.iter().enumerate() {
                let h = h.to_lowercase();
                if h == "email address" || h == "username" || h == "e-mail-adresse" {
                    known[i] = Some(ColumnRole::Respondent);
                }
            }
        }
        Format::Typeform => {
            for (i, h) in headers.iter().enumerate() {
                known[i] = match h.to_lowercase().as_str() {
                    "#" | "response id" | "token" => Some(ColumnRole::Respondent),
                    "submit date (utc)" => Some(ColumnRole::Submitted),
                    "start date (utc)" | "stage date (utc)" | "network id" | "response type"
                    | "tags" | "ending" => Some(ColumnRole::Ignore),
                    _ => None,
                };
            }
        }
        _ => {
            for (i, h) in headers.iter().enumerate() {
                let h = h.to_lowercase();
                known[i] = match h.as_str() {
                    "respondent" | "respondent id" | "response id" | "responseid" | "id" => {
                        Some(ColumnRole::Respondent)
                    }
                    "timestamp" | "submitted" | "submitted at" | "submitted_at" | "date" => {
                        Some(ColumnRole::Submitted)
                    }
                    _ => None,
                };
            }
        }
    }
    let data: Vec<_> = data.into_iter().skip(skip).collect();
    if data.is_empty() {
        return Err(invalid(
            "path",
            format!(
                "{file}: the survey has no responses (only its header row{})",
                if skip > 0 { "s" } else { "" }
            ),
        ));
    }
    // Rows: ragged rows are rejected, short rows padded.
    let mut rejected = Vec::new();
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    for row in data {
        let extra = row
            .fields
            .iter()
            .enumerate()
            .skip(headers.len())
            .find(|(_, f)| !f.trim().is_empty());
        if let Some((i, _)) = extra {
            rejected.push(Rejected {
                line: row.line,
                field: format!("(column {})", i + 1),
                reason: format!(
                    "the row has {} cells but the header has {} columns",
                    row.fields.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let mut cells = row.fields;
        cells.resize(headers.len(), String::new());
        rows.push((row.line, cells));
    }
    // Typeform: a checkbox question is one column per option, each holding its option or nothing.
    let (headers, texts, known, rows) = if format == Format::Typeform {
        merge_option_columns(headers, texts, known, rows)
    } else {
        (headers, texts, known, rows)
    };

    // Roles: the user's mapping, else the format's metadata, else detection from the answers.
    let mut columns = Vec::with_capacity(headers.len());
    let mut how = Vec::with_capacity(headers.len());
    for (i, key) in headers.iter().enumerate() {
        let values: Vec<&str> = rows
            .iter()
            .map(|(_, c)| c[i].trim())
            .filter(|v| !v.is_empty())
            .collect();
        let mapped = mappings
            .iter()
            .find(|m| m.header.eq_ignore_ascii_case(key))
            .map(|m| {
                ColumnRole::parse(&m.field).ok_or_else(|| {
                    invalid(
                        "mappings",
                        format!(
                            "{file}: column {key:?} cannot be mapped to {:?}; use one of {}",
                            m.field,
                            ColumnRole::ALL.map(|r| r.name()).join(", ")
                        ),
                    )
                })
            })
            .transpose()?;
        let (role, source) = match (mapped, known[i]) {
            (Some(r), _) => (r, MappingSource::User),
            (None, Some(r)) => (r, MappingSource::Known),
            (None, None) => (detect(&texts[i], &values), MappingSource::Suggested),
        };
        let options = options_for(role, &values);
        columns.push(SurveyColumn {
            key: key.clone(),
            text: texts[i].clone(),
            role,
            options,
        });
        how.push(source);
    }
    assign_attributes(&mut columns, &how, &rows);
    for m in mappings {
        if !columns
            .iter()
            .any(|c| c.key.eq_ignore_ascii_case(&m.header))
        {
            return Err(invalid(
                "mappings",
                format!("{file}: there is no column {:?} to map", m.header),
            ));
        }
    }

    // Respondent keys and submission times.
    let submitted_col = columns.iter().position(|c| c.role == ColumnRole::Submitted);
    let respondent_col = columns
        .iter()
        .position(|c| c.role == ColumnRole::Respondent);
    let date_style =
        submitted_col.map(|s| dates::guess_style(rows.iter().map(|(_, c)| c[s].as_str())));
    let style = date_style.unwrap_or_default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut repeats: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (line, cells) in rows {
        let submitted = match submitted_col.map(|s| cells[s].trim()) {
            Some(v) if !v.is_empty() => match dates::parse_as(v, style) {
                Ok(d) => Some(d.utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                Err(reason) => {
                    rejected.push(Rejected {
                        line,
                        field: columns[submitted_col.unwrap_or(0)].key.clone(),
                        reason,
                    });
                    continue;
                }
            },
            _ => None,
        };
        let key = match respondent_col
            .map(|r| cells[r].trim())
            .filter(|v| !v.is_empty())
        {
            Some(id) => {
                if let Some(first) = seen.get(id) {
                    rejected.push(Rejected {
                        line,
                        field: columns[respondent_col.unwrap_or(0)].key.clone(),
                        reason: format!(
                            "response {id} appears again: line {first} already holds it"
                        ),
                    });
                    continue;
                }
                seen.insert(id.to_string(), line);
                id.to_string()
            }
            None => match submitted_col
                .map(|s| cells[s].trim())
                .filter(|v| !v.is_empty())
            {
                // Two responses in the same second: the export's order tells them apart.
                Some(at) => {
                    let n = repeats.entry(at.to_string()).or_insert(0);
                    *n += 1;
                    if *n == 1 {
                        at.to_string()
                    } else {
                        format!("{at}#{n}")
                    }
                }
                None => format!("line:{line}"),
            },
        };
        out.push(ResponseRow {
            line,
            key,
            submitted,
            cells,
        });
    }
    let mut identity: Vec<String> = vec![format.name().to_string()];
    identity.extend(columns.iter().map(|c| c.key.clone()));
    Ok(ParsedSurvey {
        format,
        name: name_from_path(file),
        key: format!("{}:{}", format.name(), fingerprint(&identity)),
        columns,
        how,
        rows: out,
        rejected,
        date_style,
    })
}

type Merged = (
    Vec<String>,
    Vec<String>,
    Vec<Option<ColumnRole>>,
    Vec<(u64, Vec<String>)>,
);

/// Joins Typeform's per-option checkbox columns (each holding its own header or nothing) into one
/// multiple-choice column whose cells list the chosen options.
fn merge_option_columns(
    headers: Vec<String>,
    texts: Vec<String>,
    known: Vec<Option<ColumnRole>>,
    rows: Vec<(u64, Vec<String>)>,
) -> Merged {
    let is_option = |i: usize| {
        known[i].is_none()
            && rows.iter().any(|(_, c)| !c[i].trim().is_empty())
            && rows
                .iter()
                .all(|(_, c)| c[i].trim().is_empty() || c[i].trim() == headers[i].trim())
    };
    let flags: Vec<bool> = (0..headers.len()).map(is_option).collect();
    // Runs of at least two option columns.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < headers.len() {
        if flags[i] {
            let start = i;
            while i < headers.len() && flags[i] {
                i += 1;
            }
            if i - start >= 2 {
                groups.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    if groups.is_empty() {
        return (headers, texts, known, rows);
    }
    let mut h2 = Vec::new();
    let mut t2 = Vec::new();
    let mut k2 = Vec::new();
    let mut plan: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while i < headers.len() {
        if let Some(&(s, e)) = groups.iter().find(|(s, _)| *s == i) {
            let opts = headers[s..e].join(", ");
            h2.push(format!("Choices: {opts}"));
            t2.push(format!("Which of these apply? ({opts})"));
            k2.push(None);
            plan.push(s..e);
            i = e;
        } else {
            h2.push(headers[i].clone());
            t2.push(texts[i].clone());
            k2.push(known[i]);
            plan.push(i..i + 1);
            i += 1;
        }
    }
    let rows = rows
        .into_iter()
        .map(|(line, cells)| {
            let merged = plan
                .iter()
                .map(|r| {
                    if r.len() == 1 {
                        cells[r.start].clone()
                    } else {
                        cells[r.clone()]
                            .iter()
                            .map(|c| c.trim())
                            .filter(|c| !c.is_empty())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                })
                .collect();
            (line, merged)
        })
        .collect();
    (h2, t2, k2, rows)
}

/// Known answer scales, lowest point first. Alternatives for one point are separated by `|`.
const SCALES: &[&[&str]] = &[
    &[
        "strongly disagree",
        "disagree",
        "somewhat disagree",
        "neither agree nor disagree|neutral|neither",
        "somewhat agree",
        "agree",
        "strongly agree",
    ],
    &["never", "rarely", "sometimes", "often|very often", "always"],
    &[
        "very dissatisfied",
        "dissatisfied|somewhat dissatisfied",
        "neutral|neither satisfied nor dissatisfied",
        "satisfied|somewhat satisfied",
        "very satisfied",
    ],
    &[
        "not at all important",
        "slightly important",
        "moderately important",
        "very important",
        "extremely important",
    ],
    &[
        "very unlikely",
        "unlikely",
        "neutral",
        "likely",
        "very likely",
    ],
    &[
        "very difficult",
        "difficult",
        "neutral",
        "easy",
        "very easy",
    ],
    &["very poor", "poor", "fair", "good", "very good|excellent"],
];

/// The scale all `values` belong to, as (point index, alternatives) pairs, if any.
fn scale_of(values: &[&str]) -> Option<&'static [&'static str]> {
    let distinct: std::collections::BTreeSet<String> =
        values.iter().map(|v| v.trim().to_lowercase()).collect();
    if distinct.len() < 2 {
        return None;
    }
    SCALES.iter().copied().find(|scale| {
        distinct
            .iter()
            .all(|v| scale.iter().any(|p| p.split('|').any(|a| a == v)))
    })
}

/// The labels of a Likert question: the scale's points, lowest first, in the file's own spelling
/// where it used them.
fn likert_labels(values: &[&str]) -> Vec<String> {
    let Some(scale) = scale_of(values) else {
        return Vec::new();
    };
    let spelled = |alts: &str| {
        alts.split('|').find_map(|a| {
            values
                .iter()
                .find(|v| v.trim().eq_ignore_ascii_case(a))
                .map(|v| v.trim().to_string())
        })
    };
    // The scale's ends and its fixed points always; a neutral or "somewhat" point only when
    // someone chose it (many forms leave them out, and the mean must use the form's own scale).
    let optional =
        |p: &str| p.starts_with("somewhat") || p.contains("neutral") || p.starts_with("neither");
    let last = scale.len() - 1;
    (0..scale.len())
        .filter(|i| *i == 0 || *i == last || !optional(scale[*i]) || spelled(scale[*i]).is_some())
        .map(|i| {
            spelled(scale[i]).unwrap_or_else(|| {
                let first = scale[i].split('|').next().unwrap_or_default();
                let mut c = first.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
        })
        .collect()
}

fn header_has(text: &str, needles: &[&str]) -> bool {
    let t = text.to_lowercase();
    needles.iter().any(|n| t.contains(n))
}

/// Tells what kind of question a column is from its header and its (non-empty) answers.
pub fn detect(text: &str, values: &[&str]) -> ColumnRole {
    if values.is_empty() {
        return ColumnRole::Ignore;
    }
    if scale_of(values).is_some() {
        return ColumnRole::Likert;
    }
    let numbers: Vec<f64> = values
        .iter()
        .filter_map(|v| surveys::scale::parse_number(v))
        .collect();
    if numbers.len() == values.len() {
        let ints = numbers.iter().all(|n| n.fract() == 0.0);
        let within = |lo: f64, hi: f64| ints && numbers.iter().all(|n| *n >= lo && *n <= hi);
        if within(0.0, 10.0)
            && header_has(
                text,
                &[
                    "recommend",
                    "nps",
                    "net promoter",
                    "0-10",
                    "0 to 10",
                    "0 – 10",
                    "0–10",
                ],
            )
        {
            return ColumnRole::Nps;
        }
        if within(1.0, 7.0)
            && header_has(
                text,
                &[
                    "satisf",
                    "agree",
                    "rate ",
                    "rating",
                    "scale",
                    "how easy",
                    "how likely",
                    "how happy",
                    "how would you rate",
                    "1-5",
                    "1 to 5",
                    "1–5",
                ],
            )
        {
            return ColumnRole::Likert;
        }
        return ColumnRole::Numeric;
    }
    let n = values.len();
    let several = values
        .iter()
        .filter(|v| surveys::split_options(v, &[]).len() > 1)
        .count();
    if several * 100 >= n * 15 {
        let mut counts: HashMap<String, u64> = HashMap::new();
        // Option → the distinct answers it appears in: a real checkbox question combines its
        // options in different ways; "Yes, I consent." is one option that happens to hold a comma.
        let mut combos: HashMap<String, std::collections::HashSet<String>> = HashMap::new();
        for v in values {
            for o in surveys::split_options(v, &[]) {
                *counts.entry(o.to_lowercase()).or_default() += 1;
                combos
                    .entry(o.to_lowercase())
                    .or_default()
                    .insert(v.trim().to_lowercase());
            }
        }
        let total: u64 = counts.values().sum();
        let reused: u64 = counts.values().filter(|c| **c >= 2).sum();
        let combined = combos.values().any(|answers| answers.len() >= 2);
        if combined && total > 0 && reused * 10 >= total * 7 && counts.len() <= 60 {
            return ColumnRole::Multiple;
        }
    }
    let mut counts: HashMap<String, u64> = HashMap::new();
    for v in values {
        *counts.entry(v.trim().to_lowercase()).or_default() += 1;
    }
    let reused: u64 = counts.values().filter(|c| **c >= 2).sum();
    let mean_len = values.iter().map(|v| v.chars().count()).sum::<usize>() / n;
    if n >= 2 && counts.len() <= 15 && reused * 10 >= n as u64 * 7 && mean_len < 80 {
        return ColumnRole::Single;
    }
    ColumnRole::Text
}

/// The options a role needs: Likert labels, or choice options most chosen first.
fn options_for(role: ColumnRole, values: &[&str]) -> Vec<String> {
    match role {
        ColumnRole::Likert => likert_labels(values),
        ColumnRole::Multiple | ColumnRole::Single => {
            let mut counts: HashMap<String, (String, u64)> = HashMap::new();
            let mut first = Vec::new();
            for v in values {
                let picked = if role == ColumnRole::Multiple {
                    surveys::split_options(v, &[])
                } else {
                    vec![v.trim().to_string()]
                };
                for o in picked {
                    let e = counts.entry(o.to_lowercase()).or_insert_with(|| {
                        first.push(o.to_lowercase());
                        (o.clone(), 0)
                    });
                    e.1 += 1;
                }
            }
            let mut opts: Vec<(String, u64)> = first.iter().map(|k| counts[k].clone()).collect();
            // Only options chosen more than once are a vocabulary (the rest are "Other" text).
            if role == ColumnRole::Multiple {
                opts.retain(|(_, c)| *c >= 2);
            }
            opts.sort_by_key(|o| std::cmp::Reverse(o.1));
            opts.into_iter().map(|(o, _)| o).collect()
        }
        _ => Vec::new(),
    }
}

/// Marks the first detected columns holding the respondent's team, role and tenure, from their
/// headers. Only detected columns change (never the user's or the format's choice).
fn assign_attributes(
    columns: &mut [SurveyColumn],
    how: &[MappingSource],
    rows: &[(u64, Vec<String>)],
) {
    let candidates: [(ColumnRole, &[&str], &[ColumnRole]); 3] = [
        (
            ColumnRole::Team,
            &[
                "your team",
                "which team",
                "team name",
                "what team",
                "department",
                "squad",
                "business unit",
                "which group",
                "organization",
                "organisation",
            ],
            &[ColumnRole::Single, ColumnRole::Text],
        ),
        (
            ColumnRole::Role,
            &[
                "your role",
                "what role",
                "which role",
                "job title",
                "job function",
                "discipline",
                "what is your position",
                "role:",
            ],
            &[ColumnRole::Single, ColumnRole::Text],
        ),
        (
            ColumnRole::Tenure,
            &[
                "tenure",
                "how long have you",
                "years have you",
                "years experience",
                "years of experience",
                "experience do you have",
                "how long at",
            ],
            &[ColumnRole::Single, ColumnRole::Numeric, ColumnRole::Text],
        ),
    ];
    for (attr, needles, from) in candidates {
        if columns.iter().any(|c| c.role == attr) {
            continue;
        }
        let exact = |c: &SurveyColumn| {
            let t = c.text.trim().trim_end_matches(['?', ':']).to_lowercase();
            t == attr.name()
        };
        let pick = (0..columns.len()).find(|i| {
            let c = &columns[*i];
            how[*i] == MappingSource::Suggested
                && from.contains(&c.role)
                && (exact(c) || header_has(&c.text, needles))
                // A yes/no question is not an attribute.
                && !rows.iter().all(|(_, cells)| {
                    matches!(cells[*i].trim().to_lowercase().as_str(), "" | "yes" | "no")
                })
        });
        if let Some(i) = pick {
            columns[i].role = attr;
            columns[i].options = Vec::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_kinds_from_answers() {
        let agree = ["Agree", "Strongly agree", "Disagree", "Agree"];
        assert_eq!(detect("Flaky tests hinder CI", &agree), ColumnRole::Likert);
        assert_eq!(
            likert_labels(&agree),
            vec!["Strongly disagree", "Disagree", "Agree", "Strongly agree"]
        );
        let nps = ["10", "9", "3", "7", "0"];
        assert_eq!(
            detect(
                "How likely are you to recommend the platform to a colleague?",
                &nps
            ),
            ColumnRole::Nps
        );
        assert_eq!(
            detect("How many services do you own?", &nps),
            ColumnRole::Numeric
        );
        assert_eq!(
            detect("How satisfied are you with CI? (1-5)", &["4", "5", "2"]),
            ColumnRole::Likert
        );
        let multi = ["Chat, Demos", "Chat", "Chat, Emails, Demos", "Emails"];
        assert_eq!(detect("Which channels?", &multi), ColumnRole::Multiple);
        // One option with a comma in it is not several options.
        let consent = [
            "Yes, I consent.",
            "Yes, I consent.",
            "Yes, I consent.",
            "No, I do not consent.",
            "No, I do not consent.",
        ];
        assert_eq!(detect("Do you consent?", &consent), ColumnRole::Single);
        let single = ["Weekly", "Monthly", "Weekly", "Daily", "Monthly", "Weekly"];
        assert_eq!(detect("How often?", &single), ColumnRole::Single);
        let text = [
            "The deploy pipeline times out every Friday, and nobody knows why.",
            "Builds are slow, flaky, and the cache never hits.",
            "Onboarding took three weeks, mostly waiting for access.",
        ];
        assert_eq!(detect("What slows you down?", &text), ColumnRole::Text);
        assert_eq!(detect("Unanswered", &[]), ColumnRole::Ignore);
    }

    #[test]
    fn survey_names_drop_export_suffixes() {
        assert_eq!(
            name_from_path("/x/Flaky tests (Responses) (1).csv"),
            "Flaky tests"
        );
        assert_eq!(name_from_path("dx-survey.csv"), "dx-survey");
    }

    #[test]
    fn formats_from_headers() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            detect_format(&h(&["Timestamp", "Q"])),
            Some(Format::GoogleForms)
        );
        assert_eq!(
            detect_format(&h(&["StartDate", "EndDate", "ResponseId", "Q1"])),
            Some(Format::Qualtrics)
        );
        assert_eq!(
            detect_format(&h(&["V1", "V2", "Q1"])),
            Some(Format::Qualtrics)
        );
        assert_eq!(
            detect_format(&h(&[
                "#",
                "Q",
                "Start Date (UTC)",
                "Submit Date (UTC)",
                "Network ID"
            ])),
            Some(Format::Typeform)
        );
        assert_eq!(detect_format(&h(&["Summary", "Issue key"])), None);
    }
}
