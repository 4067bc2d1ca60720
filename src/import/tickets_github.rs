//! Tickets from the GitHub REST v3 `issues` API output (a JSON array; pull requests told apart).

use super::dates::{self, DayOrder};
use super::{Parsed, Record, Rejected};
use crate::error::{Error, Result};
use crate::research::tickets::TicketRecord;
use serde_json::Value;

pub(super) fn parse(content: &str, file: &str) -> Result<Vec<Parsed>> {
    let value: Value = serde_json::from_str(content).map_err(|e| Error::InvalidInput {
        field: None,
        message: format!(
            "{file}, line {}, column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        ),
    })?;
    let items = match value {
        Value::Array(items) => items,
        _ => {
            return Err(Error::InvalidInput {
                field: None,
                message: format!(
                "{file}: expected a JSON array of GitHub issues (the REST API's /issues output)"
            ),
            })
        }
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_item(i as u64 + 1, item))
        .collect())
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(next) => cur = next,
            None => return "",
        }
    }
    cur.as_str().unwrap_or("")
}

fn parse_item(n: u64, item: &Value) -> Parsed {
    let reject = |field: &str, reason: String| Rejected {
        line: n,
        field: field.into(),
        reason,
    };
    let Some(number) = item.get("number").and_then(Value::as_u64) else {
        return Err(reject("number", "item has no issue number".into()));
    };
    let title = str_at(item, &["title"]).trim();
    if title.is_empty() {
        return Err(reject("title", "the title is empty".into()));
    }
    // "https://api.github.com/repos/OWNER/REPO" → "OWNER/REPO"
    let repo = str_at(item, &["repository_url"])
        .rsplitn(3, '/')
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("/");
    let is_pr = item.get("pull_request").is_some_and(|p| !p.is_null());
    let mut rec = TicketRecord {
        key: format!("{repo}#{number}"),
        title: title.to_string(),
        body: str_at(item, &["body"])
            .replace("\r\n", "\n")
            .trim_end()
            .to_string(),
        status: str_at(item, &["state"]).to_string(),
        kind: if is_pr { "pull request" } else { "issue" }.into(),
        labels: item
            .get("labels")
            .and_then(Value::as_array)
            .map(|ls| {
                ls.iter()
                    .filter_map(|l| l.get("name").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        reporter: str_at(item, &["user", "login"]).to_string(),
        url: str_at(item, &["html_url"]).to_string(),
        ..TicketRecord::default()
    };
    for (field, target) in [("created_at", true), ("closed_at", false)] {
        let v = str_at(item, &[field]);
        if v.is_empty() {
            continue;
        }
        let d = dates::parse(v, DayOrder::DayFirst).map_err(|why| reject(field, why))?;
        let stamp = d.utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        if target {
            rec.created = Some(stamp);
            rec.date = Some(d.local_date.format("%Y-%m-%d").to_string());
        } else {
            rec.resolved = Some(stamp);
        }
    }
    let key = format!("github:{}", rec.key);
    Ok((n, key, Record::Ticket(rec)))
}
