//! Suggested themes: the words and two-word phrases that stand out in the workspace. A term
//! stands out when it is concentrated — it appears in a few documents, several times each, from
//! more than one team — rather than spread thinly over everything; and, when the workspace has a
//! recent stretch of evidence, when it is more frequent there than in the corpus as a whole. The
//! most recent 5 000 documents are read.

use crate::error::Result;
use crate::research::documents::DocumentKind;
use crate::search::index::SearchIndex;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// A term or phrase worth saving as a theme.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SuggestedTheme {
    /// The words as most often written ("flaky tests").
    pub phrase: String,
    /// The query a theme would save (`"flaky tests"`).
    pub query: String,
    /// Documents containing it.
    #[ts(type = "number")]
    pub documents: u64,
    /// Distinct teams among them.
    #[ts(type = "number")]
    pub teams: u64,
    /// How strongly it stands out (for ordering only).
    pub score: f64,
    /// True when it is more frequent in the last 90 days of evidence than overall.
    pub rising: bool,
}

/// Documents read: the most recent ones (by evidence date).
pub const SAMPLE: usize = 5_000;

/// Words too common to name a theme.
pub(crate) const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "around", "as", "at", "back", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done",
    "down", "during", "each", "even", "every", "few", "for", "from", "further", "get", "gets",
    "getting", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "know", "like",
    "made", "make", "many", "may", "me", "might", "more", "most", "much", "must", "my", "need",
    "needs", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or",
    "other", "our", "ours", "out", "over", "own", "per", "really", "same", "said", "say", "says",
    "see", "she", "should", "so", "some", "still", "such", "than", "that", "the", "their",
    "theirs", "them", "then", "there", "these", "they", "thing", "things", "think", "this",
    "those", "through", "to", "too", "two", "under", "until", "up", "us", "use", "used", "using",
    "very", "want", "was", "way", "we", "well", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "within", "without", "would", "yes", "yet", "you",
    "your", "yours", "don", "doesn", "didn", "isn", "wasn", "aren", "won", "can't", "it's", "i'm",
    "http", "https", "www", "com", "org", "html", "null", "true", "false", "none", "etc",
];

struct Stats {
    docs: HashSet<usize>,
    occurrences: u64,
    recent: u64,
    teams: HashSet<String>,
    surface: HashMap<String, u64>,
}

