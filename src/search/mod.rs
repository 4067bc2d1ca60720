//! Search over every document: BM25 ranking, highlighted snippets, lenient query reading.

pub mod dedup;
pub mod idset;
pub mod index;
pub mod palette;
pub mod query;
pub mod reader;
pub mod similar;
pub mod suggest;
pub mod themes;

use crate::error::Result;
use crate::research::documents::DocumentKind;
use index::SearchIndex;
use query::{Filter, Node};
use serde::{Deserialize, Serialize};
use std::ops::Bound;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, TantivyDocument, Term};
use ts_rs::TS;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortBy {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Newest evidence first.
    Date,
}

/// A search as the UI or CLI asks for it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchRequest {
    /// The query as typed.
    pub query: String,
    /// Most hits to return (default 50, at most 1000).
    pub limit: Option<u32>,
    /// Hits to skip (for scrolling through thousands).
    #[serde(default)]
    pub offset: Option<u32>,
    /// Order of the hits.
    #[serde(default)]
    pub sort: SortBy,
    /// Also count the matches per kind, team, tag, source and month.
    #[serde(default)]
    pub facets: bool,
}

impl SearchRequest {
    /// A request for `query` with the defaults.
    pub fn new(query: &str) -> Self {
        SearchRequest {
            query: query.to_string(),
            ..Default::default()
        }
    }
}

/// One piece of a snippet; `hit` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SnippetPart {
    /// Plain text (never markup).
    pub text: String,
    /// True when this piece matched.
    pub hit: bool,
}

/// One matching document.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// Document id.
    #[ts(type = "number")]
    pub id: i64,
    /// Kind of document.
    pub kind: DocumentKind,
    /// Title.
    pub title: String,
    /// The snippet as HTML: text escaped, matches wrapped in `<mark>`.
    pub snippet: String,
    /// The snippet as plain-text pieces, for renderers that build their own markup.
    pub snippet_parts: Vec<SnippetPart>,
    /// BM25 score (0 when sorted by date).
    pub score: f32,
    /// Evidence date.
    pub date: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Where it came from (`interview`, `jira-csv`, `google-forms`…).
    pub source: String,
    /// When this hit is a near-duplicate of another match: that match's id (the first of the
    /// group). A list can fold it under that one.
    #[ts(type = "number | null")]
    pub duplicate_of: Option<i64>,
    /// Near-duplicates of this hit among all the matches.
    #[ts(type = "number")]
    pub copies: u64,
    /// In a transcript: the turn the match is in (speaker, role, start), for the reader to jump to.
    pub turn: Option<crate::research::transcripts::Turn>,
}

/// How many matches have one value of a facet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FacetCount {
    /// The value (a kind, team, tag, source or `YYYY-MM`).
    pub value: String,
    /// Matching documents with it.
    #[ts(type = "number")]
    pub count: u64,
}

/// Match counts per facet value; each narrows the search when added as a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SearchFacets {
    /// Per kind of document.
    pub kind: Vec<FacetCount>,
    /// Per team.
    pub team: Vec<FacetCount>,
    /// Per tag.
    pub tag: Vec<FacetCount>,
    /// Per source.
    pub source: Vec<FacetCount>,
    /// Per month, oldest first.
    pub month: Vec<FacetCount>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// Every matching document, not just those returned.
    #[ts(type = "number")]
    pub total: u64,
    /// Matches counting each group of near-duplicate tickets or answers once.
    #[ts(type = "number")]
    pub distinct: u64,
    /// The hits asked for, in order.
    pub hits: Vec<SearchHit>,
    /// How the query was read.
    pub read_as: String,
    /// What the lenient reader changed or could not use.
    pub warnings: Vec<String>,
    /// Counts per facet, when asked for.
    pub facets: Option<SearchFacets>,
}

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// Bodies longer than this (bytes) are not read whole for a snippet: the snippet is taken from a
/// window of this size around the first place a query term appears. Stemming a one-hour
/// transcript to find its best fragment cost ~1.5 ms a hit, most of a search's time.
const SNIPPET_WINDOW: usize = 12 * 1024;

/// The snippet of a body: from the whole text when it is short, else from the window around the
/// first place a query term (or its stem less one letter: `flaki` for "flaky") appears; the whole
/// text again when no window holds a match.
fn body_snippet(snippets: &Snippets, body: &str) -> tantivy::snippet::Snippet {
    let Snippets { maker, stems } = snippets;
    if body.len() <= SNIPPET_WINDOW {
        return maker.snippet(body);
    }
    // ASCII lower-casing keeps byte offsets, so a position in `lower` is one in `body`.
    let lower = body.to_ascii_lowercase();
    let first = stems
        .iter()
        .filter_map(|term| {
            let keep = term
                .char_indices()
                .nth(term.chars().count().saturating_sub(1).max(3))
                .map_or(term.len(), |(i, _)| i);
            lower.find(&term[..keep])
        })
        .min();
    if let Some(at) = first {
        let floor = |mut i: usize| {
            while !body.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(at.saturating_sub(SNIPPET_WINDOW / 4));
        let end = floor((start + SNIPPET_WINDOW).min(body.len()));
        let snippet = maker.snippet(&body[start..end]);
        if !snippet.fragment().is_empty() {
            return snippet;
        }
    }
    maker.snippet(body)
}

/// What snippets are made with: tantivy's generator for `field`, and the query's terms on it.
struct Snippets {
    maker: SnippetGenerator,
    stems: Vec<String>,
}

impl Snippets {
    fn new(searcher: &tantivy::Searcher, query: &dyn Query, field: Field) -> Result<Self> {
        let mut maker = SnippetGenerator::create(searcher, query, field)?;
        maker.set_max_num_chars(SNIPPET_CHARS);
        let mut stems = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                if let Some(s) = term.value().as_str() {
                    stems.push(s.to_string());
                }
            }
        });
        Ok(Snippets { maker, stems })
    }
}

