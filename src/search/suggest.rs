//! Suggested themes: the words and two-word phrases that stand out in the workspace's prose. Only
//! prose is read ([`crate::research::prose`]: no code blocks, stack traces, log lines, URLs,
//! paths, identifiers or numbers). A term stands out when it is concentrated — in a few documents
//! rather than spread thinly over everything — and said by many voices: distinct people (a
//! document naming nobody is a voice of its own) and teams weigh more than one author repeating
//! it; and, when the workspace has a recent stretch of evidence, when it is more frequent there
//! than in the corpus as a whole. The most recent 5 000 documents are read.
//!
//! Suggestions can also be proposed as clusters ([`clusters`]): phrases that occur in the same
//! documents, with a label, a draft query (the phrases OR'ed) and sentences that say them, each
//! with its document and character offsets so it can be coded as it stands.

use crate::error::Result;
use crate::research::prose;
use crate::search::index::SearchIndex;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use tantivy::tokenizer::TextAnalyzer;
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
    /// Distinct named people among them (one person once, whatever the spelling).
    #[ts(type = "number")]
    pub people: u64,
    /// How strongly it stands out (for ordering only).
    pub score: f64,
    /// True when it is more frequent in the last 90 days of evidence than overall.
    pub rising: bool,
}

/// Suggested phrases that occur in the same documents, proposed as one theme or code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SuggestedCluster {
    /// Its most representative phrase (the one sharing most documents with the others).
    pub label: String,
    /// A draft query: the phrases OR'ed, to save as a theme.
    pub query: String,
    /// The phrases, strongest first.
    pub phrases: Vec<String>,
    /// Documents holding any of them.
    #[ts(type = "number")]
    pub documents: u64,
    /// Distinct teams among them.
    #[ts(type = "number")]
    pub teams: u64,
    /// Distinct named people among them.
    #[ts(type = "number")]
    pub people: u64,
    /// How strongly it stands out (for ordering only).
    pub score: f64,
    /// Up to three sentences saying its phrases, each from a different document.
    pub passages: Vec<ClusterPassage>,
}

/// A sentence of a document that says a cluster's phrases: exact offsets to code it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClusterPassage {
    /// The document.
    #[ts(type = "number")]
    pub document: i64,
    /// Its title.
    pub title: String,
    /// First character (Unicode scalar values into the document body).
    #[ts(type = "number")]
    pub start: u64,
    /// One past the last character.
    #[ts(type = "number")]
    pub end: u64,
    /// The sentence, as the body holds it.
    pub text: String,
    /// The cluster's phrases it says.
    pub phrases: Vec<String>,
}

/// Documents read: the most recent ones (by evidence date).
pub const SAMPLE: usize = 5_000;

/// Suggestions a set of clusters is made from.
const CLUSTER_POOL: usize = 40;

/// How alike two phrases' documents must be (on average, Ochiai: shared / √(a·b)) for the
/// phrases to share a cluster.
const CLUSTER_LINK: f64 = 0.3;

/// Documents searched for a cluster's passages.
const PASSAGE_SCAN: usize = 300;

/// A sentence longer than this (characters), or of fewer words than [`SHORT_SENTENCE`], is a
/// passage only when no other says as much.
const LONG_SENTENCE: usize = 300;

/// Fewest words of a sentence that reads alone as a passage.
const SHORT_SENTENCE: usize = 5;

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

static STOP: std::sync::LazyLock<HashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// A document as the suggestions read it.
struct Doc {
    id: i64,
    title: String,
    body: String,
    team: Option<u32>,
    voice: u32,
    person: Option<u32>,
    recent: bool,
}

/// Where a term was seen: documents (indexes into the sample, ascending) and its spellings.
#[derive(Default)]
struct Seen {
    docs: Vec<u32>,
    surface: HashMap<String, u64>,
}

