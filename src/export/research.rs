//! Research exports: every match of a search, or themes with their figures, pinned quotes and
//! strongest evidence — as CSV (one row per piece of evidence), Markdown (for a wiki page or a
//! pull request) or JSON (schema `groundwork.research`, version [`RESEARCH_VERSION`]).

use super::anonymize::Anonymizer;
use super::markdown::{code, escape};
use super::tabular::{Cell, CsvWriter};
use super::{ExportFormat, ExportSubject};
use crate::error::{Error, Result};
use crate::search::{FacetCount, Granularity, SearchHit, SearchRequest, SortBy, TrendBucket};
use crate::Workspace;
use serde::Serialize;
use Cell::Text;

/// Version of the JSON schema; raised when a field changes meaning or goes away.
pub const RESEARCH_VERSION: u32 = 1;

/// Most matches a search export holds (the rest are counted in `total`).
pub const MAX_SEARCH_HITS: usize = 10_000;

/// Strongest matches exported per theme, beside its pinned quotes.
pub const EVIDENCE_PER_THEME: u32 = 25;

/// One matching document.
#[derive(Debug, Clone, Serialize)]
pub struct ResearchHit {
    /// Position in the results (1 = best).
    pub rank: u32,
    /// Document id.
    pub id: i64,
    /// Kind (interview, ticket, ...).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Evidence date.
    pub date: Option<String>,
    /// Team.
    pub team: Option<String>,
    /// Where it came from.
    pub source: String,
    /// BM25 score.
    pub score: f32,
    /// The matching passage, plain text.
    pub snippet: String,
    /// The first match of its near-duplicate group, when it is a copy.
    pub duplicate_of: Option<i64>,
    /// Near-duplicates of it among the matches.
    pub copies: u64,
}

impl ResearchHit {
    fn from_hit(rank: usize, h: SearchHit) -> Self {
        ResearchHit {
            rank: rank as u32 + 1,
            id: h.id,
            kind: h.kind.as_str().to_string(),
            title: h.title,
            date: h.date,
            team: h.team,
            source: h.source,
            score: h.score,
            snippet: h.snippet_parts.into_iter().map(|p| p.text).collect(),
            duplicate_of: h.duplicate_of,
            copies: h.copies,
        }
    }

    fn anonymize(&mut self, a: &Anonymizer) {
        self.title = a.text(&self.title);
        self.snippet = a.text(&self.snippet);
    }
}

/// A quote pinned to a theme.
#[derive(Debug, Clone, Serialize)]
pub struct ResearchQuote {
    /// The passage.
    pub text: String,
    /// The document it comes from.
    pub document_id: i64,
    /// That document's title.
    pub document_title: String,
    /// Its kind.
    pub document_kind: String,
    /// When it was pinned.
    pub pinned_at: String,
}

/// A search's matches.
#[derive(Debug, Clone, Serialize)]
pub struct SearchExport {
    /// The query as typed.
    pub query: String,
    /// How it was read.
    pub read_as: String,
    /// What the lenient reader changed.
    pub warnings: Vec<String>,
    /// Matching documents.
    pub total: u64,
    /// Matches, each group of near-duplicates counted once.
    pub distinct: u64,
    /// The matches, best first (at most [`MAX_SEARCH_HITS`]).
    pub hits: Vec<ResearchHit>,
}

/// A theme with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeExport {
    /// Theme id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The query that finds its evidence.
    pub query: String,
    /// Matching documents.
    pub total: u64,
    /// Matches, each group of near-duplicates counted once.
    pub distinct: u64,
    /// Distinct teams among them.
    pub teams: u64,
    /// Distinct people among them.
    pub people: u64,
    /// Matches per month, oldest first.
    pub trend: Vec<TrendBucket>,
    /// Matches per team, most first.
    pub by_team: Vec<FacetCount>,
    /// Matches per kind of evidence.
    pub by_kind: Vec<FacetCount>,
    /// Pinned quotes, newest first.
    pub quotes: Vec<ResearchQuote>,
    /// The strongest matches (at most [`EVIDENCE_PER_THEME`]).
    pub evidence: Vec<ResearchHit>,
}