/// The fields words are searched in, with their boosts.
fn text_fields(f: &index::Fields, spoken: SpokenBy) -> Vec<(Field, f32)> {
    // Words are matched in what participants said (the body), with `role:interviewer` in what
    // the interviewer asked, with `role:any` in both.
    match spoken {
        SpokenBy::Participants => vec![(f.title, 2.0), (f.body, 1.0), (f.people, 1.0)],
        SpokenBy::Interviewer => vec![(f.title, 2.0), (f.asked, 1.0), (f.people, 1.0)],
        SpokenBy::Everyone => vec![
            (f.title, 2.0),
            (f.body, 1.0),
            (f.asked, 1.0),
            (f.people, 1.0),
        ],
    }
}

/// Whose words in a transcript a query's words are matched in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SpokenBy {
    /// What participants said: the evidence (the default).
    #[default]
    Participants,
    /// What the interviewer asked (`role:interviewer`).
    Interviewer,
    /// Both (`role:any`).
    Everyone,
}

impl SpokenBy {
    /// Whose words a query reads (`role:` anywhere outside a NOT; the last one wins).
    fn of(node: &Node) -> SpokenBy {
        match node {
            Node::Filter(Filter::Role(r)) => match r.as_str() {
                "interviewer" => SpokenBy::Interviewer,
                "any" => SpokenBy::Everyone,
                _ => SpokenBy::Participants,
            },
            Node::And(parts) | Node::Or(parts) => parts
                .iter()
                .map(SpokenBy::of)
                .rfind(|s| *s != SpokenBy::Participants)
                .unwrap_or_default(),
            _ => SpokenBy::Participants,
        }
    }
}

/// Turns a read query into a tantivy query.
struct Builder<'a> {
    index: &'a SearchIndex,
    /// Whose words in a transcript the query's words are matched in.
    spoken: SpokenBy,
}

impl Builder<'_> {
    /// The index terms of some text: lowercased and stemmed as the index does.
    fn terms(&self, text: &str) -> Vec<String> {
        let mut analyzer = self
            .index
            .index
            .tokenizer_for_field(self.index.fields.body)
            .expect("the body field has a tokenizer");
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    fn per_field(&self, make: impl Fn(Field) -> Box<dyn Query>) -> Box<dyn Query> {
        let f = self.index.fields;
        Box::new(BooleanQuery::new(
            text_fields(&f, self.spoken)
                .into_iter()
                .map(|(field, boost)| {
                    let q: Box<dyn Query> = if boost == 1.0 {
                        make(field)
                    } else {
                        Box::new(BoostQuery::new(make(field), boost))
                    };
                    (Occur::Should, q)
                })
                .collect(),
        ))
    }

    fn words(&self, terms: Vec<String>) -> Option<Box<dyn Query>> {
        match terms.len() {
            0 => None,
            1 => Some(self.per_field(|field| {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &terms[0]),
                    IndexRecordOption::WithFreqs,
                ))
            })),
            _ => Some(self.per_field(|field| {
                Box::new(PhraseQuery::new(
                    terms
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                ))
            })),
        }
    }

    fn filter(&self, filter: &Filter) -> Box<dyn Query> {
        let f = self.index.fields;
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let q: Box<dyn Query> = match filter {
            Filter::Kind(k) => term(f.kind, k),
            Filter::Team(t) => term(f.team_key, t),
            Filter::Tag(t) => term(f.tag_key, t),
            Filter::Author(a) => term(f.author, a),
            Filter::Status(s) => term(f.status, s),
            Filter::Speaker(s) => term(f.speaker, s),
            Filter::Role(r) if r == "any" => Box::new(AllQuery),
            Filter::Role(r) => term(f.role, r),
            Filter::Source(list) => Box::new(BooleanQuery::new(
                list.iter()
                    .map(|s| (Occur::Should, term(f.source, s)))
                    .collect(),
            )),
            Filter::Days(from, to) => {
                let bound = |d: &Option<u64>| match d {
                    Some(d) => Bound::Included(Term::from_field_u64(f.day, *d)),
                    None => Bound::Unbounded,
                };
                // Undated documents (day 0) never match a date range.
                let from = bound(&from.or(Some(1)));
                Box::new(RangeQuery::new(from, bound(to)))
            }
        };
        // Filters narrow; they do not change how well a document matches the words.
        Box::new(ConstScoreQuery::new(q, 0.0))
    }

    fn build(&self, node: &Node) -> Option<Box<dyn Query>> {
        match node {
            Node::Word(w) => self.words(self.terms(w)),
            Node::Phrase(words) => self.words(self.terms(&words.join(" "))),
            Node::Fuzzy(w, d) => {
                let stem = self.terms(w).into_iter().next()?;
                Some(self.per_field(|field| {
                    Box::new(FuzzyTermQuery::new(
                        Term::from_field_text(field, &stem),
                        *d,
                        true,
                    ))
                }))
            }
            Node::Prefix(p) => {
                let pattern = format!("{}.*", p.to_lowercase());
                let field_query = |field| -> Box<dyn Query> {
                    match RegexQuery::from_pattern(&pattern, field) {
                        Ok(q) => Box::new(q),
                        Err(_) => Box::new(EmptyQuery),
                    }
                };
                Some(self.per_field(field_query))
            }
            Node::Filter(f) => Some(self.filter(f)),
            Node::Not(inner) => {
                let inner = self.build(inner)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, inner),
                ])))
            }
            Node::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for p in parts {
                    match p {
                        Node::Not(inner) => {
                            if let Some(q) = self.build(inner) {
                                clauses.push((Occur::MustNot, q));
                            }
                        }
                        other => clauses.extend(self.build(other).map(|q| (Occur::Must, q))),
                    }
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    if clauses.is_empty() {
                        return None;
                    }
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(parts) => {
                let clauses: Vec<(Occur, Box<dyn Query>)> = parts
                    .iter()
                    .filter_map(|p| self.build(p))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
        }
    }
}

