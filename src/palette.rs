//! The command palette (Ctrl/Cmd+K): every interview, ticket, note, survey, theme, team and
//! action by name, fuzzy-matched as the user types. Entries are loaded once and kept until the
//! workspace changes; each keystroke that extends the query only re-scores the previous
//! keystroke's matches (a fuzzy match of "dep" is a match of "de"), so typing stays fast over
//! hundreds of thousands of entries.

use crate::error::Result;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// What a palette entry opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaletteKind {
    /// An interview (id: document id).
    Interview,
    /// A ticket (id: document id).
    Ticket,
    /// A note (id: document id).
    Note,
    /// A survey (id: survey id).
    Survey,
    /// A theme (id: theme id).
    Theme,
    /// A team (id: team id).
    Team,
    /// An app action (id: 0; `action` names it).
    Action,
}

/// One match.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PaletteEntry {
    /// What it is.
    pub kind: PaletteKind,
    /// Its id (document, survey, theme or team id; 0 for actions).
    #[ts(type = "number")]
    pub id: i64,
    /// For actions: which (`new-interview`, `import`, `search`, …).
    pub action: Option<String>,
    /// The name shown and matched.
    pub label: String,
    /// A second line (kind, team, date).
    pub detail: String,
    /// Positions (in characters) of the label's matched characters, for highlighting.
    pub positions: Vec<u32>,
    /// Match score (higher is better).
    #[ts(type = "number")]
    pub score: i64,
}

/// The actions the palette offers, with the words they are found by.
pub const ACTIONS: &[(&str, &str)] = &[
    ("new-interview", "New interview"),
    ("search", "Search all evidence"),
    ("import", "Import a file (tickets, survey, notes)"),
    ("surveys", "Go to surveys"),
    ("themes", "Go to themes"),
    ("teams", "Go to teams"),
    ("interviews", "Go to interviews"),
    ("open-folder", "Open a workspace folder"),
    ("open-demo", "Open the demo workspace"),
    ("reindex", "Rebuild the search index"),
    ("shortcuts", "Keyboard shortcuts"),
];

struct Entry {
    kind: PaletteKind,
    id: i64,
    action: Option<&'static str>,
    label: String,
    detail: String,
}

/// The loaded entries and the last query's matches.
pub struct Palette {
    version: (i64, u64),
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
    last: Option<(String, Vec<u32>)>,
}

/// Changes whenever this connection or another one writes the database.
fn version(conn: &Connection) -> Result<(i64, u64)> {
    let data: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((data, conn.total_changes()))
}

fn load(conn: &Connection) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT d.id, d.kind, d.title, COALESCE(k.key, ''), COALESCE(t.name, ''),
                COALESCE(d.date, ''), COALESCE(i.participant, n.participant, k.status, '')
         FROM documents d
         LEFT JOIN tickets k ON k.document_id = d.id
         LEFT JOIN interviews i ON i.document_id = d.id
         LEFT JOIN notes n ON n.document_id = d.id
         LEFT JOIN teams t ON t.id = d.team_id
         WHERE d.deleted_at IS NULL AND d.kind IN ('interview', 'ticket', 'note')
         ORDER BY d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    for row in rows {
        let (id, kind, title, key, team, date, who) = row?;
        let (kind, label, word) = match kind.as_str() {
            "ticket" if !key.is_empty() => {
                (PaletteKind::Ticket, format!("{key} {title}"), "Ticket")
            }
            "ticket" => (PaletteKind::Ticket, title, "Ticket"),
            "note" => (PaletteKind::Note, title, "Note"),
            _ => (PaletteKind::Interview, title, "Interview"),
        };
        let detail = [word, &who, &team, &date]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
        entries.push(Entry {
            kind,
            id,
            action: None,
            label,
            detail,
        });
    }
    let mut named = |sql: &str, kind: PaletteKind, word: &str| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, label) = row?;
            entries.push(Entry {
                kind,
                id,
                action: None,
                label,
                detail: word.to_string(),
            });
        }
        Ok(())
    };
    named("SELECT id, name FROM themes", PaletteKind::Theme, "Theme")?;
    named(
        "SELECT id, name FROM surveys",
        PaletteKind::Survey,
        "Survey",
    )?;
    named("SELECT id, name FROM teams", PaletteKind::Team, "Team")?;
    for (key, label) in ACTIONS {
        entries.push(Entry {
            kind: PaletteKind::Action,
            id: 0,
            action: Some(key),
            label: label.to_string(),
            detail: "Action".into(),
        });
    }
    Ok(entries)
}

impl Palette {
    /// Loads every entry of the workspace.
    pub fn load(conn: &Connection) -> Result<Self> {
        Ok(Palette {
            version: version(conn)?,
            entries: load(conn)?,
            matcher: SkimMatcherV2::default(),
            last: None,
        })
    }

