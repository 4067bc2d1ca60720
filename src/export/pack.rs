//! The review pack: everything an export shows, gathered once from the workspace — the ranking
//! under a model with every breakdown, the model explained in words, each item's strongest quotes
//! with their source, and what moved since a snapshot. Every format renders this one value; the
//! JSON export is it, serialized (schema `groundwork.review-pack`, version [`PACK_VERSION`]).

use crate::error::Result;
use crate::roadmap::evidence::EvidenceStats;
use crate::roadmap::items::ItemLink;
use crate::roadmap::model::ModelKind;
use crate::roadmap::rank::{RankRequest, RankedItem, RoiEstimate, ScorePart};
use crate::roadmap::snapshots::SnapshotDiff;
use crate::Workspace;
use serde::Serialize;
use std::collections::HashMap;

/// Version of the JSON schema; raised when a field changes meaning or goes away.
pub const PACK_VERSION: u32 = 1;

/// Quotes shown per item.
pub const QUOTES_PER_ITEM: usize = 3;

/// The model, explained.
#[derive(Debug, Clone, Serialize)]
pub struct PackModel {
    /// Name.
    pub name: String,
    /// Family (`rice`, `weighted`, ...).
    pub kind: ModelKind,
    /// Its description.
    pub description: String,
    /// How a score is computed, one sentence per line.
    pub explained: Vec<String>,
}

/// A quote behind an item, with its source.
#[derive(Debug, Clone, Serialize)]
pub struct PackQuote {
    /// The passage.
    pub text: String,
    /// The document it comes from.
    pub document_id: i64,
    /// That document's title.
    pub document_title: String,
    /// Its kind (interview, ticket, ...).
    pub document_kind: String,
    /// How it is linked: to the item itself, or through a theme (its name).
    pub via: String,
    /// Who said it (the transcript turn's speaker, the participant, the reporter), when known.
    pub speaker: Option<String>,
    /// The document's evidence day.
    pub date: Option<String>,
    /// Where the document lives in its tracker (a ticket's `http`/`https` link), when known.
    pub url: Option<String>,
}

/// An item in the pack.
#[derive(Debug, Clone, Serialize)]
pub struct PackItem {
    /// Rank (`None`: not scored).
    pub rank: Option<u32>,
    /// Item id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Owner.
    pub owner: String,
    /// Affected teams.
    pub teams: Vec<String>,
    /// Effort, person-weeks.
    pub effort: Option<f64>,
    /// Target metric.
    pub target_metric: String,
    /// Score.
    pub score: Option<f64>,
    /// Inputs the model lacks for it.
    pub missing: Vec<String>,
    /// Why it has no score despite every input.
    pub problem: Option<String>,
    /// The parts of the score.
    pub breakdown: Vec<ScorePart>,
    /// ROI figures (ROI model).
    pub roi: Option<RoiEstimate>,
    /// What its evidence adds up to.
    pub evidence: EvidenceStats,
    /// Its strongest quotes.
    pub quotes: Vec<PackQuote>,
    /// Team it is an exception for.
    pub exception_team: Option<String>,
}

/// A theme linked to the ranked items, with its monthly trend.
#[derive(Debug, Clone, Serialize)]
pub struct PackTheme {
    /// Name.
    pub name: String,
    /// Matching documents now.
    pub total: u64,
    /// Documents per month, oldest first (`YYYY-MM`, count).
    pub trend: Vec<(String, u64)>,
    /// Ids of the items linked to it.
    pub items: Vec<i64>,
    /// When its evidence rests on one person or one team, that, in words.
    pub rests_on: Option<String>,
}