/// The tantivy query for a raw query, how it was read, and what the reader changed.
pub(crate) fn parse(
    index: &SearchIndex,
    raw: &str,
) -> (Option<Box<dyn Query>>, String, Vec<String>) {
    let (q, read_as, fixes, _) = parse_spoken(index, raw);
    (q, read_as, fixes)
}

/// [`parse`], and whose words in transcripts the query reads.
fn parse_spoken(
    index: &SearchIndex,
    raw: &str,
) -> (Option<Box<dyn Query>>, String, Vec<String>, SpokenBy) {
    let read = query::read(raw);
    let spoken = read.node.as_ref().map(SpokenBy::of).unwrap_or_default();
    let q = read
        .node
        .as_ref()
        .and_then(|n| Builder { index, spoken }.build(n));
    (q, read.text, read.fixes, spoken)
}

/// Runs a search. Never fails on query syntax: a query with nothing searchable returns no hits.
pub fn search(index: &SearchIndex, req: &SearchRequest) -> Result<SearchResults> {
    let (query, read_as, warnings) = parse(index, &req.query);
    let Some(query) = query else {
        return Ok(SearchResults {
            total: 0,
            distinct: 0,
            hits: Vec::new(),
            read_as,
            warnings,
            facets: req.facets.then(SearchFacets::default),
        });
    };
    let f = index.fields;
    let limit = req.limit.unwrap_or(50).clamp(1, 1000) as usize;
    let offset = req.offset.unwrap_or(0) as usize;
    let searcher = index.reader.searcher();
    let top = TopDocs::with_limit(limit).and_offset(offset);
    let facets = req.facets.then(facet_collector).transpose()?;
    let dup = dedup::GroupCollector;
    let (scored, total, aggs, groups): (Vec<(f32, DocAddress)>, usize, _, _) = match req.sort {
        SortBy::Relevance => searcher.search(&query, &(top, Count, facets, dup))?,
        SortBy::Date => {
            let by_day = top.order_by_fast_field::<u64>("day", Order::Desc);
            let (t, c, a, h) = searcher.search(&query, &(by_day, Count, facets, dup))?;
            (t.into_iter().map(|(_, a)| (0.0, a)).collect(), c, a, h)
        }
    };
    let snippets = Snippets::new(&searcher, &*query, f.body)?;
    let mut hits = Vec::with_capacity(scored.len());
    // Each segment's group column, opened once.
    let mut columns: std::collections::HashMap<u32, tantivy::columnar::Column<u64>> =
        std::collections::HashMap::new();
    for (score, addr) in scored {
        let h = hit(&searcher, &snippets, index, score, addr)?;
        let column = match columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64("dup_group")?,
            ),
        };
        let group = column.first(addr.doc_id).unwrap_or(0) as i64;
        let (first, copies) = groups.of(h.id, group);
        hits.push(SearchHit {
            duplicate_of: first,
            copies,
            ..h
        });
    }
    Ok(SearchResults {
        total: total as u64,
        distinct: groups.distinct(),
        hits,
        read_as,
        warnings,
        facets: aggs.map(facets_from).transpose()?,
    })
}

/// Terms aggregations over the facet fields.
fn facet_collector() -> Result<AggregationCollector> {
    let req: Aggregations = serde_json::from_value(serde_json::json!({
        "kind": { "terms": { "field": "kind", "size": 10 } },
        "team": { "terms": { "field": "team", "size": 100 } },
        "tag": { "terms": { "field": "tag", "size": 100 } },
        "source": { "terms": { "field": "source", "size": 20 } },
        "month": { "terms": { "field": "month", "size": 1200, "order": { "_key": "asc" } } },
    }))
    .map_err(|e| crate::Error::Internal(format!("facet request: {e}")))?;
    Ok(AggregationCollector::from_aggs(req, Default::default()))
}