    /// Entries loaded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reloads the entries when the database changed since they were loaded.
    pub fn refresh(&mut self, conn: &Connection) -> Result<()> {
        let now = version(conn)?;
        if now != self.version {
            *self = Palette::load(conn)?;
        }
        Ok(())
    }

    /// The best `limit` entries for `query`, best first. An empty query lists the actions.
    pub fn find(&mut self, query: &str, limit: usize) -> Vec<PaletteEntry> {
        let query = query.trim();
        if query.is_empty() {
            self.last = None;
            return self
                .entries
                .iter()
                .filter(|e| e.kind == PaletteKind::Action)
                .take(limit)
                .map(|e| self.entry(e, Vec::new(), 0))
                .collect();
        }
        // Narrow from the last keystroke's matches when this query extends it.
        let narrowed = match self.last.take() {
            Some((q, matched)) if query.starts_with(q.as_str()) => Some(matched),
            _ => None,
        };
        let candidates: Box<dyn Iterator<Item = u32>> = match narrowed {
            Some(matched) => Box::new(matched.into_iter()),
            None => Box::new(0..self.entries.len() as u32),
        };
        let mut scored: Vec<(i64, u32)> = candidates
            .filter_map(|i| {
                self.matcher
                    .fuzzy_match(&self.entries[i as usize].label, query)
                    .map(|s| (s, i))
            })
            .collect();
        self.last = Some((query.to_string(), scored.iter().map(|(_, i)| *i).collect()));
        // Best first; ties: actions and themes before documents, then shorter labels.
        let rank = |k: PaletteKind| match k {
            PaletteKind::Action => 0,
            PaletteKind::Theme => 1,
            PaletteKind::Survey | PaletteKind::Team => 2,
            _ => 3,
        };
        let entries = &self.entries;
        let order = |a: &(i64, u32), b: &(i64, u32)| {
            let (ea, eb) = (&entries[a.1 as usize], &entries[b.1 as usize]);
            b.0.cmp(&a.0)
                .then(rank(ea.kind).cmp(&rank(eb.kind)))
                .then(ea.label.len().cmp(&eb.label.len()))
                .then(a.1.cmp(&b.1))
        };
        let top = limit.min(scored.len());
        if top > 0 && top < scored.len() {
            scored.select_nth_unstable_by(top - 1, order);
        }
        scored.truncate(top);
        scored.sort_by(order);
        scored
            .into_iter()
            .map(|(score, i)| {
                let e = &self.entries[i as usize];
                let positions = self
                    .matcher
                    .fuzzy_indices(&e.label, query)
                    .map(|(_, p)| p.into_iter().map(|x| x as u32).collect())
                    .unwrap_or_default();
                self.entry(e, positions, score)
            })
            .collect()
    }

    fn entry(&self, e: &Entry, positions: Vec<u32>, score: i64) -> PaletteEntry {
        PaletteEntry {
            kind: e.kind,
            id: e.id,
            action: e.action.map(str::to_string),
            label: e.label.clone(),
            detail: e.detail.clone(),
            positions,
            score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette(labels: &[&str]) -> Palette {
        Palette {
            version: (0, 0),
            entries: labels
                .iter()
                .enumerate()
                .map(|(i, l)| Entry {
                    kind: PaletteKind::Interview,
                    id: i as i64,
                    action: None,
                    label: l.to_string(),
                    detail: String::new(),
                })
                .collect(),
            matcher: SkimMatcherV2::default(),
            last: None,
        }
    }

    #[test]
    fn fuzzy_matches_narrow_as_the_query_grows_and_widen_when_it_shrinks() {
        let mut p = palette(&[
            "Payments: the deploy pipeline is flaky",
            "Search: deploys wait for approvals",
            "Mobile: release train",
        ]);
        let all = p.find("dep", 10);
        assert_eq!(all.len(), 2);
        let narrower = p.find("deppip", 10);
        assert_eq!(narrower.len(), 1);
        assert_eq!(narrower[0].label, "Payments: the deploy pipeline is flaky");
        let label: Vec<char> = narrower[0].label.chars().collect();
        let marked: String = narrower[0]
            .positions
            .iter()
            .map(|&i| label[i as usize])
            .collect();
        assert_eq!(marked.to_lowercase(), "deppip");
        // Backspace: not an extension of the last query, so everything is matched again.
        assert_eq!(p.find("de", 10).len(), 2);
        assert_eq!(p.find("train", 10)[0].label, "Mobile: release train");
        assert_eq!(p.find("zzz", 10).len(), 0);
        assert_eq!(p.find("d", 1).len(), 1, "the limit holds");
    }
}