/// What a research export holds.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResearchBody {
    /// A search's matches.
    Search(SearchExport),
    /// Themes.
    Themes {
        /// Each theme, by name.
        themes: Vec<ThemeExport>,
    },
}

/// A research export: the JSON export is this value, serialized.
#[derive(Debug, Clone, Serialize)]
pub struct Research {
    /// Always `groundwork.research`.
    pub schema: &'static str,
    /// [`RESEARCH_VERSION`].
    pub version: u32,
    /// When it was made (RFC 3339).
    pub generated_at: String,
    /// True when people's names and emails were replaced by labels.
    pub anonymized: bool,
    /// The matches or themes.
    #[serde(flatten)]
    pub body: ResearchBody,
}

impl Research {
    /// Rows a CSV of it holds: hits, or quotes and matches over all themes.
    pub fn rows(&self) -> usize {
        match &self.body {
            ResearchBody::Search(s) => s.hits.len(),
            ResearchBody::Themes { themes } => themes
                .iter()
                .map(|t| t.quotes.len() + t.evidence.len())
                .sum(),
        }
    }
}

/// Gathers a search's matches or themes' evidence, anonymized if asked; also returns the number
/// of people the anonymizer knows (0 when not anonymized).
pub fn gather(
    ws: &Workspace,
    subject: &ExportSubject,
    anonymize: bool,
) -> Result<(Research, usize)> {
    let body = match subject {
        ExportSubject::Roadmap => {
            return Err(Error::Internal(
                "the roadmap is exported as a review pack".into(),
            ))
        }
        ExportSubject::Search { query } => ResearchBody::Search(search(ws, query)?),
        ExportSubject::Themes { ids } => ResearchBody::Themes {
            themes: themes(ws, ids)?,
        },
    };
    let mut research = Research {
        schema: "groundwork.research",
        version: RESEARCH_VERSION,
        generated_at: crate::store::db::now(),
        anonymized: false,
        body,
    };
    let mut people = 0;
    if anonymize {
        let a = Anonymizer::load(ws.conn())?;
        people = a.people();
        a.research(&mut research);
    }
    Ok((research, people))
}

fn search(ws: &Workspace, query: &str) -> Result<SearchExport> {
    if query.trim().is_empty() {
        return Err(Error::invalid(
            "query",
            "type a search to export its matches",
        ));
    }
    const PAGE: u32 = 1_000;
    let mut req = SearchRequest {
        query: query.to_string(),
        limit: Some(PAGE),
        offset: Some(0),
        sort: SortBy::Relevance,
        facets: false,
    };
    let first = ws.search(&req)?;
    let mut hits: Vec<ResearchHit> = Vec::new();
    let (total, distinct, read_as, warnings) =
        (first.total, first.distinct, first.read_as, first.warnings);
    let mut page = first.hits;
    loop {
        let n = page.len();
        for h in page {
            if hits.len() == MAX_SEARCH_HITS {
                break;
            }
            hits.push(ResearchHit::from_hit(hits.len(), h));
        }
        if n < PAGE as usize || hits.len() >= MAX_SEARCH_HITS || hits.len() as u64 >= total {
            break;
        }
        req.offset = Some(hits.len() as u32);
        page = ws.search(&req)?.hits;
    }
    Ok(SearchExport {
        query: query.to_string(),
        read_as,
        warnings,
        total,
        distinct,
        hits,
    })
}