/// The buckets of the terms aggregation `name` in tantivy's aggregation results (as JSON).
fn term_buckets(json: &serde_json::Value, name: &str) -> Vec<FacetCount> {
    json.get(name)
        .and_then(|a| a.get("buckets"))
        .and_then(|b| b.as_array())
        .map(|b| {
            b.iter()
                .filter_map(|b| {
                    Some(FacetCount {
                        value: b.get("key")?.as_str()?.to_string(),
                        count: b.get("doc_count")?.as_u64()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn facets_from(res: AggregationResults) -> Result<SearchFacets> {
    let json = serde_json::to_value(&res).map_err(|e| crate::Error::Internal(e.to_string()))?;
    let buckets = |name: &str| term_buckets(&json, name);
    Ok(SearchFacets {
        kind: buckets("kind"),
        team: buckets("team"),
        tag: buckets("tag"),
        source: buckets("source"),
        month: buckets("month"),
    })
}

fn hit(
    searcher: &tantivy::Searcher,
    snippets: &Snippets,
    index: &SearchIndex,
    score: f32,
    addr: DocAddress,
) -> Result<SearchHit> {
    let f = index.fields;
    let doc: TantivyDocument = searcher.doc(addr)?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let body = doc.get_first(f.body).and_then(|v| v.as_str()).unwrap_or("");
    let snippet = body_snippet(snippets, body);
    let fragment = snippet.fragment();
    let mut parts = Vec::new();
    if fragment.is_empty() {
        // The match was in the title or people: show the start of the body instead.
        let mut start: String = body.chars().take(SNIPPET_CHARS).collect();
        if start.len() < body.len() {
            start.push('…');
        }
        parts.push(SnippetPart {
            text: start,
            hit: false,
        });
    } else {
        let mut at = 0;
        for range in snippet.highlighted() {
            if range.start > at {
                parts.push(SnippetPart {
                    text: fragment[at..range.start].to_string(),
                    hit: false,
                });
            }
            parts.push(SnippetPart {
                text: fragment[range.clone()].to_string(),
                hit: true,
            });
            at = range.end;
        }
        if at < fragment.len() {
            parts.push(SnippetPart {
                text: fragment[at..].to_string(),
                hit: false,
            });
        }
    }
    let html = parts
        .iter()
        .map(|p| {
            let t = escape_html(&p.text);
            if p.hit {
                format!("<mark>{t}</mark>")
            } else {
                t
            }
        })
        .collect();
    Ok(SearchHit {
        id: doc
            .get_first(f.id)
            .and_then(|v| v.as_u64())
            .unwrap_or_default() as i64,
        kind: DocumentKind::parse(&text(f.kind).unwrap_or_default())?,
        title: text(f.title).unwrap_or_default(),
        snippet: html,
        snippet_parts: parts,
        score,
        date: text(f.date),
        team: text(f.team),
        source: text(f.source).unwrap_or_default(),
        duplicate_of: None,
        copies: 0,
        turn: None,
    })
}

/// What a query asks of transcripts: its plain words (lower-cased), and its `role:` and
/// `speaker:` filters (outside any NOT).
fn transcript_cues(
    node: &Node,
    words: &mut Vec<String>,
    role: &mut Option<String>,
    speaker: &mut Option<String>,
) {
    match node {
        Node::Word(w) | Node::Fuzzy(w, _) | Node::Prefix(w) => words.push(w.to_lowercase()),
        Node::Phrase(ws) => words.push(ws.join(" ").to_lowercase()),
        Node::Filter(Filter::Role(r)) => *role = Some(r.clone()),
        Node::Filter(Filter::Speaker(s)) => *speaker = Some(s.clone()),
        Node::And(parts) | Node::Or(parts) => {
            for p in parts {
                transcript_cues(p, words, role, speaker);
            }
        }
        Node::Filter(_) | Node::Not(_) => {}
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How a theme's trend is bucketed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Granularity {
    /// ISO weeks (`2026-W05`).
    Week,
    /// Calendar months (`2026-01`).
    #[default]
    Month,
}

/// Matching documents in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TrendBucket {
    /// `YYYY-MM` or `YYYY-Www`.
    pub period: String,
    /// Documents dated in it.
    #[ts(type = "number")]
    pub count: u64,
    /// Of those, documents holding coded passages of the theme's codes.
    #[ts(type = "number")]
    pub coded: u64,
}

/// What a query finds, summed up: the figures of a theme.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ThemeStats {
    /// Matching documents.
    #[ts(type = "number")]
    pub total: u64,
    /// Matching documents, each group of near-duplicate tickets or answers counted once.
    #[ts(type = "number")]
    pub distinct: u64,
    /// Distinct teams among them.
    #[ts(type = "number")]
    pub teams: u64,
    /// Distinct people the evidence is from (participants, reporters; never interviewers), each
    /// person once whatever the spelling.
    #[ts(type = "number")]
    pub people: u64,
    /// How the query was read.
    pub read_as: String,
    /// What the lenient reader changed.
    pub warnings: Vec<String>,
    /// Matches per period, oldest first, with empty periods filled in (undated evidence is
    /// counted in `total` only).
    pub trend: Vec<TrendBucket>,
    /// Matches per team, most first.
    pub by_team: Vec<FacetCount>,
    /// Matches per kind of evidence.
    pub by_kind: Vec<FacetCount>,
    /// The strongest evidence (best BM25 matches).
    pub evidence: Vec<SearchHit>,
    /// Matching interviews imported from transcripts.
    #[ts(type = "number")]
    pub transcripts: u64,
    /// Whose words in those transcripts were counted: participants' unless the query says
    /// `role:interviewer` or `role:any`.
    pub spoken_by: SpokenBy,
    /// When the evidence rests on one person or one team, that, in words ("one person").
    pub rests_on: Option<String>,
    /// Documents the query finds (less those rejected).
    #[ts(type = "number")]
    pub from_query: u64,
    /// Documents holding coded passages of the theme's codes (less those rejected).
    #[ts(type = "number")]
    pub from_codes: u64,
    /// Those coded passages.
    #[ts(type = "number")]
    pub passages: u64,
    /// Documents rejected as not about the theme (not counted anywhere above).
    #[ts(type = "number")]
    pub rejected: u64,
    /// Documents holding coded passages, per team, most first.
    pub coded_by_team: Vec<FacetCount>,
}

/// The figures of a theme's evidence — its query's matches, together with the documents holding
/// its coded passages, less the documents rejected ([`themes::Scope`]): count, distinct teams and
/// people, trend, per-team breakdown, each part's share, and the best five matches.
pub fn theme_stats(
    index: &SearchIndex,
    scope: &themes::Scope,
    by: Granularity,
) -> Result<ThemeStats> {
    let (base, read_as, warnings, spoken_by) = parse_spoken(index, &scope.query);
    let mut stats = ThemeStats {
        transcripts: 0,
        spoken_by,
        rests_on: None,
        total: 0,
        distinct: 0,
        teams: 0,
        people: 0,
        read_as,
        warnings,
        trend: Vec::new(),
        by_team: Vec::new(),
        by_kind: Vec::new(),
        evidence: Vec::new(),
        from_query: 0,
        from_codes: scope.coded.len() as u64,
        passages: scope.passages,
        rejected: scope.rejected.len() as u64,
        coded_by_team: Vec::new(),
    };
    let searcher = index.reader.searcher();
    if let Some(q) = &base {
        stats.from_query =
            searcher.search(&*without(q.box_clone(), &scope.rejected), &Count)? as u64;
    }
    let coded = coded_query(scope);
    let Some(query) = scope_query(base, coded.as_ref(), scope) else {
        return Ok(stats);
    };
    let period = match by {
        Granularity::Week => "week",
        Granularity::Month => "month",
    };
    let req: Aggregations = serde_json::from_value(serde_json::json!({
        "team": { "terms": { "field": "team", "size": 10000 } },
        "kind": { "terms": { "field": "kind", "size": 10 } },
        "person": { "terms": { "field": "person", "size": 100000 } },
        "period": { "terms": { "field": period, "size": 100000, "order": { "_key": "asc" } } },
    }))
    .map_err(|e| crate::Error::Internal(format!("theme request: {e}")))?;
    let coded_aggs = coded.as_ref().map(|c| (c.clone(), req.clone()));
    let collector = AggregationCollector::from_aggs(req, Default::default());
    let (top, total, aggs, groups) = searcher.search(
        &query,
        &(
            TopDocs::with_limit(5),
            Count,
            collector,
            dedup::GroupCollector,
        ),
    )?;
    stats.distinct = groups.distinct();
    // How many of the matches are transcripts (a document whose turns have a role).
    let f = index.fields;
    let role = |r: &str| -> (Occur, Box<dyn Query>) {
        let t = Term::from_field_text(f.role, r);
        (
            Occur::Should,
            Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
        )
    };
    let transcripts = BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (
            Occur::Must,
            Box::new(BooleanQuery::new(vec![
                role("participant"),
                role("interviewer"),
            ])),
        ),
    ]);
    stats.transcripts = searcher.search(&transcripts, &Count)? as u64;
    let json = serde_json::to_value(&aggs).map_err(|e| crate::Error::Internal(e.to_string()))?;
    let buckets = |name: &str| term_buckets(&json, name);
    let snippets = Snippets::new(&searcher, &*query, index.fields.body)?;
    for (score, addr) in top {
        stats
            .evidence
            .push(hit(&searcher, &snippets, index, score, addr)?);
    }
    stats.total = total as u64;
    stats.by_team = buckets("team");
    stats.teams = stats.by_team.len() as u64;
    stats.people = buckets("person").len() as u64;
    stats.by_kind = buckets("kind");
    stats.trend = fill_periods(buckets("period"), by);
    if let Some((coded, req)) = coded_aggs {
        let aggs = searcher.search(
            &coded,
            &AggregationCollector::from_aggs(req, Default::default()),
        )?;
        let json =
            serde_json::to_value(&aggs).map_err(|e| crate::Error::Internal(e.to_string()))?;
        stats.coded_by_team = term_buckets(&json, "team");
        let per: std::collections::HashMap<String, u64> = term_buckets(&json, "period")
            .into_iter()
            .map(|b| (b.value, b.count))
            .collect();
        for b in &mut stats.trend {
            b.coded = per.get(&b.period).copied().unwrap_or(0);
        }
    }
    stats.rests_on = crate::research::coverage::rests_on(stats.total, stats.people, stats.teams);
    Ok(stats)
}

/// Documents by id, as a query on the index's `id` field.
fn ids_query(ids: &[i64]) -> Box<dyn Query> {
    Box::new(idset::IdSetQuery::new("id", ids, 1.0))
}

/// A theme's coded documents, as a query (`None` when it has none). They add no score: the
/// strongest evidence stays the query's best matches, with documents found only through their
/// coded passages after them.
fn coded_query(scope: &themes::Scope) -> Option<idset::IdSetQuery> {
    (!scope.coded.is_empty()).then(|| idset::IdSetQuery::new("id", &scope.coded, 0.0))
}

/// `q` less the documents `rejected`.
fn without(q: Box<dyn Query>, rejected: &[i64]) -> Box<dyn Query> {
    if rejected.is_empty() {
        return q;
    }
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, q),
        (Occur::MustNot, ids_query(rejected)),
    ]))
}