/// The workspace's prose read once: documents and every term's documents.
struct Reading {
    docs: Vec<Doc>,
    terms: HashMap<String, Seen>,
    /// Documents whose code, traces or logs hold each term (as words or an identifier's parts).
    machine: HashMap<String, u32>,
    window: Option<usize>,
    analyzer: TextAnalyzer,
}

/// A suggestion with its key and documents.
struct Ranked {
    key: String,
    theme: SuggestedTheme,
    docs: Vec<u32>,
}

/// Calls `f(key, surface)` for every content word (its stem) and every pair of adjacent content
/// words within one stretch of prose.
fn each_term(
    analyzer: &mut TextAnalyzer,
    text: &str,
    spans: &[Range<usize>],
    mut f: impl FnMut(String, String),
) {
    for span in spans {
        let part = &text[span.clone()];
        let mut stream = analyzer.token_stream(part);
        // (stem, surface, position, end offset) of the previous word when it was a content word.
        let mut prev: Option<(String, String, usize, usize)> = None;
        while let Some(tok) = stream.next() {
            let surface = part[tok.offset_from..tok.offset_to].to_lowercase();
            let content = surface.chars().count() >= 3
                && surface.chars().any(char::is_alphabetic)
                && !STOP.contains(surface.as_str());
            if !content {
                prev = None;
                continue;
            }
            f(tok.text.clone(), surface.clone());
            if let Some((pstem, psurf, ppos, pend)) = &prev {
                // Words of one clause: only spaces between.
                let gap = &part[*pend..tok.offset_from];
                let spaced = !gap.is_empty() && gap.chars().all(char::is_whitespace);
                if *ppos + 1 == tok.position && pstem != &tok.text && spaced {
                    f(
                        format!("{pstem} {}", tok.text),
                        format!("{psurf} {surface}"),
                    );
                }
            }
            prev = Some((tok.text.clone(), surface, tok.position, tok.offset_to));
        }
    }
}

/// What of `text` is not prose (code, traces, logs, identifiers), with identifiers split into
/// their words (`S3AInputStream` reads `S3A Input Stream`) and every other symbol a space; runs
/// between prose stay apart.
fn machine_words(text: &str, spans: &[Range<usize>]) -> String {
    let mut out = String::new();
    let mut at = 0;
    let mut push = |part: &str| {
        let chars: Vec<char> = part.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !c.is_alphanumeric() {
                out.push(' ');
                continue;
            }
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let hump = c.is_uppercase()
                && (prev.is_some_and(char::is_lowercase)
                    || (prev.is_some_and(char::is_uppercase)
                        && next.is_some_and(|n| n.is_lowercase())));
            if hump {
                out.push(' ');
            }
            out.push(c);
        }
        out.push_str(" ; ");
    };
    for span in spans {
        push(&text[at..span.start]);
        at = span.end;
    }
    push(&text[at..]);
    out
}

