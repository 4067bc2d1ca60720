//! Reading delivery metrics from CSV/TSV or JSON: deployment events, incident events and
//! ready-made series. Columns are recognized by name (`deployed_at`, `lead_time_h`,
//! `contains_revert`, `opened_at`…) or mapped with `COLUMN=FIELD`. A row that cannot be read is
//! rejected with its line and field; the others are stored in one transaction, upserted by
//! (service, key) — or (team, metric, day) for series — so importing a newer export updates rows.

use super::MetricsKind;
use crate::error::{Error, Result};
use crate::import::dates::{self, DateStyle};
use crate::import::{ColumnMap, Rejected};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use ts_rs::TS;

/// How to read a metrics file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MetricsImportOptions {
    /// What the file holds; detected from its columns when `None`.
    #[serde(default)]
    pub kind: Option<MetricsKind>,
    /// Columns read as fields, beside the ones recognized by name. Several columns may map to
    /// `failed`: a deployment failed if any of them says so.
    #[serde(default)]
    pub map: Vec<ColumnMap>,
}

/// What an import stored.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MetricsImportReport {
    /// What the file held.
    pub kind: MetricsKind,
    /// The file.
    pub file: String,
    /// New rows.
    #[ts(type = "number")]
    pub imported: u64,
    /// Rows that replaced an earlier import of the same event or value.
    #[ts(type = "number")]
    pub updated: u64,
    /// Rows that could not be read, with line and field.
    pub rejected: Vec<Rejected>,
    /// Which column was read as which field.
    pub columns: Vec<ColumnMap>,
}

/// The fields of a kind, required ones first.
pub fn fields(kind: MetricsKind) -> &'static [&'static str] {
    match kind {
        MetricsKind::Deployments => &[
            "deployed_at",
            "key",
            "service",
            "team",
            "lead_time_h",
            "commit_at",
            "failed",
        ],
        MetricsKind::Incidents => &[
            "opened_at",
            "resolved_at",
            "key",
            "service",
            "team",
            "severity",
        ],
        MetricsKind::Series => &["day", "metric", "value", "team"],
    }
}

fn required(kind: MetricsKind) -> &'static [&'static str] {
    match kind {
        MetricsKind::Deployments => &["deployed_at"],
        MetricsKind::Incidents => &["opened_at"],
        MetricsKind::Series => &["day", "metric", "value"],
    }
}

use super::snake_key as normalize;

/// Headers naming the service an event belongs to, in deployment and incident files alike.
const SERVICE_NAMES: &[&str] = &[
    "service",
    "app",
    "application",
    "component",
    "repo",
    "repository",
];
/// Headers naming the team, in every kind of file.
const TEAM_NAMES: &[&str] = &["team", "owner", "owning_team", "squad"];

/// The field a header names, with a factor converting its unit to hours (lead times).
fn recognize(kind: MetricsKind, header: &str) -> Option<(&'static str, f64)> {
    let h = normalize(header);
    let is = |names: &[&str]| names.contains(&h.as_str());
    let field = match kind {
        MetricsKind::Deployments => {
            if h.starts_with("lead_time") || h == "leadtime" {
                let unit = if h.ends_with("_min") || h.ends_with("_minutes") || h.ends_with("_m") {
                    1.0 / 60.0
                } else if h.ends_with("_s") || h.ends_with("_sec") || h.ends_with("_seconds") {
                    1.0 / 3600.0
                } else if h.ends_with("_d") || h.ends_with("_days") {
                    24.0
                } else {
                    1.0
                };
                // The median of a deploy's commits, not their maximum.
                if h.contains("max") || h.contains("min_h") {
                    return None;
                }
                return Some(("lead_time_h", unit));
            }
            if is(&[
                "deploy_id",
                "deployment_id",
                "id",
                "key",
                "release",
                "version",
                "tag",
            ]) {
                "key"
            } else if is(SERVICE_NAMES) {
                "service"
            } else if is(TEAM_NAMES) {
                "team"
            } else if is(&[
                "deployed_at",
                "deploy_time",
                "deployment_time",
                "deployed",
                "finished_at",
                "time",
                "timestamp",
                "date",
            ]) {
                "deployed_at"
            } else if is(&[
                "commit_at",
                "commit_time",
                "committed_at",
                "first_commit_at",
                "commit_timestamp",
            ]) {
                "commit_at"
            } else if is(&[
                "failed",
                "failure",
                "is_failure",
                "change_failure",
                "change_failed",
                "rolled_back",
                "rollback",
                "reverted",
                "contains_revert",
                "caused_incident",
            ]) {
                "failed"
            } else {
                return None;
            }
        }
        MetricsKind::Incidents => {
            if is(&["incident_id", "id", "key", "number", "incident"]) {
                "key"
            } else if is(SERVICE_NAMES) {
                "service"
            } else if is(TEAM_NAMES) {
                "team"
            } else if is(&["severity", "sev", "priority"]) {
                "severity"
            } else if is(&[
                "opened_at",
                "opened",
                "created_at",
                "started_at",
                "start",
                "detected_at",
                "begin",
            ]) {
                "opened_at"
            } else if is(&[
                "resolved_at",
                "resolved",
                "closed_at",
                "restored_at",
                "ended_at",
                "end",
                "mitigated_at",
            ]) {
                "resolved_at"
            } else {
                return None;
            }
        }
        MetricsKind::Series => {
            if is(&["date", "day", "week", "period", "month"]) {
                "day"
            } else if is(&["metric", "name", "kpi", "measure"]) {
                "metric"
            } else if is(&["value", "val", "score", "amount"]) {
                "value"
            } else if is(&["team", "owner", "squad"]) {
                "team"
            } else {
                return None;
            }
        }
    };
    Some((field, 1.0))
}