/// Everything an export shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPack {
    /// Always `groundwork.review-pack`.
    pub schema: &'static str,
    /// [`PACK_VERSION`].
    pub version: u32,
    /// When it was made (RFC 3339).
    pub generated_at: String,
    /// The workspace folder's name.
    pub workspace: String,
    /// Whether people's names and emails were replaced by labels.
    pub anonymized: bool,
    /// The model.
    pub model: PackModel,
    /// A team's view, if one was asked for.
    pub team: Option<String>,
    /// Ranked items, then the unscored.
    pub items: Vec<PackItem>,
    /// Team-specific exceptions.
    pub exceptions: Vec<PackItem>,
    /// Shipped and dropped items left out.
    pub excluded: u32,
    /// What moved since the snapshot compared against.
    pub changes: Option<SnapshotDiff>,
    /// The model that snapshot was ranked with (the diff's ranks are under it).
    pub compared_model: Option<String>,
    /// Themes linked to the items, with their trends.
    pub themes: Vec<PackTheme>,
    /// How stable the ranking is ([`SENSITIVITY_RUNS`] seeded runs; the chance of the top
    /// [`SENSITIVITY_TOP`], or of the top half when fewer than twice that many items rank).
    pub sensitivity: Option<crate::roadmap::sensitivity::Sensitivity>,
    /// Shipped items with the metrics they should move: before and after shipping.
    pub impact: Vec<crate::metrics::impact::Impact>,
}

/// Monte Carlo runs behind the pack's sensitivity figures.
pub const SENSITIVITY_RUNS: u32 = 1000;
/// The N of the pack's "chance of the top N".
pub const SENSITIVITY_TOP: u32 = 5;

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The model's arithmetic in words.
pub fn explain(model: &crate::roadmap::model::Model) -> Vec<String> {
    let c = &model.config;
    match c.kind {
        ModelKind::Rice => vec![
            "Score = reach × impact × confidence ÷ effort (RICE).".into(),
            "Reach: engineers affected; impact: 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive; confidence: 0–100 %; effort: person-weeks.".into(),
        ],
        ModelKind::Ice => vec!["Score = impact × confidence × ease (ICE).".into()],
        ModelKind::Wsjf => vec![
            "Score = (business value + time criticality + risk reduction / opportunity enablement) ÷ job size (WSJF).".into(),
            "Job size falls back to the item's effort when it is not given.".into(),
        ],
        ModelKind::Roi => vec![
            format!(
                "Annual value = hours saved per engineer per week × engineers (reach) × adoption × {} weeks × loaded hourly cost.",
                fmt(c.roi.weeks_per_year)
            ),
            format!(
                "Cost = effort (person-weeks) × {} hours × hourly cost; score = ROI = (value − cost) ÷ cost; payback = cost ÷ monthly value.",
                fmt(c.roi.hours_per_week)
            ),
            "Low and high use the ends of the inputs' ranges.".into(),
        ],
        ModelKind::Formula => vec![format!("Score = {}.", c.formula)],
        ModelKind::Weighted => {
            let total: f64 = c.criteria.iter().map(|x| x.weight.abs()).sum();
            let mut lines = vec![
                "Score = Σ weight × value on its 0–1 scale ÷ Σ |weight| × 100 (points out of 100).".into(),
            ];
            for x in &c.criteria {
                let scale = match (x.min, x.max) {
                    (Some(lo), Some(hi)) => format!("{} (0) to {} (1)", fmt(lo), fmt(hi)),
                    (Some(lo), None) => format!("{} (0) to the highest item (1)", fmt(lo)),
                    (None, Some(hi)) => format!("the lowest item (0) to {} (1)", fmt(hi)),
                    (None, None) => "the lowest item (0) to the highest (1)".into(),
                };
                lines.push(format!(
                    "{}: weight {} ({:.0} % of the total){}, scaled from {scale}.",
                    crate::roadmap::label(&x.key),
                    fmt(x.weight),
                    if total > 0.0 { x.weight.abs() / total * 100.0 } else { 0.0 },
                    if x.weight < 0 as f64 { ", counts against an item" } else { "" },
                ));
            }
            lines
        }
    }
}

/// What the pack reads per item, read once: each item's theme and quote links, target metrics, and the quotes
/// pinned to each linked theme.
struct Sources {
    links: HashMap<i64, Vec<ItemLink>>,
    metrics: HashMap<i64, String>,
    theme_quotes: HashMap<i64, Vec<crate::search::themes::Quote>>,
    /// Speaker and day of each quote linked to an item directly, by link id.
    own: HashMap<i64, (Option<String>, Option<String>)>,
    /// The tracker link of each quoted ticket, by document id.
    urls: HashMap<i64, String>,
}

