//! "Find more like these": passages of the workspace's documents ranked by how alike they are to
//! seed passages (a code's coded passages, or passages picked by id), offline.
//!
//! - **Passages** ([`segment`]): a document's body is cut at blank lines (a transcript's turns and
//!   a ticket's paragraphs are separated so; a survey answer is one body), then into sentences,
//!   grouped into passages of about [`PASSAGE_TARGET`] characters (never more than
//!   [`PASSAGE_MAX`] unless one sentence is). Code blocks (``` and ~~~ fences, Jira's `{code}` and
//!   `{noformat}`), stack-trace lines and log lines are skipped.
//! - **Similarity** ([`Model`]): each passage is a TF-IDF vector (sublinear term frequency, idf,
//!   l2-normalized) *and* a dense vector: the sum of its words' vectors, weighted the same way.
//!   A word's vector is learned from the workspace itself by random indexing: the words seen within
//!   [`Settings::window`] words of it, each a fixed sparse random vector weighted by its idf, summed
//!   over the corpus, so two words used in the same company ("pipeline", "build") get close
//!   vectors even when no passage holds both. Or, when the user points at one, a static embedding
//!   file (`word v1 v2 …`, an optional `count dims` header). A passage's score blends the two
//!   cosines with the seeds' centroid; then the best [`Settings::feedback`] passages are folded
//!   into the centroid (pseudo-relevance feedback) and everything is scored once more.
//! - **Graph** ([`Settings::neighbours`]): when the model is learned, each passage is linked to
//!   its nearest passages (candidates found through its rarest terms' postings, never all pairs,
//!   on both cores). A query's best [`Settings::spread_sources`] scores then spread along those
//!   links for [`Settings::spread_steps`] steps (manifold ranking), and the spread score is blended
//!   with the direct one: a passage whose neighbours are like the seeds rises even when its own
//!   words are not the seeds' — the cluster a centroid alone misses.
//! - **Cache**: the passages and the model are kept in the workspace and reused until a document
//!   is added, edited, deleted or restored (every such change queues a change for the search
//!   index: [`crate::store::outbox::last_queued`] moves); coding a passage changes nothing
//!   learned, so accepting suggestions one by one stays fast.

use crate::error::{Error, Result};
use crate::research::{codebook, documents, highlights};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ts_rs::TS;

/// Characters a passage grows to before a new one starts.
pub const PASSAGE_TARGET: usize = 240;
/// Characters a passage of several sentences never exceeds (a longer sentence is cut at a space).
pub const PASSAGE_MAX: usize = 480;
/// Words a passage needs to be offered.
const MIN_WORDS: usize = 3;
/// Hits returned when no limit is given, and the most ever returned.
pub const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 500;

/// One suggested passage: code it exactly with `code add DOCUMENT --start START --end END`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SimilarHit {
    /// The document it is in.
    #[ts(type = "number")]
    pub document: i64,
    /// That document's title.
    pub title: String,
    /// First character (Unicode scalar values into the body).
    #[ts(type = "number")]
    pub start: u64,
    /// One past the last character.
    #[ts(type = "number")]
    pub end: u64,
    /// The passage.
    pub text: String,
    /// How alike it is to the seeds (higher is closer; for ordering).
    pub score: f64,
}

/// The suggestions, best first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SimilarResults {
    /// Passages like the seeds, not coded with the seeds' codes.
    pub hits: Vec<SimilarHit>,
    /// Seed passages used.
    #[ts(type = "number")]
    pub seeds: u64,
    /// Passages ranked (the whole workspace).
    #[ts(type = "number")]
    pub passages: u64,
}

/// What to find more of: a code's passages (its children's too) and/or coded passages by id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SimilarRequest {
    /// A code's path or id.
    #[serde(default)]
    pub code: Option<String>,
    /// Coded passages (highlight ids).
    #[serde(default)]
    #[ts(type = "Array<number>")]
    pub passages: Vec<i64>,
    /// Most hits (default 20).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// Passages

/// A line that is not prose: a stack frame, a log line, or mostly symbols and digits.
fn is_noise(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    let stack = (t.starts_with("at ") && t.contains('(') && t.ends_with(')'))
        || t.starts_with("Caused by:")
        || t.starts_with("Exception in thread")
        || t.starts_with("Traceback (most recent call last)")
        || (t.starts_with("File \"") && t.contains(", line "))
        || (t.starts_with("...") && t.ends_with(" more"));
    if stack {
        return true;
    }
    let b = t.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let from = usize::from(b.first() == Some(&b'['));
    // 2024-05-01 12:00 / [2024-05-01T… / 12:00:01 …
    let dated =
        (0..4).all(|i| digit(from + i)) && b.get(from + 4) == Some(&b'-') && digit(from + 5);
    let timed = digit(from) && digit(from + 1) && b.get(from + 2) == Some(&b':') && digit(from + 3);
    if dated || timed {
        return true;
    }
    let chars = t.chars().count();
    let letters = t.chars().filter(|c| c.is_alphabetic() || *c == ' ').count();
    chars >= 12 && letters * 2 < chars
}

fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```")
        || t.starts_with("~~~")
        || t.starts_with("{code")
        || t.starts_with("{noformat")
}

fn is_list_item(rest: &str) -> bool {
    let t = rest.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("• ")
        || t.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|c| c.is_ascii_digit())
        })
}

/// Trims whitespace off bytes `a..b` of `s`.
fn trim_range(s: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let part = &s[a..b];
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim();
    (!trimmed.is_empty()).then(|| (a + lead, a + lead + trimmed.len()))
}

/// The sentences of paragraph bytes `a..b` (ends of sentences: `.`, `!`, `?` before a space, or a
/// line opening a list item), each cut at spaces to at most [`PASSAGE_MAX`] bytes.
fn sentences(body: &str, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let text = &body[a..b];
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut cuts = Vec::new();
    for (i, &c) in bytes.iter().enumerate() {
        let next_space = bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace);
        if matches!(c, b'.' | b'!' | b'?') && next_space {
            cuts.push(i + 1);
        } else if c == b'\n' && is_list_item(&text[i + 1..]) {
            cuts.push(i);
        }
    }
    cuts.push(bytes.len());
    for cut in cuts {
        if cut <= from {
            continue;
        }
        if let Some((s, e)) = trim_range(body, a + from, a + cut) {
            // A run-on sentence (a transcript without punctuation) is cut at spaces.
            let (mut s, e) = (s, e);
            while e - s > PASSAGE_MAX {
                let mut at = s + PASSAGE_MAX;
                while !body.is_char_boundary(at) {
                    at -= 1;
                }
                let split = body[s..at].rfind(char::is_whitespace).map_or(at, |k| s + k);
                let split = if split <= s { at } else { split };
                if let Some(r) = trim_range(body, s, split) {
                    out.push(r);
                }
                s = split;
                while s < e && body[s..].starts_with(char::is_whitespace) {
                    s += body[s..].chars().next().map_or(1, char::len_utf8);
                }
            }
            if let Some(r) = trim_range(body, s, e) {
                out.push(r);
            }
        }
        from = cut;
    }
}

fn words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// The passages of a body, as character offsets `(start, end)` (see the module's doc).
pub fn segment(body: &str) -> Vec<(u64, u64)> {
    spans(body).into_iter().map(|(_, _, s, e)| (s, e)).collect()
}

/// The passages of a body as (start byte, end byte, start char, end char).
fn spans(body: &str) -> Vec<(usize, usize, u64, u64)> {
    // Paragraphs: runs of prose lines between blank lines, fences and noise.
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut fenced = false;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let (start, end) = (at, at + line.trim_end_matches(['\n', '\r']).len());
        at += line.len();
        let fence = is_fence(line);
        let breaks = fence || fenced || line.trim().is_empty() || is_noise(line);
        if fence {
            fenced = !fenced;
        }
        if breaks {
            paragraphs.extend(open.take());
        } else {
            open = Some(match open {
                Some((s, _)) => (s, end),
                None => (start, end),
            });
        }
    }
    paragraphs.extend(open.take());

    let mut out = Vec::new();
    let mut sents = Vec::new();
    for (a, b) in paragraphs {
        sents.clear();
        sentences(body, a, b, &mut sents);
        let mut group: Option<(usize, usize)> = None;
        let mut groups = Vec::new();
        for &(s, e) in &sents {
            group = Some(match group {
                Some((gs, ge)) if ge - gs < PASSAGE_TARGET && e - gs <= PASSAGE_MAX => (gs, e),
                Some(g) => {
                    groups.push(g);
                    (s, e)
                }
                None => (s, e),
            });
        }
        groups.extend(group);
        // A short tail joins the passage before it when they fit together.
        if groups.len() >= 2 {
            let (ls, le) = groups[groups.len() - 1];
            let (ps, _) = groups[groups.len() - 2];
            if le - ls < PASSAGE_TARGET / 4 && le - ps <= PASSAGE_MAX + PASSAGE_TARGET / 4 {
                groups.pop();
                let last = groups.len() - 1;
                groups[last].1 = le;
            }
        }
        out.extend(
            groups
                .into_iter()
                .filter(|&(s, e)| words(&body[s..e]) >= MIN_WORDS),
        );
    }
    // Bytes to characters, in one pass (the ranges are in order).
    let (mut byte, mut ch) = (0usize, 0u64);
    let mut to_char = |b: usize| {
        ch += body[byte..b].chars().count() as u64;
        byte = b;
        ch
    };
    out.into_iter()
        .map(|(s, e)| (s, e, to_char(s), to_char(e)))
        .collect()
}

/// Characters `start..end` of `body`.
pub fn slice_chars(body: &str, start: u64, end: u64) -> &str {
    let byte = |n: u64| {
        body.char_indices()
            .nth(n as usize)
            .map_or(body.len(), |(b, _)| b)
    };
    let a = byte(start);
    let b = byte(end.max(start));
    &body[a..b]
}

// ---------------------------------------------------------------------------------------------
// Words

/// Lowercased words of `text`, plural and possessive endings taken off, stopwords and numbers
/// left out; `visit` is called with each.
pub fn each_term(text: &str, stop: &HashSet<&'static str>, mut visit: impl FnMut(&str)) {
    let mut buf = String::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        if raw.len() < 2 || raw.len() > 30 || !raw.chars().any(char::is_alphabetic) {
            continue;
        }
        buf.clear();
        buf.extend(raw.chars().flat_map(char::to_lowercase));
        if stop.contains(buf.as_str()) {
            continue;
        }
        stem(&mut buf);
        if buf.len() >= 2 {
            visit(&buf);
        }
    }
}

/// Plural endings off (`pipelines` → `pipeline`, `queries` → `query`, `fixes` → `fix`).
fn stem(w: &mut String) {
    let n = w.len();
    if n > 4 && w.ends_with("ies") {
        w.truncate(n - 3);
        w.push('y');
    } else if n > 4
        && (w.ends_with("sses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes"))
    {
        w.truncate(n - 2);
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.truncate(n - 1);
    }
}

fn stopwords() -> HashSet<&'static str> {
    crate::search::suggest::STOPWORDS.iter().copied().collect()
}

// ---------------------------------------------------------------------------------------------
// The model

/// How the similarity is computed (the defaults are what the benchmark measured best).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Dimensions of the learned word vectors.
    pub dims: usize,
    /// Words either side counted as a word's company.
    pub window: usize,
    /// Weight of the dense (word-vector) cosine against the TF-IDF cosine, 0..=1.
    pub blend: f32,
    /// Best passages folded into the seeds' centroid before scoring again (0: none).
    pub feedback: usize,
    /// Weight of those passages' centroid against the seeds'.
    pub feedback_weight: f32,
    /// Times the feedback is taken (each from the ranking the last one gave).
    pub feedback_rounds: usize,
    /// Power of the idf in a passage's term weights (1: plain TF-IDF; lower trusts rare words less).
    pub idf_power: f32,
    /// Nearest passages linked from each passage in the passage graph (0: no graph). 6 ranks
    /// within 0.001 MAP of 10 and spreads in 40 % less time.
    pub neighbours: usize,
    /// Weight of the dense cosine in the graph's similarity, 0..=1 (the graph is built with its
    /// own blend: neighbours found by shared words are the surer ones).
    pub graph_blend: f32,
    /// Best-scored passages whose scores are spread along the graph.
    pub spread_sources: usize,
    /// Share of a passage's spread score taken from its neighbours each step, 0..1 (the rest is
    /// its own direct score).
    pub spread: f32,
    /// Steps of spreading (each reaches one link further).
    pub spread_steps: usize,
    /// Weight of the spread score against the direct one, 0..=1 (each standardized).
    pub graph_weight: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dims: 128,
            window: 4,
            blend: 0.5,
            feedback: 200,
            feedback_weight: 0.7,
            feedback_rounds: 1,
            idf_power: 1.0,
            neighbours: 6,
            graph_blend: 0.15,
            spread_sources: 200,
            spread: 0.99,
            spread_steps: 10,
            graph_weight: 0.8,
        }
    }
}

/// A sparse vector: (term, weight), sorted by term.
type Sparse = Vec<(u32, f32)>;

/// Collects passages' words; [`Builder::finish`] learns the model.
pub struct Builder {
    stop: HashSet<&'static str>,
    vocab: HashMap<String, u32>,
    df: Vec<u32>,
    last_seen: Vec<u32>,
    tokens: Vec<u32>,
    offsets: Vec<u32>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Self {
        Builder {
            stop: stopwords(),
            vocab: HashMap::new(),
            df: Vec::new(),
            last_seen: Vec::new(),
            tokens: Vec::new(),
            offsets: vec![0],
        }
    }

    /// Adds a passage; passages are numbered from 0 in the order added.
    pub fn add(&mut self, text: &str) {
        let n = (self.offsets.len() - 1) as u32;
        let (vocab, df, last, tokens) = (
            &mut self.vocab,
            &mut self.df,
            &mut self.last_seen,
            &mut self.tokens,
        );
        each_term(text, &self.stop, |w| {
            let id = match vocab.get(w) {
                Some(&id) => id,
                None => {
                    let id = df.len() as u32;
                    vocab.insert(w.to_string(), id);
                    df.push(0);
                    last.push(u32::MAX);
                    id
                }
            };
            if last[id as usize] != n {
                last[id as usize] = n;
                df[id as usize] += 1;
            }
            tokens.push(id);
        });
        self.offsets.push(self.tokens.len() as u32);
    }

    /// Learns the model from the passages added: word vectors from their company, or from
    /// `vectors` (a static embedding file) when given.
    pub fn finish(self, settings: Settings, vectors: Option<&Path>) -> Result<Model> {
        let n = self.offsets.len() - 1;
        let idf: Vec<f32> = self
            .df
            .iter()
            .map(|&d| ((n as f32 + 1.0) / (d as f32 + 1.0)).ln() + 1.0)
            .collect();
        let (dims, term_vecs, rows) = match vectors {
            Some(path) => load_vectors(path, &self.vocab, &self.stop)?,
            None => learn_vectors(&self, &idf, settings),
        };
        let weight = idf.iter().map(|x| x.powf(settings.idf_power)).collect();
        let mut model = Model {
            stop: self.stop,
            vocab: self.vocab,
            weight,
            idf,
            dims,
            rows,
            term_vecs,
            sparse_offsets: vec![0],
            sparse: Vec::with_capacity(self.tokens.len()),
            postings_offsets: Vec::new(),
            postings: Vec::new(),
            dense: Vec::with_capacity(n * dims),
            mean: vec![0.0; dims],
            settings,
            links_offsets: Vec::new(),
            links: Vec::new(),
        };
        let mut counts: Vec<u32> = Vec::new();
        for p in 0..n {
            counts.clear();
            counts.extend_from_slice(
                &self.tokens[self.offsets[p] as usize..self.offsets[p + 1] as usize],
            );
            let v = model.weigh(&mut counts);
            model.sparse.extend_from_slice(&v);
            model.sparse_offsets.push(model.sparse.len() as u32);
            let d = model.dense_of(&v);
            model.dense.extend_from_slice(&d);
        }
        // Centre the dense vectors: what every passage shares says nothing about any one.
        if n > 0 && dims > 0 {
            for p in 0..n {
                for (m, x) in model
                    .mean
                    .iter_mut()
                    .zip(&model.dense[p * dims..(p + 1) * dims])
                {
                    *m += x / n as f32;
                }
            }
            let mean = model.mean.clone();
            for p in 0..n {
                let row = &mut model.dense[p * dims..(p + 1) * dims];
                for (x, m) in row.iter_mut().zip(&mean) {
                    *x -= m;
                }
                normalize(row);
            }
        }
        // Postings: term → (passage, weight).
        let terms = model.idf.len();
        let mut count = vec![0u32; terms + 1];
        for &(t, _) in &model.sparse {
            count[t as usize + 1] += 1;
        }
        for i in 0..terms {
            count[i + 1] += count[i];
        }
        let mut fill = count.clone();
        model.postings = vec![(0, 0.0); model.sparse.len()];
        for p in 0..n {
            let (a, b) = (
                model.sparse_offsets[p] as usize,
                model.sparse_offsets[p + 1] as usize,
            );
            for &(t, w) in &model.sparse[a..b] {
                let at = &mut fill[t as usize];
                model.postings[*at as usize] = (p as u32, w);
                *at += 1;
            }
        }
        model.postings_offsets = count;
        model.link();
        Ok(model)
    }
}

/// Postings read at most, per passage, to find its graph neighbours' candidates.
const GRAPH_POSTINGS: usize = 4000;
/// Candidates scored in full per graph neighbour kept.
const GRAPH_CANDIDATES: usize = 4;

/// A fixed sparse random vector per term: `K` positions, each +1 or −1.
const INDEX_NONZEROS: usize = 8;

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn index_vector(term: &str, dims: usize) -> [(usize, f32); INDEX_NONZEROS] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = [(0, 0.0); INDEX_NONZEROS];
    for (i, slot) in out.iter_mut().enumerate() {
        h = splitmix(h ^ i as u64);
        let sign = if h >> 63 == 0 { 1.0 } else { -1.0 };
        *slot = ((h % dims as u64) as usize, sign);
    }
    out
}

/// Word vectors by random indexing (see the module's doc); rows only for words in two passages
/// or more (a word seen once has no company to learn from).
fn learn_vectors(b: &Builder, idf: &[f32], s: Settings) -> (usize, Vec<f32>, Vec<u32>) {
    let dims = s.dims.max(1);
    let mut rows = vec![u32::MAX; b.df.len()];
    let mut next = 0u32;
    for (t, &d) in b.df.iter().enumerate() {
        if d >= 2 {
            rows[t] = next;
            next += 1;
        }
    }
    let mut names = vec![""; b.df.len()];
    for (w, &id) in &b.vocab {
        names[id as usize] = w.as_str();
    }
    let index: Vec<_> = names.iter().map(|w| index_vector(w, dims)).collect();
    let mut vecs = vec![0f32; next as usize * dims];
    let passages = b.offsets.len() - 1;
    for p in 0..passages {
        let toks = &b.tokens[b.offsets[p] as usize..b.offsets[p + 1] as usize];
        for (i, &t) in toks.iter().enumerate() {
            let row = rows[t as usize];
            if row == u32::MAX {
                continue;
            }
            let out = &mut vecs[row as usize * dims..(row as usize + 1) * dims];
            let lo = i.saturating_sub(s.window);
            let hi = (i + s.window + 1).min(toks.len());
            for &u in toks[lo..hi].iter().filter(|&&u| u != t) {
                let w = idf[u as usize];
                for &(k, sign) in &index[u as usize] {
                    out[k] += sign * w;
                }
            }
        }
    }
    for row in vecs.chunks_mut(dims) {
        normalize(row);
    }
    // Centre: the direction every word shares (the corpus's common company) is no meaning.
    let count = next as usize;
    if count > 0 {
        let mut mean = vec![0f32; dims];
        for row in vecs.chunks(dims) {
            for (m, x) in mean.iter_mut().zip(row) {
                *m += x / count as f32;
            }
        }
        for row in vecs.chunks_mut(dims) {
            for (x, m) in row.iter_mut().zip(&mean) {
                *x -= m;
            }
            normalize(row);
        }
    }
    (dims, vecs, rows)
}

/// Reads a static embedding file: `word v1 v2 …` a line, an optional `count dims` header first.
/// Only words of the workspace are kept (words that read as the same term are averaged).
fn load_vectors(
    path: &Path,
    vocab: &HashMap<String, u32>,
    stop: &HashSet<&'static str>,
) -> Result<(usize, Vec<f32>, Vec<u32>)> {
    use std::io::BufRead;
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| {
        Error::invalid("model", format!("cannot read the word vectors {name}: {e}"))
    })?;
    let mut dims = 0usize;
    let mut sums: HashMap<u32, (Vec<f32>, u32)> = HashMap::new();
    let mut vals = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| {
            Error::invalid(
                "model",
                format!("{name}, line {}: cannot be read ({e})", i + 1),
            )
        })?;
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else { continue };
        vals.clear();
        for v in parts {
            vals.push(v.parse::<f32>().map_err(|_| {
                Error::invalid(
                    "model",
                    format!(
                        "{name}, line {}: {v:?} is not a number (lines are `word v1 v2 …`)",
                        i + 1
                    ),
                )
            })?);
        }
        if i == 0 && vals.len() == 1 && word.parse::<u64>().is_ok() {
            continue; // the `count dims` header
        }
        if vals.is_empty() {
            return Err(Error::invalid(
                "model",
                format!("{name}, line {}: a word without a vector", i + 1),
            ));
        }
        if dims == 0 {
            dims = vals.len();
        } else if vals.len() != dims {
            return Err(Error::invalid(
                "model",
                format!(
                    "{name}, line {}: {} numbers where the first vector had {dims}",
                    i + 1,
                    vals.len()
                ),
            ));
        }
        let mut term = None;
        each_term(word, stop, |t| term = vocab.get(t).copied());
        if let Some(t) = term {
            let slot = sums.entry(t).or_insert_with(|| (vec![0.0; dims], 0));
            let mut v = vals.clone();
            normalize(&mut v);
            for (s, x) in slot.0.iter_mut().zip(&v) {
                *s += x;
            }
            slot.1 += 1;
        }
    }
    if dims == 0 {
        return Err(Error::invalid(
            "model",
            format!("{name} holds no word vectors"),
        ));
    }
    let mut rows = vec![u32::MAX; vocab.len()];
    let mut vecs = Vec::with_capacity(sums.len() * dims);
    let mut terms: Vec<_> = sums.into_iter().collect();
    terms.sort_by_key(|(t, _)| *t);
    for (i, (t, (mut v, _))) in terms.into_iter().enumerate() {
        normalize(&mut v);
        rows[t as usize] = i as u32;
        vecs.extend_from_slice(&v);
    }
    Ok((dims, vecs, rows))
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

fn normalize_sparse(v: &mut Sparse) {
    let n = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= n);
    }
}

/// Passages as TF-IDF and dense vectors, with what is needed to vectorize seed text the same way.
pub struct Model {
    stop: HashSet<&'static str>,
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    /// The idf raised to [`Settings::idf_power`].
    weight: Vec<f32>,
    dims: usize,
    rows: Vec<u32>,
    term_vecs: Vec<f32>,
    sparse_offsets: Vec<u32>,
    sparse: Vec<(u32, f32)>,
    postings_offsets: Vec<u32>,
    postings: Vec<(u32, f32)>,
    dense: Vec<f32>,
    mean: Vec<f32>,
    settings: Settings,
    /// The passage graph, row by row: `links[links_offsets[p]..links_offsets[p + 1]]` are the
    /// passages linked to `p` (its nearest and those it is nearest to) with weights summing to 1.
    links_offsets: Vec<u32>,
    links: Vec<(u32, f32)>,
}

impl Model {
    /// Passages in the model.
    pub fn len(&self) -> usize {
        self.sparse_offsets.len() - 1
    }

    /// Whether it holds no passage.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The settings it ranks with.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Ranks with another weight of the graph's spread score (the graph stays as built; 0: direct
    /// scores only).
    pub fn set_graph_weight(&mut self, weight: f32) {
        self.settings.graph_weight = weight;
    }

    /// Ranks with other blend and feedback settings (the word vectors and weights stay as
    /// learned).
    pub fn set_ranking(
        &mut self,
        blend: f32,
        feedback: usize,
        feedback_weight: f32,
        rounds: usize,
    ) {
        self.settings.blend = blend;
        self.settings.feedback = feedback;
        self.settings.feedback_weight = feedback_weight;
        self.settings.feedback_rounds = rounds;
    }

    /// TF-IDF weights of a bag of term ids (sorted in place), l2-normalized.
    fn weigh(&self, ids: &mut [u32]) -> Sparse {
        ids.sort_unstable();
        let mut v: Sparse = Vec::new();
        let mut i = 0;
        while i < ids.len() {
            let t = ids[i];
            let mut j = i;
            while j < ids.len() && ids[j] == t {
                j += 1;
            }
            v.push((t, (1.0 + ((j - i) as f32).ln()) * self.weight[t as usize]));
            i = j;
        }
        normalize_sparse(&mut v);
        v
    }

    fn dense_of(&self, v: &[(u32, f32)]) -> Vec<f32> {
        let mut d = vec![0f32; self.dims];
        for &(t, w) in v {
            let row = self.rows[t as usize];
            if row != u32::MAX {
                let r = &self.term_vecs[row as usize * self.dims..(row as usize + 1) * self.dims];
                for (x, y) in d.iter_mut().zip(r) {
                    *x += w * y;
                }
            }
        }
        d
    }

    /// Text as the model sees a passage: TF-IDF (words it has never seen left out) and dense,
    /// both normalized.
    pub fn vectorize(&self, text: &str) -> (Sparse, Vec<f32>) {
        let mut ids = Vec::new();
        each_term(text, &self.stop, |w| {
            if let Some(&id) = self.vocab.get(w) {
                ids.push(id);
            }
        });
        let s = self.weigh(&mut ids);
        let mut d = self.dense_of(&s);
        if !s.is_empty() {
            for (x, m) in d.iter_mut().zip(&self.mean) {
                *x -= m;
            }
        }
        normalize(&mut d);
        (s, d)
    }

    /// Similarity of passages `p` and `q`: TF-IDF and dense cosines blended by
    /// [`Settings::graph_blend`].
    fn pair(&self, p: usize, q: usize) -> f32 {
        let (a, b) = (self.passage_sparse(p), self.passage_sparse(q));
        let (mut i, mut j, mut dot) = (0, 0, 0f32);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let blend = if self.dims == 0 {
            0.0
        } else {
            self.settings.graph_blend
        };
        let mut sim = (1.0 - blend) * dot;
        if blend > 0.0 {
            let d = self.dims;
            let x = &self.dense[p * d..(p + 1) * d];
            let y = &self.dense[q * d..(q + 1) * d];
            sim += blend * x.iter().zip(y).map(|(u, v)| u * v).sum::<f32>();
        }
        sim
    }

    /// Each passage's [`Settings::neighbours`] nearest passages by [`Model::pair`], as
    /// (neighbour, similarity) rows of `k` (`u32::MAX`: none). Not all pairs: a passage's candidates
    /// are the passages sharing its terms, the rarest terms' postings read first and no more than
    /// [`GRAPH_POSTINGS`] of them; the best [`GRAPH_CANDIDATES`] × `k` by those terms are scored in
    /// full. On at most two threads.
    fn nearest(&self) -> Vec<(u32, f32)> {
        let k = self.settings.neighbours;
        let n = self.len();
        let mut out = vec![(u32::MAX, 0f32); n * k];
        if k == 0 || n < 2 {
            return out;
        }
        let cands = GRAPH_CANDIDATES * k;
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, 2);
        let chunk = n.div_ceil(threads);
        std::thread::scope(|scope| {
            for (c, part) in out.chunks_mut(chunk * k).enumerate() {
                scope.spawn(move || {
                    let mut acc = vec![0f32; n];
                    let mut touched: Vec<u32> = Vec::new();
                    let mut terms: Vec<(u32, f32)> = Vec::new();
                    let mut best: Vec<(u32, f32)> = Vec::new();
                    for (i, row) in part.chunks_mut(k).enumerate() {
                        let p = c * chunk + i;
                        terms.clear();
                        terms.extend_from_slice(self.passage_sparse(p));
                        terms.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
                        let mut left = GRAPH_POSTINGS;
                        for &(t, w) in &terms {
                            let (a, b) = (
                                self.postings_offsets[t as usize] as usize,
                                self.postings_offsets[t as usize + 1] as usize,
                            );
                            if b - a > left {
                                continue;
                            }
                            left -= b - a;
                            for &(q, qw) in &self.postings[a..b] {
                                if acc[q as usize] == 0.0 {
                                    touched.push(q);
                                }
                                acc[q as usize] += w * qw;
                            }
                        }
                        best.clear();
                        best.extend(
                            touched
                                .iter()
                                .filter(|&&q| q as usize != p)
                                .map(|&q| (q, acc[q as usize])),
                        );
                        for &q in &touched {
                            acc[q as usize] = 0.0;
                        }
                        touched.clear();
                        if best.len() > cands {
                            best.select_nth_unstable_by(cands, |a, b| b.1.total_cmp(&a.1));
                            best.truncate(cands);
                        }
                        for e in best.iter_mut() {
                            e.1 = self.pair(p, e.0 as usize);
                        }
                        best.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                        for (slot, &e) in row.iter_mut().zip(best.iter().filter(|e| e.1 > 0.0)) {
                            *slot = e;
                        }
                    }
                });
            }
        });
        out
    }

    /// Builds the passage graph: each passage linked to its nearest and to those it is nearest
    /// to (a link both ways counts twice), weights divided by the row's sum.
    fn link(&mut self) {
        let k = self.settings.neighbours;
        let n = self.len();
        if k == 0 || n < 2 {
            return;
        }
        let nearest = self.nearest();
        let mut degree = vec![0u32; n + 1];
        let mut sums = vec![0f32; n];
        for (p, row) in nearest.chunks(k).enumerate() {
            for &(q, w) in row.iter().take_while(|e| e.0 != u32::MAX) {
                degree[p + 1] += 1;
                degree[q as usize + 1] += 1;
                sums[p] += w;
                sums[q as usize] += w;
            }
        }
        for p in 0..n {
            degree[p + 1] += degree[p];
        }
        let mut fill = degree.clone();
        self.links = vec![(0, 0.0); degree[n] as usize];
        for (p, row) in nearest.chunks(k).enumerate() {
            for &(q, w) in row.iter().take_while(|e| e.0 != u32::MAX) {
                for (from, to) in [(p, q as usize), (q as usize, p)] {
                    self.links[fill[from] as usize] = (to as u32, w / sums[from]);
                    fill[from] += 1;
                }
            }
        }
        self.links_offsets = degree;
    }

    /// Spreads the best [`Settings::spread_sources`] of `scores` along the graph (manifold
    /// ranking: each step a passage takes [`Settings::spread`] of its links' weighted mean and the
    /// rest of its own source score) and blends the result with the direct scores, each
    /// standardized (mean 0, deviation 1), by [`Settings::graph_weight`].
    fn spread(&self, scores: &mut [f32]) {
        let s = self.settings;
        let n = scores.len();
        if self.links_offsets.len() != n + 1 || s.graph_weight <= 0.0 || n == 0 {
            return;
        }
        let top = scores.iter().copied().fold(f32::MIN, f32::max);
        if top <= 0.0 {
            return;
        }
        let mut source: Vec<f32> = scores.iter().map(|&x| x.max(0.0) / top).collect();
        if s.spread_sources < n {
            let mut sorted = source.clone();
            sorted.select_nth_unstable_by(s.spread_sources, |a, b| b.total_cmp(a));
            let floor = sorted[s.spread_sources];
            for v in source.iter_mut().filter(|v| **v <= floor) {
                *v = 0.0;
            }
        }
        let mut f = source.clone();
        let mut next = vec![0f32; n];
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .clamp(1, 2);
        let chunk = n.div_ceil(threads);
        for _ in 0..s.spread_steps {
            let (last, source) = (&f, &source);
            std::thread::scope(|scope| {
                for (c, part) in next.chunks_mut(chunk).enumerate() {
                    scope.spawn(move || {
                        for (i, out) in part.iter_mut().enumerate() {
                            let p = c * chunk + i;
                            let (a, b) = (
                                self.links_offsets[p] as usize,
                                self.links_offsets[p + 1] as usize,
                            );
                            let near: f32 = self.links[a..b]
                                .iter()
                                .map(|&(q, w)| w * last[q as usize])
                                .sum();
                            *out = (1.0 - s.spread) * source[p] + s.spread * near;
                        }
                    });
                }
            });
            std::mem::swap(&mut f, &mut next);
        }
        let standard = |v: &[f32]| {
            let mean = v.iter().sum::<f32>() / n as f32;
            let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n as f32;
            let sd = var.sqrt();
            (mean, if sd > 0.0 { sd } else { 1.0 })
        };
        let (ms, ss) = standard(scores);
        let (mf, sf) = standard(&f);
        let l = s.graph_weight;
        for (x, g) in scores.iter_mut().zip(&f) {
            *x = (1.0 - l) * (*x - ms) / ss + l * (g - mf) / sf;
        }
    }

    fn passage_sparse(&self, p: usize) -> &[(u32, f32)] {
        &self.sparse[self.sparse_offsets[p] as usize..self.sparse_offsets[p + 1] as usize]
    }

    fn score_all(&self, q: &[(u32, f32)], qd: &[f32], out: &mut Vec<f32>) {
        let n = self.len();
        let blend = if self.dims == 0 {
            0.0
        } else {
            self.settings.blend
        };
        out.clear();
        out.resize(n, 0.0);
        let lexical = 1.0 - blend;
        for &(t, w) in q {
            let (a, b) = (
                self.postings_offsets[t as usize] as usize,
                self.postings_offsets[t as usize + 1] as usize,
            );
            let w = w * lexical;
            for &(p, pw) in &self.postings[a..b] {
                out[p as usize] += w * pw;
            }
        }
        if blend > 0.0 {
            for (p, row) in self.dense.chunks_exact(self.dims).enumerate() {
                let dot: f32 = row.iter().zip(qd).map(|(x, y)| x * y).sum();
                out[p] += blend * dot;
            }
        }
    }

    /// The `limit` passages most like `seeds` (texts), best first, as (passage number, score);
    /// passages for which `skip` is true are never returned nor used as feedback.
    pub fn rank(
        &self,
        seeds: &[&str],
        skip: &dyn Fn(usize) -> bool,
        limit: usize,
    ) -> Vec<(usize, f32)> {
        let mut q: HashMap<u32, f32> = HashMap::new();
        let mut qd = vec![0f32; self.dims];
        for s in seeds {
            let (v, d) = self.vectorize(s);
            for (t, w) in v {
                *q.entry(t).or_default() += w;
            }
            for (x, y) in qd.iter_mut().zip(&d) {
                *x += y;
            }
        }
        let mut q: Sparse = q.into_iter().collect();
        q.sort_unstable_by_key(|&(t, _)| t);
        normalize_sparse(&mut q);
        normalize(&mut qd);
        let mut scores = Vec::new();
        self.score_all(&q, &qd, &mut scores);
        let fb = self.settings.feedback;
        for _ in 0..if fb > 0 {
            self.settings.feedback_rounds
        } else {
            0
        } {
            let top = top_k(&scores, skip, fb);
            if top.is_empty() {
                break;
            }
            let mut more: HashMap<u32, f32> = HashMap::new();
            let mut md = vec![0f32; self.dims];
            for &(p, _) in &top {
                for &(t, w) in self.passage_sparse(p) {
                    *more.entry(t).or_default() += w;
                }
                for (x, y) in md
                    .iter_mut()
                    .zip(&self.dense[p * self.dims..(p + 1) * self.dims])
                {
                    *x += y;
                }
            }
            let mut more: Sparse = more.into_iter().collect();
            normalize_sparse(&mut more);
            normalize(&mut md);
            let fw = self.settings.feedback_weight;
            let mut merged: HashMap<u32, f32> = q.iter().copied().collect();
            for (t, w) in more {
                *merged.entry(t).or_default() += fw * w;
            }
            // The strongest terms only: a long query costs time and adds noise.
            let mut merged: Sparse = merged.into_iter().collect();
            merged.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
            merged.truncate(200);
            merged.sort_unstable_by_key(|&(t, _)| t);
            normalize_sparse(&mut merged);
            let mut qd2 = qd.clone();
            for (x, y) in qd2.iter_mut().zip(&md) {
                *x += fw * y;
            }
            normalize(&mut qd2);
            self.score_all(&merged, &qd2, &mut scores);
        }
        self.spread(&mut scores);
        top_k(&scores, skip, limit)
    }
}

/// The `k` best-scored passages not skipped, best first (ties: the earlier passage).
fn top_k(scores: &[f32], skip: &dyn Fn(usize) -> bool, k: usize) -> Vec<(usize, f32)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    #[derive(PartialEq)]
    struct Key(f32, Reverse<usize>);
    impl Eq for Key {}
    impl PartialOrd for Key {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Key {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&o.0).then(self.1.cmp(&o.1))
        }
    }
    if k == 0 {
        return Vec::new();
    }
    let mut heap: BinaryHeap<Reverse<Key>> = BinaryHeap::with_capacity(k + 1);
    for (p, &s) in scores.iter().enumerate() {
        if heap.len() == k && heap.peek().is_some_and(|Reverse(m)| s <= m.0) {
            continue;
        }
        if skip(p) {
            continue;
        }
        heap.push(Reverse(Key(s, Reverse(p))));
        if heap.len() > k {
            heap.pop();
        }
    }
    let mut out: Vec<(usize, f32)> = heap
        .into_iter()
        .map(|Reverse(Key(s, Reverse(p)))| (p, s))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

// ---------------------------------------------------------------------------------------------
// The workspace's passages

/// One passage of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// Document id.
    pub document: i64,
    /// First character.
    pub start: u64,
    /// One past the last.
    pub end: u64,
}

/// Every passage of the live documents and the model learned from them.
pub struct Corpus {
    fingerprint: (i64, u64),
    vectors: Option<(PathBuf, u64, Option<std::time::SystemTime>)>,
    /// The passages, numbered as in the model.
    pub passages: Vec<Passage>,
    /// The model.
    pub model: Model,
}

/// What the workspace keeps between calls: the corpus last built.
pub struct Cached {
    corpus: Arc<Corpus>,
}

/// What changes whenever a document is added, edited, deleted or restored: the last change queued
/// for the index, and the live documents.
fn fingerprint(conn: &Connection) -> Result<(i64, u64)> {
    Ok((
        crate::store::outbox::last_queued(conn)?,
        documents::count_live(conn)?,
    ))
}

fn vectors_key(path: Option<&Path>) -> Option<(PathBuf, u64, Option<std::time::SystemTime>)> {
    path.map(|p| {
        let meta = std::fs::metadata(p).ok();
        (
            p.to_path_buf(),
            meta.as_ref().map_or(0, |m| m.len()),
            meta.and_then(|m| m.modified().ok()),
        )
    })
}

/// Cuts every live document into passages and learns the model.
pub fn build(conn: &Connection, vectors: Option<&Path>) -> Result<Corpus> {
    let fingerprint = fingerprint(conn)?;
    let mut passages = Vec::new();
    let mut builder = Builder::new();
    documents::each_body(conn, |id, _title, body| {
        for (a, b, s, e) in spans(body) {
            builder.add(&body[a..b]);
            passages.push(Passage {
                document: id,
                start: s,
                end: e,
            });
        }
        Ok(())
    })?;
    let model = builder.finish(Settings::default(), vectors)?;
    Ok(Corpus {
        fingerprint,
        vectors: vectors_key(vectors),
        passages,
        model,
    })
}

/// The cached corpus when the documents and the vectors file are unchanged, else a new one.
pub fn corpus(
    conn: &Connection,
    slot: &std::sync::Mutex<Option<Cached>>,
    vectors: Option<&Path>,
) -> Result<Arc<Corpus>> {
    let key = vectors_key(vectors);
    let mut slot = slot
        .lock()
        .map_err(|_| Error::Internal("the similar-passages lock was poisoned".into()))?;
    if let Some(c) = slot.as_ref() {
        if c.corpus.vectors == key && c.corpus.fingerprint == fingerprint(conn)? {
            return Ok(c.corpus.clone());
        }
    }
    let corpus = Arc::new(build(conn, vectors)?);
    *slot = Some(Cached {
        corpus: corpus.clone(),
    });
    Ok(corpus)
}

/// The passages to find more like, and those already coded alike (left out of the hits).
pub struct Seeds {
    /// The seed passages.
    pub seeds: Vec<highlights::Highlight>,
    /// Passages coded with the seeds' codes: the code asked for and its children, or the codes of
    /// the passages given and their children.
    pub coded: Vec<highlights::Highlight>,
}

/// The request's seeds: not_found for an unknown code or passage; invalid_input when there is no
/// seed (no code nor passage given, or a code with no passage yet).
pub fn seeds(conn: &Connection, req: &SimilarRequest) -> Result<Seeds> {
    let mut seeds: Vec<highlights::Highlight> = Vec::new();
    let mut coded: Vec<highlights::Highlight> = Vec::new();
    let code_key = req.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if let Some(key) = code_key {
        let id = codebook::find(conn, key)?;
        let list = highlights::list(conn, Some(id), None)?;
        seeds.extend(list.iter().cloned());
        coded.extend(list);
    }
    if !req.passages.is_empty() {
        let mut codes: HashSet<String> = HashSet::new();
        for &id in &req.passages {
            let h = highlights::get(conn, id)?;
            codes.extend(h.codes.iter().cloned());
            seeds.push(h);
        }
        if !codes.is_empty() {
            coded.extend(highlights::list(conn, None, None)?.into_iter().filter(|h| {
                h.codes.iter().any(|c| {
                    codes.contains(c)
                        || codes.iter().any(|k| {
                            c.strip_prefix(k.as_str())
                                .is_some_and(|rest| rest.starts_with(codebook::PATH_SEPARATOR))
                        })
                })
            }));
        }
    }
    if code_key.is_none() && req.passages.is_empty() {
        return Err(Error::invalid(
            "code",
            "give a code or coded passages to find more like",
        ));
    }
    if seeds.is_empty() {
        return Err(Error::invalid(
            "code",
            format!(
                "code {:?} has no coded passages yet: code a few passages, then ask for more like them",
                code_key.unwrap_or_default()
            ),
        ));
    }
    Ok(Seeds { seeds, coded })
}

/// Passages like `seeds`, best first, leaving out the seeds, the passages coded alike and any
/// passage overlapping one of `exclude` (document, start, end) — e.g. suggestions the user
/// rejected.
pub fn similar(
    conn: &Connection,
    corpus: &Corpus,
    seeds: &Seeds,
    limit: Option<u32>,
    exclude: &HashSet<(i64, u64, u64)>,
) -> Result<SimilarResults> {
    let limit = limit
        .map_or(DEFAULT_LIMIT, |l| l as usize)
        .clamp(1, MAX_LIMIT);
    let Seeds { seeds, coded } = seeds;
    let mut off: HashMap<i64, Vec<(u64, u64)>> = HashMap::new();
    for h in seeds.iter().chain(coded) {
        off.entry(h.document).or_default().push((h.start, h.end));
    }
    for &(d, s, e) in exclude {
        off.entry(d).or_default().push((s, e));
    }
    let passages = &corpus.passages;
    let skip = |p: usize| {
        let x = passages[p];
        off.get(&x.document)
            .is_some_and(|r| r.iter().any(|&(s, e)| x.start < e && s < x.end))
    };
    let texts: Vec<&str> = seeds.iter().map(|h| h.text.as_str()).collect();
    let ranked = corpus.model.rank(&texts, &skip, limit);
    let ids: Vec<i64> = ranked.iter().map(|&(p, _)| passages[p].document).collect();
    let docs = documents::bodies(conn, &ids)?;
    let hits = ranked
        .into_iter()
        .filter_map(|(p, score)| {
            let x = passages[p];
            let (title, body) = docs.get(&x.document)?;
            Some(SimilarHit {
                document: x.document,
                title: title.clone(),
                start: x.start,
                end: x.end,
                text: slice_chars(body, x.start, x.end).to_string(),
                score: f64::from(score),
            })
        })
        .collect();
    Ok(SimilarResults {
        hits,
        seeds: seeds.len() as u64,
        passages: passages.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        segment(body)
            .into_iter()
            .map(|(s, e)| slice_chars(body, s, e).to_string())
            .collect()
    }

    #[test]
    fn passages_follow_paragraphs_and_skip_code_and_logs() {
        let body = "The pipeline takes forever before I can merge. It is painful.\n\n\
                    ```\nlet x = compute_everything();\n```\n\
                    2024-05-01 12:00:01 ERROR worker crashed\n\
                    \tat com.example.Foo.bar(Foo.java:12)\n\n\
                    Ünïcode words come after the block and count too.";
        let got = texts(body);
        assert_eq!(
            got,
            vec![
                "The pipeline takes forever before I can merge. It is painful.",
                "Ünïcode words come after the block and count too."
            ]
        );
    }

    #[test]
    fn long_paragraphs_are_grouped_sentences_within_the_limit() {
        let sentence = "Our deploys wait on a flaky integration suite every single day. ";
        let body = sentence.repeat(20);
        let spans = segment(&body);
        assert!(spans.len() > 2, "{spans:?}");
        for (s, e) in &spans {
            let len = (e - s) as usize;
            assert!(len <= PASSAGE_MAX + PASSAGE_TARGET / 4, "{len}");
            assert!(slice_chars(&body, *s, *e).ends_with('.'));
        }
        // A run-on text without punctuation is cut at spaces.
        let runon = "word ".repeat(400);
        for (s, e) in segment(&runon) {
            assert!(e - s <= PASSAGE_MAX as u64);
            assert!(!slice_chars(&runon, s, e).starts_with(' '));
        }
    }

    #[test]
    fn the_graph_lifts_a_passage_linked_to_the_seeds_only_through_its_neighbours() {
        let texts = [
            "pipeline build flaky runner cache",
            "coffee machine kitchen espresso",
            "kitchen espresso beans grinder",
            "runner cache artifact storage",
            "artifact storage quota disk",
            "holiday calendar vacation request",
            "vacation request approval manager",
        ];
        let (linked, unrelated) = (4, 1);
        let mut b = Builder::new();
        for t in texts {
            b.add(t);
        }
        // Words only: the linked passage shares no word with the seed, like the unrelated one.
        let settings = Settings {
            blend: 0.0,
            feedback: 0,
            ..Settings::default()
        };
        let mut model = b.finish(settings, None).unwrap();
        let order = |model: &Model| -> Vec<usize> {
            model
                .rank(&["flaky pipeline build runner"], &|_| false, texts.len())
                .into_iter()
                .map(|(p, _)| p)
                .collect()
        };
        let at = |order: &[usize], p: usize| order.iter().position(|&x| x == p).unwrap();
        // Its neighbour shares the seed's words and its words with the linked passage.
        let nearest = model.nearest();
        let k = settings.neighbours;
        assert!(nearest[3 * k..4 * k].iter().any(|&(q, _)| q == 0));
        assert!(nearest[linked * k..(linked + 1) * k]
            .iter()
            .any(|&(q, _)| q == 3));
        assert!(nearest[unrelated * k..(unrelated + 1) * k]
            .iter()
            .all(|&(q, _)| q != 0 && q != 3 && q as usize != linked));

        model.set_graph_weight(0.0);
        let direct = order(&model);
        assert!(at(&direct, unrelated) < at(&direct, linked), "{direct:?}");
        model.set_graph_weight(Settings::default().graph_weight);
        let spread = order(&model);
        assert_eq!(spread[0], 0, "{spread:?}");
        assert!(at(&spread, linked) < at(&spread, unrelated), "{spread:?}");
        // Nor does it lift what nothing links to the seeds: the unrelated passages stay last.
        assert!(at(&spread, unrelated) >= 3, "{spread:?}");
    }

    #[test]
    fn plural_endings_fold() {
        let stop = stopwords();
        let mut got = Vec::new();
        each_term("Pipelines queries the fixes 2024 CI's", &stop, |w| {
            got.push(w.to_string())
        });
        assert_eq!(got, vec!["pipeline", "query", "fix", "ci"]);
    }
}