/// Guesses what a file holds from its headers.
pub fn detect(headers: &[String]) -> Option<MetricsKind> {
    let has = |kind, field| {
        headers
            .iter()
            .any(|h| recognize(kind, h).is_some_and(|(f, _)| f == field))
    };
    if has(MetricsKind::Series, "metric") && has(MetricsKind::Series, "value") {
        Some(MetricsKind::Series)
    } else if has(MetricsKind::Incidents, "opened_at") && has(MetricsKind::Incidents, "resolved_at")
    {
        Some(MetricsKind::Incidents)
    } else if headers.iter().any(|h| {
        let n = normalize(h);
        n.contains("deploy") || n.starts_with("lead_time")
    }) && has(MetricsKind::Deployments, "deployed_at")
    {
        Some(MetricsKind::Deployments)
    } else {
        None
    }
}

/// Records read from a file: headers, and rows as (line or item number, cells).
struct Records {
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_records(path: &Path) -> Result<Records> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("reading {name}"), e))?;
    let (text, _) = crate::import::text::decode(&bytes, None)
        .map_err(|reason| Error::invalid("file", format!("{name}: {reason}")))?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        return json_records(&name, trimmed);
    }
    let table = crate::import::table::read(&text, &name, None)?;
    Ok(Records {
        headers: table.headers,
        rows: table.rows.into_iter().map(|r| (r.line, r.fields)).collect(),
    })
}

fn json_records(name: &str, text: &str) -> Result<Records> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            "file",
            format!("{name}: line {}: not valid JSON: {e}", e.line()),
        )
    })?;
    let items = match value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(mut o) => {
            let key = ["deployments", "incidents", "series", "data", "items", "records"]
                .into_iter()
                .find(|k| o.get(*k).is_some_and(|v| v.is_array()))
                .ok_or_else(|| {
                    Error::invalid(
                        "file",
                        format!("{name}: expected an array of records, or an object with a \"deployments\", \"incidents\" or \"series\" array"),
                    )
                })?;
            match o.remove(key) {
                Some(serde_json::Value::Array(a)) => a,
                _ => Vec::new(),
            }
        }
        _ => {
            return Err(Error::invalid(
                "file",
                format!("{name}: expected an array of records"),
            ))
        }
    };
    let mut headers: Vec<String> = Vec::new();
    for item in &items {
        if let Some(o) = item.as_object() {
            for k in o.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
    }
    let rows = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let cells = headers
                .iter()
                .map(|h| match item.get(h) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                })
                .collect();
            (n as u64 + 1, cells)
        })
        .collect();
    Ok(Records { headers, rows })
}

/// A column read as a field, with the factor to hours for lead times.
struct Binding {
    column: usize,
    field: &'static str,
    factor: f64,
}

