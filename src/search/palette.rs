//! The command palette (Ctrl/Cmd+K): every interview, ticket, note, survey, theme, team and
//! action by name, fuzzy-matched as the user types. Entries are loaded once and kept until the
//! workspace changes. Each keystroke that extends the query only looks at the previous
//! keystroke's matches (a fuzzy match of "dep" is a match of "de"), a backspace returns to the
//! matches it had, a bitmask and a subsequence test reject most entries before any scoring, and
//! when a letter or two match thousands of entries only the 120 most promising (the query as
//! written, early, at a word start) get the full fuzzy score.

use crate::error::Result;
use crate::research::documents::DocumentKind;
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
    ("roadmap", "Go to the roadmap"),
    ("export", "Export the roadmap review pack"),
    ("metrics", "Go to metrics"),
    ("teams", "Go to teams"),
    ("codebook", "Go to the codebook"),
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
    /// The label lowercased, for the quick checks before fuzzy scoring.
    lower: String,
    /// Which of a–z, 0–9 the label holds (bit per character).
    mask: u64,
}

/// A bit per character of a–z and 0–9 that `s` holds (other characters set bit 63).
fn char_mask(s: &str) -> u64 {
    s.chars().fold(0u64, |m, c| {
        m | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            c if c.is_whitespace() => 0,
            _ => 1 << 63,
        }
    })
}

/// True when every byte of `needle` (spaces aside) appears in `hay` in order (both lowercase).
/// For text outside ASCII this may say yes to a few labels the fuzzy matcher then rejects; it
/// never says no to one it would accept.
fn is_subsequence(hay: &str, needle: &str) -> bool {
    let hay = hay.as_bytes();
    let mut at = 0;
    for b in needle.bytes().filter(|b| !b.is_ascii_whitespace()) {
        match memchr::memchr(b, &hay[at..]) {
            Some(i) => at += i + 1,
            None => return false,
        }
    }
    true
}

/// A cheap score to pick which of many matches get the full fuzzy score: the query as written
/// (contiguous) beats scattered letters, early beats late, a word start beats a middle, short
/// labels beat long ones.
fn quick_score(lower: &str, finder: &memchr::memmem::Finder<'_>) -> i64 {
    let len_penalty = lower.len().min(200) as i64;
    match finder.find(lower.as_bytes()) {
        Some(at) => {
            let word_start = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
            10_000 - at.min(500) as i64 * 4 + if word_start { 2_000 } else { 0 } - len_penalty
        }
        None => 1_000 - len_penalty,
    }
}

/// Matches beyond which only the best by [`quick_score`] are fuzzy-scored.
const FULL_SCORE_POOL: usize = 120;

/// The loaded entries and, for each query typed since the palette was last empty, its matches
/// (so a backspace returns to a known set instead of matching everything again).
pub struct Palette {
    version: (i64, u64),
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
    typed: Vec<(String, Vec<u32>)>,
}

/// Changes whenever this connection or another one writes the database.
pub fn data_version(conn: &Connection) -> Result<(i64, u64)> {
    let data: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((data, conn.total_changes()))
}

fn load(conn: &Connection) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for d in crate::research::documents::listed(conn)? {
        let (id, title, key, team, date, who) = (d.id, d.title, d.key, d.team, d.date, d.who);
        let (kind, label, word) = match d.kind {
            DocumentKind::Ticket if !key.is_empty() => {
                (PaletteKind::Ticket, format!("{key} {title}"), "Ticket")
            }
            DocumentKind::Ticket => (PaletteKind::Ticket, title, "Ticket"),
            DocumentKind::Note => (PaletteKind::Note, title, "Note"),
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
            lower: label.to_lowercase(),
            mask: char_mask(&label.to_lowercase()),
            label,
            detail,
        });
    }
    let mut named = |rows: Vec<(i64, String)>, kind: PaletteKind, word: &str| -> Result<()> {
        for (id, label) in rows {
            entries.push(Entry {
                kind,
                id,
                action: None,
                lower: label.to_lowercase(),
                mask: char_mask(&label.to_lowercase()),
                label,
                detail: word.to_string(),
            });
        }
        Ok(())
    };
    let themes = super::themes::list(conn)?;
    named(
        themes.into_iter().map(|t| (t.id, t.name)).collect(),
        PaletteKind::Theme,
        "Theme",
    )?;
    named(crate::surveys::names(conn)?, PaletteKind::Survey, "Survey")?;
    let teams = crate::research::teams::list(conn)?;
    named(
        teams.into_iter().map(|t| (t.id, t.name)).collect(),
        PaletteKind::Team,
        "Team",
    )?;
    for (key, label) in ACTIONS {
        entries.push(Entry {
            kind: PaletteKind::Action,
            id: 0,
            action: Some(key),
            label: label.to_string(),
            detail: "Action".into(),
            lower: label.to_lowercase(),
            mask: char_mask(&label.to_lowercase()),
        });
    }
    Ok(entries)
}

