//! The evidence behind roadmap items, read once from SQLite (and the index, for theme links) into
//! flat arrays, then aggregated per item in one pass over the links: documents by kind, distinct
//! teams and people, recency-weighted demand and the survey sentiment of the respondents behind
//! the evidence. The base is cached by the workspace until the database changes, so re-ranking
//! while a weight slides never touches SQLite.

use super::items::{self, Item};
use crate::error::Result;
use crate::research::documents::{self, DocumentKind};
use crate::search::index::SearchIndex;
use crate::surveys;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// Demand halves for every this many days of a document's age.
pub const HALF_LIFE_DAYS: f64 = 90.0;

/// What an item's linked evidence adds up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EvidenceStats {
    /// Distinct linked documents (directly, through a quote, or matched by a linked theme).
    #[ts(type = "number")]
    pub documents: u32,
    /// Those documents with each group of near-duplicates (a ticket filed twice, an answer pasted
    /// into several surveys) counted once: what demand counts.
    #[ts(type = "number")]
    pub groups: u32,
    /// Of which interviews.
    #[ts(type = "number")]
    pub interviews: u32,
    /// Of those, interviews imported from transcripts: what counts of them is what participants
    /// said, never the interviewer's questions.
    #[ts(type = "number")]
    pub transcripts: u32,
    /// What the transcripts among them count, in words, when there are any ("2 of the 3 interviews
    /// are transcripts: what participants said counts, not the interviewer's questions").
    pub spoken: Option<String>,
    /// Of which tickets.
    #[ts(type = "number")]
    pub tickets: u32,
    /// Of which survey responses.
    #[ts(type = "number")]
    pub survey_responses: u32,
    /// Of which notes.
    #[ts(type = "number")]
    pub notes: u32,
    /// Quoted passages linked.
    #[ts(type = "number")]
    pub quotes: u32,
    /// Distinct teams among the documents.
    #[ts(type = "number")]
    pub teams: u32,
    /// Distinct people (participants, reporters, respondents).
    #[ts(type = "number")]
    pub people: u32,
    /// Documents weighted by recency, each group of near-duplicates once (at its newest
    /// document's weight): each counts 0.5^(age in days ÷ 90).
    pub demand: f64,
    /// Mean survey score (0 lowest – 1 highest on each scale) of the respondents behind the
    /// evidence; `None` when no linked document came from a survey.
    pub sentiment: Option<f64>,
    /// Respondents behind that figure.
    #[ts(type = "number")]
    pub respondents: u32,
    /// Date of the newest document.
    pub newest: Option<String>,
    /// Evidence links (themes, documents, quotes).
    #[ts(type = "number")]
    pub links: u32,
}

/// One document's part in an item's evidence.
#[derive(Debug, Clone, Copy)]
struct DocFact {
    /// Recency weight.
    weight: f64,
    /// Dense team (0: none).
    team: u32,
    /// Dense person (0: unknown).
    person: u32,
    /// Dense survey respondent (0: not from a survey).
    respondent: u32,
    /// The respondent's mean score, NaN when none.
    sentiment: f32,
    /// Days since 0001-01-01.
    day: i32,
    /// Dense near-duplicate group (every document not in a group has one of its own).
    group: u32,
    /// Kind (KIND_*).
    kind: u8,
    /// An interview imported from a transcript.
    transcript: bool,
}

const KIND_INTERVIEW: u8 = 0;
const KIND_TICKET: u8 = 1;
const KIND_SURVEY: u8 = 2;
const KIND_NOTE: u8 = 3;

/// Everything the scorer needs, in flat arrays indexed by dense document and item numbers.
#[derive(Debug)]
pub struct EvidenceBase {
    /// The data version it was read at (see [`crate::search::palette::data_version`]).
    pub version: (i64, u64),
    /// Items, by id.
    pub items: Vec<Item>,
    /// Team ids each item affects.
    pub item_teams: Vec<Vec<i64>>,
    /// Team headcounts by team id (`None`: not entered).
    pub headcount: HashMap<i64, Option<i64>>,
    /// Team names by id.
    pub team_names: HashMap<i64, String>,
    /// Track records applied to items' confidence (`learn --apply`), by item id.
    pub track: HashMap<i64, crate::metrics::learning::Applied>,
    /// What each document contributes, packed so one link reads one cache line.
    facts: Vec<DocFact>,
    /// Dense team number of each team id (0: no team).
    team_dense: HashMap<i64, u32>,
    teams_seen: u32,
    people_seen: u32,
    groups_seen: u32,
    respondents_seen: u32,
    /// Item k's documents are `docs[offsets[k]..offsets[k + 1]]`, without repeats.
    offsets: Vec<u32>,
    docs: Vec<u32>,
    quotes: Vec<u32>,
    links: Vec<u32>,
}