fn bind(
    kind: MetricsKind,
    headers: &[String],
    map: &[ColumnMap],
    file: &str,
) -> Result<Vec<Binding>> {
    let mut out: Vec<Binding> = Vec::new();
    let known = fields(kind);
    for m in map {
        let column = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(m.header.trim()))
            .ok_or_else(|| {
                Error::invalid(
                    "map",
                    format!(
                        "{file} has no column {:?}; its columns are {}",
                        m.header,
                        headers.join(", ")
                    ),
                )
            })?;
        let field = m.field.trim().to_lowercase();
        if field == "ignore" {
            out.push(Binding {
                column,
                field: "ignore",
                factor: 1.0,
            });
            continue;
        }
        let field = known.iter().copied().find(|f| *f == field).ok_or_else(|| {
            Error::invalid(
                "map",
                format!(
                    "unknown field {:?} for {}; use {} or ignore",
                    m.field,
                    kind.as_str(),
                    known.join(", ")
                ),
            )
        })?;
        let factor = recognize(kind, &headers[column])
            .filter(|(f, _)| *f == field)
            .map_or(1.0, |(_, u)| u);
        out.push(Binding {
            column,
            field,
            factor,
        });
    }
    for (column, h) in headers.iter().enumerate() {
        if out.iter().any(|b| b.column == column) {
            continue;
        }
        if let Some((field, factor)) = recognize(kind, h) {
            // The first column recognized as a field wins (failed may come from several).
            if field != "failed" && out.iter().any(|b| b.field == field) {
                continue;
            }
            out.push(Binding {
                column,
                field,
                factor,
            });
        }
    }
    for need in required(kind) {
        if !out.iter().any(|b| b.field == *need) {
            return Err(Error::invalid(
                need,
                format!(
                    "{file}: no column holds the {} {need}; its columns are {} — map one of them to {need}",
                    kind.singular(),
                    headers.join(", ")
                ),
            ));
        }
    }
    Ok(out)
}

fn truthy(v: &str) -> std::result::Result<bool, String> {
    match v.trim().to_lowercase().as_str() {
        "" | "false" | "f" | "no" | "n" | "0" | "success" | "succeeded" | "ok" => Ok(false),
        "true" | "t" | "yes" | "y" | "1" | "failed" | "failure" | "rolled back" | "rollback"
        | "reverted" => Ok(true),
        other => Err(format!("expected true or false, found {other:?}")),
    }
}

fn time(v: &str, style: DateStyle) -> std::result::Result<DateTime<Utc>, String> {
    dates::parse_as(v, style).map(|d| d.utc)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Imports a metrics file into the workspace's database.
pub fn import(
    conn: &Connection,
    path: &Path,
    opts: &MetricsImportOptions,
) -> Result<MetricsImportReport> {
    let file = path.display().to_string();
    let records = read_records(path)?;
    if records.headers.is_empty() || records.rows.is_empty() {
        return Err(Error::invalid(
            "file",
            format!("{file} holds no rows to import"),
        ));
    }
    let kind = match opts.kind {
        Some(k) => k,
        None => detect(&records.headers).ok_or_else(|| {
            Error::invalid(
                "kind",
                format!(
                    "cannot tell whether {file} holds deployments, incidents or series from its columns ({}); say which kind it holds",
                    records.headers.join(", ")
                ),
            )
        })?,
    };
    let bindings = bind(kind, &records.headers, &opts.map, &file)?;
    let column_of = |field: &str| bindings.iter().find(|b| b.field == field);
    // One date style per date column (day order, or Unix epoch seconds or milliseconds),
    // guessed from all its values.
    let order = |field: &str| {
        column_of(field).map_or(DateStyle::default(), |b| {
            dates::guess_style(
                records
                    .rows
                    .iter()
                    .filter_map(|(_, r)| r.get(b.column))
                    .map(String::as_str),
            )
        })
    };
    let orders: HashMap<&str, DateStyle> = fields(kind).iter().map(|f| (*f, order(f))).collect();
    let mut report = MetricsImportReport {
        kind,
        file: file.clone(),
        imported: 0,
        updated: 0,
        rejected: Vec::new(),
        columns: bindings
            .iter()
            .filter(|b| b.field != "ignore")
            .map(|b| ColumnMap {
                header: records.headers[b.column].clone(),
                field: b.field.to_string(),
            })
            .collect(),
    };
    crate::store::db::transaction(conn, |tx| {
        let import_id = start_import(tx, kind, &file)?;
        for (line, cells) in &records.rows {
            let get = |field: &str| -> Option<&str> {
                column_of(field)
                    .and_then(|b| cells.get(b.column))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
            };
            let reject = |field: &str, reason: String| Rejected {
                line: *line,
                field: column_of(field)
                    .map_or(field.to_string(), |b| records.headers[b.column].clone()),
                reason,
            };
            let stored = match kind {
                MetricsKind::Deployments => {
                    deployment(tx, import_id, &get, &bindings, cells, &orders)
                        .map_err(|(f, r)| reject(f, r))
                }
                MetricsKind::Incidents => {
                    incident(tx, import_id, &get, &orders).map_err(|(f, r)| reject(f, r))
                }
                MetricsKind::Series => {
                    series(tx, import_id, &get, &orders).map_err(|(f, r)| reject(f, r))
                }
            };
            match stored {
                Ok(Ok(true)) => report.updated += 1,
                Ok(Ok(false)) => report.imported += 1,
                Ok(Err(e)) => return Err(e),
                Err(rejected) => report.rejected.push(rejected),
            }
        }
        tx.execute(
            "UPDATE metric_imports SET rows = ?1 WHERE id = ?2",
            params![(report.imported + report.updated) as i64, import_id],
        )?;
        Ok(())
    })?;
    Ok(report)
}

/// Records the start of a metrics import (its row count is set when it ends).
pub fn start_import(tx: &Connection, kind: MetricsKind, file: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO metric_imports (kind, file, rows, imported_at) VALUES (?1, ?2, 0, ?3)",
        params![kind.as_str(), file, crate::store::db::now()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// One deployment as stored (times in RFC 3339, UTC).
pub struct Deployment<'a> {
    /// Unique per service.
    pub key: &'a str,
    /// Service deployed.
    pub service: &'a str,
    /// Owning team.
    pub team: &'a str,
    /// When it reached production.
    pub deployed_at: &'a str,
    /// Hours from commit to production.
    pub lead_time_h: Option<f64>,
    /// Whether it caused a failure in production.
    pub failed: bool,
}

/// Stores a deployment, replacing the one with the same service and key.
pub fn store_deployment(
    tx: &Connection,
    import_id: i64,
    d: &Deployment<'_>,
) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "INSERT INTO deployments (import_id, key, service, team, deployed_at, lead_time_h, failed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (service, key) DO UPDATE SET import_id = ?1, team = ?4,
             deployed_at = ?5, lead_time_h = ?6, failed = ?7",
    )?
    .execute(params![
        import_id,
        d.key,
        d.service,
        d.team,
        d.deployed_at,
        d.lead_time_h,
        d.failed
    ])
}

