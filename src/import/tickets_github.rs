//! Tickets from the GitHub REST v3 `issues` API output (a JSON array; pull requests told apart).

use super::dates::{self, DayOrder};
use super::{Parsed, Record, Rejected};
use crate::error::{Error, Result};
use crate::research::tickets::TicketRecord;
use serde_json::Value;

/// Items sent ahead of the importer: the reader thread stays at most this far in front.
const AHEAD: usize = 256;

/// Reads `content` whole (the fuzz targets' entry point): the items of [`stream`].
pub(super) fn parse(content: &str, file: &str) -> Result<Vec<Parsed>> {
    stream(std::io::Cursor::new(content.as_bytes().to_vec()), file)?.collect()
}

/// Streams a JSON array of issues from `reader` (UTF-8), one item at a time: a thread parses
/// the array element by element (serde's `SeqAccess`), so only the items in flight are held,
/// whatever the file's size. A syntax error ends the stream with an error naming the line and
/// column; anything but an array at the top is refused before any item.
pub(super) fn stream(
    reader: impl std::io::Read + Send + 'static,
    file: &str,
) -> Result<impl Iterator<Item = Result<Parsed>>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Parsed>>(AHEAD);
    let name = file.to_string();
    std::thread::Builder::new()
        .name("github-json".into())
        .spawn(move || {
            let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
            let outcome = serde::Deserializer::deserialize_seq(
                &mut de,
                Items {
                    tx: &tx,
                    file: &name,
                },
            )
            .and_then(|()| de.end());
            if let Err(e) = outcome {
                // A closed channel (the importer stopped reading) is not an error to report.
                let _ = tx.send(Err(json_error(&name, &e)));
            }
        })
        .map_err(|e| Error::io("cannot start the JSON reader", e))?;
    let mut items = rx.into_iter().peekable();
    // Refuse a file that is not an array before anything is stored.
    if let Some(Err(_)) = items.peek() {
        if let Some(Err(e)) = items.next() {
            return Err(e);
        }
    }
    Ok(items)
}

fn json_error(file: &str, e: &serde_json::Error) -> Error {
    let message = if e.is_data() && e.to_string().starts_with("invalid type") {
        format!("{file}: expected a JSON array of GitHub issues (the REST API's /issues output)")
    } else {
        format!(
            "{file}, line {}, column {}: not valid JSON: {e}",
            e.line(),
            e.column()
        )
    };
    Error::InvalidInput {
        field: None,
        message,
    }
}

/// The array's visitor: each element is read as a JSON value, turned into a ticket (or a
/// rejection) and sent to the importer.
struct Items<'a> {
    tx: &'a std::sync::mpsc::SyncSender<Result<Parsed>>,
    file: &'a str,
}

impl<'de> serde::de::Visitor<'de> for Items<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a JSON array of GitHub issues in {}", self.file)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        let mut n = 0u64;
        while let Some(item) = seq.next_element::<Value>()? {
            n += 1;
            if self.tx.send(Ok(parse_item(n, &item))).is_err() {
                // The importer stopped (an error, Cancel, a preview that has its rows): skip
                // the rest without holding it.
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
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