/// A theme's evidence as one query: its query's matches or its coded documents, less the
/// rejected. `None` when it has neither.
fn scope_query(
    base: Option<Box<dyn Query>>,
    coded: Option<&idset::IdSetQuery>,
    scope: &themes::Scope,
) -> Option<Box<dyn Query>> {
    let coded = coded.map(|c| Box::new(c.clone()) as Box<dyn Query>);
    let union: Box<dyn Query> = match (base, coded) {
        (Some(q), Some(c)) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, q),
            (Occur::Should, c),
        ])),
        (Some(q), None) => q,
        (None, Some(c)) => c,
        (None, None) => return None,
    };
    Some(without(union, &scope.rejected))
}

/// Adds the empty periods between the first and the last, so a trend chart reads true.
fn fill_periods(found: Vec<FacetCount>, by: Granularity) -> Vec<TrendBucket> {
    use chrono::{Datelike, NaiveDate};
    let (Some(first), Some(last)) = (found.first(), found.last()) else {
        return Vec::new();
    };
    let start = |p: &str| -> Option<NaiveDate> {
        match by {
            Granularity::Month => NaiveDate::parse_from_str(&format!("{p}-01"), "%Y-%m-%d").ok(),
            Granularity::Week => {
                let (y, w) = p.split_once("-W")?;
                NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)
            }
        }
    };
    let label = |d: NaiveDate| match by {
        Granularity::Month => d.format("%Y-%m").to_string(),
        Granularity::Week => {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
    };
    let (Some(mut at), Some(end)) = (start(&first.value), start(&last.value)) else {
        return found
            .into_iter()
            .map(|f| TrendBucket {
                period: f.value,
                count: f.count,
                coded: 0,
            })
            .collect();
    };
    let counts: std::collections::HashMap<String, u64> =
        found.into_iter().map(|f| (f.value, f.count)).collect();
    let mut out = Vec::new();
    // A trend spans at most 2 000 periods (38 years of weeks); older evidence is still counted.
    while at <= end && out.len() < 2_000 {
        let period = label(at);
        out.push(TrendBucket {
            count: counts.get(&period).copied().unwrap_or(0),
            coded: 0,
            period,
        });
        at = match by {
            Granularity::Month => at
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(end + chrono::Duration::days(1)),
            Granularity::Week => at + chrono::Duration::days(7),
        };
    }
    out
}