/// One incident as stored (times in RFC 3339, UTC).
pub struct Incident<'a> {
    /// Unique per service.
    pub key: &'a str,
    /// Service affected.
    pub service: &'a str,
    /// Owning team.
    pub team: &'a str,
    /// Severity as given (`sev1`…).
    pub severity: &'a str,
    /// When it started.
    pub opened_at: &'a str,
    /// When service was restored.
    pub resolved_at: Option<&'a str>,
}

/// Stores an incident, replacing the one with the same service and key.
pub fn store_incident(
    tx: &Connection,
    import_id: i64,
    i: &Incident<'_>,
) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "INSERT INTO incidents (import_id, key, service, team, severity, opened_at, resolved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (service, key) DO UPDATE SET import_id = ?1, team = ?4, severity = ?5,
             opened_at = ?6, resolved_at = ?7",
    )?
    .execute(params![
        import_id,
        i.key,
        i.service,
        i.team,
        i.severity,
        i.opened_at,
        i.resolved_at
    ])
}

type Stored = std::result::Result<Result<bool>, (&'static str, String)>;

fn deployment<'a>(
    tx: &Connection,
    import_id: i64,
    get: &impl Fn(&str) -> Option<&'a str>,
    bindings: &[Binding],
    cells: &[String],
    orders: &HashMap<&str, DateStyle>,
) -> Stored {
    let at_raw = get("deployed_at").ok_or(("deployed_at", "a deployment needs its time".into()))?;
    let at = time(at_raw, orders["deployed_at"]).map_err(|r| ("deployed_at", r))?;
    let service = get("service").or(get("team")).unwrap_or("all").to_string();
    let team = get("team").unwrap_or(&service).to_string();
    let key = get("key").map_or_else(|| rfc3339(at), str::to_string);
    let lead = match get("lead_time_h") {
        Some(v) => {
            let factor = bindings
                .iter()
                .find(|b| b.field == "lead_time_h")
                .map_or(1.0, |b| b.factor);
            let h: f64 = v.parse().map_err(|_| {
                (
                    "lead_time_h",
                    format!("expected a number of hours, found {v:?}"),
                )
            })?;
            if !h.is_finite() || h < 0.0 {
                return Err(("lead_time_h", format!("a lead time cannot be {v}")));
            }
            Some(h * factor)
        }
        None => match get("commit_at") {
            Some(c) => {
                let committed = time(c, orders["commit_at"]).map_err(|r| ("commit_at", r))?;
                let h = (at - committed).num_seconds() as f64 / 3600.0;
                if h < 0.0 {
                    return Err((
                        "commit_at",
                        format!("the commit ({c}) is after the deployment ({at_raw})"),
                    ));
                }
                Some(h)
            }
            None => None,
        },
    };
    let mut failed = false;
    for b in bindings.iter().filter(|b| b.field == "failed") {
        let v = cells.get(b.column).map_or("", String::as_str);
        failed |= truthy(v).map_err(|r| ("failed", r))?;
    }
    Ok(upsert(
        tx,
        "SELECT 1 FROM deployments WHERE service = ?1 AND key = ?2",
        &[&service, &key],
        || {
            store_deployment(
                tx,
                import_id,
                &Deployment {
                    key: &key,
                    service: &service,
                    team: &team,
                    deployed_at: &rfc3339(at),
                    lead_time_h: lead,
                    failed,
                },
            )
        },
    ))
}