/// Up to `limit` suggested themes, strongest first, leaving out phrases an existing theme's query
/// already holds.
pub fn suggest(
    conn: &Connection,
    index: &SearchIndex,
    existing_queries: &[String],
    limit: usize,
) -> Result<Vec<SuggestedTheme>> {
    let stop: HashSet<&str> = STOPWORDS.iter().copied().collect();
    let mut analyzer = index
        .index
        .tokenizer_for_field(index.fields.body)
        .map_err(|e| crate::Error::Internal(e.to_string()))?;
    // The most recent evidence is what a PM asks about; reading it all would take seconds at
    // 100 000 documents.
    let docs = crate::research::documents::most_recent(conn, SAMPLE)?;
    let n = docs.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    // The recent stretch: the 90 days up to the newest dated document.
    let newest = docs.iter().filter_map(|d| d.date.clone()).max();
    let cutoff = newest.as_deref().and_then(|d| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .map(|d| {
                (d - chrono::Duration::days(90))
                    .format("%Y-%m-%d")
                    .to_string()
            })
    });
    let is_recent = |date: &Option<String>| matches!((date, &cutoff), (Some(d), Some(c)) if d >= c);
    let recent_n = docs.iter().filter(|d| is_recent(&d.date)).count();
    let window = recent_n >= 10 && recent_n * 10 < n * 8;

    let mut terms: HashMap<String, Stats> = HashMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let (title, team, date) = (&doc.title, &doc.team, &doc.date);
        let body = match doc.kind {
            DocumentKind::Interview | DocumentKind::Note => {
                crate::research::markdown::to_plain_text(&doc.body)
            }
            _ => doc.body.clone(),
        };
        let text = format!("{title}\n{body}");
        let recent = window && is_recent(date);
        let mut stream = analyzer.token_stream(&text);
        // (stem, surface, position, end offset) of the previous word when it was a content word.
        let mut prev: Option<(String, String, usize, usize)> = None;
        while let Some(tok) = stream.next() {
            let surface = text[tok.offset_from..tok.offset_to].to_lowercase();
            let content = surface.chars().count() >= 3
                && surface.chars().any(char::is_alphabetic)
                && !surface
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && surface.len() > 6)
                && !stop.contains(surface.as_str());
            if !content {
                prev = None;
                continue;
            }
            let mut add = |key: String, shown: String| {
                let s = terms.entry(key).or_insert_with(|| Stats {
                    docs: HashSet::new(),
                    occurrences: 0,
                    recent: 0,
                    teams: HashSet::new(),
                    surface: HashMap::new(),
                });
                s.occurrences += 1;
                if s.docs.insert(i) {
                    if recent {
                        s.recent += 1;
                    }
                    if let Some(t) = team {
                        s.teams.insert(t.to_lowercase());
                    }
                }
                *s.surface.entry(shown).or_default() += 1;
            };
            add(tok.text.clone(), surface.clone());
            if let Some((pstem, psurf, ppos, pend)) = &prev {
                // Words of prose, not `org.apache.hadoop` or `src/main`: only spaces between.
                let gap = &text[*pend..tok.offset_from];
                let prose = !gap.is_empty() && gap.chars().all(char::is_whitespace);
                if *ppos + 1 == tok.position && pstem != &tok.text && prose {
                    add(
                        format!("{pstem} {}", tok.text),
                        format!("{psurf} {surface}"),
                    );
                }
            }
            prev = Some((tok.text.clone(), surface, tok.position, tok.offset_to));
        }
    }
    let min_df = if n < 100 { 2 } else { 3.max(n / 500) };
    let existing: Vec<String> = existing_queries.iter().map(|q| q.to_lowercase()).collect();
    let mut scored: Vec<(String, SuggestedTheme)> = terms
        .into_iter()
        .filter(|(_, s)| s.docs.len() >= min_df && s.docs.len() * 2 <= n.max(4))
        .map(|(key, s)| {
            let df = s.docs.len() as f64;
            // Spread over teams counts: a pain point many teams share is a platform theme.
            let spread = 1.0 + (s.teams.len().max(1) as f64).ln();
            let mut score = df.sqrt() * (n as f64 / df).ln() * spread;
            let phrase = key.contains(' ');
            let mut rising = false;
            if window {
                let fg = s.recent as f64 / recent_n as f64;
                let bg = df / n as f64;
                if fg > bg {
                    rising = true;
                    score *= 1.0 + (fg - bg) * (fg / bg);
                }
            }
            let shown = s
                .surface
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(w, _)| w.clone())
                .unwrap_or_else(|| key.clone());
            let query = if phrase {
                format!("\"{shown}\"")
            } else {
                shown.clone()
            };
            (
                key,
                SuggestedTheme {
                    phrase: shown,
                    query,
                    documents: s.docs.len() as u64,
                    teams: s.teams.len() as u64,
                    score: (score * 100.0).round() / 100.0,
                    rising,
                },
            )
        })
        .filter(|(_, t)| !existing.iter().any(|q| q.contains(&t.phrase)))
        .collect();
    // Phrases first: two words name a theme ("flaky tests", "code review"); lone words fill in.
    scored.sort_by(|a, b| {
        let phrase = |k: &str| k.contains(' ');
        phrase(&b.0)
            .cmp(&phrase(&a.0))
            .then(b.1.score.total_cmp(&a.1.score))
            .then(a.0.cmp(&b.0))
    });
    // One suggestion per idea: a word inside a stronger phrase (or a phrase around a stronger
    // word) is the same theme.
    let mut out: Vec<(String, SuggestedTheme)> = Vec::new();
    for (key, t) in scored {
        if out.len() >= limit {
            break;
        }
        let covered = out.iter().any(|(k, _)| {
            let (a, b) = (k.as_str(), key.as_str());
            (a.contains(' ') && a.split(' ').any(|w| w == b))
                || (b.contains(' ') && b.split(' ').any(|w| w == a))
        });
        if !covered {
            out.push((key, t));
        }
    }
    Ok(out.into_iter().map(|(_, t)| t).collect())
}
