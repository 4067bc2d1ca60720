//! Search over every document: BM25 ranking, highlighted snippets, lenient query reading.

pub mod index;
pub mod query;

use crate::documents::DocumentKind;
use crate::error::Result;
use index::SearchIndex;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, TantivyDocument};
use ts_rs::TS;

/// A search as the UI or CLI asks for it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchRequest {
    /// The query as typed.
    pub query: String,
    /// Most hits to return (default 50, at most 1000).
    pub limit: Option<u32>,
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
    /// BM25 score.
    pub score: f32,
    /// Evidence date.
    pub date: Option<String>,
    /// Team.
    pub team: Option<String>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// Every matching document, not just those returned.
    #[ts(type = "number")]
    pub total: u64,
    /// The best hits, best first.
    pub hits: Vec<SearchHit>,
    /// How the query was read.
    pub read_as: String,
    /// What the lenient reader changed or could not use.
    pub warnings: Vec<String>,
}

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// Runs a search. Never fails on query syntax: a query with nothing searchable returns no hits.
pub fn search(index: &SearchIndex, req: &SearchRequest) -> Result<SearchResults> {
    let read = query::read(&req.query);
    let mut warnings = read.fixes.clone();
    if read.text.is_empty() {
        return Ok(SearchResults {
            total: 0,
            hits: Vec::new(),
            read_as: String::new(),
            warnings,
        });
    }
    let f = index.fields;
    let mut parser = QueryParser::for_index(&index.index, vec![f.title, f.body, f.people]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(f.title, 2.0);
    let query: Box<dyn Query> = match &read.exclude_only {
        Some(excluded) => {
            let (excluded, errors) = parser.parse_query_lenient(excluded);
            warnings.extend(errors.iter().map(|e| e.to_string()));
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, excluded),
            ]))
        }
        None => {
            let (query, errors) = parser.parse_query_lenient(&read.text);
            warnings.extend(errors.iter().map(|e| e.to_string()));
            query
        }
    };
    let limit = req.limit.unwrap_or(50).clamp(1, 1000) as usize;
    let searcher = index.reader.searcher();
    let (top, total) = searcher.search(&query, &(TopDocs::with_limit(limit), Count))?;
    let mut snippets = SnippetGenerator::create(&searcher, &*query, f.body)?;
    snippets.set_max_num_chars(SNIPPET_CHARS);
    let mut hits = Vec::with_capacity(top.len());
    for (score, addr) in top {
        hits.push(hit(&searcher, &snippets, index, score, addr)?);
    }
    Ok(SearchResults {
        total: total as u64,
        hits,
        read_as: read.text,
        warnings,
    })
}

fn hit(
    searcher: &tantivy::Searcher,
    snippets: &SnippetGenerator,
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
    let snippet = snippets.snippet_from_doc(&doc);
    let fragment = snippet.fragment();
    let mut parts = Vec::new();
    if fragment.is_empty() {
        // The match was in the title or people: show the start of the body instead.
        let body = text(f.body).unwrap_or_default();
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
    })
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