/// The sentence saying what `transcripts` of `interviews` count.
pub fn spoken_note(transcripts: u32, interviews: u32) -> String {
    let which = if transcripts == interviews {
        if interviews == 1 {
            "The interview is a transcript".to_string()
        } else {
            format!("All {interviews} interviews are transcripts")
        }
    } else if transcripts == 1 {
        format!("1 of the {interviews} interviews is a transcript")
    } else {
        format!("{transcripts} of the {interviews} interviews are transcripts")
    };
    format!("{which}: what participants said counts, not the interviewer's questions")
}

fn days(date: &str) -> Option<i32> {
    let d = NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    Some(d.signed_duration_since(NaiveDate::default()).num_days() as i32)
}

impl EvidenceBase {
    /// Reads the items, their links and the documents behind them. Theme links are resolved by
    /// running the theme's query on the index. `today` dates the recency weights.
    pub fn load(
        conn: &Connection,
        index: &SearchIndex,
        version: (i64, u64),
        today: NaiveDate,
    ) -> Result<Self> {
        let items = items::list(conn)?;
        let today = today.signed_duration_since(NaiveDate::default()).num_days() as i32;
        // Teams.
        let mut headcount = HashMap::new();
        let mut team_names = HashMap::new();
        for t in crate::research::teams::list(conn)? {
            headcount.insert(t.id, t.headcount);
            team_names.insert(t.id, t.name);
        }
        let mut item_teams = vec![Vec::new(); items.len()];
        let pos: HashMap<i64, usize> = items.iter().enumerate().map(|(k, i)| (i.id, k)).collect();
        let mut stmt = conn.prepare("SELECT item_id, team_id FROM roadmap_item_teams")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (item, team) = r?;
            if let Some(&k) = pos.get(&item) {
                item_teams[k].push(team);
            }
        }
        // Survey sentiment per respondent, and the respondent behind each survey document.
        let sentiment_of = surveys::sentiment_by_respondent(conn)?;
        let respondent_of = surveys::respondent_by_document(conn)?;
        // Documents.
        let mut doc_index: HashMap<i64, u32> = HashMap::new();
        let mut base = EvidenceBase {
            version,
            items,
            item_teams,
            headcount,
            team_names,
            track: crate::metrics::learning::applied(conn)?,
            facts: Vec::new(),
            team_dense: HashMap::new(),
            teams_seen: 0,
            people_seen: 0,
            groups_seen: 0,
            respondents_seen: 0,
            offsets: Vec::new(),
            docs: Vec::new(),
            quotes: Vec::new(),
            links: Vec::new(),
        };
        let mut people: HashMap<String, u32> = HashMap::new();
        let resolver = crate::research::people::Resolver::load(conn)?;
        // Answers whose respondent is named by an email count as that person.
        let emails: HashMap<i64, String> = crate::surveys::identified_respondents(conn)?
            .into_iter()
            .collect();
        let mut respondents: HashMap<i64, u32> = HashMap::new();
        // Near-duplicate groups as the index assigned them; a document in none (or not indexed
        // yet) is a group of its own, keyed by its negated id.
        let dup_groups = index.duplicate_groups()?;
        let mut groups: HashMap<i64, u32> = HashMap::new();
        documents::each_fact(conn, |d| {
            let kind = match d.kind {
                DocumentKind::Interview => KIND_INTERVIEW,
                DocumentKind::Ticket => KIND_TICKET,
                DocumentKind::SurveyResponse => KIND_SURVEY,
                DocumentKind::Note => KIND_NOTE,
            };
            let day = days(d.day).unwrap_or(today);
            let respondent = respondent_of.get(&d.id).copied();
            // One person once, whatever the spelling (`people::Resolver`).
            let named = match (d.who.is_empty(), emails.get(&d.id)) {
                (true, Some(email)) => email.as_str(),
                _ => d.who,
            };
            let who = if named.is_empty() {
                String::new()
            } else {
                resolver.identity(named)
            };
            let who = match (who.is_empty(), respondent) {
                (false, _) => who,
                (true, Some(resp)) => format!("\u{1}respondent {resp}"),
                (true, None) => String::new(),
            };
            let next = people.len() as u32 + 1;
            let person = if who.is_empty() {
                0
            } else {
                *people.entry(who).or_insert(next)
            };
            let sentiment = respondent
                .and_then(|r| sentiment_of.get(&r))
                .map_or(f32::NAN, |s| *s as f32);
            let age = (today - day).max(0) as f64;
            doc_index.insert(d.id, base.facts.len() as u32);
            let team = match d.team {
                Some(t) => {
                    let next = base.team_dense.len() as u32 + 1;
                    *base.team_dense.entry(t).or_insert(next)
                }
                None => 0,
            };
            let next = respondents.len() as u32 + 1;
            let group_key = dup_groups.get(&d.id).copied().unwrap_or(-d.id);
            let next_group = groups.len() as u32 + 1;
            let group = *groups.entry(group_key).or_insert(next_group);
            base.facts.push(DocFact {
                group,
                weight: 0.5f64.powf(age / HALF_LIFE_DAYS),
                team,
                person,
                respondent: respondent.map_or(0, |r| *respondents.entry(r).or_insert(next)),
                sentiment,
                day,
                kind,
                transcript: d.transcript,
            });
            Ok(())
        })?;
        base.teams_seen = base.team_dense.len() as u32;
        base.people_seen = people.len() as u32;
        base.groups_seen = groups.len() as u32;
        base.respondents_seen = respondents.len() as u32;
        // Links: documents and quotes directly, themes through the index.
        let mut per_item: Vec<Vec<u32>> = vec![Vec::new(); base.items.len()];
        base.quotes = vec![0; base.items.len()];
        base.links = vec![0; base.items.len()];
        let mut theme_docs: HashMap<i64, Vec<u32>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT l.item_id, l.theme_id, l.document_id, l.quote IS NOT NULL FROM roadmap_links l",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&k) = pos.get(&r.get::<_, i64>(0)?) else {
                continue;
            };
            if let Some(doc) = r.get::<_, Option<i64>>(2)? {
                // A link to a document in the trash counts again when it comes back.
                let Some(&d) = doc_index.get(&doc) else {
                    continue;
                };
                base.links[k] += 1;
                if r.get::<_, bool>(3)? {
                    base.quotes[k] += 1;
                }
                per_item[k].push(d);
            } else if let Some(theme) = r.get::<_, Option<i64>>(1)? {
                base.links[k] += 1;
                let docs = match theme_docs.entry(theme) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let ids = match crate::search::themes::scope(conn, theme) {
                            Ok(scope) => crate::search::scope_ids(index, &scope)?,
                            Err(crate::Error::NotFound(_)) => Vec::new(),
                            Err(e) => return Err(e),
                        };
                        e.insert(
                            ids.iter()
                                .filter_map(|id| doc_index.get(id).copied())
                                .collect(),
                        )
                    }
                };
                per_item[k].extend_from_slice(docs);
            }
        }
        base.offsets.reserve(per_item.len() + 1);
        base.offsets.push(0);
        for mut list in per_item {
            list.sort_unstable();
            list.dedup();
            base.docs.extend_from_slice(&list);
            base.offsets.push(base.docs.len() as u32);
        }
        Ok(base)
    }

    /// Number of (item, document) evidence pairs after resolving themes.
    pub fn pairs(&self) -> usize {
        self.docs.len()
    }

    /// Every item's evidence, in item order. One pass over the links, split across the cores;
    /// distinct teams and people are counted with a stamp per team and person, not a set per item.
    pub fn stats(&self) -> Vec<EvidenceStats> {
        use rayon::prelude::*;
        let n = self.items.len();
        let parts = rayon::current_num_threads().clamp(1, 16);
        let size = n.div_ceil(parts).max(1);
        let chunks: Vec<Vec<EvidenceStats>> = (0..parts)
            .into_par_iter()
            .map(|c| self.stats_of(c * size..((c + 1) * size).min(n)))
            .collect();
        chunks.into_iter().flatten().collect()
    }

    /// The evidence of the items numbered `items` (dense item order), in one thread.
    pub fn stats_of(&self, items: std::ops::Range<usize>) -> Vec<EvidenceStats> {
        let stamps = |n: u32| vec![u32::MAX; n as usize + 1];
        let mut team_stamp = stamps(self.teams_seen);
        let mut person_stamp = stamps(self.people_seen);
        let mut resp_stamp = stamps(self.respondents_seen);
        let mut group_stamp = stamps(self.groups_seen);
        // The heaviest (newest) weight of each group among the item's documents so far.
        let mut group_best = vec![0.0f64; self.groups_seen as usize + 1];
        let mut out = Vec::with_capacity(items.len());
        for k in items {
            let stamp = k as u32;
            let mut s = EvidenceStats {
                quotes: self.quotes[k],
                links: self.links[k],
                ..Default::default()
            };
            let (mut sent, mut sent_n, mut newest) = (0.0f64, 0u32, i32::MIN);
            for &d in &self.docs[self.offsets[k] as usize..self.offsets[k + 1] as usize] {
                let f = self.facts[d as usize];
                s.documents += 1;
                match f.kind {
                    KIND_INTERVIEW => {
                        s.interviews += 1;
                        s.transcripts += u32::from(f.transcript);
                    }
                    KIND_TICKET => s.tickets += 1,
                    KIND_SURVEY => s.survey_responses += 1,
                    _ => s.notes += 1,
                }
                let t = f.team as usize;
                if t != 0 && team_stamp[t] != stamp {
                    team_stamp[t] = stamp;
                    s.teams += 1;
                }
                let p = f.person as usize;
                if p != 0 && person_stamp[p] != stamp {
                    person_stamp[p] = stamp;
                    s.people += 1;
                }
                let g = f.group as usize;
                if group_stamp[g] != stamp {
                    group_stamp[g] = stamp;
                    group_best[g] = f.weight;
                    s.groups += 1;
                    s.demand += f.weight;
                } else if f.weight > group_best[g] {
                    s.demand += f.weight - group_best[g];
                    group_best[g] = f.weight;
                }
                let r = f.respondent as usize;
                if !f.sentiment.is_nan() && resp_stamp[r] != stamp {
                    resp_stamp[r] = stamp;
                    sent += f.sentiment as f64;
                    sent_n += 1;
                }
                newest = newest.max(f.day);
            }
            if sent_n > 0 {
                s.sentiment = Some(sent / sent_n as f64);
                s.respondents = sent_n;
            }
            if newest != i32::MIN {
                s.newest = NaiveDate::default()
                    .checked_add_signed(chrono::Duration::days(newest as i64))
                    .map(|d| d.format("%Y-%m-%d").to_string());
            }
            if s.transcripts > 0 {
                s.spoken = Some(spoken_note(s.transcripts, s.interviews));
            }
            out.push(s);
        }
        out
    }

    /// Item k's recency-weighted demand from `team`, and from everyone (each group of
    /// near-duplicates once, at its heaviest weight, as in [`EvidenceStats::demand`]).
    pub fn team_demand(&self, k: usize, team: i64) -> (f64, f64) {
        let team = self.team_dense.get(&team).copied().unwrap_or(u32::MAX);
        let mut best: HashMap<u32, (f64, bool)> = HashMap::new();
        for &d in &self.docs[self.offsets[k] as usize..self.offsets[k + 1] as usize] {
            let f = &self.facts[d as usize];
            let e = best.entry(f.group).or_insert((0.0, false));
            if f.weight > e.0 {
                *e = (f.weight, f.team == team);
            }
        }
        best.values().fold((0.0, 0.0), |(mine, all), &(w, ours)| {
            (if ours { mine + w } else { mine }, all + w)
        })
    }
}