/// A document opened from a search: its whole text with the query's matches marked.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentView {
    /// Document id.
    #[ts(type = "number")]
    pub id: i64,
    /// Kind.
    pub kind: DocumentKind,
    /// Title.
    pub title: String,
    /// Team.
    pub team: Option<String>,
    /// Evidence date.
    pub date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Where it came from.
    pub source: String,
    /// The whole text as plain-text pieces; `hit` pieces matched the query.
    pub parts: Vec<SnippetPart>,
    /// How many pieces matched.
    #[ts(type = "number")]
    pub matches: u64,
    /// A transcript's turns, every one (interviewer's included), each with its matches marked;
    /// empty for other documents.
    pub turns: Vec<TurnView>,
    /// Per piece of `parts`: the character (Unicode scalar) offset in the stored body where its
    /// text is, `None` when it is not the body's own text (see [`reader`]).
    #[ts(type = "Array<number | null>")]
    pub offsets: Vec<Option<u64>>,
    /// Where a ticket lives in its tracker (an `http`/`https` link), when it has one.
    pub url: Option<String>,
}

/// One turn of a transcript in the reader.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TurnView {
    /// The turn.
    pub turn: crate::research::transcripts::Turn,
    /// Its text as plain-text pieces; `hit` pieces matched the query.
    pub parts: Vec<SnippetPart>,
    /// Per piece of `parts`: its character offset in the document's stored body (what the
    /// participants said); `None` for an interviewer's turn.
    #[ts(type = "Array<number | null>")]
    pub offsets: Vec<Option<u64>>,
}

/// Marks the words of a query in texts, as the index reads them (stemmed).
struct Marker {
    wanted: std::collections::HashSet<String>,
    analyzer: tantivy::tokenizer::TextAnalyzer,
}

impl Marker {
    /// The query's terms on `fields` (fuzzy and prefix words have no fixed terms: not marked).
    fn new(index: &SearchIndex, raw: &str, fields: &[Field]) -> Result<Marker> {
        let mut wanted = std::collections::HashSet::new();
        if let (Some(query), _, _) = parse(index, raw) {
            query.query_terms(&mut |term, _| {
                if fields.contains(&term.field()) {
                    if let Some(t) = term.value().as_str() {
                        wanted.insert(t.to_string());
                    }
                }
            });
        }
        let analyzer = index.index.tokenizer_for_field(index.fields.body)?;
        Ok(Marker { wanted, analyzer })
    }

    /// `text` as pieces, the matching ones marked.
    fn mark(&mut self, text: &str) -> Vec<SnippetPart> {
        let mut parts = Vec::new();
        let mut at = 0;
        if !self.wanted.is_empty() {
            let mut stream = self.analyzer.token_stream(text);
            while let Some(tok) = stream.next() {
                if !self.wanted.contains(&tok.text) {
                    continue;
                }
                if tok.offset_from > at {
                    parts.push(SnippetPart {
                        text: text[at..tok.offset_from].to_string(),
                        hit: false,
                    });
                }
                parts.push(SnippetPart {
                    text: text[tok.offset_from..tok.offset_to].to_string(),
                    hit: true,
                });
                at = tok.offset_to;
            }
        }
        if at < text.len() || parts.is_empty() {
            parts.push(SnippetPart {
                text: text[at..].to_string(),
                hit: false,
            });
        }
        parts
    }
}

/// Document `id` as indexed, with every match of `raw` marked (no marks for an empty query).
pub fn open_document(index: &SearchIndex, id: i64, raw: &str) -> Result<DocumentView> {
    let f = index.fields;
    let searcher = index.reader.searcher();
    let by_id = TermQuery::new(
        Term::from_field_u64(f.id, id as u64),
        IndexRecordOption::Basic,
    );
    let found = searcher.search(&by_id, &TopDocs::with_limit(1))?;
    let Some((_, addr)) = found.first() else {
        return Err(crate::Error::NotFound(format!("no document with id {id}")));
    };
    let doc: TantivyDocument = searcher.doc(*addr)?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let body = text(f.body).unwrap_or_default();
    // The query's words as the index holds them (stemmed); every body token among them is a
    // match.
    let parts = Marker::new(index, raw, &[f.body])?.mark(&body);
    let matches = parts.iter().filter(|p| p.hit).count() as u64;
    Ok(DocumentView {
        id,
        kind: DocumentKind::parse(&text(f.kind).unwrap_or_default())?,
        title: text(f.title).unwrap_or_default(),
        team: text(f.team),
        date: text(f.date),
        tags: doc
            .get_all(f.tag)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        source: text(f.source).unwrap_or_default(),
        parts,
        matches,
        turns: Vec::new(),
        offsets: Vec::new(),
        url: None,
    })
}

