//! `groundwork suggest --clusters`: suggested phrases grouped by the documents they share.

use crate::print;
use groundwork::{Result, Workspace};

/// How a cluster is accepted, for `suggest --help`.
pub const CLUSTERS_HELP: &str = "\
Accepting a cluster:
  into a theme:  groundwork theme add NAME 'DRAFT QUERY'   (the cluster's query, as printed)
  into a code:   groundwork code add DOCUMENT --code PATH --start START --end END
                 once per passage (document and offsets as printed; --json gives them as
                 document, start, end)";

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Prints up to `limit` clusters: label, figures, draft query, passages, and the commands that
/// accept them.
pub fn clusters(ws: &Workspace, json: bool, limit: usize) -> Result<()> {
    let list = ws.suggest_clusters(limit)?;
    print(json, &list, |list| {
        if list.is_empty() {
            return "nothing stands out yet: add interviews, tickets or surveys".into();
        }
        let mut out = Vec::new();
        for (i, c) in list.iter().enumerate() {
            out.push(format!(
                "{}. {}   ({} documents, {} teams, {} people)\n   phrases: {}\n   theme:   groundwork theme add {} {}",
                i + 1,
                c.label,
                c.documents,
                c.teams,
                c.people,
                c.phrases.join(", "),
                quoted(&capitalized(&c.label)),
                quoted(&c.query),
            ));
            for p in &c.passages {
                let text: String = p.text.chars().take(160).collect();
                let more = if p.text.chars().count() > 160 {
                    "…"
                } else {
                    ""
                };
                out.push(format!(
                    "   doc {} {}..{}  {:?}{more}\n      code:  groundwork code add {} --code {} --start {} --end {}",
                    p.document,
                    p.start,
                    p.end,
                    text,
                    p.document,
                    quoted(&capitalized(&c.label)),
                    p.start,
                    p.end,
                ));
            }
        }
        out.join("\n")
    });
    Ok(())
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
