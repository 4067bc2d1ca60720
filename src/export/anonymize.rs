//! Anonymizing an export: every interview participant, note participant and ticket reporter
//! becomes a stable label such as `engineer 3 (payments)` — numbered in the order their first
//! document was recorded, with that document's team — and every email address becomes
//! `[email]`, in every text the export shows. Notes often name people by first name only
//! ("Priya ships two changes a day"), so each capitalized part of a name is replaced too: by the
//! person's label, or by `[name]` when two people share it.

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
    /// Capitalized first and last names, matched case-sensitively, with their labels (`None`:
    /// shared by several people).
    parts: HashMap<String, Option<String>>,
    part_names: Option<Regex>,
    emails: Regex,
    /// People labelled (a person's aliases share one label).
    people: usize,
}

/// Parts of a name shorter than this are left alone ("Li", "Al"): too many false hits.
const MIN_PART_CHARS: usize = 3;

/// One regex matching any of `words` as a whole word, longest first so "Ada Lovelace" wins over
/// "Ada".
fn alternation(mut words: Vec<String>, case_insensitive: bool) -> Result<Option<Regex>> {
    if words.is_empty() {
        return Ok(None);
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    regex::RegexBuilder::new(&format!(r"\b(?:{})\b", alternatives.join("|")))
        .case_insensitive(case_insensitive)
        .size_limit(256 << 20)
        .dfa_size_limit(256 << 20)
        .build()
        .map(Some)
        .map_err(|e| Error::Internal(format!("anonymizer pattern: {e}")))
}

impl Anonymizer {
    /// Reads every person of the workspace with all their aliases (one label for all of them),
    /// then every other name its documents carry (participants, interviewers, transcript
    /// speakers, reporters).
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut labels: HashMap<String, String> = HashMap::new();
        let mut parts: HashMap<String, Option<String>> = HashMap::new();
        let mut people = 0usize;
        let mut groups: Vec<(Vec<String>, Option<String>)> = Vec::new();
        let mut last_person = None;
        for (person, alias, team) in crate::research::people::aliases_with_team(conn)? {
            if last_person != Some(person) {
                groups.push((Vec::new(), team));
                last_person = Some(person);
            }
            if let Some(g) = groups.last_mut() {
                g.0.push(alias.trim_start_matches('@').to_string());
            }
        }
        for (name, team) in crate::research::documents::people_named(conn)? {
            groups.push((vec![name], team));
        }
        for (names, team) in groups {
            let fresh: Vec<&String> = names
                .iter()
                .filter(|n| {
                    let key = n.trim().to_lowercase();
                    key.chars().count() >= 2 && !labels.contains_key(&key)
                })
                .collect();
            if fresh.is_empty() {
                continue;
            }
            people += 1;
            let n = people;
            let label = match team {
                Some(t) => format!("engineer {n} ({})", t.to_lowercase()),
                None => format!("engineer {n}"),
            };
            for name in fresh {
                Self::label(&mut labels, &mut parts, name, &label);
            }
        }
        Self::finish(labels, parts, people)
    }

    /// Labels one name (and the capitalized parts of it) as `label`.
    fn label(
        labels: &mut HashMap<String, String>,
        parts: &mut HashMap<String, Option<String>>,
        name: &str,
        label: &str,
    ) {
        let key = name.trim().to_lowercase();
        for part in name.split_whitespace() {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if part.chars().count() >= MIN_PART_CHARS
                && part.chars().next().is_some_and(char::is_uppercase)
                && part.to_lowercase() != key
            {
                parts
                    .entry(part.to_string())
                    .and_modify(|l| {
                        if l.as_deref() != Some(label) {
                            *l = None;
                        }
                    })
                    .or_insert_with(|| Some(label.to_string()));
            }
        }
        labels.insert(key, label.to_string());
    }

    fn finish(
        labels: HashMap<String, String>,
        parts: HashMap<String, Option<String>>,
        people: usize,
    ) -> Result<Self> {
        let names = alternation(labels.keys().cloned().collect(), true)?;
        let part_names = alternation(parts.keys().cloned().collect(), false)?;
        let emails = Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
            .map_err(|e| Error::Internal(format!("email pattern: {e}")))?;
        Ok(Anonymizer {
            labels,
            names,
            parts,
            part_names,
            emails,
            people,
        })
    }

    /// People known to it (one per person, however many aliases).
    pub fn people(&self) -> usize {
        self.people
    }

    /// `text` with every email, known name and part of a name replaced.
    pub fn text(&self, text: &str) -> String {
        let no_mail = self.emails.replace_all(text, "[email]");
        let no_names = match &self.names {
            Some(re) => re.replace_all(&no_mail, |c: &regex::Captures<'_>| {
                self.labels
                    .get(&c[0].to_lowercase())
                    .cloned()
                    .unwrap_or_else(|| "[name]".into())
            }),
            None => no_mail.as_ref().into(),
        };
        match &self.part_names {
            Some(re) => re
                .replace_all(&no_names, |c: &regex::Captures<'_>| {
                    self.parts
                        .get(&c[0])
                        .cloned()
                        .flatten()
                        .unwrap_or_else(|| "[name]".into())
                })
                .into_owned(),
            None => no_names.into_owned(),
        }
    }

    fn item(&self, i: &mut PackItem) {
        i.title = self.text(&i.title);
        i.owner = self.text(&i.owner);
        for q in &mut i.quotes {
            q.text = self.text(&q.text);
            q.document_title = self.text(&q.document_title);
            q.speaker = q.speaker.as_deref().map(|s| self.text(s));
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
        for i in &mut pack.impact {
            i.title = self.text(&i.title);
        }
        if let Some(c) = &mut pack.changes {
            for i in &mut c.items {
                i.title = self.text(&i.title);
            }
        }
        pack.anonymized = true;
    }
}