/// Reads the most recent documents' prose.
fn read(conn: &Connection, index: &SearchIndex) -> Result<Reading> {
    let mut analyzer = index
        .index
        .tokenizer_for_field(index.fields.body)
        .map_err(|e| crate::Error::Internal(e.to_string()))?;
    // The most recent evidence is what a PM asks about; reading it all would take seconds at
    // 100 000 documents.
    let texts = crate::research::documents::most_recent(conn, SAMPLE)?;
    let resolver = crate::research::people::Resolver::load(conn)?;
    // The recent stretch: the 90 days up to the newest dated document.
    let newest = texts.iter().filter_map(|d| d.date.clone()).max();
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
    let n = texts.len();
    let recent_n = texts.iter().filter(|d| is_recent(&d.date)).count();
    let window = (recent_n >= 10 && recent_n * 10 < n * 8).then_some(recent_n);

    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut intern = |s: String| {
        let next = ids.len() as u32;
        *ids.entry(s).or_insert(next)
    };
    let mut docs = Vec::with_capacity(n);
    let mut terms: HashMap<String, Seen> = HashMap::new();
    let mut machine: HashMap<String, (u32, u32)> = HashMap::new();
    for (i, t) in texts.into_iter().enumerate() {
        let person = (!t.who.is_empty()).then(|| intern(resolver.identity(&t.who)));
        let voice = person.unwrap_or_else(|| intern(format!("document:{}", t.id)));
        let team = t
            .team
            .as_ref()
            .map(|name| intern(format!("team:{}", name.to_lowercase())));
        let mut add = |key: String, shown: String| {
            let s = terms.entry(key).or_default();
            if s.docs.last() != Some(&(i as u32)) {
                s.docs.push(i as u32);
            }
            *s.surface.entry(shown).or_default() += 1;
        };
        each_term(&mut analyzer, &t.title, &prose::spans(&t.title), &mut add);
        let spans = prose::spans(&t.body);
        each_term(&mut analyzer, &t.body, &spans, &mut add);
        let pasted = machine_words(&t.body, &spans);
        let whole = 0..pasted.len();
        each_term(
            &mut analyzer,
            &pasted,
            std::slice::from_ref(&whole),
            |key, _| {
                let seen = machine.entry(key).or_insert((u32::MAX, 0));
                if seen.0 != i as u32 {
                    *seen = (i as u32, seen.1 + 1);
                }
            },
        );
        docs.push(Doc {
            id: t.id,
            recent: window.is_some() && is_recent(&t.date),
            title: t.title,
            body: t.body,
            team,
            voice,
            person,
        });
    }
    Ok(Reading {
        docs,
        terms,
        machine: machine.into_iter().map(|(k, (_, n))| (k, n)).collect(),
        window,
        analyzer,
    })
}

fn distinct(values: impl Iterator<Item = u32>) -> u64 {
    values.collect::<HashSet<_>>().len() as u64
}