fn incident<'a>(
    tx: &Connection,
    import_id: i64,
    get: &impl Fn(&str) -> Option<&'a str>,
    orders: &HashMap<&str, DateStyle>,
) -> Stored {
    let opened_raw = get("opened_at").ok_or(("opened_at", "an incident needs its start".into()))?;
    let opened = time(opened_raw, orders["opened_at"]).map_err(|r| ("opened_at", r))?;
    let resolved = match get("resolved_at") {
        Some(r) => {
            let t = time(r, orders["resolved_at"]).map_err(|e| ("resolved_at", e))?;
            if t < opened {
                return Err((
                    "resolved_at",
                    format!("resolved ({r}) before it was opened ({opened_raw})"),
                ));
            }
            Some(rfc3339(t))
        }
        None => None,
    };
    let service = get("service").or(get("team")).unwrap_or("all").to_string();
    let team = get("team").unwrap_or(&service).to_string();
    let key = get("key").map_or_else(|| rfc3339(opened), str::to_string);
    let severity = get("severity").unwrap_or("").to_string();
    Ok(upsert(
        tx,
        "SELECT 1 FROM incidents WHERE service = ?1 AND key = ?2",
        &[&service, &key],
        || {
            store_incident(
                tx,
                import_id,
                &Incident {
                    key: &key,
                    service: &service,
                    team: &team,
                    severity: &severity,
                    opened_at: &rfc3339(opened),
                    resolved_at: resolved.as_deref(),
                },
            )
        },
    ))
}

fn series<'a>(
    tx: &Connection,
    import_id: i64,
    get: &impl Fn(&str) -> Option<&'a str>,
    orders: &HashMap<&str, DateStyle>,
) -> Stored {
    let day_raw = get("day").ok_or(("day", "a value needs its date".into()))?;
    let day = dates::parse_as(day_raw, orders["day"])
        .map_err(|r| ("day", r))?
        .local_date
        .to_string();
    let metric =
        super::metric_key(get("metric").ok_or(("metric", "a value needs its metric".into()))?);
    if metric.is_empty() {
        return Err(("metric", "a metric name needs letters or digits".into()));
    }
    let raw = get("value").ok_or(("value", "empty value".into()))?;
    let value: f64 = raw
        .trim_end_matches('%')
        .parse()
        .map_err(|_| ("value", format!("expected a number, found {raw:?}")))?;
    if !value.is_finite() {
        return Err(("value", format!("expected a number, found {raw:?}")));
    }
    let value = if raw.ends_with('%') {
        value / 100.0
    } else {
        value
    };
    let team = get("team").unwrap_or("").to_string();
    Ok(upsert(
        tx,
        "SELECT 1 FROM metric_series WHERE team = ?1 AND metric = ?2 AND day = ?3",
        &[&team, &metric, &day],
        || {
            tx.execute(
                "INSERT INTO metric_series (import_id, team, metric, day, value) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (team, metric, day) DO UPDATE SET import_id = ?1, value = ?5",
                params![import_id, team, metric, day, value],
            )
        },
    ))
}

/// Runs `write` and says whether the row existed before.
fn upsert(
    tx: &Connection,
    exists: &str,
    key: &[&dyn rusqlite::ToSql],
    write: impl FnOnce() -> rusqlite::Result<usize>,
) -> Result<bool> {
    let existed = tx.query_row(exists, key, |_| Ok(())).optional()?.is_some();
    write()?;
    Ok(existed)
}