/// The ids of every document of a theme's evidence (its query's matches and coded documents,
/// less the rejected: what scoring counts), ascending.
pub fn scope_ids(index: &SearchIndex, scope: &themes::Scope) -> Result<Vec<i64>> {
    let (base, _, _) = parse(index, &scope.query);
    let coded = coded_query(scope);
    let Some(query) = scope_query(base, coded.as_ref(), scope) else {
        return Ok(Vec::new());
    };
    let searcher = index.reader.searcher();
    let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
    let mut readers = Vec::new();
    for segment in searcher.segment_readers() {
        readers.push(segment.fast_fields().u64("id")?);
    }
    let mut ids: Vec<i64> = found
        .into_iter()
        .filter_map(|a| readers[a.segment_ord as usize].first(a.doc_id))
        .map(|id| id as i64)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// What the command table calls for search, themes, quotes, the palette and suggestions.
impl crate::Workspace {
    /// A document in full, with the matches of `query` marked.
    pub fn open_document(&self, id: i64, query: &str) -> crate::Result<DocumentView> {
        let mut view = open_document(self.search_index(), id, query)?;
        if view.kind == DocumentKind::Ticket {
            view.url = crate::research::tickets::source_url(self.conn(), id)?;
        }
        if view.kind == DocumentKind::Interview {
            use crate::research::transcripts::SpeakerRole;
            let turns = crate::research::transcripts::turns(self.conn(), id)?;
            if !turns.is_empty() {
                // A transcript reads as its turns, each marked where the query matched (in what
                // participants said, or with `role:interviewer` / `role:any` what was asked).
                let index = self.search_index();
                let f = index.fields;
                let mut said = Marker::new(index, query, &[f.body])?;
                let mut asked = Marker::new(index, query, &[f.asked])?;
                view.turns = turns
                    .into_iter()
                    .map(|turn| TurnView {
                        parts: match turn.role {
                            SpeakerRole::Participant => said.mark(&turn.text),
                            SpeakerRole::Interviewer => asked.mark(&turn.text),
                        },
                        turn,
                        offsets: Vec::new(),
                    })
                    .collect();
                view.matches = view
                    .turns
                    .iter()
                    .flat_map(|t| &t.parts)
                    .filter(|p| p.hit)
                    .count() as u64;
            }
        }
        reader::place(self.conn(), self.search_index(), &mut view, query)?;
        Ok(view)
    }

    /// The command palette's best `limit` matches for `query` (every interview, ticket, note,
    /// survey, theme, team and action by name).
    pub fn palette(&self, query: &str, limit: usize) -> crate::Result<Vec<palette::PaletteEntry>> {
        let mut slot = self
            .palette
            .lock()
            .map_err(|_| crate::Error::Internal("the palette lock was poisoned".into()))?;
        match slot.as_mut() {
            Some(p) => p.refresh(self.conn())?,
            None => *slot = Some(palette::Palette::load(self.conn())?),
        }
        Ok(slot
            .as_mut()
            .map(|p| p.find(query, limit))
            .unwrap_or_default())
    }

    /// Every saved theme.
    pub fn themes(&self) -> crate::Result<Vec<themes::Theme>> {
        themes::list(self.conn())
    }

    /// Every saved theme with its count, teams and people as of now.
    pub fn theme_overview(&self) -> crate::Result<Vec<themes::ThemeOverview>> {
        self.themes()?
            .into_iter()
            .map(|theme| {
                let scope = themes::scope(self.conn(), theme.id)?;
                let stats = theme_stats(self.search_index(), &scope, Default::default())?;
                let quotes = themes::quotes(self.conn(), theme.id)?.len() as u64;
                Ok(themes::ThemeOverview {
                    codes: themes::codes(self.conn(), theme.id)?,
                    theme,
                    total: stats.total,
                    distinct: stats.distinct,
                    teams: stats.teams,
                    people: stats.people,
                    quotes,
                    from_query: stats.from_query,
                    from_codes: stats.from_codes,
                    passages: stats.passages,
                })
            })
            .collect()
    }

    /// Creates or updates a theme.
    pub fn save_theme(&self, input: &themes::ThemeInput) -> crate::Result<themes::Theme> {
        themes::save(self.conn(), input)
    }

    /// Deletes a theme and its quotes.
    pub fn delete_theme(&self, id: i64) -> crate::Result<()> {
        crate::store::trash::delete_theme(self.conn(), id)
    }

    /// A theme (by id or name, as typed on a command line).
    pub fn find_theme(&self, key: &str) -> crate::Result<themes::Theme> {
        themes::find(self.conn(), key)
    }

    /// A theme with its current figures and quotes.
    pub fn theme_summary(&self, id: i64, by: Granularity) -> crate::Result<themes::ThemeSummary> {
        let theme = themes::get(self.conn(), id)?;
        let scope = themes::scope(self.conn(), theme.id)?;
        let stats = theme_stats(self.search_index(), &scope, by)?;
        let quotes = themes::quotes(self.conn(), theme.id)?;
        Ok(themes::ThemeSummary {
            codes: themes::codes(self.conn(), theme.id)?,
            rejected: scope.rejected,
            theme,
            stats,
            quotes,
        })
    }

    /// The theme stands on a code (by id or path) too: its passages count as the theme's.
    pub fn add_theme_code(&self, theme: i64, code: &str) -> crate::Result<Vec<String>> {
        let code = crate::research::codebook::find(self.conn(), code)?;
        themes::add_code(self.conn(), theme, code)?;
        themes::codes(self.conn(), theme)
    }

    /// The theme no longer stands on a code.
    pub fn remove_theme_code(&self, theme: i64, code: &str) -> crate::Result<Vec<String>> {
        let code = crate::research::codebook::find(self.conn(), code)?;
        themes::remove_code(self.conn(), theme, code)?;
        themes::codes(self.conn(), theme)
    }

    /// A document is not about the theme: it no longer counts towards it.
    pub fn reject_from_theme(&self, theme: i64, document: i64) -> crate::Result<()> {
        themes::reject(self.conn(), theme, document)
    }

    /// Takes back a rejection: the document counts again if the query or a code finds it.
    pub fn unreject_from_theme(&self, theme: i64, document: i64) -> crate::Result<()> {
        themes::unreject(self.conn(), theme, document)
    }

    /// Pins a passage of a document to a theme.
    pub fn pin_quote(&self, theme: i64, document: i64, text: &str) -> crate::Result<themes::Quote> {
        themes::pin(self.conn(), theme, document, text)
    }

    /// Removes a pinned quote.
    pub fn unpin_quote(&self, quote: i64) -> crate::Result<()> {
        themes::unpin(self.conn(), quote)
    }

    /// Terms and phrases that stand out in the workspace, not yet saved as themes. Kept until
    /// the database changes (reading the evidence takes a while on a large workspace).
    pub fn suggest_themes(&self, limit: usize) -> crate::Result<Vec<suggest::SuggestedTheme>> {
        let version = palette::data_version(self.conn())?;
        let mut cache = self
            .suggestions
            .lock()
            .map_err(|_| crate::Error::Internal("the suggestions lock was poisoned".into()))?;
        if let Some((v, l, list)) = cache.as_ref() {
            if *v == version && *l == limit {
                return Ok(list.clone());
            }
        }
        let existing: Vec<String> = self.themes()?.into_iter().map(|t| t.query).collect();
        let list = suggest::suggest(self.conn(), self.search_index(), &existing, limit)?;
        *cache = Some((version, limit, list.clone()));
        Ok(list)
    }

    /// Suggested phrases grouped by the documents they share: up to `limit` clusters, each with
    /// a label, a draft query and passages to code.
    pub fn suggest_clusters(&self, limit: usize) -> crate::Result<Vec<suggest::SuggestedCluster>> {
        let existing: Vec<String> = self.themes()?.into_iter().map(|t| t.query).collect();
        suggest::clusters(self.conn(), self.search_index(), &existing, limit)
    }

    /// Passages like a code's passages (or coded passages by id), best first; see
    /// [`similar::similar`]. `vectors`: a static word-embedding file to use instead of the word
    /// vectors learned from the workspace.
    pub fn similar(
        &self,
        req: &similar::SimilarRequest,
        vectors: Option<&std::path::Path>,
    ) -> crate::Result<similar::SimilarResults> {
        // Passages the user rejected as unlike the code are not suggested for it again.
        let mut rejected = std::collections::HashSet::new();
        if let Some(code) = &req.code {
            let id = crate::research::codebook::find(self.conn(), code)?;
            rejected.extend(crate::research::codebook::rejected_passages(
                self.conn(),
                id,
            )?);
        }
        self.similar_excluding(req, vectors, &rejected)
    }

    /// [`Workspace::similar`], also leaving out passages overlapping any of `exclude`
    /// (document, start, end): e.g. suggestions the user rejected.
    pub fn similar_excluding(
        &self,
        req: &similar::SimilarRequest,
        vectors: Option<&std::path::Path>,
        exclude: &std::collections::HashSet<(i64, u64, u64)>,
    ) -> crate::Result<similar::SimilarResults> {
        let seeds = similar::seeds(self.conn(), req)?;
        let corpus = similar::corpus(self.conn(), &self.similar, vectors)?;
        similar::similar(self.conn(), &corpus, &seeds, req.limit, exclude)
    }

    /// Searches every document in the index as last committed. Reads never write: changes still
    /// queued are applied by whoever wrote them (the host's indexer, or the CLI at the end of a
    /// writing command), never by a search. The one exception: an index found damaged (a file
    /// lost or garbled after it was opened) is rebuilt from SQLite and the search run once more.
    pub fn search(&self, req: &SearchRequest) -> crate::Result<SearchResults> {
        let mut results = self.with_index(|index| search(index, req))?;
        // A hit in a transcript names the turn it is in.
        if results
            .hits
            .iter()
            .any(|h| h.kind == DocumentKind::Interview)
        {
            let (mut words, mut role, mut speaker) = (Vec::new(), None, None);
            if let Some(node) = query::read(&req.query).node {
                transcript_cues(&node, &mut words, &mut role, &mut speaker);
            }
            // Plain words match what participants said; `role:interviewer` what was asked.
            let role = role
                .as_deref()
                .and_then(crate::research::transcripts::SpeakerRole::parse)
                .unwrap_or_default();
            for h in results
                .hits
                .iter_mut()
                .filter(|h| h.kind == DocumentKind::Interview)
            {
                h.turn = crate::research::transcripts::locate(
                    self.conn(),
                    h.id,
                    &words,
                    Some(role),
                    speaker.as_deref(),
                )?;
            }
        }
        Ok(results)
    }
}