impl Sources {
    fn load(ws: &Workspace) -> Result<Self> {
        let links = crate::roadmap::items::theme_and_quote_links(ws.conn())?;
        let mut theme_quotes = HashMap::new();
        for theme in links.values().flatten().filter_map(|l| l.theme_id) {
            if let std::collections::hash_map::Entry::Vacant(e) = theme_quotes.entry(theme) {
                e.insert(crate::search::themes::quotes(ws.conn(), theme)?);
            }
        }
        let quoted: Vec<i64> = links
            .values()
            .flatten()
            .filter(|l| l.quote.is_some())
            .filter_map(|l| l.document_id)
            .collect();
        let heads = crate::research::documents::heads(ws.conn(), &quoted)?;
        let mut own = HashMap::new();
        for l in links.values().flatten() {
            if let (Some(quote), Some(doc)) = (&l.quote, l.document_id) {
                let speaker = crate::research::highlights::speaker_of_quote(ws.conn(), doc, quote)?;
                let date = heads.get(&doc).and_then(|h| h.date.clone());
                own.insert(l.id, (speaker, date));
            }
        }
        let metrics = ws
            .items()?
            .into_iter()
            .map(|i| (i.id, i.target_metric))
            .collect();
        let mut urls = HashMap::new();
        let documents = links
            .values()
            .flatten()
            .filter(|l| l.quote.is_some())
            .filter_map(|l| l.document_id)
            .chain(theme_quotes.values().flatten().map(|q| q.document_id));
        for doc in documents {
            if let std::collections::hash_map::Entry::Vacant(e) = urls.entry(doc) {
                if let Some(u) = ws.source_url(doc)? {
                    e.insert(u);
                }
            }
        }
        Ok(Sources {
            links,
            metrics,
            theme_quotes,
            own,
            urls,
        })
    }

    fn links(&self, id: i64) -> &[ItemLink] {
        self.links.get(&id).map_or(&[], Vec::as_slice)
    }

    fn quotes(&self, id: i64) -> Vec<PackQuote> {
        let links = self.links(id);
        let own = links
            .iter()
            .filter(|l| l.quote.is_some())
            .map(|l| PackQuote {
                text: l.quote.clone().unwrap_or_default(),
                document_id: l.document_id.unwrap_or_default(),
                document_title: l.label.clone(),
                document_kind: l.document_kind.clone().unwrap_or_default(),
                via: "the item".into(),
                speaker: self.own.get(&l.id).and_then(|o| o.0.clone()),
                date: self.own.get(&l.id).and_then(|o| o.1.clone()),
                url: l.document_id.and_then(|d| self.urls.get(&d).cloned()),
            });
        let themed = links.iter().filter(|l| l.theme_id.is_some()).flat_map(|l| {
            let quotes = l.theme_id.and_then(|t| self.theme_quotes.get(&t));
            quotes.into_iter().flatten().map(move |q| PackQuote {
                text: q.text.clone(),
                document_id: q.document_id,
                document_title: q.document_title.clone(),
                document_kind: q.document_kind.clone(),
                via: format!("theme {}", l.label),
                speaker: q.speaker.clone(),
                date: q.date.clone(),
                url: self.urls.get(&q.document_id).cloned(),
            })
        });
        own.chain(themed).take(QUOTES_PER_ITEM).collect()
    }
}

fn item(src: &Sources, r: RankedItem) -> PackItem {
    PackItem {
        quotes: src.quotes(r.id),
        rank: r.rank,
        id: r.id,
        title: r.title,
        status: r.status.as_str().into(),
        owner: r.owner,
        teams: r.teams,
        effort: r.effort,
        target_metric: src.metrics.get(&r.id).cloned().unwrap_or_default(),
        score: r.score,
        missing: r.missing,
        problem: r.problem,
        breakdown: r.breakdown,
        roi: r.roi,
        evidence: r.evidence,
        exception_team: r.exception_team,
    }
}