/// Every suggestion, strongest first, one per idea, leaving out phrases an existing theme's query
/// already holds.
fn rank(reading: &Reading, existing_queries: &[String], limit: usize) -> Vec<Ranked> {
    let docs = &reading.docs;
    let n = docs.len();
    let min_df = if n < 100 { 2 } else { 3.max(n / 500) };
    let existing: Vec<String> = existing_queries.iter().map(|q| q.to_lowercase()).collect();
    let mut scored: Vec<Ranked> = reading
        .terms
        .iter()
        .filter(|(_, s)| s.docs.len() >= min_df && s.docs.len() * 2 <= n.max(4))
        .map(|(key, s)| {
            let of = || s.docs.iter().map(|&i| &docs[i as usize]);
            let df = s.docs.len() as f64;
            let voices = distinct(of().map(|d| d.voice));
            let teams = distinct(of().filter_map(|d| d.team));
            let people = distinct(of().filter_map(|d| d.person));
            // Many voices, not many documents: one author repeating a phrase is one voice. A
            // pain point many teams share is a platform theme.
            let spread = 1.0 + (teams.max(1) as f64).ln();
            // Machine vocabulary (`input stream`, said as `InputStream` in every trace) names
            // the code, not a pain point: weighed by the share of its documents that say it in
            // prose.
            let pasted = reading.machine.get(key).copied().unwrap_or(0) as f64;
            let said = df / (df + pasted);
            let mut score = (voices as f64).sqrt() * (n as f64 / df).ln() * spread * said;
            let mut rising = false;
            if let Some(recent_n) = reading.window {
                let fg = of().filter(|d| d.recent).count() as f64 / recent_n as f64;
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
            let query = if key.contains(' ') {
                format!("\"{shown}\"")
            } else {
                shown.clone()
            };
            Ranked {
                key: key.clone(),
                theme: SuggestedTheme {
                    phrase: shown,
                    query,
                    documents: s.docs.len() as u64,
                    teams,
                    people,
                    score: (score * 100.0).round() / 100.0,
                    rising,
                },
                docs: s.docs.clone(),
            }
        })
        .filter(|r| !existing.iter().any(|q| q.contains(&r.theme.phrase)))
        .collect();
    // Phrases first: two words name a theme ("flaky tests", "code review"); lone words fill in.
    scored.sort_by(|a, b| {
        let phrase = |k: &str| k.contains(' ');
        phrase(&b.key)
            .cmp(&phrase(&a.key))
            .then(b.theme.score.total_cmp(&a.theme.score))
            .then(a.key.cmp(&b.key))
    });
    // One suggestion per idea: a word inside a stronger phrase (or a phrase around a stronger
    // word) is the same theme.
    let mut out: Vec<Ranked> = Vec::new();
    for r in scored {
        if out.len() >= limit {
            break;
        }
        let covered = out.iter().any(|o| {
            let (a, b) = (o.key.as_str(), r.key.as_str());
            (a.contains(' ') && a.split(' ').any(|w| w == b))
                || (b.contains(' ') && b.split(' ').any(|w| w == a))
        });
        if !covered {
            out.push(r);
        }
    }
    out
}

/// Up to `limit` suggested themes, strongest first, leaving out phrases an existing theme's query
/// already holds.
pub fn suggest(
    conn: &Connection,
    index: &SearchIndex,
    existing_queries: &[String],
    limit: usize,
) -> Result<Vec<SuggestedTheme>> {
    let reading = read(conn, index)?;
    if reading.docs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(rank(&reading, existing_queries, limit)
        .into_iter()
        .map(|r| r.theme)
        .collect())
}

/// Documents two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// How alike two phrases' documents are: shared / √(a·b).
fn ochiai(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    shared(a, b) as f64 / ((a.len() * b.len()) as f64).sqrt()
}

/// Up to `limit` clusters of suggested phrases that occur in the same documents, strongest first:
/// the strongest suggestions, each joining the cluster whose phrases it shares most documents
/// with (on average) or starting its own.
pub fn clusters(
    conn: &Connection,
    index: &SearchIndex,
    existing_queries: &[String],
    limit: usize,
) -> Result<Vec<SuggestedCluster>> {
    let mut reading = read(conn, index)?;
    if reading.docs.is_empty() {
        return Ok(Vec::new());
    }
    let pool = rank(&reading, existing_queries, CLUSTER_POOL.max(limit));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, r) in pool.iter().enumerate() {
        let best = groups
            .iter()
            .enumerate()
            .map(|(g, members)| {
                let mean = members
                    .iter()
                    .map(|&m| ochiai(&r.docs, &pool[m].docs))
                    .sum::<f64>()
                    / members.len() as f64;
                (g, mean)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((g, mean)) if mean >= CLUSTER_LINK => groups[g].push(i),
            _ => groups.push(vec![i]),
        }
    }
    let strength = |g: &Vec<usize>| g.iter().map(|&m| pool[m].theme.score).sum::<f64>();
    groups.sort_by(|a, b| strength(b).total_cmp(&strength(a)).then(a[0].cmp(&b[0])));
    groups.truncate(limit);
    let docs = &reading.docs;
    let mut out = Vec::with_capacity(groups.len());
    for members in groups {
        // The label: the phrase sharing most documents with the others (then the strongest).
        let centrality = |m: usize| {
            members
                .iter()
                .filter(|&&o| o != m)
                .map(|&o| ochiai(&pool[m].docs, &pool[o].docs))
                .sum::<f64>()
        };
        let label = members
            .iter()
            .copied()
            .max_by(|&a, &b| centrality(a).total_cmp(&centrality(b)).then(b.cmp(&a)))
            .unwrap_or(members[0]);
        let mut union: Vec<u32> = members
            .iter()
            .flat_map(|&m| pool[m].docs.iter().copied())
            .collect();
        union.sort_unstable();
        union.dedup();
        let of = || union.iter().map(|&i| &docs[i as usize]);
        let keys: Vec<(&str, &str)> = members
            .iter()
            .map(|&m| (pool[m].key.as_str(), pool[m].theme.phrase.as_str()))
            .collect();
        let passages = passages(&mut reading.analyzer, docs, &union, &keys);
        out.push(SuggestedCluster {
            label: pool[label].theme.phrase.clone(),
            query: members
                .iter()
                .map(|&m| pool[m].theme.query.as_str())
                .collect::<Vec<_>>()
                .join(" OR "),
            phrases: members
                .iter()
                .map(|&m| pool[m].theme.phrase.clone())
                .collect(),
            documents: union.len() as u64,
            teams: distinct(of().filter_map(|d| d.team)),
            people: distinct(of().filter_map(|d| d.person)),
            score: (strength(&members) * 100.0).round() / 100.0,
            passages,
        });
    }
    Ok(out)
}

/// Up to three sentences from different documents (different voices first) saying the most of
/// `keys`' phrases, sentences of a readable length before very long or very short ones, newer
/// documents first; a sentence already chosen from another document (a copy) is not repeated.
fn passages(
    analyzer: &mut TextAnalyzer,
    docs: &[Doc],
    union: &[u32],
    keys: &[(&str, &str)],
) -> Vec<ClusterPassage> {
    /// A document's best sentence for the cluster.
    struct Found {
        /// How many of the cluster's phrases it says.
        said: usize,
        /// Very long or very short.
        long: bool,
        /// The document's place in the cluster (newest first).
        order: usize,
        doc: usize,
        range: Range<usize>,
        phrases: Vec<String>,
    }
    let mut found: Vec<Found> = Vec::new();
    for (order, &i) in union.iter().take(PASSAGE_SCAN).enumerate() {
        let doc = &docs[i as usize];
        let mut best: Option<(usize, bool, Range<usize>, Vec<String>)> = None;
        for sentence in prose::sentences(&doc.body) {
            let mut said: Vec<usize> = Vec::new();
            each_term(analyzer, &doc.body, &sentence.spans, |key, _| {
                if let Some(k) = keys.iter().position(|(k, _)| *k == key) {
                    if !said.contains(&k) {
                        said.push(k);
                    }
                }
            });
            if said.is_empty() {
                continue;
            }
            said.sort_unstable();
            let said_text = &doc.body[sentence.range.clone()];
            let long = said_text.chars().count() > LONG_SENTENCE
                || said_text.split_whitespace().count() < SHORT_SENTENCE;
            let better = match &best {
                None => true,
                Some((n, l, _, _)) => said.len() > *n || (said.len() == *n && *l && !long),
            };
            if better {
                let phrases = said.iter().map(|&k| keys[k].1.to_string()).collect();
                best = Some((said.len(), long, sentence.range, phrases));
            }
        }
        if let Some((n, long, range, phrases)) = best {
            found.push(Found {
                said: n,
                long,
                order,
                doc: i as usize,
                range,
                phrases,
            });
        }
    }
    found.sort_by(|a, b| {
        b.said
            .cmp(&a.said)
            .then(a.long.cmp(&b.long))
            .then(a.order.cmp(&b.order))
    });
    // Different voices first, then anyone.
    let mut chosen: Vec<usize> = Vec::new();
    let mut voices = HashSet::new();
    let mut texts = HashSet::new();
    let words = |f: &Found| {
        docs[f.doc].body[f.range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    for (k, f) in found.iter().enumerate() {
        if chosen.len() < 3 && !voices.contains(&docs[f.doc].voice) && texts.insert(words(f)) {
            voices.insert(docs[f.doc].voice);
            chosen.push(k);
        }
    }
    for (k, f) in found.iter().enumerate() {
        if chosen.len() < 3 && !chosen.contains(&k) && texts.insert(words(f)) {
            chosen.push(k);
        }
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|k| {
            let Found {
                doc,
                range,
                phrases,
                ..
            } = &found[k];
            let doc = &docs[*doc];
            let start = doc.body[..range.start].chars().count();
            let text = doc.body[range.clone()].to_string();
            ClusterPassage {
                document: doc.id,
                title: doc.title.clone(),
                start: start as u64,
                end: (start + text.chars().count()) as u64,
                text,
                phrases: phrases.clone(),
            }
        })
        .collect()
}