fn themes(ws: &Workspace, ids: &[i64]) -> Result<Vec<ThemeExport>> {
    let all = ws.themes()?;
    for id in ids {
        if !all.iter().any(|t| t.id == *id) {
            return Err(Error::invalid("theme", format!("there is no theme {id}")));
        }
    }
    let mut out = Vec::new();
    for theme in all
        .into_iter()
        .filter(|t| ids.is_empty() || ids.contains(&t.id))
    {
        let summary = ws.theme_summary(theme.id, Granularity::Month)?;
        let strongest = ws.search(&SearchRequest {
            query: theme.query.clone(),
            limit: Some(EVIDENCE_PER_THEME),
            ..Default::default()
        })?;
        let s = summary.stats;
        out.push(ThemeExport {
            id: theme.id,
            name: theme.name,
            query: theme.query,
            total: s.total,
            distinct: s.distinct,
            teams: s.teams,
            people: s.people,
            trend: s.trend,
            by_team: s.by_team,
            by_kind: s.by_kind,
            quotes: summary
                .quotes
                .into_iter()
                .map(|q| ResearchQuote {
                    text: q.text,
                    document_id: q.document_id,
                    document_title: q.document_title,
                    document_kind: q.document_kind,
                    pinned_at: q.created_at,
                })
                .collect(),
            evidence: strongest
                .hits
                .into_iter()
                .enumerate()
                .map(|(k, h)| ResearchHit::from_hit(k, h))
                .collect(),
        });
    }
    Ok(out)
}

impl Anonymizer {
    /// Anonymizes every text of a research export.
    pub fn research(&self, r: &mut Research) {
        match &mut r.body {
            ResearchBody::Search(s) => {
                s.query = self.text(&s.query);
                s.read_as = self.text(&s.read_as);
                for h in &mut s.hits {
                    h.anonymize(self);
                }
            }
            ResearchBody::Themes { themes } => {
                for t in themes {
                    t.name = self.text(&t.name);
                    t.query = self.text(&t.query);
                    for q in &mut t.quotes {
                        q.text = self.text(&q.text);
                        q.document_title = self.text(&q.document_title);
                    }
                    for h in &mut t.evidence {
                        h.anonymize(self);
                    }
                }
            }
        }
        r.anonymized = true;
    }
}

/// Renders a research export as CSV, Markdown or JSON.
pub fn render(r: &Research, format: ExportFormat) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Csv => csv(r),
        ExportFormat::Md => Ok(markdown(r).into_bytes()),
        ExportFormat::Json => serde_json::to_vec_pretty(r)
            .map_err(|e| Error::Internal(format!("JSON export: {e}"))),
        ExportFormat::Html | ExportFormat::Xlsx => Err(Error::invalid(
            "format",
            "search results and themes export as csv, md or json; html and xlsx are for the roadmap",
        )),
    }
}

/// Columns of a search export's CSV.
pub const SEARCH_COLUMNS: [&str; 11] = [
    "rank",
    "id",
    "kind",
    "title",
    "date",
    "team",
    "source",
    "score",
    "copies",
    "duplicate_of",
    "snippet",
];

/// Columns of a themes export's CSV: one row per pinned quote or strong match.
pub const THEME_COLUMNS: [&str; 14] = [
    "theme",
    "theme_query",
    "theme_matches",
    "theme_teams",
    "theme_people",
    "evidence",
    "rank",
    "document_id",
    "kind",
    "title",
    "date",
    "team",
    "source",
    "text",
];

fn csv(r: &Research) -> Result<Vec<u8>> {
    let mut w = CsvWriter::new(Vec::new());
    let opt = |v: &Option<String>| Text(v.clone().unwrap_or_default());
    let text = |v: &str| Text(v.to_string());
    match &r.body {
        ResearchBody::Search(s) => {
            w.header(&SEARCH_COLUMNS)?;
            for h in &s.hits {
                w.row(&[
                    Cell::count(h.rank),
                    Cell::count(h.id),
                    text(&h.kind),
                    text(&h.title),
                    opt(&h.date),
                    opt(&h.team),
                    text(&h.source),
                    Cell::Fixed(f64::from(h.score), 3),
                    Cell::count(h.copies),
                    Cell::Number(h.duplicate_of.map(|d| d as f64)),
                    text(&h.snippet),
                ])?;
            }
        }
        ResearchBody::Themes { themes } => {
            w.header(&THEME_COLUMNS)?;
            for t in themes {
                let head = || {
                    vec![
                        text(&t.name),
                        text(&t.query),
                        Cell::count(t.total),
                        Cell::count(t.teams),
                        Cell::count(t.people),
                    ]
                };
                for q in &t.quotes {
                    let mut row = head();
                    row.extend([
                        text("quote"),
                        Cell::Number(None),
                        Cell::count(q.document_id),
                        text(&q.document_kind),
                        text(&q.document_title),
                        Text(String::new()),
                        Text(String::new()),
                        Text(String::new()),
                        text(&q.text),
                    ]);
                    w.row(&row)?;
                }
                for h in &t.evidence {
                    let mut row = head();
                    row.extend([
                        text("match"),
                        Cell::count(h.rank),
                        Cell::count(h.id),
                        text(&h.kind),
                        text(&h.title),
                        opt(&h.date),
                        opt(&h.team),
                        text(&h.source),
                        text(&h.snippet),
                    ]);
                    w.row(&row)?;
                }
            }
        }
    }
    w.finish()
}