/// Gathers the pack: the ranking under `model` (a team's view when `team` is set), compared with
/// snapshot `compare` when given. Not anonymized; see [`super::anonymize`].
pub fn gather(
    ws: &Workspace,
    model: &str,
    team: Option<&str>,
    compare: Option<&str>,
) -> Result<ReviewPack> {
    let ranking = ws.rank(&RankRequest {
        model: model.into(),
        team: team.map(Into::into),
        ..Default::default()
    })?;
    let changes = match compare {
        Some(snapshot) => Some(ws.snapshot_diff(snapshot, "now")?),
        None => None,
    };
    let src = Sources::load(ws)?;
    let items: Vec<PackItem> = ranking.items.into_iter().map(|r| item(&src, r)).collect();
    let exceptions = ranking
        .exceptions
        .into_iter()
        .map(|r| item(&src, r))
        .collect();
    let mut themes: Vec<PackTheme> = Vec::new();
    for id in items.iter().map(|i| i.id) {
        for l in src.links(id) {
            let Some(theme) = l.theme_id else { continue };
            if let Some(t) = themes.iter_mut().find(|t| t.name == l.label) {
                t.items.push(id);
                continue;
            }
            let summary = ws.theme_summary(theme, crate::search::Granularity::Month)?;
            themes.push(PackTheme {
                name: summary.theme.name,
                total: summary.stats.total,
                trend: summary
                    .stats
                    .trend
                    .into_iter()
                    .map(|b| (b.period, b.count))
                    .collect(),
                items: vec![id],
                rests_on: summary.stats.rests_on,
            });
        }
    }
    let ranked = items.iter().filter(|i| i.rank.is_some()).count() as u32;
    let sensitivity = ws
        .sensitivity(&crate::roadmap::sensitivity::SensitivityRequest {
            model: model.into(),
            team: team.map(Into::into),
            runs: SENSITIVITY_RUNS,
            // Everyone is in the top 5 of four items: ask about the top half instead.
            top: SENSITIVITY_TOP.min((ranked / 2).max(1)),
            ..Default::default()
        })
        .ok()
        .filter(|s| !s.items.is_empty());
    Ok(ReviewPack {
        schema: "groundwork.review-pack",
        version: PACK_VERSION,
        generated_at: crate::store::db::now(),
        workspace: ws
            .dir()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        anonymized: false,
        model: PackModel {
            name: ranking.model.name.clone(),
            kind: ranking.model.config.kind,
            description: ranking.model.config.description.clone(),
            explained: explain(&ranking.model),
        },
        team: ranking.team,
        items,
        exceptions,
        excluded: ranking.excluded,
        compared_model: match compare {
            Some(name) => ws
                .snapshots()?
                .into_iter()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                .map(|s| s.model),
            None => None,
        },
        changes,
        themes,
        sensitivity,
        impact: shipped_impact(ws)?,
    })
}

/// The before/after of every shipped item that has metrics to move, newest ship day first, each
/// with the ROI check the app's impact view shows (`Workspace::impact_checked`).
fn shipped_impact(ws: &Workspace) -> Result<Vec<crate::metrics::impact::Impact>> {
    use crate::metrics::impact::ImpactRequest;
    let shipped: Vec<i64> = ws
        .items()?
        .into_iter()
        .filter(|i| i.status == crate::roadmap::items::ItemStatus::Shipped)
        .map(|i| i.id)
        .collect();
    if shipped.is_empty() {
        return Ok(Vec::new());
    }
    let events = crate::metrics::dora::Events::load(ws.conn())?;
    let mut roi_ranking = None;
    let mut out = Vec::new();
    for id in shipped {
        let i = ws.impact_checked(
            &events,
            &ImpactRequest {
                item: id.to_string(),
                ..Default::default()
            },
            &mut roi_ranking,
        )?;
        if !i.metrics.is_empty() {
            out.push(i);
        }
    }
    out.sort_by(|a, b| b.shipped_on.cmp(&a.shipped_on));
    Ok(out)
}