impl Palette {
    /// Loads every entry of the workspace.
    pub fn load(conn: &Connection) -> Result<Self> {
        Ok(Palette {
            version: data_version(conn)?,
            entries: load(conn)?,
            matcher: SkimMatcherV2::default(),
            typed: Vec::new(),
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
        let now = data_version(conn)?;
        if now != self.version {
            *self = Palette::load(conn)?;
        }
        Ok(())
    }

    /// The best `limit` entries for `query`, best first. An empty query lists the actions.
    pub fn find(&mut self, query: &str, limit: usize) -> Vec<PaletteEntry> {
        // A run of spaces typed is one space to match ("deploy  pipeline" finds "the deploy
        // pipeline"); the spaces matched are never marked (see `entry`).
        let query: String = query.split_whitespace().collect::<Vec<_>>().join(" ");
        let query = query.as_str();
        if query.is_empty() {
            self.typed.clear();
            return self
                .entries
                .iter()
                .filter(|e| e.kind == PaletteKind::Action)
                .take(limit)
                .map(|e| self.entry(e, Vec::new(), 0))
                .collect();
        }
        let q = query.to_lowercase();
        let qmask = char_mask(&q);
        // Start from the matches of the longest earlier query this one extends (a fuzzy match of
        // "dep" is a match of "de"); forget the queries it does not extend (backspaced).
        self.typed.retain(|(t, _)| q.starts_with(t.as_str()));
        let matched: Vec<u32> = match self.typed.last() {
            Some((t, m)) if *t == q => m.clone(),
            Some((_, m)) => m
                .iter()
                .copied()
                .filter(|&i| {
                    let e = &self.entries[i as usize];
                    e.mask & qmask == qmask && is_subsequence(&e.lower, &q)
                })
                .collect(),
            None => (0..self.entries.len() as u32)
                .filter(|&i| {
                    let e = &self.entries[i as usize];
                    e.mask & qmask == qmask && is_subsequence(&e.lower, &q)
                })
                .collect(),
        };
        if self.typed.last().is_none_or(|(t, _)| *t != q) {
            self.typed.push((q.clone(), matched.clone()));
        }
        // Many matches (a letter or two typed): fuzzy-score only the most promising.
        let mut pool = matched;
        if pool.len() > FULL_SCORE_POOL {
            // Score each once (a selection compares each several times).
            let finder = memchr::memmem::Finder::new(q.as_bytes());
            let mut quick: Vec<(i64, u32)> = pool
                .iter()
                .map(|&i| (quick_score(&self.entries[i as usize].lower, &finder), i))
                .collect();
            quick.select_nth_unstable_by_key(FULL_SCORE_POOL - 1, |&(s, _)| std::cmp::Reverse(s));
            pool = quick[..FULL_SCORE_POOL].iter().map(|&(_, i)| i).collect();
        }
        // The fuzzy score, plus a bonus when the query appears as written (skim alone prefers
        // letters scattered over word starts, "d e p", to the word "Deploy").
        let mut scored: Vec<(i64, u32)> = pool
            .into_iter()
            .filter_map(|i| {
                let e = &self.entries[i as usize];
                self.matcher.fuzzy_match(&e.label, query).map(|s| {
                    let bonus = match e.lower.find(&q) {
                        Some(0) => 150,
                        Some(at) if !e.lower.as_bytes()[at - 1].is_ascii_alphanumeric() => 120,
                        Some(_) => 60,
                        None => 0,
                    };
                    (s + bonus, i)
                })
            })
            .collect();
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
                let chars: Vec<char> = e.label.chars().collect();
                let positions = self
                    .matcher
                    .fuzzy_indices(&e.label, query)
                    .map(|(_, p)| {
                        p.into_iter()
                            .filter(|&x| !chars.get(x).is_some_and(|c| c.is_whitespace()))
                            .map(|x| x as u32)
                            .collect()
                    })
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
                    lower: l.to_lowercase(),
                    mask: char_mask(&l.to_lowercase()),
                })
                .collect(),
            matcher: SkimMatcherV2::default(),
            typed: Vec::new(),
        }
    }

    #[test]
    fn spaces_in_the_query_separate_words_and_are_never_marked() {
        let dir = tempfile::tempdir().unwrap();
        let ws = crate::Workspace::open(dir.path().join("ws")).unwrap();
        crate::research::demo::seed(&ws).unwrap();
        let one = ws.palette("go to", 30).unwrap();
        assert!(!one.is_empty());
        for q in ["go  to", " go   to ", "go\tto"] {
            let other = ws.palette(q, 30).unwrap();
            assert_eq!(
                other
                    .iter()
                    .map(|e| (&e.label, &e.positions))
                    .collect::<Vec<_>>(),
                one.iter()
                    .map(|e| (&e.label, &e.positions))
                    .collect::<Vec<_>>(),
                "{q:?}"
            );
        }
        for e in &one {
            let chars: Vec<char> = e.label.chars().collect();
            for &p in &e.positions {
                assert!(
                    !chars[p as usize].is_whitespace(),
                    "{} marks a space at {p}",
                    e.label
                );
            }
        }
    }

    #[test]
    fn quick_checks_agree_with_the_fuzzy_matcher() {
        assert!(is_subsequence("deploy pipeline", "dpl"));
        assert!(is_subsequence("deploy pipeline", "dep pip"));
        assert!(!is_subsequence("deploy", "dx"));
        assert_eq!(char_mask("ab") & char_mask("a"), char_mask("a"));
        assert_eq!(char_mask("plat-1") & char_mask("-"), 1 << 63);
        let dep = memchr::memmem::Finder::new("dep");
        assert!(quick_score("deploy fails", &dep) > quick_score("the redeploy", &dep));
        assert!(quick_score("redeploy", &dep) > quick_score("d e p", &dep));
    }

    #[test]
    fn many_matches_still_rank_the_query_as_written_first() {
        let mut labels: Vec<String> = (0..3_000).map(|i| format!("d{i} e p noise")).collect();
        labels.push("Deploy checklist".into());
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let mut p = palette(&refs);
        assert_eq!(p.find("dep", 5)[0].label, "Deploy checklist");
        // Backspace to a query seen before reuses its matches.
        assert_eq!(p.find("de", 5).len(), 5);
        assert_eq!(p.typed.len(), 1);
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
