//! Anonymizing an export: every interview participant, note participant and ticket reporter
//! becomes a stable label such as `engineer 3 (payments)` — numbered in the order their first
//! document was recorded, with that document's team — and every email address becomes
//! `[email]`, in every text the export shows.

use super::pack::{PackItem, ReviewPack};
use crate::error::{Error, Result};
use regex::Regex;
use rusqlite::Connection;
use std::borrow::Cow;
use std::collections::HashMap;

/// Names to labels, and the patterns that find them.
pub struct Anonymizer {
    labels: HashMap<String, String>,
    names: Option<Regex>,
    emails: Regex,
}

impl Anonymizer {
    /// Reads every person named in the workspace's documents.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut stmt = conn.prepare(
            "SELECT p.name, t.name FROM (
                 SELECT i.participant AS name, d.team_id AS team, d.id AS doc
                   FROM interviews i JOIN documents d ON d.id = i.document_id
                 UNION ALL
                 SELECT n.participant, d.team_id, d.id FROM notes n JOIN documents d ON d.id = n.document_id
                 UNION ALL
                 SELECT k.reporter, d.team_id, d.id FROM tickets k JOIN documents d ON d.id = k.document_id
             ) p LEFT JOIN teams t ON t.id = p.team
             WHERE TRIM(p.name) <> ''
             ORDER BY p.doc",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut labels: HashMap<String, String> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for row in rows {
            let (name, team) = row?;
            let key = name.trim().to_lowercase();
            if key.chars().count() < 2 || labels.contains_key(&key) {
                continue;
            }
            let n = labels.len() + 1;
            let label = match team {
                Some(t) => format!("engineer {n} ({})", t.to_lowercase()),
                None => format!("engineer {n}"),
            };
            labels.insert(key.clone(), label);
            order.push(key);
        }
        // Longest names first, so "Ada Lovelace" is replaced before "Ada".
        order.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let names = if order.is_empty() {
            None
        } else {
            let alternatives: Vec<String> = order.iter().map(|n| regex::escape(n)).collect();
            Some(
                Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))
                    .map_err(|e| Error::Internal(format!("anonymizer pattern: {e}")))?,
            )
        };
        let emails = Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
            .map_err(|e| Error::Internal(format!("email pattern: {e}")))?;
        Ok(Anonymizer {
            labels,
            names,
            emails,
        })
    }

    /// People known to it.
    pub fn people(&self) -> usize {
        self.labels.len()
    }

    /// `text` with every email and known name replaced.
    pub fn text(&self, text: &str) -> String {
        let no_mail = self.emails.replace_all(text, "[email]");
        match &self.names {
            Some(re) => re
                .replace_all(&no_mail, |c: &regex::Captures<'_>| {
                    self.labels
                        .get(&c[0].to_lowercase())
                        .cloned()
                        .unwrap_or_else(|| "[name]".into())
                })
                .into_owned(),
            None => no_mail.into_owned(),
        }
    }

    fn item(&self, i: &mut PackItem) {
        i.title = self.text(&i.title);
        i.owner = self.text(&i.owner);
        for q in &mut i.quotes {
            q.text = self.text(&q.text);
            q.document_title = self.text(&q.document_title);
        }
        for p in &mut i.breakdown {
            p.note = Cow::Owned(self.text(&p.note));
        }
    }

    /// Anonymizes every text of a pack.
    pub fn pack(&self, pack: &mut ReviewPack) {
        for i in pack.items.iter_mut().chain(pack.exceptions.iter_mut()) {
            self.item(i);
        }
        if let Some(c) = &mut pack.changes {
            for i in &mut c.items {
                i.title = self.text(&i.title);
            }
        }
        pack.anonymized = true;
    }
}