fn hit_line(out: &mut String, h: &ResearchHit) {
    let mut meta = vec![h.kind.clone()];
    meta.extend(h.team.as_deref().map(escape));
    meta.extend(h.date.as_deref().map(escape));
    if h.copies > 0 {
        meta.push(format!("{} near-duplicates", h.copies));
    }
    out.push_str(&format!(
        "{}. **{}** — {} (document {})\n",
        h.rank,
        escape(&h.title),
        meta.join(" · "),
        h.id
    ));
    if !h.snippet.trim().is_empty() {
        out.push_str(&format!("   > {}\n", escape(h.snippet.trim())));
    }
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn markdown(r: &Research) -> String {
    let day = &r.generated_at[..10.min(r.generated_at.len())];
    let mut out = String::new();
    match &r.body {
        ResearchBody::Search(s) => {
            out.push_str(&format!("# Search: {}\n\n", escape(&s.query)));
            out.push_str(&format!(
                "Exported {day} from Groundwork{}. Read as `{}`. **{}** matching documents ({} distinct){}.\n",
                if r.anonymized { ", anonymized" } else { "" },
                code(&s.read_as),
                s.total,
                s.distinct,
                if (s.hits.len() as u64) < s.total {
                    format!("; the best {} are listed", s.hits.len())
                } else {
                    String::new()
                }
            ));
            for w in &s.warnings {
                out.push_str(&format!("\n> Note: {}\n", escape(w)));
            }
            out.push('\n');
            for h in &s.hits {
                hit_line(&mut out, h);
            }
        }
        ResearchBody::Themes { themes } => {
            out.push_str("# Themes\n\n");
            out.push_str(&format!(
                "Exported {day} from Groundwork{}: {} theme{}, each with its figures, pinned quotes and strongest evidence.\n",
                if r.anonymized { ", anonymized" } else { "" },
                themes.len(),
                if themes.len() == 1 { "" } else { "s" }
            ));
            for t in themes {
                out.push_str(&format!("\n## {}\n\n", escape(&t.name)));
                out.push_str(&format!(
                    "Query `{}` · **{}** matching documents ({} distinct) · {} · {}\n",
                    code(&t.query),
                    t.total,
                    t.distinct,
                    count(t.teams, "team", "teams"),
                    count(t.people, "person", "people"),
                ));
                if !t.by_team.is_empty() {
                    out.push_str("\n| team | matches |\n|---|---:|\n");
                    for f in &t.by_team {
                        out.push_str(&format!("| {} | {} |\n", escape(&f.value), f.count));
                    }
                }
                if !t.trend.is_empty() {
                    out.push_str("\n| month | matches |\n|---|---:|\n");
                    for b in &t.trend {
                        out.push_str(&format!("| {} | {} |\n", b.period, b.count));
                    }
                }
                if !t.quotes.is_empty() {
                    out.push_str("\n### Pinned quotes\n");
                    for q in &t.quotes {
                        out.push_str(&format!(
                            "\n> {}\n>\n> — {} ({}, document {})\n",
                            escape(q.text.trim()),
                            escape(&q.document_title),
                            q.document_kind,
                            q.document_id
                        ));
                    }
                }
                if !t.evidence.is_empty() {
                    out.push_str("\n### Strongest evidence\n\n");
                    for h in &t.evidence {
                        hit_line(&mut out, h);
                    }
                }
            }
        }
    }
    out
}
